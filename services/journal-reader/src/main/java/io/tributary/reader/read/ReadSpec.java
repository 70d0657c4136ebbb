package io.tributary.reader.read;

import io.tributary.proto.common.v1.Direction;
import io.tributary.proto.common.v1.Match;
import io.tributary.proto.common.v1.MatchGroup;
import io.tributary.proto.common.v1.Position;
import io.tributary.proto.journal.v1.ReadRequest;
import io.tributary.reader.sdjournal.FieldNames;
import io.tributary.reader.sdjournal.JournalWriter;
import io.tributary.reader.sdjournal.Location;
import java.util.ArrayList;
import java.util.List;

/** A validated Read request. */
public record ReadSpec(
        EntryFilter filter,
        Start start,
        long skip,
        long sinceUsec,
        long untilUsec,
        long limit,
        boolean backward,
        boolean follow,
        int batchEntries,
        long heartbeatIntervalMillis) {

    /** The largest heartbeat interval a request may ask for. */
    public static final long MAX_HEARTBEAT_MILLIS = 60_000;

    public enum StartKind { HEAD, TAIL, CURSOR, AFTER_CURSOR, REALTIME }

    public record Start(StartKind kind, String cursor, long realtimeUsec) {
    }

    /** Validates a request; throws InvalidRequestException naming the first problem. */
    public static ReadSpec from(ReadRequest r, int defaultBatch, int maxBatch) {
        if (r.getLimit() < 0) {
            throw new InvalidRequestException("limit must not be negative (got " + r.getLimit() + ")");
        }
        boolean backward = switch (r.getDirection()) {
            case DIRECTION_FORWARD -> false;
            case DIRECTION_BACKWARD -> true;
            default -> throw new InvalidRequestException("unknown direction " + r.getDirectionValue());
        };
        if (backward && r.getFollow()) {
            throw new InvalidRequestException("follow reads forward; it cannot be combined with direction=backward");
        }
        long since = r.hasSinceRealtimeUsec() ? r.getSinceRealtimeUsec() : 0;
        long until = r.hasUntilRealtimeUsec() ? r.getUntilRealtimeUsec() : -1; // -1 = unsigned max
        if (Long.compareUnsigned(since, until) > 0) {
            throw new InvalidRequestException("since (" + since + ") is after until (" + until + ")");
        }
        int batch = r.getMaxBatchEntries() == 0 ? defaultBatch : r.getMaxBatchEntries();
        if (batch > maxBatch) {
            throw new InvalidRequestException("max_batch_entries must be at most " + maxBatch);
        }
        if (Integer.toUnsignedLong(r.getHeartbeatIntervalMs()) > MAX_HEARTBEAT_MILLIS) {
            throw new InvalidRequestException("heartbeat_interval_ms must be at most " + MAX_HEARTBEAT_MILLIS);
        }
        return new ReadSpec(filter(r.getMatchesList()), start(r, backward), r.getSkip(), since, until,
                r.getLimit(), backward, r.getFollow(), batch, r.getHeartbeatIntervalMs());
    }

    private static Start start(ReadRequest r, boolean backward) {
        if (!r.hasStart() || r.getStart().getKindCase() == Position.KindCase.KIND_NOT_SET) {
            if (!backward && r.hasSinceRealtimeUsec()) {
                return new Start(StartKind.REALTIME, null, r.getSinceRealtimeUsec());
            }
            if (backward && r.hasUntilRealtimeUsec()) {
                // Backward from the gap after the last entry <= until: that entry comes first.
                long after = r.getUntilRealtimeUsec() == -1 ? -1 : r.getUntilRealtimeUsec() + 1;
                return after == -1 ? new Start(StartKind.TAIL, null, 0) : new Start(StartKind.REALTIME, null, after);
            }
            return new Start(backward ? StartKind.TAIL : StartKind.HEAD, null, 0);
        }
        Position p = r.getStart();
        return switch (p.getKindCase()) {
            case HEAD -> new Start(StartKind.HEAD, null, 0);
            case TAIL -> new Start(StartKind.TAIL, null, 0);
            case CURSOR -> new Start(StartKind.CURSOR, cursor(p.getCursor()), 0);
            case AFTER_CURSOR -> new Start(StartKind.AFTER_CURSOR, cursor(p.getAfterCursor()), 0);
            case REALTIME_USEC -> new Start(StartKind.REALTIME, null, p.getRealtimeUsec());
            default -> throw new InvalidRequestException("unknown start position");
        };
    }

    private static String cursor(String cursor) {
        try {
            Location.parse(cursor);
            return cursor;
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("malformed cursor '" + cursor + "': " + e.getMessage());
        }
    }

    private static EntryFilter filter(List<MatchGroup> groups) {
        List<List<byte[]>> out = new ArrayList<>();
        for (MatchGroup g : groups) {
            List<byte[]> items = new ArrayList<>();
            for (Match m : g.getMatchesList()) {
                if (!FieldNames.isValid(m.getField())) {
                    throw new InvalidRequestException("invalid field name '" + m.getField()
                            + "' in match (A-Z, 0-9, _; not starting with a digit; at most 64)");
                }
                items.add(JournalWriter.field(m.getField(), m.getValue().toByteArray()));
            }
            out.add(items);
        }
        return EntryFilter.of(out);
    }

    public ReadSpec withLimit(long newLimit) {
        return new ReadSpec(filter, start, skip, sinceUsec, untilUsec, newLimit, backward, follow, batchEntries,
                heartbeatIntervalMillis);
    }

    /** The heartbeat interval of this stream: the request's (at least minNanos), else defaultNanos. */
    public long heartbeatNanos(long defaultNanos, long minNanos) {
        return heartbeatIntervalMillis == 0 ? defaultNanos : Math.max(minNanos, heartbeatIntervalMillis * 1_000_000L);
    }

    public boolean hasWindow() {
        return sinceUsec != 0 || untilUsec != -1;
    }

    /** Whether realtime t lies in [since, until]. */
    public boolean inWindow(long t) {
        return Long.compareUnsigned(t, sinceUsec) >= 0 && Long.compareUnsigned(t, untilUsec) <= 0;
    }
}
