package io.tributary.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/** Memory and CPU of a process from /proc. */
final class ProcStatus {

    /** Clock ticks per second of /proc/PID/stat times (USER_HZ, 100 on Linux). */
    private static final double TICKS = 100.0;

    private ProcStatus() {
    }

    /** A field of /proc/PID/status in kB, e.g. VmRSS, RssAnon, RssFile; -1 if the process is gone. */
    static long statusKb(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.substring(field.length() + 1).replace("kB", "").trim());
                }
            }
            return -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** User + system CPU seconds of the process so far. */
    static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS; // fields 14 and 15 of stat
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /**
     * Write system calls made by the process so far ({@code syscw} of /proc/PID/io: write, writev, sendmsg...), so a
     * benchmark can count socket writes per call; NaN if unreadable.
     */
    static double writeSyscalls(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/io"))) {
                if (line.startsWith("syscw:")) {
                    return Long.parseLong(line.substring(6).strip());
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        return Double.NaN;
    }

    /** Samples VmRSS (and its anonymous/file parts) of a process every {@code periodMs} until closed. */
    static final class RssSampler implements AutoCloseable {
        private final long pid;
        private final AtomicLong peakRssKb = new AtomicLong();
        private final AtomicLong anonAtPeakKb = new AtomicLong();
        private final AtomicLong fileAtPeakKb = new AtomicLong();
        private final Thread thread;
        private volatile boolean stop;

        RssSampler(long pid, long periodMs) {
            this.pid = pid;
            thread = new Thread(() -> {
                while (!stop) {
                    sample();
                    try {
                        Thread.sleep(periodMs);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "rss-sampler-" + pid);
            thread.setDaemon(true);
            thread.start();
        }

        private synchronized void sample() {
            long rss = statusKb(pid, "VmRSS");
            if (rss > peakRssKb.get()) {
                peakRssKb.set(rss);
                anonAtPeakKb.set(statusKb(pid, "RssAnon"));
                fileAtPeakKb.set(statusKb(pid, "RssFile"));
            }
        }

        long peakRssKb() {
            return peakRssKb.get();
        }

        long anonAtPeakKb() {
            return anonAtPeakKb.get();
        }

        long fileAtPeakKb() {
            return fileAtPeakKb.get();
        }

        @Override
        public void close() {
            stop = true;
            thread.interrupt();
            try {
                thread.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            sample();
        }
    }
}
