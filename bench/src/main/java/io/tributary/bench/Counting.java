package io.tributary.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

/**
 * Client-side entry counting for the range measures, the same for every source: NDJSON/JSON and text are counted by
 * newlines, export format by record separators (an empty line: "\n\n"). HTTP sources are read with the JDK
 * HttpClient over HTTP/1.1 (no h2c upgrade), the body consumed as it arrives and never stored; commands
 * (journalctl) through a pipe into the same counter.
 */
final class Counting {

    /** entries counted, bytes, wall ns from sending the request (or forking) to the end of the body, HTTP status. */
    record Count(long entries, long bytes, long nanos, int status) {
        double rate() {
            return entries / (nanos / 1e9);
        }
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private Counting() {
    }

    /** Counts newlines, or export records when {@code export}; tracks the last byte across buffers. */
    static final class Counter {
        private final boolean export;
        private long count;
        private long bytes;
        private byte last;

        Counter(boolean export) {
            this.export = export;
        }

        void accept(ByteBuffer b) {
            int n = b.remaining();
            bytes += n;
            if (b.hasArray()) {
                accept(b.array(), b.arrayOffset() + b.position(), n);
            } else {
                byte[] tmp = new byte[n];
                b.get(tmp);
                accept(tmp, 0, n);
            }
        }

        void accept(byte[] a, int off, int len) {
            byte prev = last;
            long c = count;
            for (int i = off, end = off + len; i < end; i++) {
                byte x = a[i];
                if (x == '\n' && (!export || prev == '\n')) {
                    c++;
                }
                prev = x;
            }
            count = c;
            last = prev;
        }
    }

    static Count get(URI uri, String accept, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder r = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(15)).header("Accept", accept);
        for (int i = 0; i < headers.length; i += 2) {
            r.header(headers[i], headers[i + 1]);
        }
        Counter counter = new Counter(accept.equals("application/vnd.fdo.journal"));
        CompletableFuture<Void> done = new CompletableFuture<>();
        long t0 = System.nanoTime();
        HttpResponse<Void> resp;
        try {
            resp = HTTP.sendAsync(r.build(), HttpResponse.BodyHandlers.fromSubscriber(new Flow.Subscriber<List<ByteBuffer>>() {
                Flow.Subscription s;

                @Override
                public void onSubscribe(Flow.Subscription s) {
                    this.s = s;
                    s.request(Long.MAX_VALUE);
                }

                @Override
                public void onNext(List<ByteBuffer> item) {
                    for (ByteBuffer b : item) {
                        counter.accept(b);
                    }
                }

                @Override
                public void onError(Throwable t) {
                    done.completeExceptionally(t);
                }

                @Override
                public void onComplete() {
                    done.complete(null);
                }
            }, x -> (Void) null)).get(15, TimeUnit.MINUTES);
            done.get(15, TimeUnit.MINUTES);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IOException("GET " + uri + " failed", e);
        }
        long t = System.nanoTime() - t0;
        return new Count(counter.count, counter.bytes, t, resp.statusCode());
    }

    /** Runs a command with stdout piped into the counter (stderr inherited); fails on a non-zero exit. */
    static Count command(List<String> cmd, boolean export) throws IOException, InterruptedException {
        Counter counter = new Counter(export);
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        byte[] buf = new byte[1 << 16];
        long bytes = 0;
        try (InputStream in = p.getInputStream()) {
            int n;
            while ((n = in.read(buf)) > 0) {
                counter.accept(buf, 0, n);
                bytes += n;
            }
        }
        int exit = p.waitFor();
        long t = System.nanoTime() - t0;
        if (exit != 0) {
            throw new IOException(String.join(" ", cmd) + " exited " + exit);
        }
        return new Count(counter.count, bytes, t, 0);
    }
}
