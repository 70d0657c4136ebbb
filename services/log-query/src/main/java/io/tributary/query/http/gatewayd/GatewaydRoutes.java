package io.tributary.query.http.gatewayd;

import com.google.protobuf.ByteString;
import io.grpc.stub.StreamObserver;
import io.tributary.proto.auth.v1.Target;
import io.tributary.proto.journal.v1.DescribeRequest;
import io.tributary.proto.journal.v1.JournalReaderGrpc;
import io.tributary.proto.journal.v1.NodeInfo;
import io.tributary.proto.topology.v1.Node;
import io.tributary.query.auth.Authorizer;
import io.tributary.query.encode.ExportFormat;
import io.tributary.query.encode.Format;
import io.tributary.query.encode.Formats;
import io.tributary.query.encode.JsonFormat;
import io.tributary.query.encode.Out;
import io.tributary.query.encode.SseFormat;
import io.tributary.query.encode.Utf8;
import io.tributary.query.http.Errors;
import io.tributary.query.http.HttpOutput;
import io.tributary.query.http.compat.CompatOutput;
import io.tributary.query.http.compat.NodeSelection;
import io.tributary.query.http.compat.Seek;
import io.tributary.query.http.compat.Unique;
import io.tributary.query.merge.QueryEngine;
import io.tributary.query.node.ReaderChannels;
import io.tributary.query.plan.TopologyClient;
import io.tributary.query.query.ApiException;
import io.tributary.query.query.Query;
import io.tributary.query.query.QueryBuilder;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * systemd-journal-gatewayd's API — {@code /entries}, {@code /machine}, {@code /fields/{FIELD}} — over the merged
 * cluster, and over one node under {@code /nodes/{node}/...} (so {@code systemd-journal-remote
 * --url=http://host:8080/nodes/<node>} pulls that node; it appends {@code /entries} itself). The Range header's
 * cursor/skip/count are gatewayd's sd_journal_next_skip/previous_skip(|skip|+1) moves, done as counting queries
 * through the one engine ({@link Seek}); bodies are the native encoders (export, journalctl-shaped JSON, SSE) and
 * journalctl's short format for text/plain. Cursors are Tributary cursors (accepted back in Range).
 */
@ApplicationScoped
public class GatewaydRoutes {

    private static final List<String> TYPES = List.of("text/plain", "application/json", "text/event-stream",
            "application/vnd.fdo.journal");

    @Inject
    QueryEngine engine;

    @Inject
    Vertx vertx;

    @Inject
    TopologyClient topology;

    @Inject
    Authorizer authorizer;

    @Inject
    ReaderChannels channels;

    void routes(@Observes Router router) {
        for (String p : List.of("", "/nodes/:node")) {
            get(router, p + "/entries", this::entries);
            get(router, p + "/machine", this::machine);
            get(router, p + "/fields/:field", this::fields);
        }
    }

    private static void get(Router router, String path, Handler<RoutingContext> h) {
        router.route(HttpMethod.GET, path).handler(h);
    }

    /** gatewayd compares Accept with its four types and answers text/plain otherwise; here with q-values too. */
    static String type(String accept) {
        try {
            return Formats.negotiate(accept, TYPES);
        } catch (ApiException e) {
            return "text/plain";
        }
    }

    private CompletableFuture<List<Node>> nodes(RoutingContext rc) {
        String node = rc.pathParam("node");
        if (node == null) {
            return topology.listNodes().thenApply(l -> l.getNodesList());
        }
        return NodeSelection.named(topology, node);
    }

    /** The parsed /entries request. */
    private record Entries(GatewaydRange range, boolean follow, boolean discrete, boolean boot,
                           List<String[]> matches) {
    }

    static boolean flag(String name, String v) {
        if (v == null || v.isEmpty()) {
            return true;
        }
        return switch (v.toLowerCase(java.util.Locale.ROOT)) {
            case "1", "yes", "y", "true", "t", "on" -> true;
            case "0", "no", "n", "false", "f", "off" -> false;
            default -> throw ApiException.badRequest("Failed to parse " + name + " parameter: '" + v + "'");
        };
    }

    private static Entries parse(RoutingContext rc) {
        GatewaydRange range = GatewaydRange.parse(rc.request().getHeader("Range"));
        boolean follow = false;
        boolean discrete = false;
        boolean boot = false;
        List<String[]> matches = new ArrayList<>();
        for (Map.Entry<String, String> p : rc.queryParams()) {
            switch (p.getKey()) {
                case "follow" -> follow = flag("follow", p.getValue());
                case "discrete" -> discrete = flag("discrete", p.getValue());
                case "boot" -> boot = flag("boot", p.getValue());
                default -> {
                    if (!QueryBuilder.isFieldName(p.getKey())) {
                        throw ApiException.badRequest("Failed to add match: '" + p.getKey() + "' is not a journal field name");
                    }
                    matches.add(new String[] {p.getKey(), p.getValue()});
                }
            }
        }
        if (discrete && range.cursor() == null) {
            throw ApiException.badRequest("Discrete seeks require a cursor specification.");
        }
        return new Entries(range, follow, discrete, boot, matches);
    }

    private void entries(RoutingContext rc) {
        HttpServerResponse response = rc.response();
        Entries req;
        Format format;
        try {
            req = parse(rc);
            format = switch (type(rc.request().getHeader("Accept"))) {
                case "application/json" -> new JsonFormat("application/json");
                case "text/event-stream" -> new SseFormat();
                case "application/vnd.fdo.journal" -> new ExportFormat();
                default -> new ShortFormat();
            };
        } catch (ApiException e) {
            Errors.send(response, e);
            return;
        }
        Context ctx = vertx.getOrCreateContext();
        String auth = rc.request().getHeader("Authorization");
        boolean oneNode = rc.pathParam("node") != null;
        nodes(rc).thenCompose(ns -> {
            java.util.function.Supplier<QueryBuilder> base = () -> {
                QueryBuilder b = new QueryBuilder();
                for (String[] m : req.matches()) {
                    b.match(m[0], m[1].getBytes(StandardCharsets.UTF_8));
                }
                if (req.boot()) { // each node's current boot (same field: OR-ed, AND-ed with the other fields)
                    ns.forEach(n -> b.match("_BOOT_ID", n.getBootId().getBytes(StandardCharsets.US_ASCII)));
                }
                if (oneNode) {
                    ns.forEach(n -> b.node(n.getNodeId()));
                }
                return b;
            };
            return start(ctx, req, ns, base, auth).thenCompose(start -> {
                if (start == null) {
                    return CompletableFuture.completedFuture((QueryEngine.Prepared) null);
                }
                QueryBuilder b = base.get().follow(req.follow());
                if (start.isEmpty()) {
                    b.position(req.range().skip() < 0 || req.range().cursor() != null ? "tail" : "head");
                } else {
                    b.cursor(start, false);
                }
                if (req.discrete()) {
                    b.limit(1);
                } else if (req.range().entries() > 0) {
                    b.limit(req.range().entries());
                }
                return engine.prepare(b.build(engine.config().maxLimit()), auth);
            });
        }).whenComplete((p, err) -> ctx.runOnContext(v -> {
            if (err != null) {
                Errors.send(response, err);
                return;
            }
            HttpOutput http = new HttpOutput(vertx, response, format, engine.config().chunkBytes());
            http.begin();
            if (p == null) {
                response.end();
                return;
            }
            CompatOutput out = new CompatOutput(http, response, false);
            try {
                engine.start(p, ctx, out);
            } catch (RuntimeException e) {
                out.fail(e);
            }
        }));
    }

    /**
     * Where output starts, as a cursor naming that entry (inclusive); "" = nothing found by the seek (follow: from the
     * end); null = nothing to answer. gatewayd: seek the cursor (or the head, or the tail for a negative skip), then
     * the first read is next_skip(skip+1) / previous_skip(|skip|+1) / next(), landing on the last entry it could reach.
     */
    private CompletableFuture<String> start(Context ctx, Entries req, List<Node> nodes,
                                            java.util.function.Supplier<QueryBuilder> base, String auth) {
        GatewaydRange r = req.range();
        long max = engine.config().maxLimit();
        if (req.discrete()) {
            if (r.skip() != 0) {
                return CompletableFuture.completedFuture(null); // the first read is not the cursor's entry
            }
            return Seek.run(engine, ctx, base.get().cursor(r.cursor(), false).limit(1).build(max), auth)
                    .thenApply(s -> s.count() == 0 || s.cursorMissing() ? null : s.last());
        }
        if (r.skip() == 0) {
            if (r.cursor() != null) {
                base.get().cursor(r.cursor(), false).build(max); // a malformed cursor is a 400
                return CompletableFuture.completedFuture(r.cursor());
            }
            return CompletableFuture.completedFuture("");
        }
        QueryBuilder b = base.get().limit(Math.abs(r.skip()) + 1);
        if (r.cursor() != null) {
            b.cursor(r.cursor(), false);
        } else if (r.skip() < 0) {
            b.position("tail");
        } else {
            b.position("head");
        }
        b.backward(r.skip() < 0);
        return Seek.run(engine, ctx, b.build(max), auth).thenApply(s -> {
            if (s.count() == 0) {
                return req.follow() ? "" : null;
            }
            return s.last();
        });
    }

    /** /machine: gatewayd's JSON for one node; for the cluster the first node's identity, totals, and "nodes". */
    private void machine(RoutingContext rc) {
        HttpServerResponse response = rc.response();
        Context ctx = vertx.getOrCreateContext();
        authorizer.authorize(rc.request().getHeader("Authorization"), Target.getDefaultInstance())
                .thenCompose(scope -> nodes(rc))
                .thenCompose(ns -> {
                    List<CompletableFuture<NodeInfo>> infos = new ArrayList<>();
                    ns.stream().sorted(java.util.Comparator.comparing(Node::getNodeId)).forEach(n -> infos.add(describe(n)));
                    return CompletableFuture.allOf(infos.toArray(CompletableFuture[]::new))
                            .thenApply(v -> infos.stream().map(CompletableFuture::join).toList());
                }).whenComplete((infos, err) -> ctx.runOnContext(v -> {
                    if (err != null) {
                        Errors.send(response, err);
                        return;
                    }
                    if (infos.isEmpty()) {
                        Errors.send(response, new ApiException(503, "unavailable", "no node known"));
                        return;
                    }
                    long usage = 0;
                    long from = Long.MAX_VALUE;
                    long to = 0;
                    for (NodeInfo i : infos) {
                        usage += i.getUsageBytes();
                        if (i.getFirstRealtimeUsec() != 0) {
                            from = Math.min(from, i.getFirstRealtimeUsec());
                        }
                        to = Math.max(to, i.getLastRealtimeUsec());
                    }
                    Out o = new Out(512);
                    machineJson(infos.get(0), usage, from == Long.MAX_VALUE ? 0 : from, to, o);
                    if (rc.pathParam("node") == null) {
                        o.ascii(",\"nodes\":[");
                        for (int k = 0; k < infos.size(); k++) {
                            NodeInfo i = infos.get(k);
                            if (k > 0) {
                                o.b(',');
                            }
                            machineJson(i, i.getUsageBytes(), i.getFirstRealtimeUsec(), i.getLastRealtimeUsec(), o);
                            o.b('}');
                        }
                        o.b(']');
                    }
                    o.ascii("}\n");
                    response.putHeader("Content-Type", "application/json").end(Buffer.buffer(o.toArray()));
                }));
    }

    /** gatewayd's keys (numbers as strings, as it writes them), without the closing brace. */
    private static void machineJson(NodeInfo i, long usage, long from, long to, Out o) {
        o.ascii("{\"machine_id\":").jsonString(i.getMachineId()).ascii(",\"boot_id\":").jsonString(i.getBootId())
                .ascii(",\"hostname\":").jsonString(i.getHostname()).ascii(",\"os_pretty_name\":\"\"")
                .ascii(",\"virtualization\":\"\",\"usage\":\"").decimal(usage).ascii("\",\"cutoff_from_realtime\":\"")
                .decimal(from).ascii("\",\"cutoff_to_realtime\":\"").decimal(to).b('"');
    }

    private CompletableFuture<NodeInfo> describe(Node n) {
        CompletableFuture<NodeInfo> f = new CompletableFuture<>();
        JournalReaderGrpc.newStub(channels.channel(n.getEndpoint()))
                .withDeadlineAfter(engine.config().callTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .describe(DescribeRequest.getDefaultInstance(), new StreamObserver<>() {
                    @Override
                    public void onNext(NodeInfo value) {
                        f.complete(value);
                    }

                    @Override
                    public void onError(Throwable t) {
                        f.completeExceptionally(new ApiException(503, "unavailable", "node " + n.getNodeId()
                                + " did not answer: " + io.grpc.Status.fromThrowable(t)));
                    }

                    @Override
                    public void onCompleted() {
                    }
                });
        return f;
    }

    /** /fields/{FIELD}: one value per line (text) or {"FIELD":"value"} per line (JSON), like gatewayd. */
    private void fields(RoutingContext rc) {
        String field = rc.pathParam("field");
        HttpServerResponse response = rc.response();
        if (!QueryBuilder.isFieldName(field)) {
            Errors.send(response, ApiException.badRequest("'" + field + "' is not a journal field name"));
            return;
        }
        boolean json = type(rc.request().getHeader("Accept")).equals("application/json");
        Context ctx = vertx.getOrCreateContext();
        authorizer.authorize(rc.request().getHeader("Authorization"), Target.getDefaultInstance()).thenCompose(scope -> {
            if (!scope.isFull()) {
                throw new ApiException(403, "forbidden", "listing field values needs logs:system:read and logs:task:read");
            }
            return nodes(rc);
        }).thenCompose(ns -> Unique.values(channels, engine.config().callTimeout().multipliedBy(4), ns, field))
                .whenComplete((values, err) -> ctx.runOnContext(v -> {
                    if (err != null) {
                        Errors.send(response, err);
                        return;
                    }
                    Out o = new Out(1024);
                    for (ByteString value : values) {
                        byte[] b = value.toByteArray();
                        if (json) {
                            o.b('{').jsonString(field).b(':');
                            if (Utf8.printable(b, 0, b.length, true)) {
                                o.jsonString(b, 0, b.length);
                            } else {
                                o.jsonBytes(b, 0, b.length);
                            }
                            o.ascii("}\n");
                        } else {
                            o.bytes(b).b('\n');
                        }
                    }
                    response.putHeader("Content-Type", json ? "application/json" : "text/plain")
                            .end(Buffer.buffer(o.toArray()));
                }));
    }
}
