package io.tributary.bench;

import io.tributary.proto.journal.v1.JournalReaderGrpc;
import io.tributary.testkit.JournaldSender;
import io.tributary.testkit.PrivateJournald;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Measure 4: many concurrent followers. A fresh reader on the private journald; N follow {@code Read}s from the
 * tail, follower k matching {@code BENCH_RUN=<run> BENCH_KEY=k<k>}; then R entries/s for S seconds with keys
 * round-robin, so each follower is owed R*S/N entries. Every follower must receive exactly its entries, in
 * order. The reader's VmRSS is sampled every 50 ms from start-up to the end; target peak <= 300 MiB.
 */
final class FollowersBench {

    static final long MAX_RSS_KB = 300L * 1024;
    /** Streams per HTTP/2 connection (servers commonly allow 100 concurrent streams). */
    private static final int STREAMS_PER_CHANNEL = 50;

    private FollowersBench() {
    }

    static List<Result> run(BenchOptions o, PrivateJournald journald, ResultTable table) throws Exception {
        int n = o.followers();
        int total = o.followRate() * o.followSeconds();
        String run = UUID.randomUUID().toString();
        try (ReaderService reader = ReaderService.namespace(o, journald.namespace(), "followers");
             ProcStatus.RssSampler rss = new ProcStatus.RssSampler(reader.pid(), 50);
             JournaldSender sender = JournaldSender.open(journald.socketPath())) {
            long startupRssKb = ProcStatus.statusKb(reader.pid(), "VmRSS");
            List<List<Integer>> seqs = new ArrayList<>();
            List<List<Long>> latencies = new ArrayList<>();
            List<ReadStream<?>> streams = new ArrayList<>();
            JournalReaderGrpc.JournalReaderStub stub = null;
            for (int k = 0; k < n; k++) {
                if (k % STREAMS_PER_CHANNEL == 0) {
                    stub = reader.newStub();
                }
                List<Integer> mine = Collections.synchronizedList(new ArrayList<>());
                List<Long> lat = Collections.synchronizedList(new ArrayList<>());
                seqs.add(mine);
                latencies.add(lat);
                streams.add(ReadStream.start(stub, Follow.request(Follow.RUN, run, Follow.KEY, "k" + k), e -> {
                    lat.add(System.nanoTime() - Long.parseLong(Follow.text(e, Follow.SENT_NS)));
                    mine.add(Integer.parseInt(Follow.text(e, Follow.SEQ)));
                }));
            }
            try {
                for (ReadStream<?> s : streams) {
                    if (!s.awaitHeartbeat(60, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("a follower is not at the tail: " + s.error());
                    }
                }
                double writeSeconds = Follow.writePaced(sender, run, total, o.followRate(), n);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (System.nanoTime() < deadline && received(seqs) < total) {
                    Thread.sleep(20);
                }
                Follow.Delivery d = Follow.check(seqs, total);
                int complete = d.complete();
                long lost = d.lost();
                int failed = (int) streams.stream().filter(s -> s.error() != null).count();
                List<Long> allLat = new ArrayList<>();
                latencies.forEach(l -> {
                    synchronized (l) {
                        allLat.addAll(l);
                    }
                });
                rss.close();
                long peak = rss.peakRssKb();
                table.note(String.format("Followers: %d follow streams over %d connections; %,d entries written in "
                                + "%.1f s (%,.0f/s achieved); %,d delivered, %d lost, %d streams failed; delivery latency "
                                + "p50 %.1f ms, p99 %.1f ms. Reader -Xmx%s; VmRSS after start-up %d MiB, peak %d MiB "
                                + "(RssAnon %d MiB + RssFile %d MiB at the peak).", n,
                        (n + STREAMS_PER_CHANNEL - 1) / STREAMS_PER_CHANNEL, total, writeSeconds, total / writeSeconds,
                        received(seqs), lost, failed, allLat.isEmpty() ? Double.NaN : Stats.median(allLat) / 1e6,
                        allLat.isEmpty() ? Double.NaN : Stats.percentile(allLat, 99) / 1e6, o.readerHeap(),
                        startupRssKb / 1024, peak / 1024, rss.anonAtPeakKb() / 1024, rss.fileAtPeakKb() / 1024));
                return List.of(
                        new Result(String.format("%d followers, %,d entries/s for %d s: complete followers", n,
                                o.followRate(), o.followSeconds()), complete + "/" + n + " (" + lost + " lost)", "–", "–",
                                "all, 0 lost", complete == n && lost == 0),
                        new Result(String.format("%d followers: reader peak VmRSS (-Xmx%s)", n, o.readerHeap()),
                                (peak / 1024) + " MiB", "–", "–", "≤ 300 MiB", peak <= MAX_RSS_KB));
            } finally {
                streams.forEach(ReadStream::cancel);
            }
        }
    }

    private static long received(List<List<Integer>> seqs) {
        long sum = 0;
        for (List<Integer> s : seqs) {
            sum += s.size();
        }
        return sum;
    }
}
