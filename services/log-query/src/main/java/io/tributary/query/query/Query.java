package io.tributary.query.query;

import io.tributary.proto.common.v1.MatchGroup;
import io.tributary.proto.topology.v1.Selector;
import io.tributary.query.cursor.CompositeCursor;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The one query model, shared by every front door (native HTTP, gRPC, and later the DC/OS and gatewayd routes by
 * translation). Built and validated by {@link QueryBuilder}; immutable.
 *
 * @param matches     OR of groups (same field OR-ed, different fields AND-ed within a group); empty = everything
 * @param nodeIds     explicit nodes; empty = what the selector names, else all nodes
 * @param selector    an agent/framework/executor/container/task resolved through topology; null = none
 * @param units       systemd units: UNIT=u OR _SYSTEMD_UNIT=u, AND-ed with the matches
 * @param position    where to start
 * @param skip        moves the start by N entries of the merged stream (negative = earlier)
 * @param limit       at most this many entries; 0 = no limit
 * @param since       µs since the epoch, inclusive; null = unbounded
 * @param until       µs since the epoch, inclusive; null = unbounded
 * @param priorityMin PRIORITY range, inclusive; null = no priority filter
 * @param grep        searched in MESSAGE; null = none
 */
public record Query(List<MatchGroup> matches, List<String> nodeIds, Selector selector, List<String> units,
                    Position position, long skip, long limit, boolean backward, boolean follow, Long since, Long until,
                    Integer priorityMin, Integer priorityMax, Pattern grep) {

    public enum Start { DEFAULT, HEAD, TAIL, CURSOR, AFTER_CURSOR }

    /**
     * Where a query starts. For CURSOR/AFTER_CURSOR exactly one of composite (a Tributary cursor) or journald (a
     * node's own cursor, single-node queries only) is set.
     */
    public record Position(Start start, CompositeCursor composite, String journald) {
        public static final Position DEFAULT = new Position(Start.DEFAULT, null, null);

        public boolean isCursor() {
            return start == Start.CURSOR || start == Start.AFTER_CURSOR;
        }
    }

    public Query {
        matches = List.copyOf(matches);
        nodeIds = List.copyOf(nodeIds);
        units = List.copyOf(units);
    }

    /** The same query from another position (resume, or the start a negative skip resolved to). */
    public Query withPosition(Position p, long newSkip) {
        return new Query(matches, nodeIds, selector, units, p, newSkip, limit, backward, follow, since, until,
                priorityMin, priorityMax, grep);
    }
}
