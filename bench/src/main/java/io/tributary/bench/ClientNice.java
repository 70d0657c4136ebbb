package io.tributary.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Lowers the CPU priority of this JVM (the load generator) below the measured service's, so that on a machine with
 * few cores the client does not take the service's CPU when both want it: the latency measured is then the
 * service's, not the scheduler's arbitration between the two. Raising one's own nice value needs no privileges
 * (lowering it does, so the service is started first, at normal priority, and only then is the client reniced).
 *
 * <p>Linux keeps the nice value per thread and a new thread inherits its creator's, so every thread that exists is
 * reniced ({@code /proc/self/task}), and threads created afterwards (Netty event loops, JIT compiler threads)
 * start niced.
 */
final class ClientNice {

    private ClientNice() {
    }

    /** Renices every thread of this JVM to {@code nice} (0: nothing done); returns a note for the results. */
    static String apply(int nice) throws IOException, InterruptedException {
        if (nice == 0) {
            return "client not niced (same priority as the service)";
        }
        // twice: a thread started while the first pass ran may have inherited the old value
        for (int pass = 0; pass < 2; pass++) {
            List<String> cmd = new ArrayList<>(List.of("renice", "-n", String.valueOf(nice), "-p"));
            cmd.addAll(threads());
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) {
                throw new IOException("renice failed: " + out.strip());
            }
        }
        List<Integer> nices = threads().stream().map(ClientNice::niceOf).filter(n -> n != ENDED).toList();
        long at = nices.stream().filter(n -> n == nice).count();
        if (at < nices.size()) {
            throw new IOException("only " + at + " of " + nices.size() + " threads are at nice " + nice);
        }
        return String.format("client niced %+d (all %d threads of the bench JVM; the service at 0)", nice, nices.size());
    }

    private static final int ENDED = Integer.MIN_VALUE;

    private static List<String> threads() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/task"))) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }

    /** Field 19 of /proc/self/task/TID/stat (after the parenthesised command name, which may hold spaces). */
    private static int niceOf(String tid) {
        try {
            String stat = Files.readString(Path.of("/proc/self/task", tid, "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Integer.parseInt(f[16]); // f[0] is field 3 (state)
        } catch (IOException e) {
            return ENDED; // the thread ended meanwhile
        }
    }
}
