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
        return prepare(o.cacheDir(), o.entries(), o.seed());
    }

    static Fixture prepare(Path cacheDir, long entries, long seed) throws IOException {
        JournalGenerator gen = JournalGenerator.builder().entries(entries).seed(seed).build();
        Path dir = cacheDir.resolve("journal-e" + entries + "-n1-f80-x5-seed" + seed + "-sp0");
        write(gen, 0, dir);
        return new Fixture(gen, dir);
    }

    /**
     * A cluster fixture: {@code entries} in total over {@code nodes} generated nodes (distinct machine/boot ids,
     * hostnames, agent ids), each node in its own directory
     * {@code <cache>/journal-e<entries>-n<nodes>-f80-x5-seed<seed>-sp0/node<i>}, for one reader per node.
     */
    static java.util.List<Fixture> prepareNodes(Path cacheDir, long entries, int nodes, long seed) throws IOException {
        JournalGenerator gen = JournalGenerator.builder().entries(entries).nodes(nodes).seed(seed).build();
        Path base = cacheDir.resolve("journal-e" + entries + "-n" + nodes + "-f80-x5-seed" + seed + "-sp0");
        java.util.List<Fixture> r = new java.util.ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            Path dir = base.resolve("node" + i);
            write(gen, i, dir);
            r.add(new Fixture(gen, dir));
        }
        return r;
    }

    private static void write(JournalGenerator gen, int node, Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Path tmp = dir.resolveSibling(dir.getFileName() + ".tmp");
            deleteTree(tmp);
            Files.createDirectories(tmp);
            System.err.printf("generating %,d entries into %s (journal-remote, ~3 min per million)...%n",
                    gen.entryCount(node), dir);
            long t = System.nanoTime();
            JournalFiles.writeNode(gen, node, tmp);
            Files.move(tmp, dir);
            System.err.printf("generated in %.0f s%n", (System.nanoTime() - t) / 1e9);
        }
    }

    /** Entries of this fixture's directory (all of a single-node fixture, one node's share of a cluster one). */
    long entries() {
        return generator.nodes().size() == 1 ? generator.totalEntries() : generator.entryCount(nodeIndex());
    }

    /** The generated node this directory holds (its name is node<i> in a cluster fixture). */
    int nodeIndex() {
        String n = directory.getFileName().toString();
        return n.startsWith("node") ? Integer.parseInt(n.substring(4)) : 0;
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
