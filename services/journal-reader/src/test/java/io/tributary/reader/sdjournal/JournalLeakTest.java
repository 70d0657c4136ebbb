package io.tributary.reader.sdjournal;

import static io.tributary.reader.sdjournal.JournalWriter.field;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Many open/read/close cycles leave file descriptors and memory where they were. */
class JournalLeakTest {

    private static final int CYCLES = 10_000;

    /**
     * Runs the cycles in a child JVM with a fixed, pre-touched heap: in the shared surefire JVM the heap grows with
     * whatever ran before, and that growth swamped the native memory this test is about.
     */
    @Test
    void openReadCloseCyclesLeakNeitherDescriptorsNorMemory() throws IOException, InterruptedException {
        Path dir = Fixtures.oneNodeDir();
        String first = Fixtures.oneNodeEntries().get(0).text("MESSAGE");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-Xms64m", "-Xmx64m", "-XX:+AlwaysPreTouch",
                "-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), Cycles.class.getName(), dir.toString(), first)
                .redirectErrorStream(true).start();
        String out = new String(child.getInputStream().readAllBytes(), UTF_8);
        assertTrue(child.waitFor(120, TimeUnit.SECONDS), "child did not end");
        System.out.print(out);
        assertEquals(0, child.exitValue(), out);
        String[] f = out.lines().filter(l -> l.startsWith("result ")).findFirst().orElseThrow().split(" ");
        long fds = Long.parseLong(f[1]), fdsAfter = Long.parseLong(f[2]);
        long rss = Long.parseLong(f[3]), rssAfter = Long.parseLong(f[4]), seconds = Long.parseLong(f[5]);
        assertTrue(Math.abs(fdsAfter - fds) <= 2, "fds " + fds + " -> " + fdsAfter);
        assertTrue(rssAfter - rss < 50 * 1024, "RSS " + rss + " KiB -> " + rssAfter + " KiB");
        assertTrue(seconds < 30, CYCLES + " cycles took " + seconds + " s");
    }

    /** The child's side: warm up, then measure descriptors and RSS around the cycles. */
    static final class Cycles {
        public static void main(String[] args) throws IOException {
            Path dir = Path.of(args[0]);
            cycles(dir, args[1], 500); // warm up: JIT, jnr stubs, allocator arenas
            long fds = openFds();
            long rss = rssKiB();
            long start = System.nanoTime();
            cycles(dir, args[1], CYCLES);
            long seconds = (System.nanoTime() - start) / 1_000_000_000L;
            long fdsAfter = openFds();
            long rssAfter = rssKiB();
            System.out.printf("%d open/read/close cycles: %d s, fds %d -> %d, VmRSS %d -> %d KiB%n", CYCLES, seconds,
                    fds, fdsAfter, rss, rssAfter);
            System.out.printf("result %d %d %d %d %d%n", fds, fdsAfter, rss, rssAfter, seconds);
        }
    }

    /** A missing journald socket makes every send fail; the failures must not leak either. */
    @Test
    void writerOpenCloseCyclesLeakNoDescriptors() throws IOException {
        Path missing = Fixtures.tempDir("sdjournal-leak").resolve("socket");
        long fds = openFds();
        for (int i = 0; i < CYCLES; i++) {
            try (JournalWriter w = JournalWriter.socket(missing)) {
                w.send(List.of(field("MESSAGE", "x")));
            } catch (JournalException expected) {
                assertEquals(Errno.ENOENT, expected.errno());
            }
        }
        long fdsAfter = openFds();
        assertTrue(Math.abs(fdsAfter - fds) <= 2, "fds " + fds + " -> " + fdsAfter);
    }

    private static void cycles(Path dir, String first, int n) {
        for (int i = 0; i < n; i++) {
            try (Journal j = Fixtures.openDir(dir)) {
                j.seekHead();
                j.next();
                JournalEntry e = j.entry(); // enumerate, cursor (malloc/free), timestamps
                if (!first.equals(e.text("MESSAGE"))) {
                    throw new AssertionError("cycle " + i + " read " + e.text("MESSAGE"));
                }
            }
        }
    }

    private static long openFds() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }

    private static long rssKiB() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new AssertionError("no VmRSS in /proc/self/status");
    }
}
