package io.tributary.reader.grpc;

import com.google.protobuf.MessageLite;
import io.grpc.Drainable;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Serializes response messages once into an exactly sized array. The Vert.x gRPC server (gRPC on the HTTP port)
 * drains each message into an unsized ByteArrayOutputStream: for batches of hundreds of KiB that meant repeated
 * doubling copies and humongous allocations, nearly half of the reader's CPU on large reads.
 */
final class PresizedResponses {

    private PresizedResponses() {
    }

    static ServerServiceDefinition of(ServerServiceDefinition service) {
        ServiceDescriptor old = service.getServiceDescriptor();
        ServiceDescriptor.Builder descriptor = ServiceDescriptor.newBuilder(old.getName())
                .setSchemaDescriptor(old.getSchemaDescriptor());
        List<ServerMethodDefinition<?, ?>> methods = new ArrayList<>();
        for (ServerMethodDefinition<?, ?> m : service.getMethods()) {
            ServerMethodDefinition<?, ?> presized = presized(m);
            methods.add(presized);
            descriptor.addMethod(presized.getMethodDescriptor());
        }
        ServerServiceDefinition.Builder out = ServerServiceDefinition.builder(descriptor.build());
        methods.forEach(out::addMethod);
        return out.build();
    }

    private static <Q, R> ServerMethodDefinition<Q, R> presized(ServerMethodDefinition<Q, R> m) {
        MethodDescriptor<Q, R> md = m.getMethodDescriptor();
        MethodDescriptor.Marshaller<R> delegate = md.getResponseMarshaller();
        MethodDescriptor.Marshaller<R> marshaller = new MethodDescriptor.Marshaller<>() {
            @Override
            public InputStream stream(R value) {
                return new Serialized(((MessageLite) value).toByteArray());
            }

            @Override
            public R parse(InputStream stream) {
                return delegate.parse(stream);
            }
        };
        return ServerMethodDefinition.create(md.toBuilder().setResponseMarshaller(marshaller).build(), m.getServerCallHandler());
    }

    /** Already serialized bytes; draining them into a stream is one write of the exact size. */
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
