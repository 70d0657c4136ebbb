package io.tributary.query.it;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.stream.Stream;

/** An SSE client of log-query: events (type, id, data) arrive in the queue; cancel() closes the connection. */
final class SseClient {

    record Event(String type, String id, String data) {
    }

    final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    final CompletableFuture<HttpResponse<Stream<String>>> response;

    SseClient(Stack stack, String path, String lastEventId) {
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
