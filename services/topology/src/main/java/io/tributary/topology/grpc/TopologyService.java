package io.tributary.topology.grpc;

import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.tributary.proto.topology.v1.ListNodesRequest;
import io.tributary.proto.topology.v1.ListNodesResponse;
import io.tributary.proto.topology.v1.ListTasksRequest;
import io.tributary.proto.topology.v1.ListTasksResponse;
import io.tributary.proto.topology.v1.NodeEvent;
import io.tributary.proto.topology.v1.ResolveRequest;
import io.tributary.proto.topology.v1.ResolveResponse;
import io.tributary.proto.topology.v1.TopologyGrpc;
import io.tributary.proto.topology.v1.WatchNodesRequest;
import io.tributary.topology.config.TopologyConfig;
import io.tributary.topology.registry.NodeRegistry;
import io.tributary.topology.resolve.Resolver;
import io.tributary.topology.resolve.TaskLister;
import io.tributary.topology.source.SourceStatuses;
import jakarta.inject.Inject;

/**
 * The gRPC face of topology. Every answer comes from the caches (no call waits on a source), so these run on the
 * event loop. On grpc-java's ImplBase for WatchNodes' flow control (see {@link NodeWatcher}).
 */
@GrpcService
public class TopologyService extends TopologyGrpc.TopologyImplBase {

    @Inject
    NodeRegistry registry;

    @Inject
    Resolver resolver;

    @Inject
    TaskLister taskLister;

    @Inject
    SourceStatuses statuses;

    @Inject
    TopologyConfig config;

    @Override
    public void listNodes(ListNodesRequest request, StreamObserver<ListNodesResponse> observer) {
        observer.onNext(ListNodesResponse.newBuilder().addAllNodes(registry.nodes())
                .addAllSources(statuses.all()).build());
        observer.onCompleted();
    }

    @Override
    public void resolve(ResolveRequest request, StreamObserver<ResolveResponse> observer) {
        ResolveResponse response;
        try {
            response = resolver.resolve(request.getSelector());
        } catch (StatusRuntimeException e) {
            observer.onError(e);
            return;
        }
        observer.onNext(response);
        observer.onCompleted();
    }

    @Override
    public void listTasks(ListTasksRequest request, StreamObserver<ListTasksResponse> observer) {
        ListTasksResponse response;
        try {
            response = taskLister.list(request.getPrefix(), request.getLimit());
        } catch (StatusRuntimeException e) {
            observer.onError(e);
            return;
        }
        observer.onNext(response);
        observer.onCompleted();
    }

    @Override
    public void watchNodes(WatchNodesRequest request, StreamObserver<NodeEvent> observer) {
        NodeWatcher.start((ServerCallStreamObserver<NodeEvent>) observer, registry, config.watchQueueEvents());
    }
}
