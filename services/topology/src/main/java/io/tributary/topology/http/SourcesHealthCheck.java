package io.tributary.topology.http;

import io.tributary.proto.topology.v1.SourceStatus;
import io.tributary.topology.source.SourceStatuses;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness with one entry per source. Ready while at least one source is healthy: with some sources down
 * topology still answers, from its cache, and says how stale each source is.
 */
@Readiness
@ApplicationScoped
public class SourcesHealthCheck implements HealthCheck {

    @Inject
    SourceStatuses statuses;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder b = HealthCheckResponse.named("topology-sources");
        boolean any = false;
        for (SourceStatus s : statuses.all()) {
            any |= s.getHealthy();
            b.withData(s.getName(), s.getHealthy()
                    ? "up, last success " + java.time.Instant.EPOCH.plusNanos(s.getLastSuccessUsec() * 1000)
                    : "down: " + s.getError() + (s.getLastSuccessUsec() == 0 ? ", never succeeded"
                    : ", last success " + java.time.Instant.EPOCH.plusNanos(s.getLastSuccessUsec() * 1000)));
        }
        return b.status(any).build();
    }
}
