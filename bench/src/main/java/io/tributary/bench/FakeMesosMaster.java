package io.tributary.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A Mesos master in the bench process, speaking what topology's MesosSource expects: {@code POST /api/v1}
 * (SUBSCRIBE) answers a chunked RecordIO stream that starts with the given SUBSCRIBED event and stays open,
 * with a HEARTBEAT every heartbeat interval and whatever {@link #send} adds. One subscriber at a time.
 */
final class FakeMesosMaster implements AutoCloseable {

    private final HttpServer server;
    private final byte[] subscribed;
    private final long heartbeatMillis;
    private final CountDownLatch streaming = new CountDownLatch(1);
    private volatile OutputStream out;
    private volatile boolean closed;

    FakeMesosMaster(byte[] subscribedJson, double heartbeatSeconds) throws IOException {
        this.subscribed = subscribedJson;
        this.heartbeatMillis = (long) (heartbeatSeconds * 1000);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-mesos-master");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/api/v1", this::subscribe);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void subscribe(HttpExchange ex) throws IOException {
        ex.getRequestBody().readAllBytes(); // {"type":"SUBSCRIBE"}
        ex.getResponseHeaders().add("Content-Type", "application/recordio");
        ex.sendResponseHeaders(200, 0); // chunked
        OutputStream o = ex.getResponseBody();
        try {
            synchronized (this) {
                write(o, subscribed);
                out = o;
            }
            streaming.countDown();
            while (!closed) {
                Thread.sleep(heartbeatMillis);
                synchronized (this) {
                    write(o, "{\"type\":\"HEARTBEAT\"}".getBytes(StandardCharsets.UTF_8));
                }
            }
        } catch (IOException | InterruptedException gone) {
            // the subscriber went away (or we are closing)
        } finally {
            synchronized (this) {
                if (out == o) {
                    out = null;
                }
            }
            ex.close();
        }
    }

    /** Waits until a subscriber has the snapshot's first bytes. */
    void awaitSubscriber(long timeoutSeconds) throws InterruptedException, IOException {
        if (!streaming.await(timeoutSeconds, TimeUnit.SECONDS)) {
            throw new IOException("topology did not subscribe within " + timeoutSeconds + " s");
        }
    }

    /** Writes one event to the open stream and flushes it; returns System.nanoTime() just before the write. */
    synchronized long send(String eventJson) throws IOException {
        if (out == null) {
            throw new IOException("no subscriber");
        }
        long t = System.nanoTime();
        write(out, eventJson.getBytes(StandardCharsets.UTF_8));
        return t;
    }

    private static void write(OutputStream o, byte[] json) throws IOException {
        o.write((json.length + "\n").getBytes(StandardCharsets.US_ASCII));
        o.write(json);
        o.flush();
    }

    @Override
    public void close() {
        closed = true;
        server.stop(0);
    }
}
