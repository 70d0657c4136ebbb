package io.tributary.reader.grpc;

import io.grpc.Context;
import io.grpc.stub.StreamObserver;
import io.tributary.proto.common.v1.Entry;
import io.tributary.proto.common.v1.Position;
import io.tributary.proto.journal.v1.JournalReaderGrpc;
import io.tributary.proto.journal.v1.ReadRequest;
import io.tributary.proto.journal.v1.ReadResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Test helpers for Read streams. */
final class Reads {

    private Reads() {
    }

    static List<Entry> all(JournalReaderGrpc.JournalReaderBlockingStub stub, ReadRequest request) {
        List<Entry> out = new ArrayList<>();
        Iterator<ReadResponse> it = stub.read(request);
        while (it.hasNext()) {
            ReadResponse r = it.next();
            out.addAll(r.getBatch().getEntriesList());
        }
        return out;
    }

    static List<String> messages(List<Entry> entries) {
        return entries.stream().map(Reads::message).toList();
    }

    static String message(Entry e) {
        return e.getFieldsList().stream().filter(f -> f.getName().equals("MESSAGE")).findFirst()
                .map(f -> f.getValue().toStringUtf8()).orElse(null);
    }

    static String text(Entry e, String name) {
        return e.getFieldsList().stream().filter(f -> f.getName().equals(name)).findFirst()
                .map(f -> f.getValue().toStringUtf8()).orElse(null);
    }

    static Position head() {
        return Position.newBuilder().setHead(true).build();
    }

    static Position tail() {
        return Position.newBuilder().setTail(true).build();
    }

    static Position cursor(String c) {
        return Position.newBuilder().setCursor(c).build();
    }

    static Position afterCursor(String c) {
        return Position.newBuilder().setAfterCursor(c).build();
    }

    /** A follow stream collected in the background; cancel() ends it. */
    static final class Follow implements AutoCloseable {
        final BlockingQueue<ReadResponse> responses = new LinkedBlockingQueue<>();
        final List<Entry> entries = new ArrayList<>();
        volatile Throwable error;
        volatile boolean completed;
        private final Context.CancellableContext context = Context.current().withCancellation();

        Follow(JournalReaderGrpc.JournalReaderStub stub, ReadRequest request) {
            context.run(() -> stub.read(request, new StreamObserver<>() {
                @Override
                public void onNext(ReadResponse r) {
                    responses.add(r);
                }

                @Override
                public void onError(Throwable t) {
                    error = t;
                }

                @Override
                public void onCompleted() {
                    completed = true;
                }
            }));
        }

        /** Waits until n entries arrived in all (failing after the timeout); returns every entry so far. */
        List<Entry> awaitEntries(int n, long timeoutMillis) throws InterruptedException {
            long deadline = System.currentTimeMillis() + timeoutMillis;
            while (entries.size() < n) {
                ReadResponse r = responses.poll(Math.max(1, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
                if (r == null) {
                    throw new AssertionError("got " + entries.size() + " of " + n + " entries; error: " + error);
                }
                entries.addAll(r.getBatch().getEntriesList());
            }
            return entries;
        }

        /** The next heartbeat's watermark, skipping entries (which are kept). */
        long awaitHeartbeat(long timeoutMillis) throws InterruptedException {
            long deadline = System.currentTimeMillis() + timeoutMillis;
            while (true) {
                ReadResponse r = responses.poll(Math.max(1, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
                if (r == null) {
                    throw new AssertionError("no heartbeat; error: " + error);
                }
                if (r.hasHeartbeat()) {
                    return r.getHeartbeat().getWatermarkRealtimeUsec();
                }
                entries.addAll(r.getBatch().getEntriesList());
            }
        }

        @Override
        public void close() {
            context.cancel(null);
        }
    }
}
