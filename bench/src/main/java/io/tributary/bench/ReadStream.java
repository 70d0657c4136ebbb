package io.tributary.bench;

import io.grpc.MethodDescriptor;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ClientResponseObserver;
import io.tributary.proto.common.v1.Entry;
import io.tributary.proto.journal.v1.JournalReaderGrpc;
import io.tributary.proto.journal.v1.ReadRequest;
import io.tributary.proto.journal.v1.ReadResponse;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One {@code Read} call with manual flow control (grpc-java examples/manualflowcontrol): automatic inbound
 * flow control is off, {@code window} messages are requested up front and one more after each batch is
 * handled, so the server only sends what the client has asked for. Counts entries and heartbeats.
 *
 * <p>Two clients: {@link #start} parses every response into {@code Entry} objects and can hand each to a
 * per-entry consumer (on the transport thread: keep it cheap); {@link #counting} does not parse entries at all
 * ({@link CountedResponse}: the wire format is walked and each entry's bytes are skipped, as log-query receives
 * reader streams), so that a throughput measure charges the client only what a real consumer pays.
 */
final class ReadStream<R> implements ClientResponseObserver<ReadRequest, R> {

    static final int WINDOW = 4;

    private final Function<R, CountedResponse> count;
    private final AtomicLong entries = new AtomicLong();
    private final AtomicLong heartbeats = new AtomicLong();
    private final CountDownLatch done = new CountDownLatch(1);
    private final CountDownLatch firstHeartbeat = new CountDownLatch(1);
    private final long startNanos;
    private volatile long endNanos;
    private volatile Throwable error;
    private volatile ClientCallStreamObserver<ReadRequest> call;

    private ReadStream(Function<R, CountedResponse> count) {
        this.count = count;
        this.startNanos = System.nanoTime();
    }

    /** Starts a parsing call; the clock starts before the request is sent. perEntry may be null. */
    static ReadStream<ReadResponse> start(JournalReaderGrpc.JournalReaderStub stub, ReadRequest request,
            Consumer<Entry> perEntry) {
        ReadStream<ReadResponse> s = new ReadStream<>(r -> {
            if (perEntry != null && r.hasBatch()) {
                r.getBatch().getEntriesList().forEach(perEntry);
            }
            return new CountedResponse(r.hasBatch() ? r.getBatch().getEntriesCount() : 0, r.hasHeartbeat());
        });
        stub.read(request, s);
        return s;
    }

    /** Starts a counting call (responses are never parsed into messages); the clock starts before the request. */
    static ReadStream<CountedResponse> counting(JournalReaderGrpc.JournalReaderStub stub, ReadRequest request) {
        ReadStream<CountedResponse> s = new ReadStream<>(Function.identity());
        MethodDescriptor<ReadRequest, CountedResponse> method = JournalReaderGrpc.getReadMethod()
                .toBuilder(JournalReaderGrpc.getReadMethod().getRequestMarshaller(), CountedResponse.MARSHALLER)
                .build();
        ClientCalls.asyncServerStreamingCall(stub.getChannel().newCall(method, stub.getCallOptions()), request, s);
        return s;
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<ReadRequest> requestStream) {
        call = requestStream;
        requestStream.disableAutoRequestWithInitial(WINDOW);
    }

    @Override
    public void onNext(R r) {
        CountedResponse c = count.apply(r);
        entries.addAndGet(c.entries());
        if (c.heartbeat()) {
            heartbeats.incrementAndGet();
            firstHeartbeat.countDown();
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
