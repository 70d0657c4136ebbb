package io.tributary.query.http;

import io.tributary.proto.auth.v1.Target;
import io.tributary.proto.topology.v1.ListTasksResponse;
import io.tributary.proto.topology.v1.ListedTask;
import io.tributary.proto.topology.v1.Task;
import io.tributary.query.auth.Authorizer;
import io.tributary.query.auth.ScopeFilter;
import io.tributary.query.encode.Out;
import io.tributary.query.plan.TopologyClient;
import io.tributary.query.query.ApiException;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * {@code GET /api/v1/tasks?prefix=P&limit=N}: the tasks topology knows whose id or name starts with P (task
 * suggestions for the CLI and UIs), {@code {"tasks":[{"task_id","name","framework_id","agent_id","node_ids"}]}},
 * sorted by id. Only the tasks inside the caller's scope are listed (a framework-scoped user sees its frameworks'
 * tasks).
 */
@Path("/api/v1/tasks")
public class TasksResource {

    static final int DEFAULT_LIMIT = 100;
    /** Topology's own cap. */
    static final int MAX_LIMIT = 10_000;
    static final int MAX_PREFIX = 1024;
    private static final Set<String> PARAMETERS = Set.of("prefix", "limit");

    @Inject
    TopologyClient topology;

    @Inject
    Authorizer authorizer;

    @GET
    @Produces("application/json")
    public CompletionStage<Response> tasks(@Context UriInfo uri, @HeaderParam("Authorization") String authorization) {
        MultivaluedMap<String, String> params = uri.getQueryParameters();
        for (String name : params.keySet()) {
            if (!PARAMETERS.contains(name)) {
                throw ApiException.badRequest("unknown parameter '" + name + "' (this route takes prefix, limit)");
            }
        }
        String prefix = single(params, "prefix", "");
        if (prefix.length() > MAX_PREFIX) {
            throw ApiException.badRequest("prefix is longer than " + MAX_PREFIX + " characters");
        }
        int limit = limit(single(params, "limit", Integer.toString(DEFAULT_LIMIT)));
        return authorizer.authorize(authorization, Target.getDefaultInstance()).thenCompose(scope -> {
            ScopeFilter filter = new ScopeFilter(scope);
            // a partial scope filters here, after topology's cut: ask for all it gives, cut after filtering
            return topology.listTasks(prefix, scope.allTasks() ? limit : MAX_LIMIT)
                    .thenApply(list -> Response.ok(json(list, filter, limit), "application/json").build());
        });
    }

    private static byte[] json(ListTasksResponse list, ScopeFilter filter, int limit) {
        Out o = new Out(1024);
        o.ascii("{\"tasks\":[");
        int n = 0;
        for (ListedTask lt : list.getTasksList()) {
            Task t = lt.getTask();
            if (n == limit || !filter.allowsTask(t.getFrameworkId(), t.getAppId())) {
                continue;
            }
            if (n++ > 0) {
                o.b(',');
            }
            o.ascii("{\"task_id\":").jsonString(t.getTaskId()).ascii(",\"name\":").jsonString(t.getName())
                    .ascii(",\"framework_id\":").jsonString(t.getFrameworkId())
                    .ascii(",\"agent_id\":").jsonString(t.getAgentId()).ascii(",\"node_ids\":[");
            List<String> nodes = lt.getNodeIdsList();
            for (int i = 0; i < nodes.size(); i++) {
                if (i > 0) {
                    o.b(',');
                }
                o.jsonString(nodes.get(i));
            }
            o.ascii("]}");
        }
        o.ascii("]}");
        return o.toArray();
    }

    private static String single(MultivaluedMap<String, String> params, String name, String absent) {
        List<String> values = params.get(name);
        if (values == null || values.isEmpty()) {
            return absent;
        }
        if (values.size() > 1) {
            throw ApiException.badRequest("parameter '" + name + "' given " + values.size() + " times");
        }
        return values.get(0);
    }

    private static int limit(String value) {
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiException.badRequest("limit must be an integer from 1 to " + MAX_LIMIT + ", not '" + value + "'");
    }
}
