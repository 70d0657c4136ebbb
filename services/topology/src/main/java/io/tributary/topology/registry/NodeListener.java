package io.tributary.topology.registry;

import io.tributary.proto.topology.v1.NodeEvent;

/** Gets node changes in order; called with the registry's lock held, so it must not block. */
public interface NodeListener {

    void onEvent(NodeEvent event);
}
