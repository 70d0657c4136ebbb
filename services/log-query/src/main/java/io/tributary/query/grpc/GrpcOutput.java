package io.tributary.query.grpc;

import com.google.protobuf.Any;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ServerCallStreamObserver;
import io.tributary.proto.logs.v1.NodeGap;
import io.tributary.proto.logs.v1.Progress;
import io.tributary.proto.logs.v1.QueryResponse;
import io.tributary.query.cursor.CursorState;
import io.tributary.query.encode.Out;
import io.tributary.query.merge.NodeFailure;
import io.tributary.query.merge.Output;
import io.tributary.query.node.RawEntry;
import io.tributary.query.ops.OpenStreams;
import java.util.ArrayList;
import java.util.List;

/**
 * A gRPC Query stream as a query {@link Output}: entries are copied from the readers' wire bytes with their cursor
 * field replaced by the composite cursor, batched into {@code QueryResponse{entries}}; flow control is the call's
 * {@code isReady()} and on-ready handler. Node failures are sent at once ({@code NodeFailure}) and again at the end
 * as details of an UNAVAILABLE status ("partial result").
 */
final class GrpcOutput implements Output {

    private static final int BATCH_ENTRIES = 256;
    private static final int BATCH_BYTES = 1 << 20;

    private final ServerCallStreamObserver<QueryResponse> call;
    private final Out batch = new Out(64 * 1024);
    private final List<Runnable> closeHandlers = new ArrayList<>();
    private int entries;
    private Runnable onReady;
    private boolean done;
    private boolean cancelled;

    GrpcOutput(ServerCallStreamObserver<QueryResponse> call) {
        this.call = call;
        call.setOnReadyHandler(() -> {
            Runnable r = onReady;
            onReady = null;
            if (r != null) {
                r.run();
            }
        });
        call.setOnCancelHandler(() -> {
            cancelled = true;
            if (!done) {
                done = true;
                closeHandlers.forEach(Runnable::run);
            }
        });
    }

    @Override
    public void entry(RawEntry e, CursorState cursor) {
        byte[] c = cursor.encode().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        int rawCursorField = e.cursorLen == 0 ? 0 : 1 + Out.varintSize(e.cursorLen) + e.cursorLen;
        int size = e.size() - rawCursorField + 1 + Out.varintSize(c.length) + c.length;
        batch.b(1 << 3 | 2); // Entries.entries
        batch.varint(size);
        // everything but the reader's cursor field (it precedes the numeric fields), then the composite cursor
        int cursorFieldStart = e.cursorLen == 0 ? e.end : e.cursorOff - 1 - Out.varintSize(e.cursorLen);
        batch.bytes(e.buf, e.off, cursorFieldStart - e.off);
        int after = e.cursorLen == 0 ? e.end : e.cursorOff + e.cursorLen;
        batch.bytes(e.buf, after, e.end - after);
        batch.b(2 << 3 | 2);
        batch.varint(c.length);
        batch.bytes(c);
        if (++entries >= BATCH_ENTRIES || batch.size() >= BATCH_BYTES) {
            flush();
        }
    }

    @Override
    public void failure(NodeFailure f) {
        flush();
        send(QueryResponse.newBuilder().setNodeFailure(proto(f)).build());
    }

    @Override
    public void gap(String node, String reason) {
        flush();
        send(QueryResponse.newBuilder().setGap(NodeGap.newBuilder().setNodeId(node).setReason(reason)).build());
    }

    @Override
    public void idle(long watermarkUsec, CursorState cursor) {
        flush();
        send(QueryResponse.newBuilder().setProgress(Progress.newBuilder()
                .setWatermarkRealtimeUsec(Math.max(0, watermarkUsec)).setCursor(cursor.encode())).build());
    }

    @Override
    public void flush() {
        if (entries == 0 || done) {
            batch.reset();
            entries = 0;
            return;
        }
        Out msg = new Out(batch.size() + 8);
        msg.b(1 << 3 | 2); // QueryResponse.entries
        msg.varint(batch.size());
        msg.bytes(batch.array(), 0, batch.size());
        RawResponses.send(call, msg.toArray());
        batch.reset();
        entries = 0;
    }

    private void send(QueryResponse r) {
        if (!done) {
            call.onNext(r);
        }
    }

    @Override
    public boolean writable() {
        return done || call.isReady();
    }

    @Override
    public void onWritable(Runnable r) {
        onReady = r;
        if (call.isReady()) { // became ready between the check and now
            onReady = null;
            r.run();
        }
    }

    @Override
    public void onClosed(Runnable r) {
        if (cancelled) {
            r.run(); // the client left before the query started
        } else {
            closeHandlers.add(r);
        }
    }

    @Override
    public void finish(List<NodeFailure> failures, CursorState cursor, String closeReason) {
        flush();
        if (done) {
            return;
        }
        if (closeReason != null) {
            send(QueryResponse.newBuilder().setProgress(Progress.newBuilder().setCursor(cursor.encode())).build());
            done = true;
            // a shutdown is retryable elsewhere (UNAVAILABLE); a stalled client was too slow (RESOURCE_EXHAUSTED)
            Status status = OpenStreams.REASON.equals(closeReason) ? Status.UNAVAILABLE : Status.RESOURCE_EXHAUSTED;
            call.onError(status.withDescription(closeReason + "; resume with cursor "
                    + cursor.encode()).asRuntimeException());
            return;
        }
        done = true;
        if (failures.isEmpty()) {
            call.onCompleted();
            return;
        }
        StringBuilder m = new StringBuilder("partial result:");
        com.google.rpc.Status.Builder s = com.google.rpc.Status.newBuilder().setCode(Status.Code.UNAVAILABLE.value());
        for (NodeFailure f : failures) {
            m.append(" node ").append(f.nodeId()).append(" failed (").append(f.code()).append(": ").append(f.message()).append(");");
            s.addDetails(Any.pack(proto(f)));
        }
        call.onError(StatusProto.toStatusRuntimeException(s.setMessage(m.toString()).build()));
    }

    @Override
    public void fail(Throwable error) {
        if (!done) {
            done = true;
            call.onError(GrpcErrors.status(error).asRuntimeException());
        }
    }

    private static io.tributary.proto.logs.v1.NodeFailure proto(NodeFailure f) {
        return io.tributary.proto.logs.v1.NodeFailure.newBuilder().setNodeId(f.nodeId()).setEndpoint(f.endpoint())
                .setCode(f.code()).setMessage(f.message()).build();
    }
}
