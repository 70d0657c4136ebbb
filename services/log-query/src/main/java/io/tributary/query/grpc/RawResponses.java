package io.tributary.query.grpc;

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
 * Lets the service send responses it encoded itself (entries copied from the readers' bytes with the composite
 * cursor put in), and serializes the others once at exact size. Same technique as the reader's RawResponses.
 */
final class RawResponses {

    /** A response already in wire format. */
    record Encoded(byte[] bytes) {
    }

    private RawResponses() {
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static <T> void send(StreamObserver<T> call, byte[] encoded) {
        ((StreamObserver) call).onNext(new Encoded(encoded));
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
                byte[] b = v instanceof Encoded e ? e.bytes() : ((MessageLite) v).toByteArray();
                return new Serialized(b);
            }

            @Override
            public R parse(InputStream stream) {
                return delegate.parse(stream);
            }
        };
        return ServerMethodDefinition.create(md.toBuilder().setResponseMarshaller(marshaller).build(), m.getServerCallHandler());
    }

    private static final class Serialized extends ByteArrayInputStream implements Drainable, KnownLength {
        Serialized(byte[] bytes) {
            super(bytes);
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
