package io.tributary.reader.grpc;

import com.google.protobuf.MessageLite;
import io.grpc.Drainable;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Lets a service send responses it has already encoded ({@link EntryEncoder}) and serializes the others once at
 * exact size. The Vert.x gRPC server (gRPC on the HTTP port) otherwise drains each message into an unsized
 * ByteArrayOutputStream, which for large batches meant repeated doubling copies.
 */
final class RawResponses {

    /** Response bytes encoded ahead (bytes[offset, offset + length)), sent in place of the message. */
    public record Encoded(byte[] bytes, int offset, int length) {
        Encoded(byte[] bytes) {
            this(bytes, 0, bytes.length);
        }
    }

    private RawResponses() {
    }

    /** Sends encoded bytes on a stream whose service was bound with {@link #bind}. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static <T> void send(StreamObserver<T> call, Encoded encoded) {
        ((StreamObserver) call).onNext(encoded);
    }

    static ServerServiceDefinition bind(ServerServiceDefinition service) {
        ServiceDescriptor old = service.getServiceDescriptor();
        ServiceDescriptor.Builder descriptor = ServiceDescriptor.newBuilder(old.getName())
                .setSchemaDescriptor(old.getSchemaDescriptor());
        List<ServerMethodDefinition<?, ?>> methods = new ArrayList<>();
        for (ServerMethodDefinition<?, ?> m : service.getMethods()) {
            ServerMethodDefinition<?, ?> raw = raw(m);
            methods.add(raw);
            descriptor.addMethod(raw.getMethodDescriptor());
        }
        ServerServiceDefinition.Builder out = ServerServiceDefinition.builder(descriptor.build());
        methods.forEach(out::addMethod);
        return out.build();
    }

    private static <Q, R> ServerMethodDefinition<Q, R> raw(ServerMethodDefinition<Q, R> m) {
        MethodDescriptor<Q, R> md = m.getMethodDescriptor();
        MethodDescriptor.Marshaller<R> delegate = md.getResponseMarshaller();
        MethodDescriptor.Marshaller<R> marshaller = new MethodDescriptor.Marshaller<>() {
            @Override
            public InputStream stream(R value) {
                Object v = value;
                if (v instanceof Encoded e) {
                    return new Serialized(e.bytes(), e.offset(), e.length());
                }
                byte[] b = ((MessageLite) v).toByteArray();
                return new Serialized(b, 0, b.length);
            }

            @Override
            public R parse(InputStream stream) {
                return delegate.parse(stream);
            }
        };
        return ServerMethodDefinition.create(md.toBuilder().setResponseMarshaller(marshaller).build(), m.getServerCallHandler());
    }

    /** Serialized bytes; draining them is one write of the exact size. */
    private static final class Serialized extends ByteArrayInputStream implements Drainable, KnownLength {

        Serialized(byte[] bytes, int offset, int length) {
            super(bytes, offset, length);
        }

        @Override
        public int drainTo(OutputStream target) throws java.io.IOException {
            int n = count - pos;
            target.write(buf, pos, n);
            pos = count;
            return n;
        }
    }
}
