package io.tributary.query.merge;

import io.grpc.Status;
import io.tributary.proto.common.v1.Direction;
import io.tributary.proto.common.v1.MatchGroup;
import io.tributary.proto.common.v1.Position;
import io.tributary.proto.journal.v1.ReadRequest;
import io.tributary.proto.topology.v1.Node;
import io.tributary.proto.topology.v1.NodeEvent;
import io.tributary.query.auth.ScopeFilter;
import io.tributary.query.cursor.CursorState;
import io.tributary.query.node.NodeMessage;
import io.tributary.query.node.NodeStream;
import io.tributary.query.node.RawEntry;
import io.tributary.query.node.ReaderChannels;
import io.tributary.query.ops.OpenStreams;
import io.tributary.query.ops.QueryMetrics;
import io.tributary.query.plan.Plan;
import io.tributary.query.plan.TopologyClient;
import io.tributary.query.query.Query;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * One running query: a Read stream per node, the {@link Merger}, the composite cursor, skip and limit over the merged
 * stream, and the {@link Output}. Everything runs on one Vert.x context (the request's event loop): reader
 * callbacks hand over to it, so no state is shared between threads.
 *
 * <p>Flow control end to end: a node's next batch is requested only while its queue is short; entries are pulled
 * from the merge only while the output is writable, so a slow client stops the merge, which stops requesting, which
 * stops the readers. A client that stays unwritable past {@code clientStall} is cut off with a resumable cursor.
 *
 * <p>A skip against the reading direction (the last N entries) runs a pre-pass first: the same query read the
 * other way with limit N, whose per-node last positions become the main pass's starts.
 */
public final class QueryRun {

    private static final Logger LOG = Logger.getLogger(QueryRun.class);
    private static final int ENTRIES_PER_TURN = 2048;
    /** Connection losses a range stream survives (each resumes after its last entry) before the node is reported. */
    private static final int MAX_RECONNECTS = 3;
    /**
     * A client taking nothing this long has its reader streams cancelled (reopened from their last entries when it
     * takes again): data a stream received but log-query did not ask for holds the HTTP/2 connection's flow-control
     * window, which every query reading that reader shares — left open, one stalled client stalls them all.
     */
    private static final long PARK_AFTER_NANOS = 500_000_000L;
    private static final byte[] MESSAGE = "MESSAGE".getBytes(StandardCharsets.US_ASCII);

    /** Timing and size settings (from QueryConfig). */
    public record Settings(int batchEntries, Duration rangeDeadline, Duration nodeSilence, Duration clientStall,
                           Duration keepAlive, Duration retry, Duration followHeartbeat, OpenStreams streams,
                           QueryMetrics metrics) {
    }

    /** One node taking part. */
    private final class Live {
        final Node node;
        final Merger.Source source;
        final Starts.NodeStart start;
        final LongConsumer readerLatency;
        NodeStream stream;
        boolean limited;
        boolean inFlight;
        boolean failed;
        /** Its stream was cancelled because the client stopped taking entries; reopened when it takes again. */
        boolean parked;
        /** Its stream asked the reader for the merge's frequent heartbeats. */
        boolean fastHeartbeats;
        String lastReceived;
        int reconnects;
        long lastHeard;
        long retryAt;
        long requestedAt;

        Live(Node node, Merger.Source source, Starts.NodeStart start) {
            this.node = node;
            this.source = source;
            this.start = start;
            this.readerLatency = settings.metrics().readerLatency(node.getNodeId());
        }
    }

    private final Vertx vertx;
    private final Context ctx;
    private final Settings settings;
    private final ReaderChannels channels;
    private final TopologyClient topology;
    private final Query q;
    private final Plan plan;
    private final List<MatchGroup> matches;
    private final ScopeFilter scope;
    private final Output out;
    private final boolean backward;
    private final boolean follow;
    private final boolean prePass;
    private final Map<String, String> startAt;
    private final Merger merger;
    private final CursorState cursor;
    private final Map<String, Live> live = new LinkedHashMap<>();
    private final List<NodeFailure> failures = new ArrayList<>();
    private final boolean pushDown;
    private long skipRemaining;
    private final long limit;
    private long emitted;
    private boolean finished;
    private boolean pumping;
    private long timer = -1;
    private long deadline;
    private long stalledSince = -1;
    private boolean anyParked;
    private long lastOutput = System.nanoTime();
    private long followStartUsec;
    private Runnable stopWatch;
    /** Nodes that left the follow → the cursor of the last entry they delivered, for when they come back. */
    private final Map<String, String> leftAt = new HashMap<>();
    private Runnable unregister;
    private Consumer<CursorState> prePassDone;

    private QueryRun(Vertx vertx, Context ctx, Settings settings, ReaderChannels channels, TopologyClient topology, Query q,
                     Plan plan, List<MatchGroup> matches, ScopeFilter scope, Output out, boolean prePass,
                     Map<String, String> startAt, List<NodeFailure> earlier) {
        this.vertx = vertx;
        this.ctx = ctx;
        this.settings = settings;
        this.channels = channels;
        this.topology = topology;
        this.q = q;
        this.plan = plan;
        this.matches = matches;
        this.scope = scope;
        this.out = out;
        this.prePass = prePass;
        this.startAt = startAt;
        this.backward = prePass != q.backward();
        this.follow = q.follow() && !prePass;
        this.failures.addAll(earlier);
        boolean filtering = q.grep() != null || scope.checksEntries();
        long absSkip = Math.abs(q.skip());
        if (prePass) {
            this.pushDown = false;
            this.skipRemaining = 0;
            this.limit = absSkip;
        } else {
            // One node, nothing filtered here, no pre-pass needed: the reader applies skip and limit itself.
            this.pushDown = plan.nodes().size() == 1 && !filtering && startAt.isEmpty()
                    && !(q.skip() < 0 && q.position().start() == Query.Start.DEFAULT && q.until() != null);
            this.skipRemaining = pushDown || startAt.size() > 0 || againstDirection(q) ? 0 : absSkip;
            this.limit = q.limit();
        }
        // Entries carry the position of the whole merged stream: resuming from a composite cursor starts from it.
        // Nodes a pre-pass moved earlier resume from the key's time instead of their (later) cursor there.
        this.cursor = q.position().composite() == null ? new CursorState() : CursorState.of(q.position().composite());
        startAt.keySet().forEach(cursor::forget);
        Predicate<RawEntry> keep = keeper(q.grep(), scope);
        this.merger = new Merger(backward, follow, keep);
    }

    /** Whether q's skip moves against its reading direction (needs a pre-pass unless pushed down). */
    static boolean againstDirection(Query q) {
        return q.backward() ? q.skip() > 0 : q.skip() < 0;
    }

    /** Starts q; the output receives everything. Call on ctx. */
    public static void start(Vertx vertx, Context ctx, Settings settings, ReaderChannels channels, TopologyClient topology,
                             Query q, Plan plan, List<MatchGroup> matches, ScopeFilter scope, Output out) {
        QueryRun main = new QueryRun(vertx, ctx, settings, channels, topology, q, plan, matches, scope, out, false,
                Map.of(), List.of());
        if (main.pushDown || !againstDirection(q) || matches == null) {
            main.begin();
            return;
        }
        QueryRun pre = new QueryRun(vertx, ctx, settings, channels, topology, q, plan, matches, scope, new Discard(out),
                true, Map.of(), List.of());
        pre.prePassDone = state -> {
            Map<String, String> starts = new LinkedHashMap<>(state.snapshot().nodeCursors());
            if (starts.isEmpty()) {
                starts.put("", ""); // nothing before the position: every node starts as the query says
            }
            new QueryRun(vertx, ctx, settings, channels, topology, q, plan, matches, scope, out, false, starts,
                    pre.failures).begin();
        };
        pre.begin();
    }

    private static Predicate<RawEntry> keeper(Pattern grep, ScopeFilter scope) {
        Predicate<RawEntry> p = scope.checksEntries() ? scope::allows : e -> true;
        if (grep != null) {
            p = p.and(e -> {
                byte[] m = e.value(MESSAGE);
                return m != null && grep.matcher(new String(m, StandardCharsets.UTF_8)).find();
            });
        }
        return p;
    }

    private void begin() {
        out.onClosed(() -> ctx.runOnContext(v -> stop()));
        if (!prePass) { // a shutdown ends the query like a stalled client: with the cursor resuming after the last entry
            unregister = settings.streams().opened(reason -> ctx.runOnContext(v -> finish(reason)), follow);
        }
        followStartUsec = System.currentTimeMillis() * 1000;
        deadline = System.nanoTime() + settings.rangeDeadline().toNanos();
        if (matches == null) { // nothing in the query (and the scope) can match
            if (!follow) {
                finish(null);
                return;
            }
        } else {
            for (Node n : plan.nodes()) {
                join(n);
            }
        }
        if (follow && plan.allNodes() && topology != null && matches != null) {
            watchTopology();
        }
        long tick = Math.max(50, Math.min(250, settings.keepAlive().toMillis()));
        timer = vertx.setPeriodic(tick, id -> ctx.runOnContext(v -> tick()));
        pump();
    }

    /**
     * Follows topology's node changes for as long as the query runs: a watch that ends (topology restarted, the
     * connection lost) is opened again after the retry interval; its snapshot brings the nodes added in between. A
     * node removed in between stays in the follow: its stream ends it if its reader is gone.
     */
    private void watchTopology() {
        stopWatch = topology.watch(e -> ctx.runOnContext(v -> nodeEvent(e)), s -> ctx.runOnContext(v -> {
            if (finished || s.getCode() == Status.Code.CANCELLED) {
                return;
            }
            LOG.infof("topology watch ended (%s), watching again in %s", s, settings.retry());
            vertx.setTimer(Math.max(1, settings.retry().toMillis()), id -> ctx.runOnContext(w -> {
                if (!finished) {
                    watchTopology();
                }
            }));
        }));
    }

    private void join(Node n) {
        if (live.containsKey(n.getNodeId())) {
            return;
        }
        Starts.NodeStart start;
        String override = startAt.get(n.getNodeId());
        if (override != null) {
            start = new Starts.NodeStart(Position.newBuilder().setCursor(override).build(), null);
        } else {
            start = Starts.of(q, n.getNodeId(), backward, prePass);
        }
        Merger.Source source = merger.add(n.getNodeId(), start.dropThrough());
        Live l = new Live(n, source, start);
        live.put(n.getNodeId(), l);
        open(l, start.position(), true);
    }

    private void open(Live l, Position position, boolean first) {
        ReadRequest.Builder r = ReadRequest.newBuilder()
                .setDirection(backward ? Direction.DIRECTION_BACKWARD : Direction.DIRECTION_FORWARD)
                .setFollow(follow)
                .setMaxBatchEntries(settings.batchEntries());
        if (matches != null) {
            r.addAllMatches(matches);
        }
        if (position != null) {
            r.setStart(position);
        }
        // Merging: an idle node's watermark holds back every other node's entries until its next heartbeat. A lone
        // node needs none (and 500 lone follows asking for them took half of log-query's and the reader's CPU); when
        // a second node joins, joinLate reopens it with them.
        l.fastHeartbeats = follow && !settings.followHeartbeat().isZero() && (plan.nodes().size() > 1 || live.size() > 1);
        if (l.fastHeartbeats) {
            r.setHeartbeatIntervalMs((int) Math.min(60_000, Math.max(1, settings.followHeartbeat().toMillis())));
        }
        if (q.since() != null) {
            r.setSinceRealtimeUsec(q.since());
        }
        if (q.until() != null) {
            r.setUntilRealtimeUsec(q.until());
        }
        boolean filtering = q.grep() != null || scope.checksEntries();
        if (first && pushDown) {
            r.setSkip(q.skip());
            r.setLimit(q.limit());
        } else if (!filtering && limit > 0 && !follow) {
            // each node contributes at most skip + limit entries to the merged stream
            r.setLimit(Math.max(1, limit - emitted) + skipRemaining);
        }
        l.limited = r.getLimit() > 0;
        l.failed = false;
        l.inFlight = false;
        l.lastHeard = System.nanoTime();
        merger.reopen(l.source);
        NodeStream s;
        try {
            s = new NodeStream(channels.channel(l.node.getEndpoint()), l.node.getNodeId(), l.node.getEndpoint());
        } catch (RuntimeException e) {
            nodeFailed(l, Status.UNAVAILABLE.withDescription("cannot reach " + l.node.getEndpoint() + ": " + e.getMessage()));
            return;
        }
        l.stream = s;
        s.start(r.build(), new NodeStream.Listener() {
            @Override
            public void onMessage(NodeStream stream, NodeMessage message) {
                ctx.runOnContext(v -> message(l, stream, message));
            }

            @Override
            public void onClose(NodeStream stream, Status status) {
                ctx.runOnContext(v -> closed(l, stream, status));
            }
        });
        request(l);
    }

    private void request(Live l) {
        if (!l.inFlight && !l.failed && !l.source.ended() && l.stream != null
                && l.source.queued() < settings.batchEntries()) {
            l.inFlight = true;
            l.requestedAt = System.nanoTime();
            l.stream.request();
        }
    }

    private void message(Live l, NodeStream stream, NodeMessage m) {
        if (finished || l.stream != stream) {
            return;
        }
        l.inFlight = false;
        l.lastHeard = System.nanoTime();
        if (m instanceof NodeMessage.Batch b) {
            if (!follow) { // following, a batch waits for new entries: its latency says nothing about the reader
                l.readerLatency.accept(l.lastHeard - l.requestedAt);
            }
            if (!b.entries().isEmpty()) {
                l.lastReceived = b.entries().get(b.entries().size() - 1).cursorString();
                merger.offer(l.source, b.entries());
            }
        } else if (m instanceof NodeMessage.Watermark w) {
            merger.watermark(l.source, w.realtimeUsec());
        } else if (m instanceof NodeMessage.Hole h) {
            out.gap(l.node.getNodeId(), h.reason());
        }
        pump();
    }

    private void closed(Live l, NodeStream stream, Status status) {
        if (finished || l.stream != stream) {
            return;
        }
        l.stream = null;
        l.inFlight = false;
        if (status.isOk() && (!follow || l.limited)) {
            merger.end(l.source);
        } else if (!follow && connectionLost(status) && l.reconnects < MAX_RECONNECTS && System.nanoTime() - deadline < 0) {
            // The HTTP/2 connection to the reader went away under this stream (e.g. a GOAWAY caused by another
            // stream): read on from just past the last entry received; nothing is lost or repeated.
            l.reconnects++;
            LOG.infof("node %s (%s): connection lost (%s), reading on from its last entry", l.node.getNodeId(),
                    l.node.getEndpoint(), status);
            retry(l);
        } else if (status.isOk()) {
            nodeFailed(l, Status.UNAVAILABLE.withDescription("the reader ended the follow stream"));
        } else {
            nodeFailed(l, status);
        }
        pump();
    }

    private void nodeFailed(Live l, Status status) {
        if (l.stream != null) {
            NodeStream s = l.stream;
            l.stream = null;
            s.cancel("node given up");
        }
        l.failed = true;
        merger.end(l.source);
        NodeFailure f = new NodeFailure(l.node.getNodeId(), l.node.getEndpoint(), status.getCode().name(),
                status.getDescription() == null ? status.getCode().name() : status.getDescription());
        LOG.infof("node %s (%s) failed: %s %s", f.nodeId(), f.endpoint(), f.code(), f.message());
        failures.add(f);
        if (!prePass) {
            out.failure(f);
        }
        l.retryAt = System.nanoTime() + settings.retry().toNanos();
    }

    /** The client is stalled: cancel every open reader stream (the journal is the buffer, not the connection). */
    private void park() {
        for (Live l : live.values()) {
            if (l.stream != null && !l.parked) {
                NodeStream s = l.stream;
                l.stream = null;
                l.inFlight = false;
                l.parked = true;
                anyParked = true;
                s.cancel("client stalled");
            }
        }
    }

    /** The client takes entries again: parked nodes read on from just past their last entry. */
    private void unpark() {
        anyParked = false;
        for (Live l : live.values()) {
            if (l.parked) {
                l.parked = false;
                if (!l.failed && !l.source.ended()) {
                    retry(l);
                }
            }
        }
    }

    /** A failed node reads again from just past the last entry it delivered (nothing lost, nothing repeated). */
    private void retry(Live l) {
        Position p = l.lastReceived != null ? Position.newBuilder().setAfterCursor(l.lastReceived).build()
                : l.start.position();
        // nothing received yet: the first request again (with the skip and limit pushed down to the reader, if any)
        open(l, p, l.lastReceived == null);
    }

    /** The stream failed because its connection did, not because of anything the reader said about the request. */
    static boolean connectionLost(Status s) {
        String d = s.getDescription() == null ? "" : s.getDescription();
        return s.getCode() == Status.Code.INTERNAL && d.startsWith("Connection closed after GOAWAY")
                || s.getCode() == Status.Code.UNAVAILABLE && (d.startsWith("Connection closed after GOAWAY")
                        || d.startsWith("Network closed") || d.startsWith("io exception"));
    }

    private void nodeEvent(NodeEvent e) {
        if (finished) {
            return;
        }
        switch (e.getKind()) {
            case ADDED, UPDATED -> {
                Live l = live.get(e.getNode().getNodeId());
                if (l == null && e.getNode().getHealthy()) {
                    LOG.debugf("node %s joins the follow", e.getNode().getNodeId());
                    joinLate(e.getNode());
                } else if (l != null && l.failed && e.getNode().getHealthy()) {
                    retry(l);
                }
            }
            case REMOVED -> leave(e.getNode().getNodeId());
            default -> {
            }
        }
        pump();
    }

    private void leave(String nodeId) {
        Live l = live.remove(nodeId);
        if (l == null) {
            return;
        }
        if (l.stream != null) {
            l.stream.cancel("node removed");
            l.stream = null;
        }
        merger.end(l.source);
        if (l.lastReceived != null) {
            leftAt.put(nodeId, l.lastReceived);
        }
        // its entries stop here: say so, like any other node whose entries go missing
        NodeFailure f = new NodeFailure(l.node.getNodeId(), l.node.getEndpoint(), Status.Code.NOT_FOUND.name(),
                "removed from topology: left the follow");
        LOG.infof("node %s (%s) left the follow: removed from topology", f.nodeId(), f.endpoint());
        failures.add(f);
        out.failure(f);
    }

    /**
     * A node that appeared while following: from just past its last entry if it was followed before (it left, or
     * the query's composite cursor names it), else everything it has from the follow's start.
     */
    private void joinLate(Node n) {
        Merger.Source source = merger.add(n.getNodeId(), null);
        String last = leftAt.remove(n.getNodeId());
        if (last == null) {
            last = cursor.nodeCursor(n.getNodeId());
        }
        Position p = last != null ? Position.newBuilder().setAfterCursor(last).build()
                : Position.newBuilder().setRealtimeUsec(followStartUsec).build();
        Live l = new Live(n, source, new Starts.NodeStart(p, null));
        live.put(n.getNodeId(), l);
        open(l, p, false);
        for (Live o : live.values()) {
            if (o != l && o.stream != null && !o.fastHeartbeats) { // was alone: read on with heartbeats from here
                NodeStream old = o.stream;
                o.stream = null; // what the old stream still delivers is ignored, and read again after lastReceived
                o.inFlight = false;
                old.cancel("merging with another node now");
                retry(o);
            }
        }
    }

    private void tick() {
        if (finished) {
            return;
        }
        long now = System.nanoTime();
        for (Live l : new ArrayList<>(live.values())) {
            if (l.failed || l.source.ended()) {
                if (follow && l.failed && now - l.retryAt >= 0) {
                    retry(l);
                }
                continue;
            }
            if (!follow && now - deadline >= 0) {
                nodeFailed(l, Status.DEADLINE_EXCEEDED.withDescription("the range was not read within "
                        + settings.rangeDeadline()));
            } else if (follow && l.inFlight && now - l.lastHeard > settings.nodeSilence().toNanos()) {
                nodeFailed(l, Status.DEADLINE_EXCEEDED.withDescription("no entries or heartbeats for "
                        + settings.nodeSilence()));
            }
        }
        if (!out.writable()) {
            if (stalledSince < 0) {
                stalledSince = now;
            } else if (now - stalledSince > PARK_AFTER_NANOS) {
                park();
            }
            if (now - stalledSince > settings.clientStall().toNanos()) {
                LOG.infof("closing a client that took nothing for %s", settings.clientStall());
                finish("client too slow: nothing taken for " + settings.clientStall());
                return;
            }
        } else {
            stalledSince = -1;
            if (now - lastOutput > settings.keepAlive().toNanos()) {
                long wm = merger.watermark();
                if (follow && wm > 0) {
                    cursor.advanceTime(wm);
                }
                out.idle(wm, cursor);
                out.flush();
                lastOutput = now;
            }
        }
        pump();
    }

    private void pump() {
        if (finished || pumping) {
            return;
        }
        pumping = true;
        int n = 0;
        long lastRealtime = 0;
        try {
            if (anyParked && out.writable()) {
                unpark();
            }
            while (true) {
                if (!out.writable()) {
                    out.onWritable(() -> ctx.runOnContext(v -> pump()));
                    break;
                }
                RawEntry e = merger.poll();
                if (e == null) {
                    break;
                }
                cursor.advance(e.node, e.buf, e.cursorOff, e.cursorLen, e.realtime, e.seqnum);
                if (skipRemaining > 0) {
                    skipRemaining--;
                    continue;
                }
                out.entry(e, cursor);
                lastRealtime = e.realtime;
                emitted++;
                lastOutput = System.nanoTime();
                n++;
                if (limit > 0 && emitted >= limit) {
                    finish(null);
                    return;
                }
                if (n >= ENTRIES_PER_TURN) {
                    out.flush();
                    ctx.runOnContext(v -> pump()); // let other requests on this event loop run
                    return;
                }
            }
            out.flush();
            for (Live l : live.values()) {
                request(l);
            }
            if (!follow && merger.done()) {
                finish(null);
            }
        } finally {
            pumping = false;
            if (n > 0 && !prePass) { // metrics once per turn, not per entry
                settings.metrics().sent(n);
                if (follow) {
                    settings.metrics().mergeLag(lastRealtime);
                }
            }
        }
    }

    private void finish(String closeReason) {
        if (finished) {
            return;
        }
        finished = true;
        release();
        if (prePass) {
            prePassDone.accept(cursor);
            return;
        }
        out.finish(failures, cursor, closeReason);
    }

    /** The client went away: stop everything, write nothing. */
    private void stop() {
        if (!finished) {
            finished = true;
            release();
        }
    }

    private void release() {
        if (unregister != null) {
            unregister.run();
        }
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        if (stopWatch != null) {
            stopWatch.run();
        }
        for (Live l : live.values()) {
            if (l.stream != null) {
                l.stream.cancel("query finished");
                l.stream = null;
            }
        }
    }

    /** The pre-pass's output: counts only; flow control and closing follow the real output. */
    private record Discard(Output real) implements Output {
        @Override
        public void entry(RawEntry e, CursorState cursor) {
        }

        @Override
        public void failure(NodeFailure f) {
        }

        @Override
        public void gap(String node, String reason) {
            real.gap(node, reason);
        }

        @Override
        public void idle(long watermarkUsec, CursorState cursor) {
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
            real.onClosed(r);
        }

        @Override
        public void finish(List<NodeFailure> failures, CursorState cursor, String closeReason) {
        }

        @Override
        public void fail(Throwable error) {
            real.fail(error);
        }
    }
}
