package io.tributary.query.http.dcos;

import com.google.protobuf.ByteString;
import io.tributary.proto.auth.v1.Target;
import io.tributary.proto.topology.v1.Node;
import io.tributary.proto.topology.v1.Selector;
import io.tributary.proto.topology.v1.Task;
import io.tributary.query.auth.AuthGate;
import io.tributary.query.auth.Authorizer;
import io.tributary.query.auth.Scope;
import io.tributary.query.encode.Format;
import io.tributary.query.encode.Formats;
import io.tributary.query.encode.GzipFormat;
import io.tributary.query.encode.Out;
import io.tributary.query.http.Errors;
import io.tributary.query.http.HttpOutput;
import io.tributary.query.http.compat.CompatConfig;
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
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * The DC/OS Logging API (dcos-log) routes under {@code /system/v1/logs}, {@code /system/v1/agent/{agent_id}/logs}
 * and {@code /system/v1/leader/mesos/logs}, translated onto the one query model: parameters become a {@link Query},
 * dcos-log's seek semantics (skip_next/skip_prev from a cursor, head or tail, with its off-by-one and its counts for
 * X-Journal-Skip-Next/Prev) become small counting queries through the same engine ({@link Seek}), and the bodies are
 * dcos-log's ({@link DcosFormat}). See dcos-log-compat.md and the README for every rule and deviation.
 */
@ApplicationScoped
public class DcosRoutes {

    static final List<String> PREFIXES = List.of("/system/v1/logs", "/system/v1/agent/:agentId/logs",
            "/system/v1/leader/mesos/logs");
    static final Set<String> FIELDS = Set.of("FRAMEWORK_ID", "AGENT_ID", "EXECUTOR_ID", "CONTAINER_ID", "STREAM");
    private static final List<String> TYPES = List.of("text/plain", "application/json", "text/event-stream");
    private static final String TASK = "/framework/:frameworkId/executor/:executorId/container/:containerId";
    private static final String V2_TASK = "/v2/task/frameworks/:frameworkId/executors/:executorId/runs/:containerId";

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

    @Inject
    CompatConfig compat;

    void routes(@Observes Router router) {
        for (String p : PREFIXES) {
            for (String slash : List.of("/", "")) {
                get(router, p + "/v1/range" + slash, rc -> v1(rc, false, null));
                get(router, p + "/v1/stream" + slash, rc -> v1(rc, true, null));
            }
            get(router, p + "/v1/range/download", rc -> v1(rc, false, "root-range"));
            get(router, p + "/v1/range" + TASK, rc -> v1(rc, false, null));
            get(router, p + "/v1/stream" + TASK, rc -> v1(rc, true, null));
            get(router, p + "/v1/range" + TASK + "/download", rc -> v1(rc, false, "task-" + rc.pathParam("containerId")));
            get(router, p + "/v1/fields/:field", this::fields);
            get(router, p + "/v2/component", this::v2);
            get(router, p + "/v2/component/:unit", this::v2);
            get(router, p + V2_TASK, this::v2);
            get(router, p + V2_TASK + "/:file", this::v2);
            get(router, p + "/v2/task/:taskId", this::discover);
            get(router, p + "/v2/task/:taskId/file/:file", this::discover);
        }
        get(router, "/v1/fields/:field", this::fields);
    }

    private static void get(Router router, String path, Handler<RoutingContext> h) {
        router.route(HttpMethod.GET, path).handler(h);
    }

    /** text/plain for anything that is not JSON or SSE (dcos-log's default). */
    static DcosFormat.Kind kind(String accept) {
        String type;
        try {
            type = Formats.negotiate(accept, TYPES);
        } catch (ApiException e) {
            type = "text/plain";
        }
        return switch (type) {
            case "application/json" -> DcosFormat.Kind.JSON;
            case "text/event-stream" -> DcosFormat.Kind.SSE;
            default -> DcosFormat.Kind.TEXT;
        };
    }

    private void v1(RoutingContext rc, boolean stream, String download) {
        DcosRequest r;
        try {
            r = DcosRequest.v1(rc.queryParams(), rc.request().getHeader("Last-Event-ID"), stream,
                    kind(rc.request().getHeader("Accept")));
            taskPath(rc, r, false);
        } catch (ApiException e) {
            Errors.send(rc.response(), e);
            return;
        }
        if (download != null) {
            String postfix = rc.queryParams().get("postfix");
            download = download + (postfix == null || postfix.isEmpty() ? "" : "-" + postfix) + ".log.gz";
        }
        serve(rc, r, download);
    }

    private void v2(RoutingContext rc) {
        DcosRequest r;
        try {
            r = DcosRequest.v2(rc.queryParams(), rc.request().getHeader("Last-Event-ID"),
                    kind(rc.request().getHeader("Accept")));
            r.unit = rc.pathParam("unit");
            if (r.unit != null && (r.unit.isBlank() || r.unit.length() > 256)) {
                throw ApiException.badRequest("invalid unit '" + r.unit + "'");
            }
            taskPath(rc, r, true);
            String file = rc.pathParam("file");
            if (file != null) {
                String stream = file.toUpperCase(Locale.ROOT);
                if (!stream.equals("STDOUT") && !stream.equals("STDERR")) {
                    throw ApiException.notFound("file " + file + ": only a task's stdout and stderr are in the journal");
                }
                r.required.put("STREAM", stream);
            }
        } catch (ApiException e) {
            Errors.send(rc.response(), e);
            return;
        }
        serve(rc, r, null);
    }

    /** The task routes' own matches: FRAMEWORK_ID, EXECUTOR_ID and CONTAINER_ID (a v2 run "latest": any container). */
    private static void taskPath(RoutingContext rc, DcosRequest r, boolean v2) {
        String f = rc.pathParam("frameworkId");
        if (f == null) {
            return;
        }
        r.required.put("FRAMEWORK_ID", f);
        r.required.put("EXECUTOR_ID", rc.pathParam("executorId"));
        String c = rc.pathParam("containerId");
        if (!(v2 && c.equals("latest"))) {
            r.required.put("CONTAINER_ID", c);
        }
    }

    /** The nodes a prefix names; null = the whole cluster. */
    private CompletableFuture<List<Node>> nodes(RoutingContext rc) {
        String agent = rc.pathParam("agentId");
        if (agent != null) {
            return NodeSelection.agent(topology, agent).thenApply(List::of);
        }
        if (rc.request().path().startsWith("/system/v1/leader/")) {
            return NodeSelection.leader(topology, compat);
        }
        if (compat.dcos().localNode().isPresent()) {
            return NodeSelection.named(topology, compat.dcos().localNode().get());
        }
        return CompletableFuture.completedFuture(null);
    }

    /** Where reading starts after the seeks: head, tail, or at/after a cursor. */
    private record Start(String cursor, boolean include, boolean tail, long skippedNext, long skippedPrev,
                         boolean cursorMissing) {
        Start moved(Seek.Result s, boolean next) {
            String c = s.count() > 0 ? s.last() : cursor;
            boolean inc = s.count() > 0 || include;
            boolean t = s.count() == 0 && tail;
            return new Start(c, inc, t, next ? s.count() : skippedNext, next ? skippedPrev : s.count(),
                    cursorMissing || s.cursorMissing());
        }
    }

    private void serve(RoutingContext rc, DcosRequest r, String download) {
        Context ctx = vertx.getOrCreateContext();
        String auth = rc.request().getHeader("Authorization");
        HttpServerResponse response = rc.response();
        CompletableFuture<List<Node>> nodes = nodes(rc);
        nodes.thenCompose(ns -> seek(ctx, r, ns, auth).thenCompose(start -> {
            Query q = main(r, ns, start);
            return q == null ? CompletableFuture.completedFuture(new Object[] {ns, start, null})
                    : engine.prepare(q, auth).thenApply(p -> new Object[] {ns, start, p});
        })).whenComplete((x, err) -> ctx.runOnContext(v -> {
            if (err != null) {
                Errors.send(response, err);
                return;
            }
            @SuppressWarnings("unchecked")
            List<Node> ns = (List<Node>) x[0];
            Start start = (Start) x[1];
            QueryEngine.Prepared p = (QueryEngine.Prepared) x[2];
            boolean oneNode = ns != null && ns.size() == 1;
            Format format = new DcosFormat(r.kind, oneNode, r.follow);
            if (download != null) {
                format = new GzipFormat(format);
            }
            HttpOutput http = new HttpOutput(vertx, response, format, engine.config().chunkBytes());
            http.begin();
            response.putHeader("X-Journal-Skip-Next", Long.toString(start.skippedNext()))
                    .putHeader("X-Journal-Skip-Prev", Long.toString(start.skippedPrev()));
            if (start.cursorMissing()) {
                response.putHeader(CompatOutput.CURSOR_NOT_FOUND, "true");
            }
            if (download != null) {
                response.putHeader("Content-Disposition", "attachment; filename=" + download);
            }
            boolean noContent = !r.follow && r.kind != DcosFormat.Kind.SSE;
            if (p == null) { // nothing can be read (read_reverse from the head)
                if (noContent) {
                    CompatOutput.noContent(response);
                }
                response.end();
                return;
            }
            CompatOutput out = new CompatOutput(http, response, noContent);
            try {
                engine.start(p, ctx, out);
            } catch (RuntimeException e) {
                out.fail(e);
            }
        }));
    }

    private QueryBuilder base(DcosRequest r, List<Node> nodes) {
        QueryBuilder b = new QueryBuilder();
        r.applyMatches(b);
        if (nodes != null) {
            nodes.forEach(n -> b.node(n.getNodeId()));
        }
        return b;
    }

    private long maxLimit() {
        return engine.config().maxLimit();
    }

    /**
     * dcos-log's seeks: from the cursor's entry (or the head), skip_next moves forward N entries (landing on one makes
     * it the first read: the off-by-one), then skip_prev moves back N (from the tail when no cursor was given).
     */
    private CompletableFuture<Start> seek(Context ctx, DcosRequest r, List<Node> nodes, String auth) {
        Start s0 = new Start(r.cursor, false, r.atEnd, 0, 0, false);
        if (r.cursor != null) {
            base(r, nodes).cursor(r.cursor, true).build(maxLimit()); // a malformed cursor is a 400 before any seek
        }
        CompletableFuture<Start> s = CompletableFuture.completedFuture(s0);
        if (r.skipNext > 0) {
            s = s.thenCompose(st -> {
                QueryBuilder b = base(r, nodes).limit(r.skipNext);
                at(b, st);
                return Seek.run(engine, ctx, b.build(maxLimit()), auth).thenApply(res -> st.moved(res, true));
            });
        }
        if (r.skipPrev > 0) {
            s = s.thenCompose(st -> {
                QueryBuilder b = base(r, nodes).limit(r.skipPrev).backward(true);
                Start from = st;
                if (r.cursor == null) { // dcos-log seeks to the tail first
                    b.position("tail");
                    from = new Start(null, false, true, st.skippedNext(), 0, st.cursorMissing());
                } else {
                    b.cursor(st.cursor(), true); // back from the current entry: the ones before it
                }
                Start base = from;
                return Seek.run(engine, ctx, b.build(maxLimit()), auth).thenApply(res -> base.moved(res, false));
            });
        }
        return s;
    }

    /** Forward from a start: the head, nothing (tail), or past the cursor's entry / from the landed-on entry. */
    private static void at(QueryBuilder b, Start st) {
        if (st.cursor() != null) {
            b.cursor(st.cursor(), !st.include());
        } else if (st.tail()) {
            b.position("tail");
        } else {
            b.position("head");
        }
    }

    /** The query that is answered; null when it can read nothing (read_reverse from the head, as dcos-log). */
    private Query main(DcosRequest r, List<Node> nodes, Start st) {
        QueryBuilder b = base(r, nodes).limit(r.limit).follow(r.follow);
        if (r.readReverse) {
            if (st.cursor() == null) {
                if (!st.tail()) {
                    return null;
                }
                b.position("tail");
            } else {
                b.cursor(st.cursor(), !st.include());
            }
            b.backward(true);
        } else {
            at(b, st);
        }
        return b.build(maxLimit());
    }

    /** /v1/fields/{field}: a JSON array of the distinct values, 204 when there are none. */
    private void fields(RoutingContext rc) {
        String field = rc.pathParam("field");
        HttpServerResponse response = rc.response();
        if (!FIELDS.contains(field)) {
            Errors.send(response, ApiException.badRequest(field + " is not an allowed field (one of "
                    + String.join(", ", new TreeSet<>(FIELDS)) + ")"));
            return;
        }
        Context ctx = vertx.getOrCreateContext();
        authorizer.authorize(rc.request().getHeader("Authorization"), Target.getDefaultInstance()).thenCompose(scope -> {
            if (!scope.isFull()) {
                throw new ApiException(403, "forbidden", "listing field values needs logs:system:read and logs:task:read");
            }
            return nodes(rc);
        }).thenCompose(ns -> ns != null ? CompletableFuture.completedFuture(ns)
                : topology.listNodes().thenApply(l -> l.getNodesList()))
                .thenCompose(ns -> Unique.values(channels, engine.config().callTimeout().multipliedBy(4), ns, field))
                .whenComplete((values, err) -> ctx.runOnContext(v -> {
                    if (err != null) {
                        Errors.send(response, err);
                        return;
                    }
                    if (values.isEmpty()) {
                        response.setStatusCode(204).end();
                        return;
                    }
                    Out o = new Out(1024);
                    o.b('[');
                    boolean first = true;
                    for (ByteString value : values) {
                        if (!first) {
                            o.b(',');
                        }
                        first = false;
                        byte[] b = value.toByteArray();
                        DcosFormat.goString(b, 0, b.length, o);
                    }
                    o.b(']');
                    response.putHeader("Content-Type", "application/json").end(Buffer.buffer(o.toArray()));
                }));
    }

    /**
     * /v2/task/{task}[/file/{file}]: the task through topology (exact id, else name, else unique id part; several →
     * 409 listing them), then 303 to the agent's task route, keeping the query string.
     */
    private void discover(RoutingContext rc) {
        String taskId = rc.pathParam("taskId");
        String file = rc.pathParam("file");
        HttpServerResponse response = rc.response();
        if (file != null && !file.equalsIgnoreCase("stdout") && !file.equalsIgnoreCase("stderr")) {
            Errors.send(response, ApiException.notFound("file " + file + ": only a task's stdout and stderr are in the journal"));
            return;
        }
        Context ctx = vertx.getOrCreateContext();
        String auth = rc.request().getHeader("Authorization");
        topology.resolve(Selector.newBuilder().setTask(taskId).build()).thenCompose(res -> {
            Task t = res.getTask();
            if (!t.getFrameworkId().isEmpty() && !t.getAgentId().isEmpty()) {
                return CompletableFuture.completedFuture(t);
            }
            // known from journals only: the ids of its latest entry (TASK_ID is written by the task logger)
            QueryBuilder b = new QueryBuilder().match("TASK_ID", t.getTaskId().getBytes(StandardCharsets.UTF_8))
                    .position("tail").backward(true).limit(1);
            res.getNodesList().forEach(n -> b.node(n.getNodeId()));
            return Seek.last(engine, ctx, b.build(maxLimit()), auth).thenApply(s -> {
                java.util.Map<String, String> f = s.fields();
                String agent = f.getOrDefault("AGENT_ID", "");
                if (agent.isEmpty() && res.getNodesCount() == 1) {
                    agent = res.getNodes(0).getAgentId();
                }
                return t.toBuilder().setFrameworkId(f.getOrDefault("FRAMEWORK_ID", t.getFrameworkId()))
                        .setExecutorId(f.getOrDefault("EXECUTOR_ID", t.getExecutorId()))
                        .setContainerId(f.getOrDefault("CONTAINER_ID", t.getContainerId()))
                        .setAgentId(t.getAgentId().isEmpty() ? agent : t.getAgentId()).build();
            });
        }).thenCompose(t -> {
            if (t.getAgentId().isEmpty() || t.getFrameworkId().isEmpty()) {
                Scope scope = rc.get(AuthGate.SCOPE);
                if (scope != null && !scope.anyTasks()) { // the lookup above could see none of the task's entries
                    throw new ApiException(403, "forbidden", "missing permission logs:task:read (the entries of task "
                            + taskId + ")");
                }
                throw ApiException.notFound("task " + taskId + ": its agent and framework are not known");
            }
            String location = "/system/v1/agent/" + enc(t.getAgentId()) + "/logs/v2/task/frameworks/" + enc(t.getFrameworkId())
                    + "/executors/" + enc(t.getExecutorId().isEmpty() ? t.getTaskId() : t.getExecutorId())
                    + "/runs/" + enc(t.getContainerId().isEmpty() ? "latest" : t.getContainerId())
                    + (file == null ? "" : "/" + enc(file.toLowerCase(Locale.ROOT)))
                    + (rc.request().query() == null ? "" : "?" + rc.request().query());
            return authorizer.authorize(auth, Target.newBuilder().setFrameworkId(t.getFrameworkId())
                    .setAppId(t.getAppId()).build()).thenApply(scope -> location);
        }).whenComplete((location, err) -> ctx.runOnContext(v -> {
            if (err != null) {
                Errors.send(response, err);
                return;
            }
            response.setStatusCode(303).putHeader("Location", location).end();
        }));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
