package io.tributary.reader.grpc;

import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.List;

/**
 * Answers a call whose reply is computed on a worker thread (Describe, Unique: they block on the journal) the way
 * {@link Outbox} sends Read batches: on the call's event loop, each message only while the call is ready, the end
 * only when it is ready again, nothing once the client has cancelled. Written from the worker thread instead, a reply
 * that crossed the client's cancel (log-query's deadline, a client gone) broke the whole connection — its HEADERS
 * went to a stream Netty had already removed (GOAWAY PROTOCOL_ERROR), or its trailers waited behind data and failed
 * (see Outbox) — and with it every other stream of that client on the connection (CancelRaceTest).
 */
final class Reply<T> {

    /** The work: the messages to send, or a StatusException for the error to end with. */
    interface Work<T> {
        List<T> run() throws StatusException;
    }

    private final ServerCallStreamObserver<T> call;
    private final Context context; // the call's event loop; null outside Vert.x (unit tests): all on the caller's thread
    private List<T> messages;      // null until the work is done
    private Status failure;
    private int sent;
    private boolean over;          // ended, or cancelled by the client

    private Reply(StreamObserver<T> observer) {
        call = (ServerCallStreamObserver<T>) observer;
        Context c = Vertx.currentContext();
        context = c != null && c.isEventLoopContext() ? c : null;
        call.setOnCancelHandler(() -> over = true);
        // onReady is called from inside Netty's flow controller, which must not be written to re-entrantly
        call.setOnReadyHandler(() -> {
            if (context == null) {
                send();
            } else {
                context.runOnContext(v -> send());
            }
        });
    }

    /** Call from the service method (on the call's event loop): runs work on a worker thread, then answers. */
    static <T> void answer(StreamObserver<T> observer, Work<T> work) {
        Reply<T> reply = new Reply<>(observer);
        if (reply.context == null) {
            reply.done(work);
            return;
        }
        reply.context.executeBlocking(() -> {
            reply.done(work); // sets the result only; sent back on the event loop
            return null;
        }, false).onComplete(ar -> reply.send());
    }

    private void done(Work<T> work) {
        List<T> result = null;
        Status status = null;
        try {
            result = work.run();
        } catch (StatusException e) {
            status = e.getStatus();
        } catch (RuntimeException e) {
            status = Status.INTERNAL.withDescription(e.toString());
        }
        synchronized (this) { // handed from the worker to the event loop
            messages = result == null ? List.of() : result;
            failure = status;
        }
        if (context == null) {
            send();
        }
    }

    private void send() {
        List<T> m;
        Status f;
        synchronized (this) {
            m = messages;
            f = failure;
        }
        if (over || m == null) {
            return;
        }
        while (sent < m.size() && call.isReady()) {
            call.onNext(m.get(sent++));
        }
        if (sent == m.size() && call.isReady()) {
            over = true;
            if (f == null) {
                call.onCompleted();
            } else {
                call.onError(f.asRuntimeException());
            }
        }
    }
}
