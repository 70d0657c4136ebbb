package io.tributary.deploy.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One run of {@code deploy/local/start} as a child process: its output, the processes it started, and the ways
 * to stop it (SIGINT as Ctrl-C sends it, or {@code deploy/local/stop}).
 */
final class LocalStack {

    static final String READY_LINE = "Ready.";

    private final Process process;
    private final List<String> output = new ArrayList<>();
    private final CountDownLatch ready = new CountDownLatch(1);
    private final Map<Long, ProcessHandle> started = new HashMap<>();
    private final Thread reader;

    private LocalStack(Process process) {
        this.process = process;
        reader = new Thread(this::readOutput, "deploy/local/start output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Runs {@code deploy/local/start ARGS} in REPO with exactly ENV as its environment. */
    static LocalStack start(Path repo, Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(repo.resolve("deploy/local/start").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(repo.toFile()).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(env);
        return new LocalStack(pb.start());
    }

    private void readOutput() {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                synchronized (output) {
                    output.add(line);
                }
                if (line.equals(READY_LINE)) {
                    ready.countDown();
                }
            }
        } catch (IOException e) {
            // the process ended; what it printed so far stays in output
        }
    }

    /** Waits for the ready line; fails with the output when the script ends or takes longer than TIMEOUT. */
    List<String> awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ready.await(200, TimeUnit.MILLISECONDS)) {
            if (!process.isAlive()) {
                reader.join(10_000);
                throw new AssertionError("deploy/local/start ended (exit " + process.exitValue() + ") before it was"
                        + " ready:\n" + output());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("deploy/local/start not ready within " + timeout + ":\n" + output());
            }
            rememberStarted();
        }
        rememberStarted();
        return outputLines();
    }

    /** Notes every process now running under the script, to check later that none is left. */
    void rememberStarted() {
        process.descendants().forEach(p -> started.putIfAbsent(p.pid(), p));
    }

    /** The processes seen under the script (services, journalds, demo tasks, their helpers). */
    List<ProcessHandle> startedProcesses() {
        return List.copyOf(started.values());
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Sends SIGINT to the script alone, as Ctrl-C would (it, not the terminal, stops the rest). */
    void interrupt() throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IOException("kill -INT " + process.pid() + " failed");
        }
    }

    /** Waits for the script to end and its output to be read to the end; returns its exit code. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("deploy/local/start still runs after " + timeout + ":\n" + output());
        }
        reader.join(10_000); // the last lines may still be in the pipe when the process is reaped
        return process.exitValue();
    }

    /** Last resort after a failed test: kills what is left of this run. */
    void killAll() {
        rememberStarted();
        started.values().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    List<String> outputLines() {
        synchronized (output) {
            return List.copyOf(output);
        }
    }

    String output() {
        return String.join("\n", outputLines());
    }
}
