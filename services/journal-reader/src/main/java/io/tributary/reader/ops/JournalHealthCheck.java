package io.tributary.reader.ops;

import io.tributary.reader.config.JournalConfig;
import io.tributary.reader.sdjournal.Journal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready while the configured journal opens and can be read (its first entry's position), as every Read needs. */
@Readiness
@ApplicationScoped
public class JournalHealthCheck implements HealthCheck {

    @Inject
    JournalConfig config;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder b = HealthCheckResponse.named("journal").withData("source", config.source().toString());
        try (Journal journal = Journal.open(config.source())) {
            journal.seekHead();
            boolean any = journal.next();
            return b.up().withData("entries", any ? "yes" : "none yet").build();
        } catch (RuntimeException e) { // JournalException names the call and errno
            return b.down().withData("error", e.getMessage() == null ? e.toString() : e.getMessage()).build();
        }
    }
}
