package io.tributary.topology.it;

import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import io.tributary.proto.topology.v1.NodeEvent;
import io.tributary.proto.topology.v1.TopologyGrpc;
import io.tributary.proto.topology.v1.WatchNodesRequest;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A WatchNodes call whose events queue up for the test. */
final class Events {
    private final BlockingQueue<NodeEvent> queue = new LinkedBlockingQueue<>();
    private final Context.CancellableContext context = Context.current().withCancellation();

    Events(ManagedChannel ch) {
        context.run(() -> TopologyGrpc.newStub(ch).watchNodes(WatchNodesRequest.getDefaultInstance(),
                new StreamObserver<>() {
                    @Override
                    public void onNext(NodeEvent value) {
                        queue.add(value);
                    }

                    @Override
                    public void onError(Throwable t) {
                    }

                    @Override
                    public void onCompleted() {
                    }
                }));
    }

    NodeEvent next(NodeEvent.Kind kind) throws InterruptedException {
        NodeEvent e = poll(15);
        if (e == null || e.getKind() != kind) {
            throw new AssertionError("expected a " + kind + " event, got " + e);
        }
        return e;
    }

    NodeEvent poll(long seconds) throws InterruptedException {
        return queue.poll(seconds, TimeUnit.SECONDS);
    }

    void cancel() {
        context.cancel(null);
    }
}
