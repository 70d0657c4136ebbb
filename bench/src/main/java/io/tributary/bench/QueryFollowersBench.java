package io.tributary.bench;

import io.tributary.testkit.JournaldSender;
import io.tributary.testkit.PrivateJournald;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measure 5: N concurrent SSE followers on one log-query (fresh stack on the private journald), follower k matching
 * {@code BENCH_RUN=<run>} and {@code BENCH_KEY=k<k>}, each on its own HTTP/1.1 connection (JDK HttpClient, 4 client
 * threads, non-blocking). Each follower is ready once a probe entry (seq -1, its key) has reached it. Plus one
 * deliberately stalled client: a raw socket following every entry of the run ({@code BENCH_RUN} only) that sends
 * its request and never reads. Unless {@code --warmups 0}, the same load is written once unmeasured (sequence
 * number -2, ignored by the followers) while the fresh JVMs compile: without it, C2 compiler threads took about a
 * third of the two cores during the measured window. Then R entries/s for S seconds (paced), keys round-robin;
 * every follower must receive exactly its sequence numbers, in order. Latency = line received − send. log-query's
 * heap is sampled with jstat every 100 ms from start-up to the end (peak of used = S0U+S1U+EU+OU, garbage
 * included), and the live set is read after a full GC at the end (jcmd GC.run; GC.heap_info), the stalled client
 * still connected.
 * Targets: nothing lost, p99 ≤ 250 ms, heap ≤ 512 MB.
 */
final class QueryFollowersBench {

    static final double P99_MAX_MS = 250;
    static final long MAX_HEAP_KB = 512L * 1024;

    private QueryFollowersBench() {
    }

    static List<Result> run(QueryOptions o, PrivateJournald journald, ResultTable table) throws Exception {
        int n = o.followers();
        int total = o.followRate() * o.followSeconds();
        String run = UUID.randomUUID().toString();
        try (QueryStack stack = QueryStack.start(o, "followers",
                List.of(QueryStack.Source.namespace("node-0", journald.namespace())));
             JstatHeap heap = new JstatHeap(stack.queryPid(), 100);
             JournaldSender sender = JournaldSender.open(journald.socketPath());
             Sse sse = new Sse(4)) {
            System.err.printf("followers: log-query pid %d, reader %s (load %s)%n", stack.queryPid(), stack.readerPids(),
                    QueryBench.loadAverage());
            List<List<Integer>> seqs = new ArrayList<>();
            List<List<Long>> latencies = new ArrayList<>();
            List<AtomicBoolean> ready = new ArrayList<>();
            List<Sse.Stream> streams = new ArrayList<>();
            for (int k = 0; k < n; k++) {
                List<Integer> mine = new ArrayList<>();
                List<Long> lat = new ArrayList<>();
                AtomicBoolean r = new AtomicBoolean();
                seqs.add(mine);
                latencies.add(lat);
                ready.add(r);
                streams.add(sse.open(stack.uri(QueryFollowBench.followPath(run, Follow.KEY + "=k" + k)),
                        "text/event-stream", (seq, sent, received) -> {
                            if (seq < 0) {
                                r.set(true);
                                return;
                            }
                            synchronized (mine) {
                                mine.add(seq);
                                lat.add(received - sent);
                            }
                        }));
            }
            List<Socket> stalled = new ArrayList<>();
            try {
                for (int i = 0; i < o.stalled(); i++) {
                    stalled.add(stall(stack, run));
                }
                // Probes until every follower has seen one (its reader stream is at the tail).
                long t0 = System.nanoTime();
                long deadline = t0 + TimeUnit.SECONDS.toNanos(180);
                while (true) {
                    int missing = 0;
                    for (int k = 0; k < n; k++) {
                        if (!ready.get(k).get()) {
                            missing++;
                            Follow.send(sender, run, -1, "k" + k);
                        }
                    }
                    if (missing == 0) {
                        break;
                    }
                    long ended = streams.stream().filter(s -> s.ended).count();
                    if (System.nanoTime() > deadline || ended > 0) {
                        throw new IllegalStateException(missing + " of " + n + " followers never saw a probe, " + ended
                                + " streams ended; e.g. " + streams.stream().filter(s -> s.error != null).map(s -> s.error)
                                .findFirst().orElse(null));
                    }
                    Thread.sleep(500);
                }
                double setup = (System.nanoTime() - t0) / 1e9;
                if (o.warmups() > 0) { // the same load once, unmeasured: the fresh JVMs compile while it runs
                    System.err.printf("  %d followers ready after %.1f s; warm-up: %,d entries at %,d/s (load %s)%n", n,
                            setup, total, o.followRate(), QueryBench.loadAverage());
                    Follow.writePaced(sender, run, total, o.followRate(), n, true);
                    Thread.sleep(2000);
                }
                long t1 = System.nanoTime();
                Thread.sleep(1000);
                System.err.printf("  writing %,d entries at %,d/s (load %s)%n", total, o.followRate(),
                        QueryBench.loadAverage());
                long self = ProcessHandle.current().pid();
                double q0 = ProcStatus.cpuSeconds(stack.queryPid());
                double r0 = ProcStatus.cpuSeconds(stack.readerPids().get(0));
                double c0 = ProcStatus.cpuSeconds(self);
                double writeSeconds = Follow.writePaced(sender, run, total, o.followRate(), n);
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (System.nanoTime() < end && received(seqs) < total) {
                    Thread.sleep(20);
                }
                double window = (System.nanoTime() - t1) / 1e9 - 1;
                String cpu = String.format("CPU from the first write to the last delivery (%.1f s): log-query %.1f s, "
                        + "reader %.1f s, bench process (writer + clients) %.1f s", window,
                        ProcStatus.cpuSeconds(stack.queryPid()) - q0, ProcStatus.cpuSeconds(stack.readerPids().get(0)) - r0,
                        ProcStatus.cpuSeconds(self) - c0);
                Follow.Delivery d = Follow.check(seqs, total);
                int complete = d.complete();
                long lost = d.lost();
                long extra = d.extra();
                long failed = streams.stream().filter(s -> s.ended).count();
                List<Long> all = new ArrayList<>();
                for (List<Long> l : latencies) {
                    synchronized (l) {
                        all.addAll(l);
                    }
                }
                double p50 = all.isEmpty() ? Double.NaN : Stats.median(all) / 1e6;
                double p99 = all.isEmpty() ? Double.NaN : Stats.percentile(all, 99) / 1e6;
                double max = all.isEmpty() ? Double.NaN : Stats.max(all) / 1e6;
                long liveKb = HeapUsage.usedAfterGc(stack.queryPid()) / 1024;
                StringBuilder stalledState = new StringBuilder();
                for (Socket s : stalled) {
                    stalledState.append(stalledState.length() == 0 ? "" : "; ").append(drain(s));
                }
                heap.close();
                long peakKb = heap.peakUsedKb();
                String heapOpt = o.queryHeap().isBlank() ? "JVM default max heap" : "-Xmx" + o.queryHeap();
                table.note(String.format("Followers: %d SSE follow streams, one HTTP/1.1 connection each, plus %d stalled "
                                + "client(s) (raw socket following all %,d entries, never reading; %s); followers "
                                + "ready %.1f s after opening; %s; %,d entries written in %.1f s (%,.0f/s achieved); %,d "
                                + "delivered, %d lost, %d duplicate/foreign, %d streams ended early; latency p50 %.1f ms, "
                                + "p99 %.1f ms, max %.1f ms. log-query (%s): jstat peak used heap %d MiB (peak committed "
                                + "%d MiB, %d samples), live set after full GC at the end %d MiB. %s.", n, o.stalled(), total,
                        stalledState.length() == 0 ? "none" : stalledState, setup, o.warmups() > 0
                                ? String.format("then an unmeasured warm-up of the same load (%,d entries the followers "
                                        + "ignore)", total) : "no warm-up", total, writeSeconds,
                        total / writeSeconds, received(seqs), lost, extra, failed, p50, p99, max, heapOpt, peakKb / 1024,
                        heap.peakCommittedKb() / 1024, heap.samples(), liveKb / 1024, cpu));
                return List.of(
                        new Result(String.format("%d SSE followers + %d stalled client(s), %,d entries/s for %d s: complete "
                                        + "followers", n, o.stalled(), o.followRate(), o.followSeconds()),
                                complete + "/" + n + " (" + lost + " lost)", "–", "–", "all, 0 lost",
                                complete == n && lost == 0),
                        new Result(String.format("%d SSE followers: delivery latency p99", n), String.format("%.1f ms", p99),
                                "–", "–", "≤ 250 ms", p99 <= P99_MAX_MS),
                        new Result(String.format("%d SSE followers: log-query heap, jstat peak used (%s)", n, heapOpt),
                                (peakKb / 1024) + " MiB (live after GC: " + (liveKb / 1024) + " MiB)", "–", "–", "≤ 512 MB",
                                peakKb <= MAX_HEAP_KB));
            } finally {
                streams.forEach(Sse.Stream::cancel);
                for (Socket s : stalled) {
                    s.close();
                }
            }
        }
    }

    /** A follow request for every entry of the run on a raw socket that is never read. */
    private static Socket stall(QueryStack stack, String run) throws Exception {
        Socket s = new Socket("127.0.0.1", stack.port());
        s.setReceiveBufferSize(64 * 1024);
        OutputStream out = s.getOutputStream();
        out.write(("GET " + QueryFollowBench.followPath(run) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Accept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return s;
    }

    /**
     * What became of the stalled client, found at the end by reading what was left for it: EOF within 3 s = log-query
     * had closed it (the last SSE event is shown when it is a close event); otherwise still open.
     */
    private static String drain(Socket s) throws java.io.IOException {
        s.setSoTimeout(500);
        java.io.InputStream in = s.getInputStream();
        byte[] buf = new byte[1 << 16];
        long bytes = 0;
        String tail = "";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        try {
            int r;
            while (System.nanoTime() < deadline && (r = in.read(buf)) > 0) {
                bytes += r;
                tail = new String(buf, Math.max(0, r - 300), Math.min(r, 300), StandardCharsets.UTF_8);
            }
            if (System.nanoTime() < deadline) {
                int c = tail.lastIndexOf("event: close");
                return String.format("closed by log-query (%,d bytes were waiting%s)", bytes,
                        c >= 0 ? ", ending with an event: close" : "");
            }
        } catch (java.net.SocketTimeoutException e) {
            // open, nothing more to read
        }
        return String.format("still connected at the end (%,d bytes read when drained)", bytes);
    }

    private static long received(List<List<Integer>> seqs) {
        long sum = 0;
        for (List<Integer> s : seqs) {
            synchronized (s) {
                sum += s.size();
            }
        }
        return sum;
    }
}
