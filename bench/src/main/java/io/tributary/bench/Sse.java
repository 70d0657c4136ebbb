package io.tributary.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;

/**
 * Follow clients over HTTP/1.1 with the JDK HttpClient: one connection per stream, non-blocking (the client's
 * selector thread plus a small executor), the body consumed line by line. Entries of the follow measures carry
 * {@code BENCH_SEQ} and {@code BENCH_SENT_NS} ({@link Follow}); a line holding both is an entry, whatever the
 * format around it (an SSE {@code data:} line with log-query's NDJSON object, or gatewayd's JSON line).
 */
final class Sse implements AutoCloseable {

    /** Called on the client's threads with the entry's BENCH_SEQ, its send time and the time the line arrived. */
    interface Listener {
        void entry(int seq, long sentNs, long receivedNs);
    }

    private final ExecutorService executor;
    private final HttpClient http;

    Sse(int threads) {
        executor = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "sse-client");
            t.setDaemon(true);
            return t;
        });
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(executor)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** One stream; the future completes when the body ends (or fails). */
    Stream open(URI uri, String accept, Listener listener) {
        Stream s = new Stream(listener);
        HttpRequest req = HttpRequest.newBuilder(uri).header("Accept", accept).build();
        s.response = http.sendAsync(req, HttpResponse.BodyHandlers.fromLineSubscriber(s, x -> (Void) null, "\n"));
        return s;
    }

    static final class Stream implements Flow.Subscriber<String> {
        private final Listener listener;
        private volatile Flow.Subscription subscription;
        volatile CompletableFuture<HttpResponse<Void>> response;
        volatile Throwable error;
        volatile boolean ended;
        volatile String lastEvent;

        Stream(Listener listener) {
            this.listener = listener;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
            long now = System.nanoTime();
            if (line.startsWith("event:")) {
                lastEvent = line;
                return;
            }
            String seq = field(line, Follow.SEQ);
            String sent = field(line, Follow.SENT_NS);
            if (seq != null && sent != null) {
                listener.entry(Integer.parseInt(seq), Long.parseLong(sent), now);
            }
        }

        @Override
        public void onError(Throwable t) {
            error = t;
            ended = true;
        }

        @Override
        public void onComplete() {
            ended = true;
        }

        void cancel() {
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
            CompletableFuture<?> r = response;
            if (r != null) {
                r.cancel(true);
            }
        }
    }

    /** The string value of {@code "NAME":"value"} in a JSON line, or null. */
    static String field(String line, String name) {
        String key = "\"" + name + "\":\"";
        int i = line.indexOf(key);
        if (i < 0) {
            return null;
        }
        int from = i + key.length();
        int to = line.indexOf('"', from);
        return to < 0 ? null : line.substring(from, to);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
