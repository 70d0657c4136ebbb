package io.tributary.query.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The scale and hostile clients over three live journals (private journald namespaces): 100,000 entries
 * followed while they are written, across a reader restart and two client reconnects with the last composite cursor;
 * then stalled clients on that 100,000-entry range and follow, against a log-query limited to a 128 MB heap.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LoadIT {

    static final int TOTAL = 100_000;
    /** Per node and second while following: 100,000 entries in about 30 s. */
    static final int RATE_PER_NODE = 1_200;
    static final String HEAP = "128m";
    static final Duration STALL = Duration.ofSeconds(8);
    /** The 100,000 entries of the first test (TEST_RUN), read again by the second. */
    static final String RUN = UUID.randomUUID().toString();
    static LiveJournals journals;
    static List<String> ids;
    static long runSince;
    static Stack stack;

    @BeforeAll
    static void start() throws Exception {
        journals = new LiveJournals(3);
        ids = journals.ids;
        // an out-of-memory error ends the process, so "still serving" below proves there was none
        stack = new Stack("load", journals.readers(), Map.of("tributary.query.keep-alive", "1s",
                "tributary.query.node-silence-timeout", "5s", "tributary.query.client-stall-timeout", STALL.toMillis() + "ms"),
                Stack.Options.defaults(3).withQueryJvmArgs("-Xmx" + HEAP, "-XX:+ExitOnOutOfMemoryError"));
    }

    @AfterAll
    static void stop() throws Exception {
        LiveJournals.closeAll(stack, journals);
    }

    static int perNode(int node) {
        return TOTAL / 3 + (node < TOTAL % 3 ? 1 : 0);
    }

    /** (node id, SEQ) of one NDJSON object, found by key (cheaper than parsing 100,000 objects). */
    record NodeSeq(String node, int seq) {
        static NodeSeq of(String json) {
            return new NodeSeq(value(json, "\"__NODE_ID\":\""), Integer.parseInt(value(json, "\"SEQ\":\"")));
        }

        private static String value(String json, String key) {
            int i = json.indexOf(key);
            if (i < 0) {
                throw new AssertionError("no " + key + " in " + json);
            }
            i += key.length();
            return json.substring(i, json.indexOf('"', i));
        }
    }

    /** Every node's SEQs exactly once, in order: 0 .. perNode - 1. */
    static void assertComplete(Map<String, List<Integer>> seqs) {
        for (int node = 0; node < 3; node++) {
            List<Integer> got = seqs.getOrDefault(ids.get(node), List.of());
            int n = perNode(node);
            int firstWrong = -1;
            for (int i = 0; i < Math.max(n, got.size()) && firstWrong < 0; i++) {
                if (i >= got.size() || i >= n || got.get(i) != i) {
                    firstWrong = i;
                }
            }
            assertEquals(-1, firstWrong, "node " + node + ": " + got.size() + " entries of " + n + ", wrong from index "
                    + firstWrong + ": " + (firstWrong < 0 ? "" : got.subList(Math.max(0, firstWrong - 3),
                    Math.min(got.size(), firstWrong + 3))));
        }
    }

    /**
     * 100,000 entries written to three journals (with per-node sequence numbers) while an SSE client follows them:
     * a quarter of the way in reader 1 is stopped, then the client drops its connection and reconnects with the last
     * composite cursor it got (Last-Event-ID) while that reader is down, the reader is started again, and the client
     * reconnects once more. Every node's entries arrive exactly once, in order.
     */
    @Test
    @Order(1)
    void aHundredThousandEntriesFollowedAcrossAReaderRestartAndReconnectsArriveExactlyOnce() throws Exception {
        runSince = System.currentTimeMillis() * 1000;
        String path = "/api/v1/entries?follow=true&since=" + runSince + "&match=TEST_RUN=" + RUN;
        SseClient sse = new SseClient(stack.port, path, null);
        Thread.sleep(1000); // the follow is open on every node
        AtomicInteger written = new AtomicInteger();
        AtomicBoolean failed = new AtomicBoolean();
        List<Thread> writers = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int node = 0; node < 3; node++) {
            int nd = node;
            Thread w = new Thread(() -> {
                try {
                    for (int i = 0; i < perNode(nd); i++) {
                        journals.write(nd, RUN, i, "load-it");
                        written.incrementAndGet();
                        if (i % 100 == 99) { // paced: at most RATE_PER_NODE entries a second
                            long due = t0 + (i + 1) * 1_000_000_000L / RATE_PER_NODE;
                            long wait = due - System.nanoTime();
                            if (wait > 0) {
                                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                            }
                        }
                    }
                } catch (Exception e) {
                    failed.set(true);
                    throw new IllegalStateException(e);
                }
            }, "writer-" + node);
            w.start();
            writers.add(w);
        }
        Map<String, List<Integer>> seqs = new HashMap<>();
        List<SseClient.Event> others = new ArrayList<>();
        String lastId = null;
        int received = 0;
        int step = 0;
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (received < TOTAL && System.nanoTime() < deadline && !failed.get()) {
            int w = written.get();
            if (step == 0 && w >= TOTAL / 4) {
                stack.stopReader(1);
                step++;
            } else if (step == 1 && w >= TOTAL * 2 / 5) {
                sse.cancel(); // what was received but not taken from the queue yet is dropped with the connection
                sse = new SseClient(stack.port, path, lastId);
                step++;
            } else if (step == 2 && w >= TOTAL * 11 / 20) {
                stack.startReader(1, "load-restarted");
                step++;
            } else if (step == 3 && w >= TOTAL * 3 / 4) {
                sse.cancel();
                sse = new SseClient(stack.port, path, lastId);
                step++;
            }
            SseClient.Event e = sse.events.poll(100, TimeUnit.MILLISECONDS);
            if (e == null) {
                continue;
            }
            if (!e.type().equals("message")) {
                others.add(e);
                continue;
            }
            NodeSeq ns = NodeSeq.of(e.data());
            seqs.computeIfAbsent(ns.node(), k -> new ArrayList<>()).add(ns.seq());
            lastId = e.id();
            received++;
        }
        long tookMs = (System.nanoTime() - t0) / 1_000_000;
        sse.cancel();
        for (Thread w : writers) {
            w.join();
        }
        System.out.printf("LoadIT: %,d entries written and followed in %,d ms (restart and two reconnects)%n", received,
                tookMs);
        assertEquals(4, step, "every step ran (written: " + written.get() + ")");
        assertComplete(seqs);
        assertTrue(others.stream().anyMatch(e -> e.type().equals("error") && e.data().contains(ids.get(1))),
                "the stopped reader was reported: " + others);
    }

    /**
     * Stalled clients: three NDJSON ranges of the 100,000 entries and an SSE follow from their start, none reading.
     * log-query stops pulling: its live heap stays far below what it would need to buffer one of them (128 MB max),
     * a concurrent follower keeps receiving with follow latency; each stalled client is ended after
     * client-stall-timeout with a resume cursor (trailer, {@code event: close}), and resuming loses and repeats
     * nothing.
     */
    @Test
    @Order(2)
    void stalledClientsAreCutOffResumablyWhileTheHeapStaysBoundedAndOthersAreServed() throws Exception {
        long baselineKb = liveHeapKb(stack.logQuery.pid());
        long cutOffsBefore = cutOffs();
        String run2 = UUID.randomUUID().toString();
        Follower follower = new Follower(run2);
        Thread.sleep(3000); // baseline latency
        long stallStart = System.nanoTime();
        follower.baselineTo = stallStart;
        String range = "/api/v1/entries?match=TEST_RUN=" + RUN;
        List<Socket> stalled = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            stalled.add(stalledRequest(range, "application/json"));
        }
        stalled.add(stalledRequest("/api/v1/entries?follow=true&since=" + runSince + "&match=TEST_RUN=" + RUN,
                "text/event-stream"));
        Thread.sleep(2500);
        follower.stallPhaseFrom = System.nanoTime(); // every stalled client's write queue is full by now
        long stalledKb = liveHeapKb(stack.logQuery.pid());
        long rssKb = rssKb(stack.logQuery.pid());
        // log-query says when it cuts a client off; the bytes queued for it are kept 5 s more: read them then
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (cutOffs() < cutOffsBefore + stalled.size() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        follower.stallPhaseTo = System.nanoTime();
        assertEquals(cutOffsBefore + stalled.size(), cutOffs(), "every stalled client was cut off");
        byte[][] bodies = new byte[stalled.size()][];
        List<Thread> readers = new ArrayList<>();
        for (int i = 0; i < stalled.size(); i++) {
            Socket s = stalled.get(i);
            int idx = i;
            Thread t = new Thread(() -> {
                try (s; InputStream in = s.getInputStream()) {
                    s.setSoTimeout(30_000);
                    bodies[idx] = in.readAllBytes();
                } catch (Exception e) {
                    bodies[idx] = new byte[0];
                }
            });
            t.start();
            readers.add(t);
        }
        for (Thread t : readers) {
            t.join();
        }
        follower.stop();
        assertTrue(stack.logQuery.isAlive(), "log-query did not run out of memory (-XX:+ExitOnOutOfMemoryError)");
        assertEquals(200, stack.get("/api/v1/nodes").statusCode(), "log-query keeps serving");
        System.out.printf("LoadIT: log-query (-Xmx%s) live heap %,d KB idle, %,d KB with 4 stalled clients (RSS %,d KB)%n",
                HEAP, baselineKb, stalledKb, rssKb);
        follower.report();
        // one stalled range alone is hundreds of MB of NDJSON: buffering it is impossible under -Xmx128m
        assertTrue(stalledKb < 96 * 1024, "live heap with stalled clients: " + stalledKb + " KB");

        for (int i = 0; i < 3; i++) {
            String payload = payload(bodies[i]);
            String[] lines = payload.strip().split("\n");
            String trailer = lines[lines.length - 1];
            assertTrue(trailer.startsWith("{\"__TRAILER\"") && trailer.contains("too slow"), "range " + i + " ends with "
                    + trailer);
            assertTrue(lines.length - 1 < TOTAL / 2, "range " + i + " was cut off early: " + (lines.length - 1));
            Map<String, List<Integer>> seqs = new HashMap<>();
            for (int j = 0; j < lines.length - 1; j++) {
                if (!lines[j].isEmpty()) {
                    add(seqs, lines[j]);
                }
            }
            if (i == 0) { // resuming one of them from its trailer's cursor gives exactly the rest
                String cursor = value(trailer, "\"cursor\":\"");
                HttpResponse<java.util.stream.Stream<String>> rest = stack.http.send(HttpRequest.newBuilder(
                        stack.uri(range + "&after_cursor=" + cursor)).timeout(Duration.ofMinutes(2)).build(),
                        HttpResponse.BodyHandlers.ofLines());
                rest.body().filter(l -> !l.isEmpty()).forEach(l -> add(seqs, l));
                assertComplete(seqs);
            }
        }
        String sse = payload(bodies[3]);
        Matcher close = Pattern.compile("event: close\nid: (\\S+)\ndata: (.*)\n").matcher(sse);
        assertTrue(close.find() && close.group(2).contains("too slow"), "the follow ends with event: close: "
                + sse.substring(Math.max(0, sse.length() - 500)));
        Map<String, List<Integer>> seqs = new HashMap<>();
        Matcher data = Pattern.compile("\ndata: (\\{\"__CURSOR.*)\n").matcher(sse);
        int got = 0;
        while (data.find()) {
            add(seqs, data.group(1));
            got++;
        }
        assertTrue(got < TOTAL / 2, "the follow was cut off early: " + got);
        SseClient resumed = new SseClient(stack.port, "/api/v1/entries?follow=true&since=" + runSince + "&match=TEST_RUN="
                + RUN, close.group(1));
        deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (got < TOTAL && System.nanoTime() < deadline) {
            SseClient.Event e = resumed.events.poll(200, TimeUnit.MILLISECONDS);
            if (e != null && e.type().equals("message")) {
                add(seqs, e.data());
                got++;
            }
        }
        resumed.cancel();
        assertComplete(seqs);
    }

    static void add(Map<String, List<Integer>> seqs, String json) {
        NodeSeq ns = NodeSeq.of(json);
        seqs.computeIfAbsent(ns.node(), k -> new ArrayList<>()).add(ns.seq());
    }

    static String value(String json, String key) {
        int i = json.indexOf(key) + key.length();
        return json.substring(i, json.indexOf('"', i));
    }

    /** Clients log-query has cut off so far (its log). */
    static long cutOffs() throws Exception {
        try (var lines = java.nio.file.Files.lines(stack.logQuery.logFile(), StandardCharsets.ISO_8859_1)) {
            return lines.filter(l -> l.contains("closing a client that took nothing")).count();
        }
    }

    /** A request sent on a socket with a small receive buffer that is then not read. */
    static Socket stalledRequest(String path, String accept) throws Exception {
        Socket s = new Socket();
        s.setReceiveBufferSize(16 * 1024);
        s.connect(new InetSocketAddress("127.0.0.1", stack.port));
        s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: x\r\nAccept: " + accept
                + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        return s;
    }

    /** The body of a raw chunked HTTP/1.1 response. */
    static String payload(byte[] response) {
        String head = new String(response, 0, Math.min(response.length, 400), StandardCharsets.ISO_8859_1);
        assertTrue(head.startsWith("HTTP/1.1 200"), head);
        return new String(RangeIT.dechunk(response, head.indexOf("\r\n\r\n") + 4), StandardCharsets.UTF_8);
    }

    /** Heap in use after a full GC (jcmd GC.run, then jstat's survivor + eden + old "used" columns). */
    static long liveHeapKb(long pid) throws Exception {
        run("jcmd", Long.toString(pid), "GC.run");
        String[] lines = run("jstat", "-gc", Long.toString(pid)).strip().split("\n");
        String[] names = lines[0].strip().split("\\s+");
        String[] values = lines[1].strip().split("\\s+");
        double kb = 0;
        for (int i = 0; i < names.length; i++) {
            if (List.of("S0U", "S1U", "EU", "OU").contains(names[i])) {
                kb += Double.parseDouble(values[i]);
            }
        }
        return (long) kb;
    }

    static long rssKb(long pid) throws Exception {
        for (String l : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/" + pid + "/status"))) {
            if (l.startsWith("VmRSS:")) {
                return Long.parseLong(l.replaceAll("\\D", ""));
            }
        }
        return -1;
    }

    static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, String.join(" ", cmd) + ": " + out);
        return out;
    }

    /**
     * An SSE follower of its own entries, written 50 a second round robin to the three nodes: every entry must arrive;
     * latency (write to receipt) is kept apart for entries written while the stalled clients were stalled.
     */
    static final class Follower {
        final String run;
        final SseClient sse;
        final Map<Integer, Long> writtenAt = new ConcurrentHashMap<>();
        final Map<Integer, Long> latencyNanos = new ConcurrentHashMap<>();
        final AtomicBoolean stop = new AtomicBoolean();
        final Thread writer;
        final Thread reader;
        volatile long baselineTo = Long.MAX_VALUE;
        volatile long stallPhaseFrom = Long.MAX_VALUE;
        volatile long stallPhaseTo = Long.MAX_VALUE;

        Follower(String run) throws InterruptedException {
            this.run = run;
            sse = new SseClient(stack.port, "/api/v1/entries?follow=true&match=TEST_RUN=" + run, null);
            Thread.sleep(1000); // open on every node
            writer = new Thread(() -> {
                try {
                    for (int i = 0; !stop.get(); i++) {
                        long at = System.nanoTime();
                        journals.write(i % 3, run, i, "load-it");
                        writtenAt.put(i, at);
                        Thread.sleep(20);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "follower-writer");
            reader = new Thread(() -> {
                try {
                    long drainUntil = Long.MAX_VALUE;
                    while (latencyNanos.size() < writtenAt.size() || !stop.get()) {
                        if (stop.get() && drainUntil == Long.MAX_VALUE) {
                            drainUntil = System.nanoTime() + 10_000_000_000L;
                        }
                        if (System.nanoTime() > drainUntil) {
                            return;
                        }
                        SseClient.Event e = sse.events.poll(200, TimeUnit.MILLISECONDS);
                        if (e != null && e.type().equals("message")) {
                            int seq = NodeSeq.of(e.data()).seq();
                            latencyNanos.put(seq, System.nanoTime() - writtenAt.get(seq));
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "follower-reader");
            writer.start();
            reader.start();
        }

        void stop() throws InterruptedException {
            stop.set(true);
            writer.join();
            reader.join();
            sse.cancel();
        }

        void report() {
            long[] before = latencies(false);
            long[] during = latencies(true);
            System.out.printf("LoadIT: concurrent follower latency, before the stall p50 %d ms p99 %d ms (%d entries); "
                            + "with 4 stalled clients p50 %d ms p99 %d ms max %d ms (%d entries)%n", pct(before, 50),
                    pct(before, 99), before.length, pct(during, 50), pct(during, 99), pct(during, 100), during.length);
            List<Integer> missing = writtenAt.keySet().stream().filter(k -> !latencyNanos.containsKey(k)).sorted().toList();
            assertEquals(List.of(), missing, "the concurrent follower got every entry");
            assertTrue(during.length >= 100, "entries written while stalled: " + during.length);
            assertTrue(pct(during, 99) < 500, "p99 with stalled clients " + pct(during, 99) + " ms");
        }

        private long[] latencies(boolean stallPhase) {
            return writtenAt.entrySet().stream().filter(e -> stallPhase == (e.getValue() >= stallPhaseFrom
                            && e.getValue() < stallPhaseTo)).filter(e -> stallPhase || e.getValue() < baselineTo)
                    .mapToLong(e -> latencyNanos.getOrDefault(e.getKey(), Long.MAX_VALUE) / 1_000_000).sorted().toArray();
        }

        private static long pct(long[] sorted, int p) {
            return sorted.length == 0 ? -1 : sorted[Math.min(sorted.length - 1, sorted.length * p / 100)];
        }
    }
}
