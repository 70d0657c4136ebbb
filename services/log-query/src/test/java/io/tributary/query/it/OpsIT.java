package io.tributary.query.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.tributary.proto.common.v1.Entry;
import io.tributary.proto.common.v1.Match;
import io.tributary.proto.common.v1.MatchGroup;
import io.tributary.proto.common.v1.Position;
import io.tributary.proto.logs.v1.QueryRequest;
import io.tributary.proto.logs.v1.QueryResponse;
import io.tributary.testkit.JournalField;
import io.tributary.testkit.PrivateJournald;
import io.tributary.testkit.PrometheusText;
import io.tributary.testkit.ServiceProcess;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Operations over real processes (a reader on a private journald, topology, log-query): health, Prometheus metrics
 * that move with real traffic, the OpenAPI document, a SIGTERM during SSE, text and gRPC follows (each client gets
 * a resume cursor; a new log-query resumed from it loses and repeats nothing), JSON logs, and readiness turning DOWN
 * when topology is gone.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OpsIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final String NODE = "0123456789abcdef0123456789abcdef";
    static PrivateJournald journal;
    static Stack stack;
    static ServiceProcess secondQuery;

    @BeforeAll
    static void start() throws Exception {
        journal = PrivateJournald.builder().storage(PrivateJournald.Storage.VOLATILE).start();
        Map<String, Consumer<ServiceProcess.Builder>> readers = Stack.readers();
        readers.put(NODE, b -> b.systemProperty("tributary.journal.namespace", journal.namespace()));
        stack = new Stack("ops", readers, Map.of("tributary.query.keep-alive", "1s"));
    }

    @AfterAll
    static void stop() {
        if (secondQuery != null) {
            secondQuery.close();
        }
        if (stack != null) {
            stack.close();
        }
        if (journal != null) {
            journal.close();
        }
    }

    static HttpResponse<String> get(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static String metrics(int port) throws Exception {
        HttpResponse<String> r = get(port, "/q/metrics");
        assertEquals(200, r.statusCode(), r.body());
        return r.body();
    }

    static double sample(String metrics, String name, String... labelParts) {
        return PrometheusText.sum(metrics, name, labelParts);
    }

    static void write(String run, int seq) throws Exception {
        journal.send(JournalField.of("MESSAGE", "ops entry " + seq), JournalField.of("TEST_RUN", run),
                JournalField.of("SEQ", Integer.toString(seq)), JournalField.of("SYSLOG_IDENTIFIER", "ops-it"));
    }

    static int readerPort() {
        return stack.readerPorts[0];
    }

    @Test
    @Order(1)
    void everyServiceIsLiveAndReady() throws Exception {
        for (int port : new int[] {stack.port, readerPort(), stack.topology.port()}) {
            assertEquals(200, get(port, "/q/health/live").statusCode(), "live on " + port);
            HttpResponse<String> ready = get(port, "/q/health/ready");
            assertEquals(200, ready.statusCode(), "ready on " + port + ": " + ready.body());
        }
        String q = get(stack.port, "/q/health/ready").body();
        assertTrue(q.contains("log-query-dependencies") && q.matches("(?s).*\"topology\"\\s*:\\s*\"up, 1 nodes\".*")
                && q.contains("auth checks are off"), q);
        String r = get(readerPort(), "/q/health/ready").body();
        assertTrue(r.contains("\"journal\"") && r.contains("namespace"), r);
    }

    @Test
    @Order(2)
    void rangeTrafficMovesTheCounters() throws Exception {
        String run = UUID.randomUUID().toString();
        for (int i = 0; i < 50; i++) {
            write(run, i);
        }
        String qBefore = metrics(stack.port);
        String rBefore = metrics(readerPort());
        HttpResponse<String> r = stack.get("/api/v1/entries?match=TEST_RUN=" + run);
        assertEquals(50, r.body().lines().count(), r.body());
        String q = metrics(stack.port);
        String rd = metrics(readerPort());
        assertEquals(50, sample(q, "tributary_query_entries_sent_total") - sample(qBefore, "tributary_query_entries_sent_total"));
        assertTrue(sample(q, "tributary_query_reader_latency_seconds_count", "node=\"" + NODE + "\"")
                > sample(qBefore, "tributary_query_reader_latency_seconds_count", "node=\"" + NODE + "\""), q);
        assertEquals(50, sample(rd, "tributary_reader_entries_sent_total") - sample(rBefore, "tributary_reader_entries_sent_total"));
        assertTrue(sample(rd, "tributary_reader_entries_read_total") - sample(rBefore, "tributary_reader_entries_read_total") >= 50, rd);
        String t = metrics(stack.topology.port());
        assertEquals(1, sample(t, "tributary_topology_nodes", "healthy=\"true\""), t);
        assertEquals(0, sample(t, "tributary_topology_nodes", "healthy=\"false\""), t);
        double staleness = sample(t, "tributary_topology_source_staleness_seconds", "source=\"readers\"");
        assertTrue(staleness >= 0 && staleness < 30, t);
        assertEquals(1, sample(t, "tributary_topology_source_healthy", "source=\"readers\""), t);
    }

    @Test
    @Order(3)
    void aFollowShowsAsFollowerAndMergeLag() throws Exception {
        String run = UUID.randomUUID().toString();
        double lagBefore = sample(metrics(stack.port), "tributary_query_merge_lag_seconds_count");
        SseClient sse = new SseClient(stack.port, "/api/v1/entries?follow=true&match=TEST_RUN=" + run, null);
        awaitSample(stack.port, "tributary_query_followers", 1);
        awaitSample(readerPort(), "tributary_reader_followers", 1);
        assertTrue(sample(metrics(stack.port), "tributary_query_streams_active") >= 1);
        for (int i = 0; i < 20; i++) {
            write(run, i);
        }
        assertEquals(20, sse.entries(20, Duration.ofSeconds(20)).size());
        // recorded once per send turn, after the turn's entries are flushed: wait for it
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (sample(metrics(stack.port), "tributary_query_merge_lag_seconds_count") <= lagBefore && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(sample(metrics(stack.port), "tributary_query_merge_lag_seconds_count") > lagBefore);
        sse.cancel();
        awaitSample(stack.port, "tributary_query_followers", 0);
    }

    static void awaitSample(int port, String name, double value) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        String m;
        do {
            m = metrics(port);
            if (sample(m, name) == value) {
                return;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError(name + " never became " + value + ":\n" + m);
    }

    @Test
    @Order(4)
    void openApiAndSwaggerUi() throws Exception {
        HttpResponse<String> doc = get(stack.port, "/q/openapi");
        assertEquals(200, doc.statusCode());
        for (String path : List.of("/api/v1/entries:", "/api/v1/tasks/{taskId}/entries:", "/api/v1/nodes:",
                "/acs/api/v1/auth/login:", "/system/v1/logs/v1/range/:", "/entries:")) {
            assertTrue(doc.body().contains(path), path + " in\n" + doc.body());
        }
        HttpResponse<String> ui = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stack.port + "/q/swagger-ui/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, ui.statusCode());
        assertTrue(ui.body().toLowerCase().contains("swagger"), ui.body());
    }

    /**
     * SIGTERM while an SSE, a text/plain and a gRPC client follow: SSE gets {@code event: close} whose id is the resume
     * cursor, text a {@code -- resume with cursor=} line, gRPC {@code Progress{cursor}} then UNAVAILABLE naming the
     * cursor; a new log-query (JSON logs switched on) asked with those cursors sends each exactly the rest.
     */
    @Test
    @Order(5)
    void sigtermEndsEveryFollowWithAResumableCursor() throws Exception {
        String run = UUID.randomUUID().toString();
        long t0 = System.currentTimeMillis() * 1000;
        String path = "/api/v1/entries?follow=true&since=" + t0 + "&match=TEST_RUN=" + run;
        QueryRequest grpcQuery = QueryRequest.newBuilder().setFollow(true).addMatches(MatchGroup.newBuilder()
                .addMatches(Match.newBuilder().setField("TEST_RUN").setValue(ByteString.copyFromUtf8(run)))).build();
        SseClient first = new SseClient(stack.port, path, null);
        TextFollow text = new TextFollow(stack.port, path);
        GrpcFollow grpc = new GrpcFollow(stack.port, grpcQuery.toBuilder().setSinceRealtimeUsec(t0).build());
        int total = 300;
        for (int i = 0; i < 100; i++) {
            write(run, i);
        }
        List<Integer> seqs = new ArrayList<>();
        first.entries(100, Duration.ofSeconds(20)).forEach(o -> seqs.add(o.get("SEQ").asInt()));
        List<Integer> textSeqs = new ArrayList<>();
        List<String> textEnd = new ArrayList<>();
        while (textSeqs.size() < 100) {
            readText(text.lines.poll(20, TimeUnit.SECONDS), textSeqs, textEnd);
        }
        List<Integer> grpcSeqs = new ArrayList<>();
        while (grpcSeqs.size() < 100) {
            readGrpc(grpc.responses.poll(20, TimeUnit.SECONDS), grpcSeqs);
        }
        // entries keep coming while log-query shuts down
        Thread writer = new Thread(() -> {
            try {
                for (int i = 100; i < total; i++) {
                    write(run, i);
                    Thread.sleep(5);
                }
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        writer.start();
        Thread.sleep(300);
        long t = System.nanoTime();
        stack.logQuery.close(); // SIGTERM
        long stopMillis = (System.nanoTime() - t) / 1_000_000;
        SseClient.Event close = null;
        SseClient.Event e;
        while ((e = first.events.poll(10, TimeUnit.SECONDS)) != null) {
            if (e.type().equals("close")) {
                close = e;
                break;
            }
            if (e.type().equals("message")) {
                seqs.add(JSON.readTree(e.data()).get("SEQ").asInt());
            }
        }
        assertNotNull(close, "the client got event: close");
        assertTrue(close.data().contains("server shutting down"), close.data());
        assertEquals(close.id(), JSON.readTree(close.data()).get("cursor").asText());
        assertTrue(stopMillis < 9000, "log-query stopped within the shutdown timeout: " + stopMillis + " ms");

        text.ended.get(10, TimeUnit.SECONDS);
        for (String line; (line = text.lines.poll()) != null; ) {
            readText(line, textSeqs, textEnd);
        }
        assertEquals(2, textEnd.size(), "the text ends with two lines: " + textEnd);
        assertEquals("-- closed: server shutting down", textEnd.get(0));
        assertTrue(textEnd.get(1).startsWith("-- resume with cursor="), textEnd.get(1));
        String textCursor = textEnd.get(1).substring("-- resume with cursor=".length());

        io.grpc.Status status = grpc.end.get(10, TimeUnit.SECONDS);
        QueryResponse last = null;
        for (QueryResponse r; (r = grpc.responses.poll()) != null; ) {
            readGrpc(r, grpcSeqs);
            last = r;
        }
        grpc.close();
        assertEquals(io.grpc.Status.Code.UNAVAILABLE, status.getCode(), status.toString());
        assertNotNull(last);
        assertTrue(last.hasProgress(), "the last message is Progress{cursor}: " + last);
        String grpcCursor = last.getProgress().getCursor();
        assertEquals("server shutting down; resume with cursor " + grpcCursor, status.getDescription());
        writer.join();

        int port = ServiceProcess.freePort();
        secondQuery = ServiceProcess.quarkusApp(Path.of("."))
                .logFile(Path.of("target/it-ops-log-query-2.log"))
                .systemProperty("quarkus.http.port", port)
                .systemProperty("tributary.query.topology", "127.0.0.1:" + stack.topology.port())
                .systemProperty("tributary.query.auth.enabled", "false")
                .environment("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "true")
                .waitForPort(port).start();
        SseClient second = new SseClient(port, path, close.id());
        second.entries(total - seqs.size(), Duration.ofSeconds(30)).forEach(o -> seqs.add(o.get("SEQ").asInt()));
        second.cancel();
        TextFollow textAgain = new TextFollow(port, "/api/v1/entries?follow=true&match=TEST_RUN=" + run + "&after_cursor="
                + URLEncoder.encode(textCursor, StandardCharsets.UTF_8));
        while (textSeqs.size() < total) {
            readText(textAgain.lines.poll(30, TimeUnit.SECONDS), textSeqs, textEnd);
        }
        textAgain.cancel();
        try (GrpcFollow grpcAgain = new GrpcFollow(port, grpcQuery.toBuilder()
                .setStart(Position.newBuilder().setAfterCursor(grpcCursor)).build())) {
            while (grpcSeqs.size() < total) {
                readGrpc(grpcAgain.responses.poll(30, TimeUnit.SECONDS), grpcSeqs);
            }
        }
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            expected.add(i);
        }
        assertEquals(expected, seqs, "SSE: every entry once, in order, across the shutdown");
        assertEquals(expected, textSeqs, "text: every entry once, in order, across the shutdown");
        assertEquals(expected, grpcSeqs, "gRPC: every entry once, in order, across the shutdown");
        Thread.sleep(300); // nothing more arrives (a repeat?)
        assertEquals(2, textEnd.size(), textEnd.toString());
        assertEquals(null, textAgain.lines.poll(), "nothing after the last entry");

        // the one documented switch (an environment variable) turned the console log into JSON lines
        String firstLine = java.nio.file.Files.readAllLines(secondQuery.logFile()).stream().filter(l -> !l.isBlank())
                .findFirst().orElse("");
        assertTrue(firstLine.startsWith("{") && firstLine.contains("\"level\"") && firstLine.contains("\"message\""),
                firstLine);
    }

    private static final Pattern TEXT_ENTRY = Pattern.compile(".* ops-it(\\[\\d+])?: ops entry (\\d+)");

    /** A text line: an entry's SEQ (from its message) into seqs, a "-- " line into ends. */
    static void readText(String line, List<Integer> seqs, List<String> ends) {
        assertNotNull(line, "a text line in time (" + seqs.size() + " entries so far)");
        if (line.startsWith("-- ")) {
            ends.add(line);
            return;
        }
        Matcher m = TEXT_ENTRY.matcher(line);
        assertTrue(m.matches(), line);
        seqs.add(Integer.parseInt(m.group(2)));
    }

    /** A gRPC response's entries' SEQ into seqs. */
    static void readGrpc(QueryResponse r, List<Integer> seqs) {
        assertNotNull(r, "a gRPC response in time (" + seqs.size() + " entries so far)");
        for (Entry entry : r.getEntries().getEntriesList()) {
            seqs.add(Integer.parseInt(entry.getFieldsList().stream().filter(f -> f.getName().equals("SEQ")).findFirst()
                    .orElseThrow().getValue().toStringUtf8()));
        }
    }

    @Test
    @Order(6)
    void notReadyWhileTopologyIsGone() throws Exception {
        int port = secondQuery.port();
        assertEquals(200, get(port, "/q/health/ready").statusCode());
        stack.topology.close();
        HttpResponse<String> ready = get(port, "/q/health/ready");
        assertEquals(503, ready.statusCode(), ready.body());
        assertTrue(ready.body().matches("(?s).*\"topology\"\\s*:\\s*\"down.*"), ready.body());
        assertEquals(200, get(port, "/q/health/live").statusCode(), "still live: only a dependency is gone");
    }
}
