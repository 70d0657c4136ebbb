package io.tributary.query.http;

import io.tributary.proto.topology.v1.Selector;
import io.tributary.query.encode.Format;
import io.tributary.query.encode.Formats;
import io.tributary.query.merge.QueryEngine;
import io.tributary.query.query.ApiException;
import io.tributary.query.query.Query;
import io.tributary.query.query.QueryBuilder;
import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /api/v1/entries} and {@code GET /api/v1/tasks/{taskId}/entries}. Raw Vert.x routes rather than JAX-RS
 * resources: a response here can be long (a whole journal) or endless (follow), and writing it straight to
 * {@code HttpServerResponse} gives the status and errors before the first byte, one write per 64 KiB chunk, real
 * backpressure (writeQueueFull/drainHandler pause and resume the merge) and the slow-client cut-off with a trailer —
 * with no per-entry reactive-stream overhead. Small JSON routes stay in Quarkus REST ({@link NodesResource}).
 */
@ApplicationScoped
public class EntriesRoutes {

    private static final Set<String> ENTRY_PARAMS = Set.of("match", "node", "since", "until", "cursor", "after_cursor",
            "position", "skip", "limit", "direction", "follow", "priority", "grep", "unit", "task", "agent", "framework",
            "executor", "container");
    private static final Set<String> TASK_PARAMS = Set.of("match", "since", "until", "cursor", "after_cursor",
            "position", "skip", "limit", "direction", "follow", "priority", "grep", "stream");

    @Inject
    QueryEngine engine;

    @Inject
    Vertx vertx;

    void routes(@Observes Router router) {
        router.route(HttpMethod.GET, "/api/v1/entries").handler(rc -> serve(rc, null));
        router.route(HttpMethod.GET, "/api/v1/tasks/:taskId/entries").handler(rc -> serve(rc, rc.pathParam("taskId")));
        // whatever no route takes: the JSON error body too (Vert.x would answer an HTML page)
        router.route().last().handler(rc -> Errors.send(rc.response(), ApiException.notFound("no such resource: "
                + rc.request().method() + " " + rc.request().path())));
    }

    private void serve(RoutingContext rc, String taskId) {
        Context ctx = vertx.getOrCreateContext();
        Query q;
        Format format;
        try {
            format = Formats.of(Formats.negotiate(rc.request().getHeader("Accept"), Formats.ENTRY_TYPES));
            q = parse(rc.queryParams(), rc.request().getHeader("Last-Event-ID"), taskId, engine.config().maxLimit());
        } catch (ApiException e) {
            Errors.send(rc.response(), e);
            return;
        }
        HttpOutput out = new HttpOutput(vertx, rc.response(), format, engine.config().chunkBytes());
        engine.prepare(q, rc.request().getHeader("Authorization")).whenComplete((p, err) -> ctx.runOnContext(v -> {
            if (err != null) {
                Errors.send(rc.response(), err);
                return;
            }
            out.begin();
            try {
                engine.start(p, ctx, out);
            } catch (RuntimeException e) {
                out.fail(e);
            }
        }));
    }

    /** The native parameters onto the one query model. */
    static Query parse(MultiMap params, String lastEventId, String taskId, long maxLimit) {
        Set<String> allowed = taskId == null ? ENTRY_PARAMS : TASK_PARAMS;
        for (String name : params.names()) {
            if (!allowed.contains(name)) {
                throw ApiException.badRequest("unknown parameter '" + name + "' (this route takes " + String.join(", ",
                        new java.util.TreeSet<>(allowed)) + ")");
            }
        }
        QueryBuilder b = new QueryBuilder();
        for (String m : params.getAll("match")) {
            b.match(m);
        }
        params.getAll("node").forEach(b::node);
        params.getAll("unit").forEach(b::unit);
        one(params, "since").ifPresent(b::since);
        one(params, "until").ifPresent(b::until);
        one(params, "position").ifPresent(b::position);
        one(params, "cursor").ifPresent(c -> b.cursor(c, false));
        one(params, "after_cursor").ifPresent(c -> b.cursor(c, true));
        one(params, "skip").ifPresent(b::skip);
        one(params, "limit").ifPresent(b::limit);
        one(params, "direction").ifPresent(b::direction);
        one(params, "follow").ifPresent(b::follow);
        one(params, "priority").ifPresent(b::priority);
        one(params, "grep").ifPresent(b::grep);
        Map<String, java.util.function.Function<String, Selector>> selectors = Map.of(
                "task", v -> Selector.newBuilder().setTask(v).build(),
                "agent", v -> Selector.newBuilder().setAgentId(v).build(),
                "framework", v -> Selector.newBuilder().setFrameworkId(v).build(),
                "executor", v -> Selector.newBuilder().setExecutorId(v).build(),
                "container", v -> Selector.newBuilder().setContainerId(v).build());
        for (Map.Entry<String, java.util.function.Function<String, Selector>> s : selectors.entrySet()) {
            String v = one(params, s.getKey()).orElse(null);
            if (v != null) {
                if (v.isBlank()) {
                    throw ApiException.badRequest(s.getKey() + " is empty");
                }
                b.selector(s.getValue().apply(v));
            }
        }
        if (taskId != null) {
            b.selector(Selector.newBuilder().setTask(taskId).build());
            String stream = one(params, "stream").orElse(null);
            if (stream != null) {
                String st = stream.toUpperCase(Locale.ROOT);
                if (!st.equals("STDOUT") && !st.equals("STDERR")) {
                    throw ApiException.badRequest("stream must be stdout or stderr, not '" + stream + "'");
                }
                b.require("STREAM", st);
            }
        }
        if (lastEventId != null && !lastEventId.isBlank()) {
            b.resumeAfter(lastEventId.strip());
        }
        return b.build(maxLimit);
    }

    private static java.util.Optional<String> one(MultiMap params, String name) {
        java.util.List<String> all = params.getAll(name);
        if (all.size() > 1) {
            throw ApiException.badRequest(name + " given " + all.size() + " times");
        }
        return all.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(all.get(0));
    }
}
