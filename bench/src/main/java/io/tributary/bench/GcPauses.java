package io.tributary.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stop-the-world GC pauses of a server JVM within a window, from its unified GC log: the JVM is started with
 * {@link #jvmArg(Path)} (wall-clock millisecond decorations, so the bench can match pauses to its windows), and
 * {@link #between} sums the pauses logged in [from, to). A tail latency near the longest pause, with as many slow
 * calls as arrive during the pauses, points at the collector rather than at the call path.
 */
record GcPauses(int count, double totalMs, double maxMs) {

    /** "[1764127000123ms] GC(12) Pause Young (Normal) (G1 Evacuation Pause) 20M->5M(256M) 3.456ms". */
    private static final Pattern PAUSE = Pattern.compile("^\\[(\\d+)ms].* Pause .* (\\d+(?:\\.\\d+)?)ms$");

    static String jvmArg(Path log) {
        return "-Xlog:gc:file=" + log.toAbsolutePath() + ":timemillis";
    }

    /** Pauses that ended in [fromMillis, toMillis) (wall clock); zero pauses if the log cannot be read. */
    static GcPauses between(Path log, long fromMillis, long toMillis) {
        int n = 0;
        double total = 0, max = 0;
        try {
            for (String line : Files.readAllLines(log)) {
                Matcher m = PAUSE.matcher(line);
                if (m.matches()) {
                    long at = Long.parseLong(m.group(1));
                    if (at >= fromMillis && at < toMillis) {
                        double ms = Double.parseDouble(m.group(2));
                        n++;
                        total += ms;
                        max = Math.max(max, ms);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return new GcPauses(0, 0, 0);
        }
        return new GcPauses(n, total, max);
    }

    @Override
    public String toString() {
        return String.format("%d pauses, %.1f ms in all, longest %.1f ms", count, totalMs, maxMs);
    }
}
