package io.tributary.bench;

import io.tributary.testkit.JournaldSender;
import io.tributary.testkit.PrivateJournald;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Measure 3: follow latency from the write to an SSE client through log-query and the reader, on a live private
 * journald. SSE follow from the tail ({@code follow=true&position=tail&match=BENCH_RUN=<run>}); once a probe entry
 * has come through, entries are written one at a time 2-5 ms apart with {@link JournaldSender}, each carrying its
 * send time; latency = line received − send. References in the same run, same writer: {@code journalctl -f}
 * ({@link FollowLatencyBench#journalctl}) and gatewayd {@code GET /entries?follow&BENCH_RUN=<run>} (JSON) on the
 * namespace's journal directory. Target: p50 ≤ 20 ms, p99 ≤ 100 ms.
 */
final class QueryFollowBench {

    static final double P50_MAX_MS = 20;
    static final double P99_MAX_MS = 100;

    private QueryFollowBench() {
    }

    static List<Result> run(QueryOptions o, PrivateJournald journald, ResultTable table) throws Exception {
        try (QueryStack stack = QueryStack.start(o, "follow",
                List.of(QueryStack.Source.namespace("node-0", journald.namespace())));
             Gatewayd gw = Gatewayd.directory(journald.journalDirectory(),
                     o.logDir().toAbsolutePath().resolve("query-gatewayd-follow.log"));
             JournaldSender sender = JournaldSender.open(journald.socketPath());
             Sse sse = new Sse(2)) {
            System.err.printf("follow latency: log-query pid %d, reader %s, gatewayd pid %d (load %s)%n", stack.queryPid(),
                    stack.readerPids(), gw.pid(), QueryBench.loadAverage());
            // warm-up: a short follow through log-query, not measured
            latency(o.referenceSamples(), sender, sse, run -> stack.uri(followPath(run)), "text/event-stream");
            List<Long> ours = latency(o.latencySamples(), sender, sse, run -> stack.uri(followPath(run)), "text/event-stream");
            List<Long> jctl = FollowLatencyBench.journalctl(o.referenceSamples(), sender, journald.namespace());
            List<Long> gwd = latency(o.referenceSamples(), sender, sse,
                    run -> gw.uri("/entries?follow&" + Follow.RUN + "=" + run), "application/json");
            double p50 = Stats.median(ours) / 1e6;
            double p99 = Stats.percentile(ours, 99) / 1e6;
            table.note(String.format("Follow latency (SSE through log-query): %d entries, p50 %.1f ms, p99 %.1f ms, max %.1f ms; "
                            + "journalctl -f: %d entries, p50 %.0f ms, p99 %.0f ms; gatewayd ?follow (JSON): %d entries, "
                            + "p50 %.0f ms, p99 %.0f ms. Written 2-5 ms apart through testkit JournaldSender (its python3 "
                            + "relay's round trip is inside every latency).", ours.size(), p50, p99, Stats.max(ours) / 1e6,
                    jctl.size(), Stats.median(jctl) / 1e6, Stats.percentile(jctl, 99) / 1e6, gwd.size(),
                    Stats.median(gwd) / 1e6, Stats.percentile(gwd, 99) / 1e6));
            String ref50 = String.format("journalctl -f: %.0f ms; gatewayd: %.0f ms", Stats.median(jctl) / 1e6,
                    Stats.median(gwd) / 1e6);
            String ref99 = String.format("journalctl -f: %.0f ms; gatewayd: %.0f ms", Stats.percentile(jctl, 99) / 1e6,
                    Stats.percentile(gwd, 99) / 1e6);
            return List.of(
                    new Result("Follow latency p50, write → SSE client (live journald)", String.format("%.1f ms", p50),
                            ref50, Result.ratio(p50 / (Stats.median(gwd) / 1e6)) + " gatewayd", "≤ 20 ms",
                            p50 <= P50_MAX_MS),
                    new Result("Follow latency p99, write → SSE client (live journald)", String.format("%.1f ms", p99),
                            ref99, Result.ratio(p99 / (Stats.percentile(gwd, 99) / 1e6)) + " gatewayd", "≤ 100 ms",
                            p99 <= P99_MAX_MS));
        }
    }

    static String followPath(String run, String... moreMatches) {
        StringBuilder b = new StringBuilder("/api/v1/entries?follow=true&position=tail&match=")
                .append(URLEncoder.encode(Follow.RUN + "=" + run, StandardCharsets.UTF_8));
        for (String m : moreMatches) {
            b.append("&match=").append(URLEncoder.encode(m, StandardCharsets.UTF_8));
        }
        return b.toString();
    }

    /** One follow stream; probes (seq -1) until one arrives, then n entries 2-5 ms apart; latencies in ns. */
    private static List<Long> latency(int n, JournaldSender sender, Sse sse, Function<String, URI> uri, String accept)
            throws Exception {
        String run = UUID.randomUUID().toString();
        ConcurrentHashMap<Integer, Long> latency = new ConcurrentHashMap<>();
        CountDownLatch ready = new CountDownLatch(1);
        CountDownLatch all = new CountDownLatch(n);
        Sse.Stream s = sse.open(uri.apply(run), accept, (seq, sent, received) -> {
            if (seq < 0) {
                ready.countDown();
            } else if (latency.putIfAbsent(seq, received - sent) == null) {
                all.countDown();
            }
        });
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!ready.await(100, TimeUnit.MILLISECONDS)) {
                if (System.nanoTime() > deadline || s.ended) {
                    throw new IllegalStateException(uri.apply(run) + ": follow stream never showed a probe entry"
                            + (s.error != null ? ": " + s.error : ""));
                }
                Follow.send(sender, run, -1, null);
            }
            Thread.sleep(1000); // let the probes' wake-ups pass
            FollowLatencyBench.write(n, sender, run);
            if (!all.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException(uri.apply(run) + ": follow received " + (n - all.getCount()) + " of " + n);
            }
        } finally {
            s.cancel();
        }
        return new ArrayList<>(latency.values());
    }
}
