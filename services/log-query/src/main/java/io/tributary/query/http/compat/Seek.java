package io.tributary.query.http.compat;

import io.tributary.query.cursor.CursorState;
import io.tributary.query.merge.NodeFailure;
import io.tributary.query.merge.Output;
import io.tributary.query.merge.QueryEngine;
import io.tributary.query.node.RawEntry;
import io.tributary.query.query.Query;
import io.vertx.core.Context;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Moves a position by N entries the way sd_journal_next_skip/previous_skip do — as a small query through the one
 * engine (same matches, same nodes, the given direction, limit N) whose entries are counted, not sent. The compat
 * front doors build dcos-log's and gatewayd's exact seek semantics (clamping, "how many were actually skipped") from
 * it, instead of a second query engine.
 */
public final class Seek {

    /**
     * What a seek found.
     *
     * @param count         entries passed (≤ the limit; fewer = the journal's end or top was reached)
     * @param last          a cursor naming exactly the last entry passed (use with cursor= to start at it), null if none
     * @param cursorMissing the start cursor named no entry: the reader used the nearest one
     */
    public record Result(long count, String last, boolean cursorMissing, Map<String, String> fields) {
    }

    /** Task identity fields kept from the last entry by {@link #last}. */
    static final List<String> TASK_FIELDS = List.of("FRAMEWORK_ID", "EXECUTOR_ID", "CONTAINER_ID", "AGENT_ID", "TASK_ID");

    private Seek() {
    }

    /** Runs q (a range query with a limit) on ctx and counts its entries. */
    public static CompletableFuture<Result> run(QueryEngine engine, Context ctx, Query q, String authorization) {
        return run(engine, ctx, q, authorization, false);
    }

    /** Like {@link #run}, also keeping the last entry's task identity fields (as UTF-8 text) in the result. */
    public static CompletableFuture<Result> last(QueryEngine engine, Context ctx, Query q, String authorization) {
        return run(engine, ctx, q, authorization, true);
    }

    private static CompletableFuture<Result> run(QueryEngine engine, Context ctx, Query q, String authorization,
                                                 boolean keepFields) {
        CompletableFuture<Result> result = new CompletableFuture<>();
        engine.prepare(q, authorization).whenComplete((p, err) -> ctx.runOnContext(v -> {
            if (err != null) {
                result.completeExceptionally(err);
                return;
            }
            try {
                engine.start(p, ctx, new Counter(result, keepFields));
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        }));
        return result;
    }

    /** Counts entries; remembers the last one as a composite cursor holding only that entry's node and key. */
    private static final class Counter implements Output {
        private final CompletableFuture<Result> result;
        private long count;
        private String node;
        private String cursor;
        private long realtime;
        private long seqnum;
        private boolean missing;
        private final boolean keepFields;
        private final Map<String, String> fields = new LinkedHashMap<>();

        Counter(CompletableFuture<Result> result, boolean keepFields) {
            this.result = result;
            this.keepFields = keepFields;
        }

        @Override
        public void entry(RawEntry e, CursorState state) {
            count++;
            node = e.node;
            cursor = e.cursorString();
            realtime = e.realtime;
            seqnum = e.seqnum;
            if (keepFields) {
                fields.clear();
                for (String name : TASK_FIELDS) {
                    byte[] v = e.value(name.getBytes(StandardCharsets.US_ASCII));
                    if (v != null) {
                        fields.put(name, new String(v, StandardCharsets.UTF_8));
                    }
                }
            }
        }

        @Override
        public void failure(NodeFailure f) {
        }

        @Override
        public void gap(String n, String reason) {
            if (count == 0) {
                missing = true;
            }
        }

        @Override
        public void idle(long watermarkUsec, CursorState state) {
        }

        @Override
        public void flush() {
        }

        @Override
        public boolean writable() {
            return true;
        }

        @Override
        public void onWritable(Runnable r) {
            r.run();
        }

        @Override
        public void onClosed(Runnable r) {
        }

        @Override
        public void finish(List<NodeFailure> failures, CursorState state, String closeReason) {
            String last = null;
            if (count > 0) {
                // Only the last entry's node: read from it, the other nodes start at its time past it, in either
                // direction (a backward seek's other node cursors would point past the window).
                CursorState one = new CursorState();
                one.advance(node, cursor, realtime, seqnum);
                last = one.encode();
            }
            result.complete(new Result(count, last, missing, Map.copyOf(fields)));
        }

        @Override
        public void fail(Throwable error) {
            result.completeExceptionally(error);
        }
    }
}
