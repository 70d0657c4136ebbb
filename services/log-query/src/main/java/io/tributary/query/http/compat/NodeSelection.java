package io.tributary.query.http.compat;

import io.tributary.proto.topology.v1.Node;
import io.tributary.query.plan.TopologyClient;
import io.tributary.query.query.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Which nodes a compat route prefix names, asked of topology (404 for an unknown name, 503 when it cannot answer). */
public final class NodeSelection {

    private NodeSelection() {
    }

    /** The node whose Mesos agent id is agentId; 404 {@code agent <id> unknown}. */
    public static CompletableFuture<Node> agent(TopologyClient topology, String agentId) {
        return topology.listNodes().thenApply(l -> {
            for (Node n : l.getNodesList()) {
                if (n.getAgentId().equals(agentId)) {
                    return n;
                }
            }
            throw ApiException.notFound("agent " + agentId + " unknown");
        });
    }

    /** Nodes named by id, hostname or agent id (comma-separated); 404 naming the first unknown one. */
    public static CompletableFuture<List<Node>> named(TopologyClient topology, String names) {
        return topology.listNodes().thenApply(l -> {
            List<Node> out = new ArrayList<>();
            for (String raw : names.split(",")) {
                String name = raw.strip();
                if (name.isEmpty()) {
                    continue;
                }
                Node found = null;
                for (Node n : l.getNodesList()) {
                    if (n.getNodeId().equals(name) || n.getHostname().equals(name) || n.getAgentId().equals(name)) {
                        found = n;
                        break;
                    }
                }
                if (found == null) {
                    throw ApiException.notFound("node " + name + " unknown");
                }
                out.add(found);
            }
            return out;
        });
    }

    /** The configured leader nodes, else every node without an agent id; 503 when there is none. */
    public static CompletableFuture<List<Node>> leader(TopologyClient topology, CompatConfig config) {
        if (config.dcos().leaderNodes().isPresent()) {
            return named(topology, config.dcos().leaderNodes().get());
        }
        return topology.listNodes().thenApply(l -> {
            List<Node> masters = l.getNodesList().stream().filter(n -> n.getAgentId().isEmpty()).toList();
            if (masters.isEmpty()) {
                throw new ApiException(503, "unavailable", "no Mesos master known: every node has an agent id and "
                        + "tributary.compat.dcos.leader-nodes is not set");
            }
            return masters;
        });
    }
}
