package io.tributary.cli.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** The packaged CLI run through its launcher (cli/bin/tributary) as a subprocess, stdout piped. */
final class Cli {

    static final Path LAUNCHER = Path.of("bin/tributary");

    record Result(int exit, byte[] stdout, String stderr) {
        String out() {
            return new String(stdout, StandardCharsets.UTF_8);
        }

        List<String> lines() {
            return out().lines().toList();
        }

        @Override
        public String toString() {
            return "exit " + exit + "\nstdout:\n" + out() + "\nstderr:\n" + stderr;
        }
    }

    static ProcessBuilder builder(Map<String, String> env, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(LAUNCHER.toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove("TRIBUTARY_TOKEN");
        pb.environment().remove("TRIBUTARY_URL");
        pb.environment().putAll(env);
        return pb;
    }

    /** Runs to the end (at most 60 s) with the given stdin. */
    static Result run(Map<String, String> env, String stdin, String... args) throws IOException, InterruptedException {
        Process p = builder(env, args).start();
        try (OutputStream in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        StringBuilder err = new StringBuilder();
        Thread errReader = drain(p.getErrorStream(), err);
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("tributary " + String.join(" ", args) + " did not end");
        }
        errReader.join(5000);
        return new Result(p.exitValue(), out, err.toString());
    }

    /**
     * Runs {@code shellCommand} (e.g. {@code bin/tributary logs < /dev/null}) with stdin and stdout on a
     * pseudo-terminal, through util-linux's {@code script} (Debian's bsdutils, always installed); the terminal turns
     * "\n" into "\r\n", undone here. stderr shares the terminal, so it arrives in stdout.
     */
    static Result atTerminal(Map<String, String> env, String shellCommand) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("script", "-qfec", shellCommand, "/dev/null")
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().remove("TRIBUTARY_TOKEN");
        pb.environment().remove("TRIBUTARY_URL");
        pb.environment().remove("NO_COLOR");
        pb.environment().put("TERM", "xterm");
        pb.environment().putAll(env);
        Process p = pb.start();
        StringBuilder err = new StringBuilder();
        Thread errReader = drain(p.getErrorStream(), err);
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(shellCommand + " did not end");
        }
        errReader.join(5000);
        String text = new String(out, StandardCharsets.UTF_8).replace("\r\n", "\n");
        return new Result(p.exitValue(), text.getBytes(StandardCharsets.UTF_8), err.toString());
    }

    static Thread drain(InputStream s, StringBuilder into) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(s, StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    synchronized (into) {
                        into.append(line).append('\n');
                    }
                }
            } catch (IOException ignored) {
                // process gone
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** A running CLI (a follow): its stdout lines arrive in a queue. */
    static final class Running implements AutoCloseable {
        final Process process;
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        final StringBuilder stderr = new StringBuilder();

        Running(Map<String, String> env, String... args) throws IOException {
            process = builder(env, args).start();
            process.getOutputStream().close();
            drain(process.getErrorStream(), stderr);
            Thread t = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        lines.add(line);
                    }
                } catch (IOException ignored) {
                    // process gone
                }
            });
            t.setDaemon(true);
            t.start();
        }

        /** The next line, or fails after the timeout. */
        String next(long seconds) throws InterruptedException, IOException {
            String l = lines.poll(seconds, TimeUnit.SECONDS);
            if (l == null) {
                throw new IOException("no line from the CLI in " + seconds + " s; alive=" + process.isAlive()
                        + "; stderr:\n" + stderr());
            }
            return l;
        }

        String stderr() {
            synchronized (stderr) {
                return stderr.toString();
            }
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
