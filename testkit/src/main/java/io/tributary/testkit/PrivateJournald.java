package io.tributary.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A private {@code systemd-journald <namespace>} run as a child process, so tests never touch the
 * machine's journal. Needs root; does not need systemd as PID 1.
 *
 * <p>Configuration goes to {@code /etc/systemd/journald@<ns>.conf} (the file a namespaced journald reads):
 * no rate limit (bulk loads would otherwise be dropped), {@code MaxRetentionSec=1year} (without a
 * retention time a namespaced journald exits after being idle for a while), and the file sizes.
 *
 * <p>Storage defaults to {@link Storage#PERSISTENT}, {@code /var/log/journal/<machine-id>.<ns>/}: fixtures
 * can be large (a 1M-entry journal is ~750 MB) and /run is often a small tmpfs. Everything the instance
 * created (journal directory, runtime socket directory, conf file) is deleted by {@link #close()}.
 */
public final class PrivateJournald implements AutoCloseable {

    public enum Storage { PERSISTENT, VOLATILE }

    /** Debian's location of the journald binary. */
    public static final Path JOURNALD = Path.of("/lib/systemd/systemd-journald");
    /**
     * Names accepted here: a conservative subset of systemd's rule (a valid file name and unit instance
     * name, no glob characters, at most 222 characters).
     */
    private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    private final String namespace;
    private final Path journalDirectory;
    private final Path runtimeDirectory;
    private final Path confFile;
    private final Path logFile;
    private final Process process;
    private final Thread shutdownHook;
    private JournaldSender sender;
    private boolean closed;

    private PrivateJournald(Builder b) throws IOException {
        if (!Files.isExecutable(JOURNALD)) {
            throw new IOException(JOURNALD + " not found (Debian package systemd)");
        }
        namespace = b.namespace != null ? b.namespace : "trib" + HexFormat.of().formatHex(randomBytes(6));
        if (!NAMESPACE.matcher(namespace).matches()) {
            throw new IllegalArgumentException("namespace must match " + NAMESPACE + ": " + namespace);
        }
        String machineId = Files.readString(Path.of("/etc/machine-id"), StandardCharsets.US_ASCII).strip();
        Path root = Path.of(b.storage == Storage.PERSISTENT ? "/var/log/journal" : "/run/log/journal");
        journalDirectory = root.resolve(machineId + "." + namespace);
        runtimeDirectory = Path.of("/run/systemd/journal." + namespace);
        confFile = Path.of("/etc/systemd/journald@" + namespace + ".conf");
        if (Files.exists(confFile) || Files.exists(journalDirectory)) {
            throw new IOException("journald namespace " + namespace + " is already in use");
        }
        Files.createDirectories(Path.of("/run/systemd/journal")); // journald expects it, systemd normally makes it
        String sizes = b.storage == Storage.PERSISTENT ? "System" : "Runtime";
        StringBuilder conf = new StringBuilder("# written by io.tributary.testkit.PrivateJournald\n[Journal]\n")
                .append("Storage=").append(b.storage == Storage.PERSISTENT ? "persistent" : "volatile").append('\n')
                .append("RateLimitIntervalSec=0\nRateLimitBurst=0\nMaxRetentionSec=1year\n");
        if (b.maxFileSize != null) {
            conf.append(sizes).append("MaxFileSize=").append(b.maxFileSize).append('\n');
        }
        if (b.maxUse != null) {
            conf.append(sizes).append("MaxUse=").append(b.maxUse).append('\n');
        }
        Files.writeString(confFile, conf);
        logFile = Files.createTempFile("journald-" + namespace + "-", ".log");
        process = new ProcessBuilder(JOURNALD.toString(), namespace)
                .redirectErrorStream(true).redirectOutput(logFile.toFile()).start();
        // A journald left behind by a JVM that never reached close() would run forever.
        shutdownHook = new Thread(this::close, "close journald " + namespace);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        try {
            awaitReady(b.startTimeout);
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Starts an instance with the defaults (persistent, random namespace, journald's default sizes). */
    public static PrivateJournald start() throws IOException {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private String namespace;
        private Storage storage = Storage.PERSISTENT;
        private String maxFileSize;
        private String maxUse;
        private Duration startTimeout = Duration.ofSeconds(10);

        /** Fixed namespace instead of {@code trib<12 hex>}; must not be in use. */
        public Builder namespace(String namespace) {
            this.namespace = namespace;
            return this;
        }

        public Builder storage(Storage storage) {
            this.storage = storage;
            return this;
        }

        /** {@code SystemMaxFileSize=} (or {@code RuntimeMaxFileSize=} when volatile), e.g. "8M", "2G". */
        public Builder maxFileSize(String size) {
            this.maxFileSize = size;
            return this;
        }

        /** {@code SystemMaxUse=} (or {@code RuntimeMaxUse=}); journald vacuums archived files beyond it. */
        public Builder maxUse(String size) {
            this.maxUse = size;
            return this;
        }

        public Builder startTimeout(Duration timeout) {
            this.startTimeout = timeout;
            return this;
        }

        public PrivateJournald start() throws IOException {
            return new PrivateJournald(this);
        }
    }

    /**
     * Ready means: the native socket takes a real datagram (a leftover socket file of a dead journald
     * refuses it) and the active journal file exists. The probe is a journal entry with
     * {@code TESTKIT_PROBE=1}.
     */
    private void awaitReady(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        sender = JournaldSender.open(socketPath());
        boolean sent = false;
        IOException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("journald " + namespace + " exited " + process.exitValue() + ": " + log());
            }
            if (!sent) {
                try {
                    sender.send(JournalField.of("MESSAGE", "testkit: journald ready probe"),
                            JournalField.of("TESTKIT_PROBE", "1"));
                    sent = true;
                } catch (IOException e) {
                    last = e;
                }
            }
            if (sent && Files.exists(activeFile())) {
                return;
            }
            sleep(20);
        }
        throw new IOException("journald " + namespace + " not ready after " + timeout
                + (last != null ? " (" + last.getMessage() + ")" : "") + ": " + log());
    }

    public String namespace() {
        return namespace;
    }

    /** The native-protocol socket, {@code /run/systemd/journal.<ns>/socket}. */
    public Path socketPath() {
        return runtimeDirectory.resolve("socket");
    }

    /** Where its files live: {@code /var/log/journal/<machine-id>.<ns>/} (or /run/log/journal/... when volatile). */
    public Path journalDirectory() {
        return journalDirectory;
    }

    public long pid() {
        return process.pid();
    }

    /** Sends one entry through the native socket (see {@link JournaldSender}). */
    public void send(JournalField... fields) throws IOException {
        sender.send(fields);
    }

    /** Sends one entry through the native socket (see {@link JournaldSender}). */
    public void send(List<JournalField> fields) throws IOException {
        sender.send(fields);
    }

    /** All journal files of this instance, sorted: the active {@code system.journal} and archived ones. */
    public List<Path> journalFiles() throws IOException {
        try (Stream<Path> s = Files.list(journalDirectory)) {
            return s.filter(p -> p.getFileName().toString().matches(".*\\.journal~?")).sorted().toList();
        } catch (NoSuchFileException e) {
            return List.of();
        }
    }

    /** Archived files: those journald renamed on rotation, {@code system@<seqnum-id>-...journal}. */
    public List<Path> archivedFiles() throws IOException {
        return journalFiles().stream().filter(p -> p.getFileName().toString().contains("@")).toList();
    }

    /**
     * Rotates like {@code journalctl --rotate}: SIGUSR2 makes journald archive {@code system.journal} and
     * open a new one. Returns the new archived file once it and the new active file exist. Note journald
     * also vacuums on rotation when {@code maxUse} is set.
     */
    public Path rotate() throws IOException {
        Set<Path> before = Set.copyOf(archivedFiles());
        signal("USR2");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            List<Path> added = archivedFiles().stream().filter(p -> !before.contains(p)).toList();
            if (!added.isEmpty() && Files.exists(activeFile())) {
                return added.get(0);
            }
            sleep(20);
        }
        throw new IOException("journald " + namespace + " did not rotate within 10 s: " + log());
    }

    /**
     * Deletes all archived files, as {@code journalctl --vacuum-files} would (the active file stays), and
     * confirms they are gone. Returns the deleted files.
     */
    public List<Path> vacuum() throws IOException {
        List<Path> archived = archivedFiles();
        for (Path p : archived) {
            Files.deleteIfExists(p);
        }
        if (!archivedFiles().isEmpty()) {
            throw new IOException("archived files remain after vacuum: " + archivedFiles());
        }
        return archived;
    }

    /** journald's own stdout/stderr so far (for error messages). */
    public String log() {
        try {
            String s = Files.readString(logFile, StandardCharsets.UTF_8).strip();
            return s.isEmpty() ? "(no output)" : s;
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    /** SIGTERM, wait (SIGKILL after 10 s), then delete the journal files, the socket directory and the conf. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (sender != null) {
            sender.close();
        }
        process.destroy(); // SIGTERM: journald syncs and marks its files offline
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        deleteTree(journalDirectory);
        deleteTree(runtimeDirectory); // its sockets outlive the process
        deleteTree(confFile);
        deleteTree(logFile);
        if (Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException ignored) {
                // JVM already shutting down
            }
        }
    }

    private Path activeFile() {
        return journalDirectory.resolve("system.journal");
    }

    private void signal(String name) throws IOException {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid())).redirectErrorStream(true).start();
            String out = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (kill.waitFor() != 0) {
                throw new IOException("kill -" + name + " " + pid() + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                Files.deleteIfExists(p);
            }
        } catch (NoSuchFileException ignored) {
            // nothing to delete
        } catch (IOException e) {
            System.err.println("PrivateJournald: could not delete " + root + ": " + e);
        }
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new SecureRandom().nextBytes(b);
        return b;
    }

    private static void sleep(long ms) throws IOException {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
