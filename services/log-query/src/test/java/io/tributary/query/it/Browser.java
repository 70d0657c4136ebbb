package io.tributary.query.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real headless Chromium (Debian's {@code /usr/bin/chromium}) driven by playwright-core through
 * {@code src/test/ui/bridge.mjs}: {@link #run} sends the body of an async JS function of {@code (page, context)} and
 * returns its JSON result. playwright-core is installed with {@code npm ci} from the committed package-lock.json into
 * {@code target/ui-test} (no browser download: playwright-core has none).
 */
final class Browser implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Path SOURCES = Path.of("src/test/ui");
    static final Path WORK = Path.of("target/ui-test");

    private final Process node;
    private final Writer in;
    private final BlockingQueue<JsonNode> replies = new LinkedBlockingQueue<>();
    private final StringBuilder stderr = new StringBuilder();
    private int nextId = 1;

    Browser() throws IOException, InterruptedException {
        install();
        node = new ProcessBuilder("node", "bridge.mjs").directory(WORK.toFile()).start();
        in = new java.io.OutputStreamWriter(node.getOutputStream(), StandardCharsets.UTF_8);
        pump(new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8)), true);
        pump(new BufferedReader(new InputStreamReader(node.getErrorStream(), StandardCharsets.UTF_8)), false);
        JsonNode ready = replies.poll(60, TimeUnit.SECONDS);
        if (ready == null || !ready.path("ok").asBoolean()) {
            close();
            throw new IOException("chromium did not start: " + ready + "\n" + stderr);
        }
    }

    /** npm ci once per package-lock.json content (the lock is copied last: its presence marks a finished install). */
    static synchronized void install() throws IOException, InterruptedException {
        Files.createDirectories(WORK);
        Path lock = WORK.resolve("package-lock.json");
        boolean fresh = Files.exists(lock) && Files.exists(WORK.resolve("node_modules/playwright-core"))
                && Files.mismatch(lock, SOURCES.resolve("package-lock.json")) == -1;
        Files.copy(SOURCES.resolve("bridge.mjs"), WORK.resolve("bridge.mjs"), StandardCopyOption.REPLACE_EXISTING);
        if (fresh) {
            return;
        }
        Files.deleteIfExists(lock);
        Files.copy(SOURCES.resolve("package.json"), WORK.resolve("package.json"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(SOURCES.resolve("package-lock.json"), lock);
        Process npm = new ProcessBuilder(List.of("npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts"))
                .directory(WORK.toFile()).redirectErrorStream(true)
                .redirectOutput(WORK.resolve("npm-ci.log").toFile()).start();
        if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0) {
            npm.destroyForcibly();
            Files.deleteIfExists(lock);
            throw new IOException("npm ci failed: " + Files.readString(WORK.resolve("npm-ci.log")));
        }
    }

    private void pump(BufferedReader r, boolean out) {
        Thread t = new Thread(() -> {
            try {
                for (String line; (line = r.readLine()) != null; ) {
                    if (out && line.startsWith("{")) {
                        replies.add(JSON.readTree(line));
                    } else {
                        synchronized (stderr) {
                            stderr.append(line).append('\n');
                        }
                    }
                }
            } catch (IOException closed) {
                // the process ended
            }
        }, "browser-" + (out ? "out" : "err"));
        t.setDaemon(true);
        t.start();
    }

    /** Runs the script (an async function body of page, context) and returns its value; fails on a JS error. */
    JsonNode run(String script) throws IOException, InterruptedException {
        return run(script, Duration.ofSeconds(60));
    }

    synchronized JsonNode run(String script, Duration timeout) throws IOException, InterruptedException {
        int id = nextId++;
        in.write(JSON.writeValueAsString(JSON.createObjectNode().put("id", id).put("script", script)) + "\n");
        in.flush();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode reply = replies.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (reply == null) {
                throw new IOException("browser script timed out after " + timeout + ": " + script + "\n" + stderr);
            }
            if (reply.path("id").asInt() != id) {
                continue; // a late reply of a timed-out script
            }
            if (!reply.path("ok").asBoolean()) {
                throw new AssertionError("browser script failed: " + script + "\n" + reply.path("error").asText());
            }
            return reply.path("value");
        }
    }

    /** The value of a JS expression evaluated in the page (run's scripts run in node, beside the page). */
    JsonNode inPage(String expression) throws IOException, InterruptedException {
        return run("return await page.evaluate(() => " + expression + ");");
    }

    /** Polls a JS expression in the page until it is truthy (page.waitForFunction), failing after the timeout. */
    void awaitInPage(String expression, Duration timeout) throws IOException, InterruptedException {
        run("await page.waitForFunction(() => " + expression + ", null, {timeout: " + timeout.toMillis() + "}); return true;",
                timeout.plusSeconds(30));
    }

    /** A JS string literal of s. */
    static String js(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            in.close();
            if (!node.waitFor(10, TimeUnit.SECONDS)) {
                node.destroy();
            }
        } catch (IOException | InterruptedException e) {
            node.destroyForcibly();
        }
    }
}
