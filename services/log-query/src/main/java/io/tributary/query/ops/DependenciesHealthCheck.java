package io.tributary.query.ops;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.tributary.query.auth.Authorizer;
import io.tributary.query.plan.TopologyClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready while log-query's dependencies answer: topology ({@code ListNodes}, with log-query's service token, as every
 * query does) and auth (its gRPC health check; not asked when auth is off). Each call has the usual call timeout.
 */
@Readiness
@ApplicationScoped
public class DependenciesHealthCheck implements AsyncHealthCheck {

    @Inject
    TopologyClient topology;

    @Inject
    Authorizer authorizer;

    @Override
    public Uni<HealthCheckResponse> call() {
        CompletableFuture<String> topo = answer(topology.listNodes().thenApply(r -> r.getNodesCount() + " nodes"));
        CompletableFuture<String> auth = authorizer.enabled() ? answer(authorizer.ping())
                : CompletableFuture.completedFuture("up (auth checks are off)");
        return Uni.createFrom().completionStage(topo.thenCombine(auth, (t, a) -> {
            HealthCheckResponseBuilder b = HealthCheckResponse.named("log-query-dependencies")
                    .withData("topology", t).withData("auth", a);
            return b.status(t.startsWith("up") && a.startsWith("up")).build();
        }));
    }

    /** "up, ..." or "down: why", never a failed future. */
    private static CompletableFuture<String> answer(CompletableFuture<String> call) {
        return call.handle((v, err) -> err == null ? "up, " + v : "down: " + rootMessage(err));
    }

    private static String rootMessage(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
