package io.tributary.query.merge;

import io.tributary.proto.common.v1.MatchGroup;
import io.tributary.query.auth.Authorizer;
import io.tributary.query.auth.ScopeFilter;
import io.tributary.query.config.QueryConfig;
import io.tributary.query.node.ReaderChannels;
import io.tributary.query.ops.OpenStreams;
import io.tributary.query.ops.QueryMetrics;
import io.tributary.query.plan.Plan;
import io.tributary.query.plan.Planner;
import io.tributary.query.plan.TopologyClient;
import io.tributary.query.query.Query;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The request path shared by every front door: plan the query (topology), authorize it (auth → scope), push the
 * scope down into the matches, then run it. Front doors only translate parameters and encode.
 */
@ApplicationScoped
public class QueryEngine {

    @Inject
    Vertx vertx;

    @Inject
    QueryConfig config;

    @Inject
    Planner planner;

    @Inject
    Authorizer authorizer;

    @Inject
    ReaderChannels channels;

    @Inject
    TopologyClient topology;

    @Inject
    OpenStreams streams;

    @Inject
    QueryMetrics metrics;

    /** A planned and authorized query, ready to run. matches null: nothing the caller may see can match. */
    public record Prepared(Query query, Plan plan, List<MatchGroup> matches, ScopeFilter scope) {
    }

    public CompletableFuture<Prepared> prepare(Query q, String authorization) {
        return planner.plan(q).thenCompose(plan -> authorizer.authorize(authorization, plan).thenApply(scope -> {
            ScopeFilter filter = new ScopeFilter(scope);
            List<MatchGroup> m = plan.matches() == null ? null : filter.pushDown(plan.matches()).orElse(null);
            return new Prepared(q, plan, m, filter);
        }));
    }

    /** Runs a prepared query into out, on ctx (call on ctx). */
    public void start(Prepared p, Context ctx, Output out) {
        QueryRun.start(vertx, ctx, settings(), channels, topology, p.query(), p.plan(), p.matches(), p.scope(), out);
    }

    QueryRun.Settings settings() {
        return new QueryRun.Settings(config.batchEntries(), config.rangeDeadline(), config.nodeSilenceTimeout(),
                config.clientStallTimeout(), config.keepAlive(), Duration.ofSeconds(1), config.followHeartbeat(), streams, metrics);
    }

    public QueryConfig config() {
        return config;
    }
}
