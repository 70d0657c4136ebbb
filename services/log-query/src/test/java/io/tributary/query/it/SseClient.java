package io.tributary.query.it;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** An SSE client for the tests: events (type, id, data) arrive in the queue; cancel() closes the connection. */
class SseClient {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    record Event(String type, String id, String data) {
    }

    final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    final CompletableFuture<HttpResponse<Stream<String>>> response;

    SseClient(int port, String path, String lastEventId) {
        this(URI.create("http://127.0.0.1:" + port + path), lastEventId);
    }

    SseClient(URI uri, String lastEventId) {
        HttpRequest.Builder r = HttpRequest.newBuilder(uri)
                .header("Accept", "text/event-stream");
        if (lastEventId != null) {
            r.header("Last-Event-ID", lastEventId);
        }
        response = HTTP.sendAsync(r.build(), HttpResponse.BodyHandlers.ofLines());
        response.thenAccept(resp -> new Thread(() -> parse(resp.body())).start());
    }

    private void parse(Stream<String> lines) {
        String type = "message";
        String id = null;
        StringBuilder data = new StringBuilder();
        try {
            for (String line : (Iterable<String>) lines::iterator) {
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
            // cancelled or cut
        }
    }

    /** The next n entries (data objects), failing on a timeout. */
    List<JsonNode> entries(int n, Duration timeout) throws Exception {
        List<JsonNode> got = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (got.size() < n) {
            Event e = events.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            assertNotNull(e, "only " + got.size() + " of " + n + " entries arrived");
            if (e.type().equals("message")) {
                got.add(JSON.readTree(e.data()));
            }
        }
        return got;
    }

    void cancel() {
        response.thenAccept(r -> r.body().close());
    }
}
