package io.tributary.query.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.tributary.proto.common.v1.Match;
import io.tributary.proto.common.v1.MatchGroup;
import io.tributary.proto.logs.v1.LogQueryGrpc;
import io.tributary.proto.logs.v1.NodeFailure;
import io.tributary.proto.logs.v1.QueryRequest;
import io.tributary.testkit.JournalField;
import io.tributary.testkit.PrivateJournald;
import io.tributary.testkit.ServiceProcess;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Follow and failure over three live journals (private journald namespaces) written while log-query reads them:
 * SSE across a reader restart and across a client reconnect (Last-Event-ID), checked by per-node sequence numbers;
 * a node that is down is named in every format.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FollowIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final PrivateJournald[] journals = new PrivateJournald[3];
    static final List<String> ids = new ArrayList<>();
    static Stack stack;

    @BeforeAll
    static void start() throws Exception {
        Map<String, Consumer<ServiceProcess.Builder>> readers = Stack.readers();
        for (int i = 0; i < 3; i++) {
            journals[i] = PrivateJournald.builder().storage(PrivateJournald.Storage.VOLATILE).start();
            String ns = journals[i].namespace();
            String id = HexFormat.of().formatHex(UUID.randomUUID().toString().replace("-", "").substring(0, 16)
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII)).substring(0, 32);
            ids.add(id);
            readers.put(id, b -> b.systemProperty("tributary.journal.namespace", ns));
        }
        stack = new Stack("follow", readers, Map.of("tributary.query.keep-alive", "1s",
                "tributary.query.node-silence-timeout", "5s", "tributary.query.range-deadline", "20s"));
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
        for (PrivateJournald j : journals) {
            if (j != null) {
                j.close();
            }
        }
    }

    static void write(String run, int node, int seq) throws Exception {
        journals[node].send(JournalField.of("MESSAGE", "node " + node + " entry " + seq), JournalField.of("TEST_RUN", run),
                JournalField.of("SEQ", Integer.toString(seq)), JournalField.of("SYSLOG_IDENTIFIER", "follow-it"));
    }

    /** An SSE client of the stack's log-query. */
    static final class Sse extends SseClient {
        Sse(String path, String lastEventId) {
            super(stack.uri(path), lastEventId);
        }
    }

    /** Collects entries per node until each has n or the timeout passes; returns events of other types too. */
    static List<Sse.Event> collect(Sse sse, int perNode, Map<String, List<Integer>> seqs, Duration timeout) throws Exception {
        List<Sse.Event> others = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (seqs.values().stream().mapToInt(List::size).sum() < perNode * 3 && System.nanoTime() < deadline) {
            Sse.Event e = sse.events.poll(200, TimeUnit.MILLISECONDS);
            if (e == null) {
                continue;
            }
            if (!e.type().equals("message")) {
                others.add(e);
                continue;
            }
            JsonNode o = JSON.readTree(e.data());
            assertEquals(e.id(), o.get("__CURSOR").asText());
            seqs.computeIfAbsent(o.get("__NODE_ID").asText(), k -> new ArrayList<>()).add(o.get("SEQ").asInt());
        }
        return others;
    }

    static void assertComplete(Map<String, List<Integer>> seqs, int perNode) {
        for (String id : ids) {
            List<Integer> got = seqs.getOrDefault(id, List.of());
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < perNode; i++) {
                expected.add(i);
            }
            assertEquals(expected, got, "node " + id + ": every entry once, in order");
        }
    }

    @Test
    @Order(1)
    void followingAcrossAReaderRestartLosesAndRepeatsNothing() throws Exception {
        String run = UUID.randomUUID().toString();
        long t0 = System.currentTimeMillis() * 1000;
        Sse sse = new Sse("/api/v1/entries?follow=true&since=" + t0 + "&match=TEST_RUN=" + run, null);
        int n = 1500;
        Map<String, List<Integer>> seqs = new java.util.HashMap<>();
        for (int i = 0; i < n; i++) {
            for (int node = 0; node < 3; node++) {
                write(run, node, i);
            }
            if (i == n / 3) {
                stack.stopReader(1);
            } else if (i == 2 * n / 3) {
                stack.startReader(1, "follow-restarted");
            }
        }
        List<Sse.Event> others = collect(sse, n, seqs, Duration.ofSeconds(60));
        sse.cancel();
        assertComplete(seqs, n);
        assertTrue(others.stream().anyMatch(e -> e.type().equals("error") && e.data().contains(ids.get(1))),
                "the restart was reported: " + others);
    }

    @Test
    @Order(2)
    void anSseClientReconnectingWithLastEventIdGetsExactlyTheRest() throws Exception {
        String run = UUID.randomUUID().toString();
        long t0 = System.currentTimeMillis() * 1000;
        for (int i = 0; i < 100; i++) {
            for (int node = 0; node < 3; node++) {
                write(run, node, i);
            }
        }
        String path = "/api/v1/entries?follow=true&since=" + t0 + "&match=TEST_RUN=" + run;
        Sse first = new Sse(path, null);
        Map<String, List<Integer>> seqs = new java.util.HashMap<>();
        String lastId = null;
        int seen = 0;
        while (seen < 120) {
            Sse.Event e = first.events.poll(20, TimeUnit.SECONDS);
            assertTrue(e != null, "events arrive");
            if (e.type().equals("message")) {
                JsonNode o = JSON.readTree(e.data());
                seqs.computeIfAbsent(o.get("__NODE_ID").asText(), k -> new ArrayList<>()).add(o.get("SEQ").asInt());
                lastId = e.id();
                seen++;
            }
        }
        first.cancel();
        for (int i = 100; i < 200; i++) {
            for (int node = 0; node < 3; node++) {
                write(run, node, i);
            }
        }
        Sse second = new Sse(path, lastId);
        collect(second, 200, seqs, Duration.ofSeconds(30));
        second.cancel();
        assertComplete(seqs, 200);
    }

    /**
     * An entry of a busy node is released once every other node's watermark has passed it: log-query asks the readers
     * for heartbeats every {@code tributary.query.follow-heartbeat} (10 ms) while merging, so idle nodes do not hold
     * it back for the reader's default heartbeat interval (250 ms). What remains is the readers' watermark lag (50 ms).
     */
    @Test
    @Order(3)
    void entriesOfABusyNodeAreNotHeldBackByIdleNodes() throws Exception {
        String run = UUID.randomUUID().toString();
        Sse sse = new Sse("/api/v1/entries?follow=true&match=TEST_RUN=" + run, null);
        Thread.sleep(1000); // the follow is open on every node
        int n = 150;
        long[] written = new long[n];
        long[] latencyMs = new long[n];
        int got = 0;
        long end = Long.MAX_VALUE;
        for (int i = 0; i < n || (got < n && System.nanoTime() < end); ) {
            if (i < n) {
                written[i] = System.nanoTime();
                write(run, 0, i++); // only node 0 writes; nodes 1 and 2 stay idle
                if (i == n) {
                    end = System.nanoTime() + 10_000_000_000L;
                }
            }
            long until = System.nanoTime() + 20_000_000L; // an entry every ~20 ms, received meanwhile
            Sse.Event e;
            while ((e = sse.events.poll(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS)) != null) {
                if (e.type().equals("message")) {
                    int seq = JSON.readTree(e.data()).get("SEQ").asInt();
                    latencyMs[seq] = (System.nanoTime() - written[seq]) / 1_000_000;
                    got++;
                }
            }
        }
        sse.cancel();
        assertEquals(n, got, "every entry arrived");
        long[] sorted = latencyMs.clone();
        java.util.Arrays.sort(sorted);
        long p50 = sorted[n / 2];
        long p99 = sorted[n * 99 / 100];
        System.out.printf("follow latency, busy node with two idle nodes: p50 %d ms, p99 %d ms, max %d ms%n", p50, p99,
                sorted[n - 1]);
        // the readers' default heartbeat (250 ms) would put the median at ~50 + 125 ms
        assertTrue(p50 < 120, "p50 " + p50 + " ms");
        assertTrue(p99 < 250, "p99 " + p99 + " ms");
    }

    @Test
    @Order(4)
    void aNodeThatIsDownIsNamedInEveryFormat() throws Exception {
        String run = UUID.randomUUID().toString();
        for (int node = 0; node < 3; node++) {
            write(run, node, 0);
        }
        Thread.sleep(200);
        stack.stopReader(2);
        String down = ids.get(2);
        String q = "/api/v1/entries?match=TEST_RUN=" + run;
        String[] lines = stack.get(q).body().split("\n");
        assertEquals(3, lines.length, String.join("\n", lines));
        JsonNode trailer = JSON.readTree(lines[2]).get("__TRAILER");
        assertEquals(down, trailer.get("failures").get(0).get("node_id").asText());
        assertEquals("UNAVAILABLE", trailer.get("failures").get(0).get("code").asText());
        String text = stack.get(q, "Accept", "text/plain").body();
        assertTrue(text.contains("-- node " + down + " ("), text);
        String sse = stack.get(q, "Accept", "text/event-stream").body();
        assertTrue(sse.contains("event: error\ndata: {\"node_id\":\"" + down + "\""), sse);
        ManagedChannel ch = ManagedChannelBuilder.forAddress("127.0.0.1", stack.port).usePlaintext().build();
        try {
            List<Object> got = new ArrayList<>();
            StatusRuntimeException end = org.junit.jupiter.api.Assertions.assertThrows(StatusRuntimeException.class, () ->
                    LogQueryGrpc.newBlockingStub(ch).withDeadlineAfter(20, TimeUnit.SECONDS).query(QueryRequest.newBuilder()
                            .addMatches(MatchGroup.newBuilder().addMatches(Match.newBuilder().setField("TEST_RUN")
                                    .setValue(com.google.protobuf.ByteString.copyFromUtf8(run)))).build())
                            .forEachRemaining(got::add));
            assertEquals(io.grpc.Status.Code.UNAVAILABLE, end.getStatus().getCode());
            NodeFailure detail = StatusProto.fromThrowable(end).getDetails(0).unpack(NodeFailure.class);
            assertEquals(down, detail.getNodeId());
            assertTrue(got.stream().anyMatch(r -> ((io.tributary.proto.logs.v1.QueryResponse) r).hasNodeFailure()));
            assertEquals(2, got.stream().mapToInt(r -> ((io.tributary.proto.logs.v1.QueryResponse) r).getEntries().getEntriesCount()).sum());
        } finally {
            ch.shutdownNow();
        }
    }

    /**
     * A reader that stops answering (SIGSTOP: its port still accepts, nothing comes back) is reported: a range ends
     * by the range deadline (20 s here) naming it DEADLINE_EXCEEDED with the other nodes' entries, and a follow gets an
     * {@code event: error} naming it after the node-silence timeout (5 s) — neither hangs.
     */
    @Test
    @Order(5)
    void aReaderThatStopsAnsweringIsReportedAndNothingHangs() throws Exception {
        String run = UUID.randomUUID().toString();
        for (int node = 0; node < 3; node++) {
            write(run, node, 0);
        }
        Thread.sleep(300);
        String frozen = ids.get(1);
        Sse follow = new Sse("/api/v1/entries?follow=true&match=TEST_RUN=" + run + "&node=" + ids.get(0) + "&node="
                + frozen, null);
        Thread.sleep(1000);
        signal("STOP", stack.readers[1].pid());
        try {
            long t0 = System.nanoTime();
            // (reader 2 is down since the previous test)
            HttpResponse<String> r = stack.get("/api/v1/entries?match=TEST_RUN=" + run + "&node=" + ids.get(0) + "&node="
                    + frozen);
            long tookMs = (System.nanoTime() - t0) / 1_000_000;
            // the merge holds node 0's entry until the silent node is given up (keep-alive empty lines meanwhile)
            String[] lines = r.body().strip().split("\n");
            assertEquals(2, lines.length, r.body());
            assertEquals(ids.get(0), JSON.readTree(lines[0]).get("__NODE_ID").asText());
            JsonNode trailer = JSON.readTree(lines[1]).get("__TRAILER");
            assertEquals(frozen, trailer.get("failures").get(0).get("node_id").asText());
            assertEquals("DEADLINE_EXCEEDED", trailer.get("failures").get(0).get("code").asText());
            assertTrue(tookMs < 30_000, "the range ended by its deadline (20 s), took " + tookMs + " ms");
            boolean reported = false;
            long deadline = System.nanoTime() + 15_000_000_000L;
            while (!reported && System.nanoTime() < deadline) {
                Sse.Event e = follow.events.poll(200, TimeUnit.MILLISECONDS);
                reported = e != null && e.type().equals("error") && e.data().contains(frozen);
            }
            assertTrue(reported, "the follow reported the silent node");
        } finally {
            signal("CONT", stack.readers[1].pid());
            follow.cancel();
        }
    }

    static void signal(String sig, long pid) throws Exception {
        assertEquals(0, new ProcessBuilder("kill", "-" + sig, Long.toString(pid)).inheritIO().start().waitFor());
    }
}
