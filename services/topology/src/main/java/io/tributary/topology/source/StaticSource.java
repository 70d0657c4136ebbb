package io.tributary.topology.source;

import io.quarkus.runtime.StartupEvent;
import io.tributary.topology.config.TopologyConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.LinkedHashSet;
import java.util.Set;

/** The static source: {@code tributary.topology.readers=host:port,...}, the default on one machine. */
@ApplicationScoped
public class StaticSource {

    public static final String NAME = "static";

    @Inject
    TopologyConfig config;

    @Inject
    ReaderListings listings;

    @Inject
    SourceStatuses statuses;

    void start(@Observes StartupEvent ev) {
        config.readers().ifPresent(readers -> {
            Set<String> endpoints = new LinkedHashSet<>();
            for (String r : readers) {
                endpoints.add(Endpoints.check(r.strip()));
            }
            statuses.register(NAME);
            listings.replace(NAME, endpoints);
            statuses.success(NAME); // a configured list cannot be stale
        });
    }
}
