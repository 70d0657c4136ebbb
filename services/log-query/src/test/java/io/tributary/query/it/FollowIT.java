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
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
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

    /** An SSE client: events (type, id, data) arrive in the queue; cancel() closes the connection. */
    static final class Sse {
        record Event(String type, String id, String data) {
        }

        final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        final CompletableFuture<HttpResponse<Stream<String>>> response;

        Sse(String path, String lastEventId) {
            HttpRequest.Builder r = HttpRequest.newBuilder(stack.uri(path)).header("Accept", "text/event-stream");
            if (lastEventId != null) {
                r.header("Last-Event-ID", lastEventId);
            }
            response = stack.http.sendAsync(r.build(), HttpResponse.BodyHandlers.ofLines());
            response.thenAccept(resp -> new Thread(() -> {
                String type = "message";
                String id = null;
                StringBuilder data = new StringBuilder();
                try {
                    for (String line : (Iterable<String>) resp.body()::iterator) {
                        if (line.isEmpty()) {
                            if (data.length() > 0) {
                                events.add(new Event(type, id, data.toString()));
                            }
                            type = "message";
                            data.setLength(0);
                        } else if (line.startsWith("event: ")) {
                            type = line.substring(7);
                        } else if (line.startsWith("id: ")) {
                            id = line.substring(4);
                        } else if (line.startsWith("data: ")) {
                            data.append(line.substring(6));
                        }
                    }
                } catch (RuntimeException closed) {
                    // cancelled
                }
            }).start());
        }

        void cancel() {
            response.thenAccept(r -> r.body().close());
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

    @Test
    @Order(3)
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
}
