package io.tributary.topology.ops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.tributary.proto.topology.v1.Node;
import io.tributary.proto.topology.v1.SourceStatus;
import io.tributary.topology.registry.NodeRegistry;
import io.tributary.topology.source.Clock;
import io.tributary.topology.source.SourceStatuses;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.HashSet;
import java.util.Set;

/**
 * Topology's meters: nodes known (healthy or not) and, per source, its staleness (seconds since its last success;
 * NaN before the first) and health. Sources register when they start, so new ones are picked up every second.
 */
@ApplicationScoped
public class TopologyMetrics {

    @Inject
    MeterRegistry registry;

    @Inject
    NodeRegistry nodes;

    @Inject
    SourceStatuses sources;

    @Inject
    Vertx vertx;

    private final Set<String> registered = new HashSet<>();

    void startup(@Observes StartupEvent e) {
        for (boolean healthy : new boolean[] {true, false}) {
            Gauge.builder("tributary.topology.nodes", nodes, r -> count(r, healthy))
                    .description("reader nodes topology knows").tag("healthy", Boolean.toString(healthy))
                    .register(registry);
        }
        registerSources();
        vertx.setPeriodic(1000, id -> registerSources());
    }

    private static double count(NodeRegistry r, boolean healthy) {
        int n = 0;
        for (Node node : r.nodes()) {
            if (node.getHealthy() == healthy) {
                n++;
            }
        }
        return n;
    }

    private synchronized void registerSources() {
        for (SourceStatus s : sources.all()) {
            String name = s.getName();
            if (registered.add(name)) {
                Gauge.builder("tributary.topology.source.staleness", sources, st -> staleness(st.get(name)))
                        .description("seconds since the source's last success (NaN before the first)")
                        .tag("source", name).baseUnit("seconds").register(registry);
                Gauge.builder("tributary.topology.source.healthy", sources, st -> st.get(name).getHealthy() ? 1 : 0)
                        .description("1 while the source's last contact succeeded").tag("source", name).register(registry);
            }
        }
    }

    private static double staleness(SourceStatus s) {
        if (s == null || s.getLastSuccessUsec() == 0) {
            return Double.NaN;
        }
        return Math.max(0, Clock.nowUsec() - s.getLastSuccessUsec()) / 1e6;
    }
}
