package io.tributary.reader.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.stub.ServerCallStreamObserver;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The outbox outside Vert.x (sends on the caller's thread): which batch arrays it keeps for the reader's next batches,
 * and when it ends the stream.
 */
class OutboxTest {

    private static final int BATCH_BYTES = 64 * 1024;

    @Test
    void arraysOfSentBatchesAreKeptOnlyWhileAHistoryReadRuns() throws Exception {
        RecordingCall call = new RecordingCall();
        Outbox outbox = outbox(call);
        assertNull(outbox.spareArray(), "nothing sent yet");

        outbox.recycleArrays(true);
        EntryEncoder.BatchBuilder first = new EntryEncoder.BatchBuilder(4096);
        outbox.put(first);
        outbox.drain();
        assertEquals(1, call.sent.size());
        byte[] sentArray = ((RawResponses.Encoded) call.sent.get(0)).bytes();
        assertSame(sentArray, outbox.spareArray(), "the sent batch's array comes back for the next batch");
        assertNull(outbox.spareArray(), "and only once");

        outbox.recycleArrays(false);
        outbox.put(first.next(4096, null));
        outbox.drain();
        assertEquals(2, call.sent.size());
        assertNull(outbox.spareArray(), "after the read, sent arrays are left to the GC");
    }

    @Test
    void anOversizedBatchArrayIsNotKept() throws Exception {
        RecordingCall call = new RecordingCall();
        Outbox outbox = outbox(call);
        outbox.recycleArrays(true);
        outbox.put(new EntryEncoder.BatchBuilder(2 * BATCH_BYTES + 1)); // as after an entry larger than a batch
        outbox.drain();
        assertEquals(1, call.sent.size());
        assertNull(outbox.spareArray());
    }

    @Test
    void theStreamEndsOnlyWhenTheCallIsReadyAgain() throws Exception {
        // Trailers written while sent data still waits for window would be lost with the connection on a cancel
        // (see Outbox.drainHere; CancelRaceTest shows it against the real server).
        RecordingCall call = new RecordingCall();
        Outbox outbox = outbox(call);
        outbox.put(new EntryEncoder.BatchBuilder(4096));
        outbox.drain();
        assertEquals(1, call.sent.size());
        call.ready = false; // the batch waits for the client's window
        outbox.complete();
        outbox.drain();
        assertFalse(call.completed, "ended while the last batch is still waiting");
        call.ready = true;
        call.onReady.run();
        assertTrue(call.completed, "ended once the call is ready");
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Outbox outbox(RecordingCall call) {
        return new Outbox((ServerCallStreamObserver) call, 256, BATCH_BYTES, 1024);
    }

    /** A call that records what it is sent; ready unless a test says otherwise. */
    // Of Object: RawResponses.send passes its encoded bytes through onNext, past the generic type.
    private static final class RecordingCall extends ServerCallStreamObserver<Object> {
        final List<Object> sent = new ArrayList<>();
        boolean ready = true;
        boolean completed;
        Runnable onReady;

        @Override
        public void onNext(Object value) {
            sent.add(value);
        }

        @Override
        public boolean isReady() {
            return ready;
        }

        @Override
        public void onError(Throwable t) {
        }

        @Override
        public void onCompleted() {
            completed = true;
        }

        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public void setOnCancelHandler(Runnable onCancelHandler) {
        }

        @Override
        public void setOnReadyHandler(Runnable onReadyHandler) {
            onReady = onReadyHandler;
        }

        @Override
        public void setCompression(String compression) {
        }

        @Override
        public void disableAutoInboundFlowControl() {
        }

        @Override
        public void request(int count) {
        }

        @Override
        public void setMessageCompression(boolean enable) {
        }
    }
}
