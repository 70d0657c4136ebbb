package io.tributary.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Writes {@link JournalGenerator} entries into real journal files with systemd-journal-remote, one
 * subdirectory per node named by the node's machine id: {@code DIR/<machine-id>/remote-<host>.journal}.
 *
 * <p>That layout is what {@code sd_journal_open_directory(DIR)} / {@code journalctl -D DIR} scan (only
 * subdirectories named by a 128-bit id, one level deep), so DIR reads all nodes merged and
 * {@code DIR/<machine-id>} reads one. journal-remote keeps the entries' timestamps, boot ids and trusted
 * fields, but the file header gets the local machine id; take the host from entry fields. It caps a file at
 * 128 MiB and then rotates ({@code remote-<host>@....journal}), so a node directory can hold several files.
 */
public final class JournalFiles {

    /** The Debian location of systemd-journal-remote (package systemd-journal-remote). */
    public static final Path JOURNAL_REMOTE = Path.of("/lib/systemd/systemd-journal-remote");

    private static final Pattern WRITTEN = Pattern.compile("Finishing after writing (\\d+) entries");

    private JournalFiles() {
    }

    /** Writes every node of {@code generator} under {@code dir}; returns the node directories in node order. */
    public static List<Path> write(JournalGenerator generator, Path dir) throws IOException {
        List<Path> dirs = new ArrayList<>();
        for (int n = 0; n < generator.nodes().size(); n++) {
            dirs.add(writeNode(generator, n, dir));
        }
        return dirs;
    }

    /**
     * Writes one node to {@code dir/<machine-id>/remote-<hostname>.journal} by piping its export stream
     * into journal-remote; returns {@code dir/<machine-id>}.
     *
     * @throws IOException if journal-remote is missing, fails, or did not write every entry (it exits 0
     *                     even on a truncated stream, so its own "Finishing after writing N entries" is checked)
     */
    public static Path writeNode(JournalGenerator generator, int node, Path dir) throws IOException {
        if (!Files.isExecutable(JOURNAL_REMOTE)) {
            throw new IOException(JOURNAL_REMOTE + " not found: install the Debian package systemd-journal-remote");
        }
        JournalGenerator.Node n = generator.node(node);
        Path nodeDir = Files.createDirectories(dir.resolve(n.machineId()));
        Path file = nodeDir.resolve("remote-" + n.hostname() + ".journal");
        if (Files.exists(file)) {
            throw new FileAlreadyExistsException(file.toString(), null, "journal-remote would append to it");
        }
        Path stderr = Files.createTempFile("journal-remote-", ".log");
        try {
            // File input requires split-mode none and an --output ending in .journal; "-" is stdin.
            Process p = new ProcessBuilder(JOURNAL_REMOTE.toString(), "--split-mode=none", "--output=" + file, "-")
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(stderr.toFile())
                    .start();
            IOException writeError = null;
            try (OutputStream in = p.getOutputStream()) {
                generator.writeExport(node, in);
            } catch (IOException e) {
                writeError = e; // usually a broken pipe because journal-remote died: report its stderr below
            }
            int exit = waitFor(p);
            String err = Files.readString(stderr, StandardCharsets.UTF_8).strip();
            if (exit != 0 || writeError != null) {
                throw new IOException("systemd-journal-remote for " + file + " exited " + exit + ": " + err, writeError);
            }
            Matcher m = WRITTEN.matcher(err);
            long expected = generator.entryCount(node);
            if (!m.find() || Long.parseLong(m.group(1)) != expected) {
                throw new IOException("systemd-journal-remote did not write all " + expected + " entries to " + file
                        + ": " + err);
            }
            return nodeDir;
        } finally {
            Files.deleteIfExists(stderr);
        }
    }

    /** All {@code *.journal} files under {@code dir} (any depth), sorted. */
    public static List<Path> journalFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".journal") && Files.isRegularFile(p))
                    .sorted().toList();
        }
    }

    private static int waitFor(Process p) throws IOException {
        try {
            return p.waitFor();
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for systemd-journal-remote", e);
        }
    }
}
