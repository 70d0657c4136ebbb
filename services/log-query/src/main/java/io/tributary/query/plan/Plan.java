package io.tributary.query.plan;

import io.tributary.proto.auth.v1.Target;
import io.tributary.proto.common.v1.MatchGroup;
import io.tributary.proto.topology.v1.Node;
import io.tributary.proto.topology.v1.Task;
import java.util.List;

/**
 * A query made concrete: the nodes to read, the matches to push down (the query's own AND the selector's, units'
 * and priority's; null = nothing can match), and what auth must approve.
 *
 * @param allNodes true when the query names no node or selector: nodes joining while following are read too
 */
public record Plan(List<Node> nodes, List<MatchGroup> matches, Task task, Target target, boolean allNodes) {
}
