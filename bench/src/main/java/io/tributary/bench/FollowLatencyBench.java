package io.tributary.bench;

import io.tributary.testkit.JournaldSender;
import io.tributary.testkit.PrivateJournald;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Measure 3: follow latency on a live private journald. A follow {@code Read} from the tail with a unique match;
 * entries are written one at a time 2-5 ms apart, each carrying its send time; latency = receive - send.
 * Reference: {@code journalctl --namespace=NS -f -n0 -o cat MATCH}, the same writer, stdout lines timestamped.
 * Target: p50 <= 5 ms, p99 <= 50 ms.
 */
final class FollowLatencyBench {

    static final double P50_MAX_MS = 5;
    static final double P99_MAX_MS = 50;
    private static final long MIN_GAP_NS = 2_000_000;
    private static final long MAX_GAP_NS = 5_000_000;

    private FollowLatencyBench() {
    }

    static List<Result> run(BenchOptions o, PrivateJournald journald, ReaderService reader, ResultTable table)
            throws Exception {
        try (JournaldSender sender = JournaldSender.open(journald.socketPath())) {
            List<Long> ours = reader(o.latencySamples(), sender, reader);
            List<Long> ref = journalctl(o.journalctlSamples(), sender, journald.namespace());
            double p50 = Stats.median(ours) / 1e6;
            double p99 = Stats.percentile(ours, 99) / 1e6;
            double r50 = Stats.median(ref) / 1e6;
            double r99 = Stats.percentile(ref, 99) / 1e6;
            table.note(String.format("Follow latency: %d entries to the reader (max %.1f ms), %d to journalctl -f "
                            + "(max %.0f ms), written %d-%d ms apart through testkit JournaldSender (its python3 relay's "
                            + "round trip is inside the latency).", ours.size(), Stats.max(ours) / 1e6, ref.size(),
                    Stats.max(ref) / 1e6, MIN_GAP_NS / 1_000_000, MAX_GAP_NS / 1_000_000));
            return List.of(
                    new Result("Follow latency p50 (live journald)", String.format("%.1f ms", p50),
                            String.format("journalctl -f: %.0f ms", r50), Result.ratio(p50 / r50), "≤ 5 ms",
                            p50 <= P50_MAX_MS),
                    new Result("Follow latency p99 (live journald)", String.format("%.1f ms", p99),
                            String.format("journalctl -f: %.0f ms", r99), Result.ratio(p99 / r99), "≤ 50 ms",
                            p99 <= P99_MAX_MS));
        }
    }

    private static List<Long> reader(int n, JournaldSender sender, ReaderService reader) throws Exception {
        String run = UUID.randomUUID().toString();
        long[] latency = new long[n];
        CountDownLatch all = new CountDownLatch(n);
        ReadStream<?> s = ReadStream.start(reader.newStub(), Follow.request(Follow.RUN, run), e -> {
            long now = System.nanoTime();
            int seq = Integer.parseInt(Follow.text(e, Follow.SEQ));
            latency[seq] = now - Long.parseLong(Follow.text(e, Follow.SENT_NS));
            all.countDown();
        });
        try {
            if (!s.awaitHeartbeat(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("follow stream not at the tail: " + s.error());
            }
            write(n, sender, run);
            if (!all.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("follow received " + (n - all.getCount()) + " of " + n + " entries");
            }
        } finally {
            s.cancel();
        }
        List<Long> r = new ArrayList<>(n);
        for (long l : latency) {
            r.add(l);
        }
        return r;
    }

    static List<Long> journalctl(int n, JournaldSender sender, String namespace) throws Exception {
        String run = UUID.randomUUID().toString();
        Process p = new ProcessBuilder("journalctl", "--namespace=" + namespace, "-f", "-n0", "-q", "-o", "cat",
                Follow.RUN + "=" + run).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        ConcurrentHashMap<Integer, Long> latency = new ConcurrentHashMap<>();
        CountDownLatch ready = new CountDownLatch(1);
        CountDownLatch all = new CountDownLatch(n);
        Thread lines = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    long now = System.nanoTime();
                    String[] seqSent = line.split(" ");
                    int seq = Integer.parseInt(seqSent[0]);
                    if (seq < 0) {
                        ready.countDown();
                    } else if (latency.putIfAbsent(seq, now - Long.parseLong(seqSent[1])) == null) {
                        all.countDown();
                    }
                }
            } catch (Exception e) {
                // process ended
            }
        }, "journalctl-lines");
        lines.setDaemon(true);
        lines.start();
        try {
            // journalctl -f is listening once a probe entry (seq -1) comes through.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!ready.await(100, TimeUnit.MILLISECONDS)) {
                if (System.nanoTime() > deadline || !p.isAlive()) {
                    throw new IllegalStateException("journalctl -f did not show the probe entries");
                }
                Follow.send(sender, run, -1, null);
            }
            Thread.sleep(1000); // let the probes' wake-ups pass
            write(n, sender, run);
            if (!all.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("journalctl -f printed " + (n - all.getCount()) + " of " + n);
            }
        } finally {
            p.destroy();
            p.waitFor(5, TimeUnit.SECONDS);
        }
        return new ArrayList<>(latency.values());
    }

    static void write(int n, JournaldSender sender, String run) throws Exception {
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < n; i++) {
            Follow.sleepNanos(r.nextLong(MIN_GAP_NS, MAX_GAP_NS + 1));
            Follow.send(sender, run, i, null);
        }
    }
}
