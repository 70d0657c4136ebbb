package io.tributary.query.it;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.tributary.proto.logs.v1.LogQueryGrpc;
import io.tributary.proto.logs.v1.QueryRequest;
import io.tributary.proto.logs.v1.QueryResponse;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;

/** A gRPC {@code LogQuery.Query} for the tests: responses arrive in the queue, the call's end in {@link #end}. */
final class GrpcFollow implements AutoCloseable {

    final BlockingQueue<QueryResponse> responses = new LinkedBlockingQueue<>();
    /** The status the call ended with (OK when completed). */
    final CompletableFuture<Status> end = new CompletableFuture<>();
    private final ManagedChannel channel;

    GrpcFollow(int port, QueryRequest request) {
        channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        LogQueryGrpc.newStub(channel).query(request, new StreamObserver<>() {
            @Override
            public void onNext(QueryResponse r) {
                responses.add(r);
            }

            @Override
            public void onError(Throwable t) {
                end.complete(Status.fromThrowable(t));
            }

            @Override
            public void onCompleted() {
                end.complete(Status.OK);
            }
        });
    }

    @Override
    public void close() {
        channel.shutdownNow();
    }
}
