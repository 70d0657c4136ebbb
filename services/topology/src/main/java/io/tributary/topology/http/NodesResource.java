package io.tributary.topology.http;

import io.tributary.proto.topology.v1.Node;
import io.tributary.proto.topology.v1.SourceStatus;
import io.tributary.topology.registry.NodeRegistry;
import io.tributary.topology.source.SourceStatuses;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Comparator;
import java.util.List;

/** A read-only JSON view of the nodes and sources, for operators (curl). */
@Path("/api/v1/nodes")
public class NodesResource {

    public record NodeView(String nodeId, String hostname, String agentId, String nodeName, String endpoint,
                           String bootId, boolean healthy, long lastContactUsec, long firstRealtimeUsec,
                           long lastRealtimeUsec, List<String> sources) {
        static NodeView of(Node n) {
            return new NodeView(n.getNodeId(), n.getHostname(), n.getAgentId(), n.getNodeName(), n.getEndpoint(),
                    n.getBootId(), n.getHealthy(), n.getLastContactUsec(), n.getFirstRealtimeUsec(),
                    n.getLastRealtimeUsec(), List.copyOf(n.getSourcesList()));
        }
    }

    public record SourceView(String name, boolean healthy, long lastSuccessUsec, String error) {
        static SourceView of(SourceStatus s) {
            return new SourceView(s.getName(), s.getHealthy(), s.getLastSuccessUsec(), s.getError());
        }
    }

    public record NodesView(List<NodeView> nodes, List<SourceView> sources) {
    }

    @Inject
    NodeRegistry registry;

    @Inject
    SourceStatuses statuses;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public NodesView nodes() {
        return new NodesView(registry.nodes().stream().map(NodeView::of)
                .sorted(Comparator.comparing(NodeView::nodeId).thenComparing(NodeView::endpoint)).toList(),
                statuses.all().stream().map(SourceView::of).toList());
    }
}
