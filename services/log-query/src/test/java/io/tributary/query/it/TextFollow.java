package io.tributary.query.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;

/** A {@code text/plain} query for the tests: its lines arrive in the queue; {@link #ended} completes at the body's end. */
final class TextFollow {

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    final CompletableFuture<Void> ended = new CompletableFuture<>();
    private volatile InputStream body;

    TextFollow(int port, String path) {
        HTTP.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).header("Accept", "text/plain")
                .build(), HttpResponse.BodyHandlers.ofInputStream()).thenAccept(r -> {
                    Thread t = new Thread(() -> read(r.body()));
                    t.setDaemon(true);
                    t.start();
                });
    }

    private void read(InputStream body) {
        this.body = body;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                lines.add(line);
            }
        } catch (IOException cut) {
            // the connection broke: ended shows it
        }
        ended.complete(null);
    }

    /** Closes the connection (when the body has started). */
    void cancel() throws IOException {
        InputStream b = body;
        if (b != null) {
            b.close();
        }
    }
}
