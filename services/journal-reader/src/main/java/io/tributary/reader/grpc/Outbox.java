package io.tributary.reader.grpc;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.tributary.proto.journal.v1.Gap;
import io.tributary.proto.journal.v1.Heartbeat;
import io.tributary.proto.journal.v1.ReadResponse;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.function.IntConsumer;

/**
 * The bounded queue between whoever reads the journal for a Read stream and the gRPC call, with gRPC flow
 * control: messages are sent only while the call {@code isReady()}; otherwise they wait here, and producers
 * wait (or, for the shared tail, are told the outbox is full). Memory per stream is bounded by the capacity.
 *
 * <p>Everything is sent on the call's own event loop ({@link #drain()} hops there). Vert.x checks whether a stream
 * was reset when a write is <em>called</em>, but a write called from another thread runs later on the event loop
 * without checking again; if the client's RST_STREAM (a cancel) is processed in between, the response HEADERS
 * (first message or trailers) go to a stream Netty has already removed, Netty takes it for a new server stream
 * with a client's (odd) id, and answers with a connection error: GOAWAY PROTOCOL_ERROR "Request stream N is not
 * correct for server connection" — which fails every other stream of that client on the connection (log-query
 * multiplexes all its Read streams to a reader on one connection). On the event loop, the reset is seen first.
 */
public final class Outbox {

    private final ServerCallStreamObserver<ReadResponse> call;
    private final int batchEntries;
    private final int batchBytes;
    private final int capacity;
    // An encoded entry (byte[]), a batch encoded ahead (Prebuilt), or a ReadResponse (heartbeat, gap).
    private final ArrayDeque<Object> queue = new ArrayDeque<>();
    private int queuedEntries;
    private boolean cancelled;
    private boolean ended;        // complete() or fail() was called
    private Status failure;
    private boolean endSent;
    private long lastSentNanos = System.nanoTime();
    private long lastWatermark;
    /** The call's event loop (null outside Vert.x, e.g. in unit tests: send on the caller's thread). */
    private final Context context;
    private boolean drainScheduled;
    // Operations hooks (metrics, the open-stream registry): called per batch sent and once when the stream is over.
    private IntConsumer onSent = n -> { };
    private Runnable onDone = () -> { };
    private boolean doneCalled;
    // While a history read produces batches: arrays of its batches already sent, for its next ones (a new 256 KiB
    // array per batch cost the read thread its zeroing, and the GC its garbage). Reusable at once: both gRPC
    // transports serialize a message inside onNext. Oversized ones (a huge entry) are left to the GC, and none are
    // kept once the read is over (a follow stream lives on without them).
    private final ArrayDeque<byte[]> spare = new ArrayDeque<>(2);
    private boolean recycling;

    /** Create on the call's event loop (in the service method). */
    public Outbox(ServerCallStreamObserver<ReadResponse> call, int batchEntries, int batchBytes, int capacity) {
        Context context = Vertx.currentContext();
        this.context = context != null && context.isEventLoopContext() ? context : null;
        this.call = call;
        this.batchEntries = batchEntries;
        this.batchBytes = batchBytes;
        this.capacity = capacity;
        call.setOnCancelHandler(this::cancel);
        call.setOnReadyHandler(this::drain);
    }

    /** Sets the operations hooks; call before the stream starts. */
    public synchronized void track(IntConsumer sentEntries, Runnable done) {
        this.onSent = sentEntries;
        this.onDone = done;
    }

    private void done() {
        if (!doneCalled) {
            doneCalled = true;
            onDone.run();
        }
    }

    public synchronized boolean offer(byte[] entry) {
        if (cancelled || ended || queuedEntries >= capacity) {
            return false;
        }
        queue.add(entry);
        queuedEntries++;
        return true;
    }

    /** A whole batch response encoded by the reader thread. */
    private record Prebuilt(RawResponses.Encoded message, int entries) {
    }

    /**
     * Adds an encoded batch, waiting while the outbox is full; false if the call was cancelled meanwhile. It drains
     * while it waits: a follower sent back by the shared tail arrives with a full outbox that nobody else may drain
     * (the call stayed ready, so no onReady event comes).
     */
    public synchronized boolean put(EntryEncoder.BatchBuilder batch) throws InterruptedException {
        int entries = batch.entries();
        while (!cancelled && !ended && queuedEntries > 0 && queuedEntries + entries > capacity) {
            drain();
            if (!cancelled && !ended && queuedEntries > 0 && queuedEntries + entries > capacity) {
                wait(1000);
            }
        }
        if (cancelled || ended) { // ended under the producer (shutdown): what is queued goes out, then the end
            return false;
        }
        queue.add(new Prebuilt(batch.build(), entries));
        queuedEntries += entries;
        return true;
    }

    /** Whether arrays of batches sent are kept for {@link #spareArray}: on while a history read runs. */
    public synchronized void recycleArrays(boolean on) {
        recycling = on;
        if (!on) {
            spare.clear();
        }
    }

    /** An array of a batch already sent, to build another batch in (null: none). */
    public synchronized byte[] spareArray() {
        return spare.poll();
    }

    public synchronized void gap(String reason, String cursor) {
        queue.add(ReadResponse.newBuilder().setGap(Gap.newBuilder().setReason(reason).setCursor(cursor)).build());
    }

    /** Queues a heartbeat if nothing was sent for idleNanos and nothing is waiting; watermarks never go back. */
    public synchronized boolean heartbeatIfIdle(long watermarkUsec, long idleNanos, long nowNanos) {
        if (cancelled || ended || !queue.isEmpty() || nowNanos - lastSentNanos < idleNanos) {
            return false;
        }
        lastWatermark = Math.max(lastWatermark, watermarkUsec);
        queue.add(ReadResponse.newBuilder().setHeartbeat(Heartbeat.newBuilder().setWatermarkRealtimeUsec(lastWatermark)).build());
        lastSentNanos = nowNanos;
        return true;
    }

    /** Ends the stream normally once everything queued is sent. */
    public synchronized void complete() {
        ended = true;
    }

    /** Ends the stream with an error once everything queued is sent. */
    public synchronized void fail(Status status) {
        ended = true;
        failure = status;
    }

    /**
     * Ends a stream still producing (shutdown) with an error once everything queued is sent; a stream already ending
     * keeps its own end. A producer waiting in {@link #put} gets false.
     */
    public synchronized void endEarly(Status status) {
        if (!ended) {
            fail(status);
            notifyAll();
        }
    }

    public synchronized boolean isCancelled() {
        return cancelled;
    }

    public synchronized boolean isEnded() {
        return ended || cancelled;
    }

    private synchronized void cancel() {
        cancelled = true;
        queue.clear();
        queuedEntries = 0;
        notifyAll();
        done();
    }

    /**
     * Sends what is queued while the call is ready, in a task of its own on the call's event loop (never inline: the
     * onReady handler is called from inside Netty's flow controller, which must not be written to re-entrantly).
     * Safe to call from any thread.
     */
    public void drain() {
        if (context == null) {
            drainHere();
            return;
        }
        synchronized (this) {
            if (drainScheduled || cancelled || endSent) {
                return;
            }
            drainScheduled = true;
        }
        context.runOnContext(v -> {
            synchronized (this) {
                drainScheduled = false;
            }
            drainHere();
        });
    }

    private synchronized void drainHere() {
        if (cancelled || endSent) {
            return;
        }
        try {
            while (!queue.isEmpty() && call.isReady()) {
                Object head = queue.peek();
                if (head instanceof ReadResponse r) {
                    queue.poll();
                    call.onNext(r);
                } else if (head instanceof Prebuilt p) {
                    queue.poll();
                    queuedEntries -= p.entries();
                    RawResponses.send(call, p.message());
                    onSent.accept(p.entries());
                    if (recycling && spare.size() < 2 && p.message().bytes().length <= 2 * batchBytes) {
                        spare.push(p.message().bytes());
                    }
                } else {
                    java.util.List<byte[]> batch = nextBatch();
                    RawResponses.send(call, new RawResponses.Encoded(EntryEncoder.batchResponse(batch)));
                    onSent.accept(batch.size());
                }
                lastSentNanos = System.nanoTime();
                notifyAll();
            }
            // The end only once the call is ready again, i.e. no sent data waits for flow-control window: trailers
            // written behind waiting data are queued in Netty's flow controller with a void promise, and when the
            // client then resets the stream (a cancel), failing that promise makes Vert.x close the whole connection
            // — every other stream on it. Not ready now: onReady (or the client's cancel) comes.
            if (queue.isEmpty() && ended && call.isReady()) {
                endSent = true;
                if (failure == null) {
                    call.onCompleted();
                } else {
                    call.onError(failure.asRuntimeException());
                }
                done();
            }
        } catch (RuntimeException e) {
            // The call went away under us (e.g. cancelled between isReady and onNext): stop producing.
            cancelled = true;
            queue.clear();
            queuedEntries = 0;
            notifyAll();
            done();
        }
    }

    private java.util.List<byte[]> nextBatch() {
        java.util.List<byte[]> batch = new java.util.ArrayList<>(Math.min(queuedEntries, batchEntries));
        int bytes = 0;
        while (queue.peek() instanceof byte[] e && batch.size() < batchEntries && (bytes == 0 || bytes + e.length <= batchBytes)) {
            queue.poll();
            queuedEntries--;
            bytes += e.length;
            batch.add(e);
        }
        return batch;
    }
}
