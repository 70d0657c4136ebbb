package io.tributary.reader.grpc;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.tributary.testkit.PrivateJournald;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** A private namespaced systemd-journald for the test; the reader serves its namespace. */
public class PrivateJournal implements QuarkusTestResourceLifecycleManager {

    static PrivateJournald journald;

    @Override
    public Map<String, String> start() {
        try {
            journald = PrivateJournald.builder().maxFileSize("64M").start();
            return Map.of("tributary.journal.namespace", journald.namespace());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        if (journald != null) {
            journald.close();
        }
    }
}
