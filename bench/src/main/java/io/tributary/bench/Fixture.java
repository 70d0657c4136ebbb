package io.tributary.bench;

import io.tributary.testkit.JournalFiles;
import io.tributary.testkit.JournalGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The range-read fixture: one generated node (generator defaults: 80 frameworks x 5 executors, ~20 fields and
 * a 100-200 byte MESSAGE per entry) written by systemd-journal-remote, cached under
 * {@code <cache>/journal-e<entries>-n1-f80-x5-seed<seed>-sp0} so reruns reuse it. A directory only appears
 * under that name once complete (written as {@code .tmp}, then renamed).
 */
record Fixture(JournalGenerator generator, Path directory) {

    static Fixture prepare(BenchOptions o) throws IOException {
        JournalGenerator gen = JournalGenerator.builder().entries(o.entries()).seed(o.seed()).build();
        Path dir = o.cacheDir().resolve("journal-e" + o.entries() + "-n1-f80-x5-seed" + o.seed() + "-sp0");
        if (!Files.isDirectory(dir)) {
            Path tmp = dir.resolveSibling(dir.getFileName() + ".tmp");
            deleteTree(tmp);
            Files.createDirectories(tmp);
            System.err.printf("generating %,d entries into %s (journal-remote, ~3 min per million)...%n",
                    o.entries(), dir);
            long t = System.nanoTime();
            JournalFiles.writeNode(gen, 0, tmp);
            Files.move(tmp, dir);
            System.err.printf("generated in %.0f s%n", (System.nanoTime() - t) / 1e9);
        }
        return new Fixture(gen, dir);
    }

    long entries() {
        return generator.totalEntries();
    }

    long bytesOnDisk() throws IOException {
        long sum = 0;
        for (Path p : JournalFiles.journalFiles(directory)) {
            sum += Files.size(p);
        }
        return sum;
    }

    int fileCount() throws IOException {
        return JournalFiles.journalFiles(directory).size();
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }
}
