package io.tributary.topology.mesos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Mesos master for tests: serves the fixtures ({@code POST /api/v1} SUBSCRIBE as RecordIO, {@code GET
 * /master/state}) on 127.0.0.1, with a per-subscription behaviour (drop, go silent, redirect, no v1 API). Public
 * for the multi-process tests in {@code it}.
 */
public final class FakeMaster implements AutoCloseable {

    public enum Behaviour { STREAM, DROP_AFTER_SNAPSHOT, SILENT_AFTER_SNAPSHOT, NO_V1_API }

    static final ObjectMapper JSON = new ObjectMapper();

    final HttpServer server;
    final AtomicInteger subscriptions = new AtomicInteger();
    final List<JsonNode> events;
    volatile String redirectTo;
    private final List<Behaviour> script;
    private volatile boolean closed;

    /** script[i] is what subscription i gets; the last one repeats. */
    public FakeMaster(double heartbeatSeconds, Behaviour... script) throws IOException {
        this.script = List.of(script);
        List<JsonNode> evs = new ArrayList<>();
        try (InputStream in = resource("mesos-v1-operator-events.json")) {
            JSON.readTree(in).forEach(evs::add);
        }
        ((ObjectNode) evs.get(0).get("subscribed")).put("heartbeat_interval_seconds", heartbeatSeconds);
        this.events = evs;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/api/v1", this::api);
        server.createContext("/master/state", ex -> {
            byte[] body;
            try (InputStream in = resource("mesos-master-state.json")) {
                body = in.readAllBytes();
            }
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
    }

    static InputStream resource(String name) {
        return FakeMaster.class.getResourceAsStream("/mesos/" + name);
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void api(HttpExchange ex) throws IOException {
        if (redirectTo != null) {
            // what a non-leading master does: a scheme-relative Location
            ex.getResponseHeaders().add("Location", "//" + redirectTo.replace("http://", "") + "/api/v1");
            ex.sendResponseHeaders(307, -1);
            ex.close();
            return;
        }
        int n = subscriptions.getAndIncrement();
        Behaviour b = script.get(Math.min(n, script.size() - 1));
        if (b == Behaviour.NO_V1_API) {
            ex.sendResponseHeaders(404, -1);
            ex.close();
            return;
        }
        ex.getResponseHeaders().add("Content-Type", "application/recordio");
        ex.sendResponseHeaders(200, 0);
        try (OutputStream out = ex.getResponseBody()) {
            write(out, events.get(0));
            if (b == Behaviour.DROP_AFTER_SNAPSHOT) {
                return; // the connection ends mid-subscription
            }
            if (b == Behaviour.SILENT_AFTER_SNAPSHOT) {
                while (!closed && subscriptions.get() == n + 1) {
                    sleep(20); // no heartbeat: the client must give up on us
                }
                return;
            }
            for (JsonNode e : events.subList(1, events.size())) {
                write(out, e);
            }
            double hb = events.get(0).get("subscribed").get("heartbeat_interval_seconds").asDouble();
            while (!closed) {
                sleep((long) (hb * 1000));
                write(out, JSON.readTree("{\"type\":\"HEARTBEAT\"}"));
            }
        } catch (IOException clientGone) {
            // the client closed the stream
        }
    }

    private static void write(OutputStream out, JsonNode event) throws IOException {
        byte[] json = JSON.writeValueAsBytes(event);
        out.write((json.length + "\n").getBytes(StandardCharsets.US_ASCII));
        out.write(json);
        out.flush();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException("interrupted"));
        }
    }

    @Override
    public void close() {
        closed = true;
        server.stop(0);
    }
}
