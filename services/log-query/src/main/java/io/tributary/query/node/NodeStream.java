package io.tributary.query.node;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.tributary.proto.journal.v1.JournalReaderGrpc;
import io.tributary.proto.journal.v1.ReadRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * One reader {@code Read} stream with manual flow control: nothing is delivered until {@link #request()} asks for
 * the next message (one batch), so a reader whose entries are not consumed stops reading its journal. Responses are
 * parsed into {@link NodeMessage}s by a marshaller that keeps the reader's bytes (no Entry objects).
 *
 * <p>Not thread-safe: {@link #start}, {@link #request} and {@link #cancel} are called from the query's thread;
 * the listener is called on a transport thread and must hand over.
 */
public final class NodeStream {

    public interface Listener {
        void onMessage(NodeStream stream, NodeMessage message);

        /** The stream ended: status OK when the reader completed it. */
        void onClose(NodeStream stream, Status status);
    }

    private final String node;
    private final String endpoint;
    private final ClientCall<ReadRequest, NodeMessage> call;

    public NodeStream(ManagedChannel channel, String node, String endpoint) {
        this.node = node;
        this.endpoint = endpoint;
        this.call = channel.newCall(method(node), CallOptions.DEFAULT);
    }

    public String node() {
        return node;
    }

    public String endpoint() {
        return endpoint;
    }

    public void start(ReadRequest request, Listener listener) {
        call.start(new ClientCall.Listener<>() {
            @Override
            public void onMessage(NodeMessage message) {
                listener.onMessage(NodeStream.this, message);
            }

            @Override
            public void onClose(Status status, Metadata trailers) {
                listener.onClose(NodeStream.this, status);
            }
        }, new Metadata());
        call.sendMessage(request);
        call.halfClose();
    }

    /** Asks for one more message. */
    public void request() {
        call.request(1);
    }

    public void cancel(String why) {
        call.cancel(why, null);
    }

    private static MethodDescriptor<ReadRequest, NodeMessage> method(String node) {
        MethodDescriptor<ReadRequest, io.tributary.proto.journal.v1.ReadResponse> read = JournalReaderGrpc.getReadMethod();
        return read.toBuilder(read.getRequestMarshaller(), new MethodDescriptor.Marshaller<NodeMessage>() {
            @Override
            public InputStream stream(NodeMessage value) {
                throw new UnsupportedOperationException("responses are only parsed here");
            }

            @Override
            public NodeMessage parse(InputStream stream) {
                try {
                    return NodeMessage.parse(stream.readAllBytes(), node);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }).build();
    }
}
