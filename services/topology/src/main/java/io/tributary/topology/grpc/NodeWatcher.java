package io.tributary.topology.grpc;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.tributary.proto.topology.v1.Node;
import io.tributary.proto.topology.v1.NodeEvent;
import io.tributary.topology.registry.NodeListener;
import io.tributary.topology.registry.NodeRegistry;
import java.util.ArrayDeque;
import java.util.List;

/**
 * One WatchNodes call: a bounded queue drained only while the call is ready (grpc-java flow control; a Mutiny
 * stream would buffer without bound). A watcher that lets more than the limit pile up is cut off with
 * RESOURCE_EXHAUSTED; watching again gives a fresh snapshot, so nothing is silently lost.
 */
final class NodeWatcher implements NodeListener {

    private final ServerCallStreamObserver<NodeEvent> call;
    private final NodeRegistry registry;
    private final int limit;
    private final ArrayDeque<NodeEvent> queue = new ArrayDeque<>();
    private boolean closed;

    private NodeWatcher(ServerCallStreamObserver<NodeEvent> call, NodeRegistry registry, int limit) {
        this.call = call;
        this.registry = registry;
        this.limit = limit;
    }

    static void start(ServerCallStreamObserver<NodeEvent> call, NodeRegistry registry, int limit) {
        NodeWatcher w = new NodeWatcher(call, registry, limit);
        call.setOnCancelHandler(w::cancelled);
        call.setOnReadyHandler(w::drain);
        registry.watch(w, w::snapshot);
        w.drain();
    }

    /** The snapshot may exceed the limit: it is what the caller asked for; the limit bounds changes after it. */
    private synchronized void snapshot(List<Node> nodes) {
        nodes.forEach(n -> queue.add(NodeEvent.newBuilder().setKind(NodeEvent.Kind.ADDED).setNode(n).build()));
        queue.add(NodeEvent.newBuilder().setKind(NodeEvent.Kind.SYNCED).build());
    }

    @Override
    public synchronized void onEvent(NodeEvent event) {
        if (closed) {
            return;
        }
        if (queue.size() >= limit) {
            closed = true;
            queue.clear();
            registry.unwatch(this);
            call.onError(Status.RESOURCE_EXHAUSTED.withDescription("watcher fell " + limit
                    + " events behind; watch again for a fresh snapshot").asRuntimeException());
            return;
        }
        queue.add(event);
        drain();
    }

    private synchronized void drain() {
        while (!closed && call.isReady() && !queue.isEmpty()) {
            call.onNext(queue.poll());
        }
    }

    private synchronized void cancelled() {
        closed = true;
        queue.clear();
        registry.unwatch(this);
    }
}
