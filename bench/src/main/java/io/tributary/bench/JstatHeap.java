package io.tributary.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Samples another JVM's heap with {@code jstat -gc <pid> <ms>} until closed. "Used" = S0U + S1U + EU + OU (KB):
 * everything allocated on the heap at that moment, garbage included (a peak of it bounds the live set from above);
 * "committed" = S0C + S1C + EC + OC.
 */
final class JstatHeap implements AutoCloseable {

    private final Process process;
    private final Thread thread;
    private final AtomicLong peakUsedKb = new AtomicLong();
    private final AtomicLong peakCommittedKb = new AtomicLong();
    private final AtomicLong samples = new AtomicLong();

    JstatHeap(long pid, int periodMs) throws IOException {
        process = new ProcessBuilder("jstat", "-gc", Long.toString(pid), Integer.toString(periodMs))
                .redirectErrorStream(true).start();
        thread = new Thread(this::read, "jstat-" + pid);
        thread.setDaemon(true);
        thread.start();
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            List<String> header = null;
            String line;
            while ((line = in.readLine()) != null) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 0 && f[0].equals("S0C")) {
                    header = Arrays.asList(f);
                    continue;
                }
                if (header == null || f.length != header.size()) {
                    continue;
                }
                try {
                    double used = v(f, header, "S0U") + v(f, header, "S1U") + v(f, header, "EU") + v(f, header, "OU");
                    double committed = v(f, header, "S0C") + v(f, header, "S1C") + v(f, header, "EC") + v(f, header, "OC");
                    peakUsedKb.accumulateAndGet((long) used, Math::max);
                    peakCommittedKb.accumulateAndGet((long) committed, Math::max);
                    samples.incrementAndGet();
                } catch (NumberFormatException e) {
                    // a partial line
                }
            }
        } catch (IOException e) {
            // jstat ended
        }
    }

    private static double v(String[] f, List<String> header, String col) {
        return Double.parseDouble(f[header.indexOf(col)]);
    }

    long peakUsedKb() {
        return peakUsedKb.get();
    }

    long peakCommittedKb() {
        return peakCommittedKb.get();
    }

    long samples() {
        return samples.get();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
