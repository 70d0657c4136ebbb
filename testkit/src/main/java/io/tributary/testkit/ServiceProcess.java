package io.tributary.testkit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A service in its own JVM, e.g. a built Quarkus application ({@code <module>/target/quarkus-app/quarkus-run.jar}),
 * for tests that need the real packaged artifact or several services at once.
 *
 * <p>The JVM is {@code java} from this JVM's {@code java.home}, started with
 * {@code --enable-native-access=ALL-UNNAMED} (accepted by JDK 17 and needed for the jnr-ffi/libsystemd
 * binding on newer JDKs). stdout and stderr go to one log file; {@link #start} returns once the given TCP
 * port on 127.0.0.1 accepts connections, and fails with the log's tail if the process dies or the timeout
 * passes. {@link #close()} sends SIGTERM (Quarkus shuts down gracefully) and kills after 10 s.
 *
 * <pre>{@code
 * int port = ServiceProcess.freePort();
 * try (ServiceProcess s = ServiceProcess.quarkusApp(Path.of("services/journal-reader"))
 *         .systemProperty("quarkus.http.port", port).waitForPort(port).start()) { ... }
 * }</pre>
 */
public final class ServiceProcess implements AutoCloseable {

    private static final int LOG_TAIL_LINES = 40;

    private final Process process;
    private final Path logFile;
    private final int port;
    private final Thread shutdownHook;
    private boolean closed;

    private ServiceProcess(Builder b) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(b.jvmArgs);
        b.systemProperties.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.addAll(b.launch);
        cmd.addAll(b.args);
        Files.createDirectories(b.logFile.toAbsolutePath().getParent());
        this.logFile = b.logFile;
        this.port = b.port;
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(b.logFile.toFile()));
        if (b.workingDirectory != null) {
            pb.directory(b.workingDirectory.toFile());
        }
        pb.environment().putAll(b.environment);
        process = pb.start();
        shutdownHook = new Thread(this::close, "stop service " + process.pid());
        Runtime.getRuntime().addShutdownHook(shutdownHook); // never leave a service running after the tests
        try {
            if (b.port > 0) {
                awaitPort(b.port, b.startTimeout);
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** A Quarkus fast-jar: {@code <moduleDir>/target/quarkus-app/quarkus-run.jar}, run in moduleDir, log in target/. */
    public static Builder quarkusApp(Path moduleDir) throws IOException {
        Path jar = moduleDir.resolve("target/quarkus-app/quarkus-run.jar").toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IOException(jar + " does not exist: build the module first (mvn package)");
        }
        return new Builder(List.of("-jar", jar.toString()),
                moduleDir.resolve("target/" + moduleDir.toAbsolutePath().getFileName() + "-service.log"))
                .workingDirectory(moduleDir);
    }

    /** Any main class on a class path; the log defaults to {@code target/<SimpleName>-service.log}. */
    public static Builder javaMain(String mainClass, String classpath) {
        String simple = mainClass.substring(mainClass.lastIndexOf('.') + 1);
        return new Builder(List.of("-cp", classpath, mainClass), Path.of("target", simple + "-service.log"));
    }

    public static final class Builder {
        private final List<String> launch;
        private final List<String> jvmArgs = new ArrayList<>(List.of("--enable-native-access=ALL-UNNAMED"));
        private final Map<String, String> systemProperties = new LinkedHashMap<>();
        private final Map<String, String> environment = new LinkedHashMap<>();
        private final List<String> args = new ArrayList<>();
        private Path workingDirectory;
        private Path logFile;
        private int port;
        private Duration startTimeout = Duration.ofSeconds(60);

        private Builder(List<String> launch, Path logFile) {
            this.launch = launch;
            this.logFile = logFile;
        }

        public Builder systemProperty(String name, Object value) {
            systemProperties.put(name, String.valueOf(value));
            return this;
        }

        public Builder jvmArg(String arg) {
            jvmArgs.add(arg);
            return this;
        }

        /** Program argument (after the main class or jar). */
        public Builder arg(String arg) {
            args.add(arg);
            return this;
        }

        public Builder environment(String name, String value) {
            environment.put(name, value);
            return this;
        }

        public Builder workingDirectory(Path dir) {
            this.workingDirectory = dir;
            return this;
        }

        /** Where stdout and stderr go (overwritten). */
        public Builder logFile(Path file) {
            this.logFile = file;
            return this;
        }

        /** {@link #start()} returns once 127.0.0.1:port accepts a connection; 0 = do not wait. */
        public Builder waitForPort(int port) {
            this.port = port;
            return this;
        }

        public Builder startTimeout(Duration timeout) {
            this.startTimeout = timeout;
            return this;
        }

        public ServiceProcess start() throws IOException {
            return new ServiceProcess(this);
        }
    }

    /** A port that was free on 127.0.0.1 a moment ago (the OS picks it; another process may still take it). */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        }
    }

    private void awaitPort(int port, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("service exited with code " + process.exitValue() + " before 127.0.0.1:" + port
                        + " accepted connections; " + logFile + " ends with:\n" + logTail(LOG_TAIL_LINES));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                sleep(50);
            }
        }
        throw new IOException("service did not accept connections on 127.0.0.1:" + port + " within " + timeout
                + "; " + logFile + " ends with:\n" + logTail(LOG_TAIL_LINES));
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path logFile() {
        return logFile;
    }

    /** The last {@code lines} lines of the log. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /** SIGTERM, wait up to 10 s, then SIGKILL. Returns after the process is gone. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        if (Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException ignored) {
                // JVM already shutting down
            }
        }
    }

    /** Exit code after {@link #close()} or death, e.g. 143 after SIGTERM. */
    public int exitValue() {
        return process.exitValue();
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
