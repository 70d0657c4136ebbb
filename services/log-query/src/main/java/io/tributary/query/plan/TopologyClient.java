package io.tributary.query.plan;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;
import io.tributary.proto.topology.v1.ListNodesRequest;
import io.tributary.proto.topology.v1.ListNodesResponse;
import io.tributary.proto.topology.v1.NodeEvent;
import io.tributary.proto.topology.v1.ResolveRequest;
import io.tributary.proto.topology.v1.ResolveResponse;
import io.tributary.proto.topology.v1.Selector;
import io.tributary.proto.topology.v1.TopologyGrpc;
import io.tributary.query.auth.ServiceCalls;
import io.tributary.query.config.QueryConfig;
import io.tributary.query.node.ReaderChannels;
import io.tributary.query.query.ApiException;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Calls to topology: which nodes exist, which hold a selector's entries, and node changes while following. Every call
 * carries log-query's service token ({@link ServiceCalls}) when service auth is on.
 */
@ApplicationScoped
public class TopologyClient {

    @Inject
    QueryConfig config;

    @Inject
    ServiceCalls serviceCalls;

    private ManagedChannel channel;

    @PostConstruct
    void open() {
        channel = ReaderChannels.open(config.topology(), serviceCalls.interceptor());
    }

    @PreDestroy
    void close() {
        channel.shutdownNow();
    }

    public CompletableFuture<ListNodesResponse> listNodes() {
        CompletableFuture<ListNodesResponse> f = new CompletableFuture<>();
        stub().listNodes(ListNodesRequest.getDefaultInstance(), unary(f));
        return f;
    }

    public CompletableFuture<io.tributary.proto.topology.v1.ListTasksResponse> listTasks(String prefix, int limit) {
        CompletableFuture<io.tributary.proto.topology.v1.ListTasksResponse> f = new CompletableFuture<>();
        stub().listTasks(io.tributary.proto.topology.v1.ListTasksRequest.newBuilder().setPrefix(prefix).setLimit(limit)
                .build(), unary(f));
        return f;
    }

    public CompletableFuture<ResolveResponse> resolve(Selector selector) {
        CompletableFuture<ResolveResponse> f = new CompletableFuture<>();
        stub().resolve(ResolveRequest.newBuilder().setSelector(selector).build(), unary(f));
        return f;
    }

    /** Watches node changes; returns a handle that cancels the watch. onError gets the final status. */
    public Runnable watch(Consumer<NodeEvent> onEvent, Consumer<Status> onEnd) {
        ClientCallStreamObserver<?>[] call = new ClientCallStreamObserver<?>[1];
        TopologyGrpc.newStub(channel).watchNodes(io.tributary.proto.topology.v1.WatchNodesRequest.getDefaultInstance(),
                new ClientResponseObserver<io.tributary.proto.topology.v1.WatchNodesRequest, NodeEvent>() {
                    @Override
                    public void beforeStart(ClientCallStreamObserver<io.tributary.proto.topology.v1.WatchNodesRequest> c) {
                        call[0] = c;
                    }

                    @Override
                    public void onNext(NodeEvent e) {
                        onEvent.accept(e);
                    }

                    @Override
                    public void onError(Throwable t) {
                        onEnd.accept(Status.fromThrowable(t));
                    }

                    @Override
                    public void onCompleted() {
                        onEnd.accept(Status.OK);
                    }
                });
        return () -> call[0].cancel("query ended", null);
    }

    private TopologyGrpc.TopologyStub stub() {
        return TopologyGrpc.newStub(channel).withDeadlineAfter(config.callTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    private static <T> StreamObserver<T> unary(CompletableFuture<T> f) {
        return new StreamObserver<>() {
            @Override
            public void onNext(T value) {
                f.complete(value);
            }

            @Override
            public void onError(Throwable t) {
                f.completeExceptionally(toApi(Status.fromThrowable(t)));
            }

            @Override
            public void onCompleted() {
                f.completeExceptionally(new ApiException(503, "unavailable", "topology gave no answer"));
            }
        };
    }

    /** Topology's answer as the HTTP status a client should see (404 naming the id, 503 when it cannot answer). */
    static ApiException toApi(Status s) {
        String d = s.getDescription() == null ? s.getCode().name() : s.getDescription();
        return switch (s.getCode()) {
            case NOT_FOUND -> ApiException.notFound(d);
            case FAILED_PRECONDITION -> new ApiException(409, "ambiguous", d);
            case INVALID_ARGUMENT -> ApiException.badRequest(d);
            default -> new ApiException(503, "unavailable", "topology: " + s.getCode() + ": " + d);
        };
    }
}
