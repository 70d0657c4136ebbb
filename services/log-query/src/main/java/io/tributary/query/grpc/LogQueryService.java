package io.tributary.query.grpc;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.tributary.proto.logs.v1.LogQueryGrpc;
import io.tributary.proto.logs.v1.QueryRequest;
import io.tributary.proto.logs.v1.QueryResponse;
import io.tributary.query.auth.Authorizer;
import io.tributary.query.merge.QueryEngine;
import io.tributary.query.query.ApiException;
import io.tributary.query.query.Query;
import io.tributary.query.query.QueryBuilder;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;

/**
 * {@code tributary.logs.v1.LogQuery/Query}: the same query model and engine as HTTP. On grpc-java's ImplBase (not
 * Mutiny) for real flow control (Quarkus 3.33's Mutiny streams buffer without bound).
 */
@GrpcService
public class LogQueryService extends LogQueryGrpc.LogQueryImplBase {

    @Inject
    QueryEngine engine;

    @Inject
    Vertx vertx;

    @Inject
    Authorizer authorizer;

    @Override
    public io.grpc.ServerServiceDefinition bindService() {
        return RawResponses.bind(super.bindService());
    }

    @Override
    public void query(QueryRequest request, StreamObserver<QueryResponse> observer) {
        var call = (ServerCallStreamObserver<QueryResponse>) observer;
        Context ctx = vertx.getOrCreateContext();
        Query q;
        try {
            q = parse(request, engine.config().maxLimit());
        } catch (ApiException e) {
            observer.onError(e.grpcStatus().asRuntimeException());
            return;
        }
        GrpcOutput out = new GrpcOutput(call);
        String authorization = AuthHeader.KEY.get();
        // as the HTTP AuthGate: the caller is checked (UNAUTHENTICATED / PERMISSION_DENIED / UNAVAILABLE) before
        // topology is asked anything; then the query's own target is authorized while preparing it
        java.util.concurrent.CompletableFuture<?> admitted = authorizer.enabled() ? authorizer.admit(authorization)
                : java.util.concurrent.CompletableFuture.completedFuture(null);
        admitted.thenCompose(x -> engine.prepare(q, authorization)).whenComplete((p, err) -> ctx.runOnContext(v -> {
            if (err != null) {
                out.fail(err);
                return;
            }
            try {
                engine.start(p, ctx, out);
            } catch (RuntimeException e) {
                out.fail(e);
            }
        }));
    }

    static Query parse(QueryRequest r, long maxLimit) {
        QueryBuilder b = new QueryBuilder().groups(r.getMatchesList());
        r.getNodeIdsList().forEach(b::node);
        if (r.hasSelector() && r.getSelector().getKindCase() != io.tributary.proto.topology.v1.Selector.KindCase.KIND_NOT_SET
                && !r.getSelector().getAll()) {
            b.selector(r.getSelector());
        }
        r.getUnitsList().forEach(b::unit);
        if (r.hasStart()) {
            switch (r.getStart().getKindCase()) {
                case HEAD -> b.position("head");
                case TAIL -> b.position("tail");
                case CURSOR -> b.cursor(r.getStart().getCursor(), false);
                case AFTER_CURSOR -> b.cursor(r.getStart().getAfterCursor(), true);
                case REALTIME_USEC -> b.since(r.getStart().getRealtimeUsec());
                default -> {
                }
            }
        }
        b.skip(r.getSkip()).limit(r.getLimit()).backward(r.getDirection() == io.tributary.proto.common.v1.Direction.DIRECTION_BACKWARD)
                .follow(r.getFollow());
        if (r.hasSinceRealtimeUsec()) {
            b.since(r.getSinceRealtimeUsec());
        }
        if (r.hasUntilRealtimeUsec()) {
            b.until(r.getUntilRealtimeUsec());
        }
        if (r.hasPriorityMin() || r.hasPriorityMax()) {
            b.priority(r.hasPriorityMin() ? r.getPriorityMin() : 0, r.hasPriorityMax() ? r.getPriorityMax() : 7);
        }
        if (!r.getGrep().isEmpty()) {
            b.grep(r.getGrep());
        }
        return b.build(maxLimit);
    }
}
