package io.tributary.query.http;

import io.tributary.query.cursor.CursorState;
import io.tributary.query.encode.Format;
import io.tributary.query.encode.Out;
import io.tributary.query.merge.NodeFailure;
import io.tributary.query.merge.Output;
import io.tributary.query.node.RawEntry;
import io.tributary.query.query.ApiException;
import io.netty.buffer.Unpooled;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * An HTTP response as a query {@link Output}: entries are encoded into one buffer and written in chunks; the Vert.x
 * write queue is the flow control ({@code writeQueueFull} → the query stops pulling; the drain handler resumes it).
 * Heap per response: one chunk being encoded plus the bounded write queue.
 */
public final class HttpOutput implements Output {

    private final Vertx vertx;
    private final HttpServerResponse response;
    private final Format format;
    private final int chunkBytes;
    private final Out out;
    private final List<Runnable> closeHandlers = new ArrayList<>();
    private boolean closed;
    private boolean ended;

    public HttpOutput(Vertx vertx, HttpServerResponse response, Format format, int chunkBytes) {
        this.vertx = vertx;
        this.response = response;
        this.format = format;
        this.chunkBytes = chunkBytes;
        this.out = new Out(chunkBytes + 4096);
        response.setWriteQueueMaxSize(4 * chunkBytes);
        response.closeHandler(v -> closed());
        response.exceptionHandler(e -> closed());
    }

    private void closed() {
        if (closed) {
            return;
        }
        closed = true;
        if (!ended) {
            closeHandlers.forEach(Runnable::run);
        }
    }

    /** The status line and headers: sent with the first bytes. */
    public void begin() {
        response.setStatusCode(200).setChunked(true)
                .putHeader("Content-Type", format.contentType())
                .putHeader("Cache-Control", "no-cache")
                .putHeader("X-Accel-Buffering", "no");
    }

    @Override
    public void entry(RawEntry e, CursorState cursor) {
        format.entry(e, cursor, out);
        if (out.size() >= chunkBytes) {
            flush();
        }
    }

    @Override
    public void failure(NodeFailure f) {
        format.failure(f, out);
    }

    @Override
    public void gap(String node, String reason) {
        format.gap(node, reason, out);
    }

    @Override
    public void idle(long watermarkUsec, CursorState cursor) {
        format.keepAlive(out);
    }

    @Override
    public void flush() {
        if (out.size() > 0 && !closed && !ended) {
            int n = out.size();
            // A full chunk goes to Netty as is (no copy) and encoding continues in a fresh array; a small one (a
            // follow's entry, a keep-alive) is copied at its size rather than giving up a whole chunk's array.
            byte[] bytes = n >= chunkBytes / 2 ? out.detach() : out.toArray();
            response.write(Buffer.buffer(Unpooled.wrappedBuffer(bytes, 0, n)));
        }
        out.reset();
    }

    @Override
    public boolean writable() {
        return closed || !response.writeQueueFull();
    }

    @Override
    public void onWritable(Runnable r) {
        response.drainHandler(v -> r.run());
    }

    @Override
    public void onClosed(Runnable r) {
        if (closed && !ended) {
            r.run(); // the client left before the query started
        } else {
            closeHandlers.add(r);
        }
    }

    @Override
    public void finish(List<NodeFailure> failures, CursorState cursor, String closeReason) {
        if (closed || ended) {
            return;
        }
        format.end(failures, cursor.encode(), closeReason, out);
        flush();
        ended = true;
        response.end();
        if (closeReason != null) {
            // the client is stalled: what is queued may never drain; let it go after a grace period
            vertx.setTimer(5000, id -> {
                if (!closed) {
                    response.close();
                }
            });
        }
    }

    @Override
    public void fail(Throwable error) {
        if (closed || ended) {
            return;
        }
        ended = true;
        if (!response.headWritten()) {
            Errors.send(response, error);
            return;
        }
        ApiException api = Errors.api(error);
        out.reset();
        format.end(List.of(new NodeFailure("", "", "INTERNAL", api.detail())), "", null, out);
        response.write(Buffer.buffer(out.toArray()));
        response.end();
    }
}
