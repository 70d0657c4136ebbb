package io.tributary.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Runs journalctl as the reference, output to /dev/null, and times it (wall clock, from fork to exit). */
final class Journalctl {

    private Journalctl() {
    }

    /** {@code journalctl --no-pager <args>} with stdout discarded; returns the wall time in ns. */
    static long time(List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("journalctl", "--no-pager"));
        cmd.addAll(args);
        return timeCommand(cmd);
    }

    /** Any command, stdout discarded; returns the wall time in ns. */
    static long timeCommand(List<String> cmd) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        int exit = p.waitFor();
        long t = System.nanoTime() - t0;
        if (exit != 0) {
            throw new IOException(String.join(" ", cmd) + " exited " + exit);
        }
        return t;
    }

    /** The number of entries {@code journalctl <args> -o export} prints (counts its "__CURSOR=" lines). */
    static long count(List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("journalctl", "--no-pager"));
        cmd.addAll(args);
        String line = String.join(" ", cmd.stream().map(Journalctl::quote).toList()) + " | grep -c '^__CURSOR='";
        Process p = new ProcessBuilder("sh", "-c", line).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        p.waitFor();
        return Long.parseLong(out);
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
