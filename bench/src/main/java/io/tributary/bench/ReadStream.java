package io.tributary.bench;

import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.tributary.proto.common.v1.Entry;
import io.tributary.proto.journal.v1.JournalReaderGrpc;
import io.tributary.proto.journal.v1.ReadRequest;
import io.tributary.proto.journal.v1.ReadResponse;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One {@code Read} call with manual flow control (grpc-java examples/manualflowcontrol): automatic inbound
 * flow control is off, {@code window} messages are requested up front and one more after each batch is
 * handled, so the server only sends what the client has asked for. Counts entries and heartbeats; an optional
 * per-entry consumer sees every entry (on the transport thread: keep it cheap).
 */
final class ReadStream implements ClientResponseObserver<ReadRequest, ReadResponse> {

    static final int WINDOW = 4;

    private final Consumer<Entry> perEntry;
    private final AtomicLong entries = new AtomicLong();
    private final AtomicLong heartbeats = new AtomicLong();
    private final CountDownLatch done = new CountDownLatch(1);
    private final CountDownLatch firstHeartbeat = new CountDownLatch(1);
    private final long startNanos;
    private volatile long endNanos;
    private volatile Throwable error;
    private volatile ClientCallStreamObserver<ReadRequest> call;

    private ReadStream(Consumer<Entry> perEntry) {
        this.perEntry = perEntry;
        this.startNanos = System.nanoTime();
    }

    /** Starts the call; the clock starts before the request is sent. */
    static ReadStream start(JournalReaderGrpc.JournalReaderStub stub, ReadRequest request, Consumer<Entry> perEntry) {
        ReadStream s = new ReadStream(perEntry);
        stub.read(request, s);
        return s;
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<ReadRequest> requestStream) {
        call = requestStream;
        requestStream.disableAutoRequestWithInitial(WINDOW);
    }

    @Override
    public void onNext(ReadResponse r) {
        switch (r.getKindCase()) {
            case BATCH -> {
                if (perEntry != null) {
                    for (Entry e : r.getBatch().getEntriesList()) {
                        perEntry.accept(e);
                    }
                }
                entries.addAndGet(r.getBatch().getEntriesCount());
            }
            case HEARTBEAT -> {
                heartbeats.incrementAndGet();
                firstHeartbeat.countDown();
            }
            default -> {
            }
        }
        call.request(1);
    }

    @Override
    public void onError(Throwable t) {
        error = t;
        finish();
    }

    @Override
    public void onCompleted() {
        finish();
    }

    private void finish() {
        endNanos = System.nanoTime();
        done.countDown();
        firstHeartbeat.countDown();
    }

    /** Waits for the end of the stream; throws if it failed or took too long. Returns the elapsed ns. */
    long await(long timeout, TimeUnit unit) throws InterruptedException {
        if (!done.await(timeout, unit)) {
            cancel();
            throw new IllegalStateException("Read did not finish within " + timeout + " " + unit);
        }
        if (error != null) {
            throw new IllegalStateException("Read failed: " + error, error);
        }
        return endNanos - startNanos;
    }

    /** For follow streams: true once the server reported being idle at the tail (first heartbeat). */
    boolean awaitHeartbeat(long timeout, TimeUnit unit) throws InterruptedException {
        return firstHeartbeat.await(timeout, unit) && error == null && done.getCount() == 1;
    }

    long entries() {
        return entries.get();
    }

    long heartbeats() {
        return heartbeats.get();
    }

    Throwable error() {
        return error;
    }

    void cancel() {
        ClientCallStreamObserver<ReadRequest> c = call;
        if (c != null) {
            c.cancel("bench done", null);
        }
    }
}
