package io.tributary.reader.grpc;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.tributary.testkit.JournalFiles;
import io.tributary.testkit.JournalGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Journal files for one node, made by systemd-journal-remote from the test kit's generator; the reader serves them. */
public class GeneratedJournal implements QuarkusTestResourceLifecycleManager {

    public static final JournalGenerator GENERATOR = JournalGenerator.builder()
            .entries(2000).frameworks(10).specialEvery(50).seed(7).build();

    static Path dir;

    @Override
    public Map<String, String> start() {
        try {
            Path root = Files.createTempDirectory("reader-range");
            dir = JournalFiles.writeNode(GENERATOR, 0, root);
            return Map.of("tributary.journal.directory", dir.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
    }
}
