package io.tributary.query.plan;

import io.tributary.proto.auth.v1.Target;
import io.tributary.proto.common.v1.Match;
import io.tributary.proto.common.v1.MatchGroup;
import io.tributary.proto.topology.v1.Node;
import io.tributary.proto.topology.v1.ResolveResponse;
import io.tributary.proto.topology.v1.Selector;
import io.tributary.proto.topology.v1.Task;
import io.tributary.query.query.ApiException;
import io.tributary.query.query.Query;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/** Turns a {@link Query} into a {@link Plan} with topology's help: which nodes, which matches. */
@ApplicationScoped
public class Planner {

    @Inject
    TopologyClient topology;

    public CompletableFuture<Plan> plan(Query q) {
        CompletableFuture<List<Node>> nodes;
        CompletableFuture<Task> task;
        if (q.selector() != null) {
            CompletableFuture<ResolveResponse> r = topology.resolve(q.selector());
            nodes = r.thenApply(ResolveResponse::getNodesList);
            task = r.thenApply(x -> x.hasTask() ? x.getTask() : null);
        } else {
            nodes = topology.listNodes().thenApply(l -> l.getNodesList());
            task = CompletableFuture.completedFuture(null);
        }
        CompletableFuture<List<Node>> known = q.nodeIds().isEmpty() || q.selector() == null
                ? CompletableFuture.completedFuture(null) : topology.listNodes().thenApply(l -> l.getNodesList());
        return nodes.thenCombine(known, (ns, all) -> selectNodes(q, ns, all))
                .thenCombine(task, (ns, t) -> build(q, ns, t));
    }

    static List<Node> selectNodes(Query q, List<Node> candidates, List<Node> all) {
        if (q.nodeIds().isEmpty()) {
            return candidates;
        }
        List<Node> universe = all != null ? all : candidates;
        Set<String> ids = universe.stream().map(Node::getNodeId).collect(Collectors.toSet());
        for (String id : q.nodeIds()) {
            if (!ids.contains(id)) {
                throw ApiException.notFound("node " + id + " unknown");
            }
        }
        Set<String> wanted = new LinkedHashSet<>(q.nodeIds());
        return candidates.stream().filter(n -> wanted.contains(n.getNodeId())).toList();
    }

    static Plan build(Query q, List<Node> nodes, Task task) {
        List<MatchGroup> m = q.matches();
        Selector s = q.selector();
        if (s != null) {
            List<MatchGroup> sel = switch (s.getKindCase()) {
                case FRAMEWORK_ID -> List.of(Matches.anyOf("FRAMEWORK_ID", List.of(s.getFrameworkId())));
                case EXECUTOR_ID -> List.of(Matches.anyOf("EXECUTOR_ID", List.of(s.getExecutorId())));
                case CONTAINER_ID -> List.of(Matches.anyOf("CONTAINER_ID", List.of(s.getContainerId())));
                case TASK -> task == null ? List.of() : List.of(taskGroup(task));
                default -> List.of();
            };
            m = and(m, sel);
        }
        if (!q.units().isEmpty()) {
            m = and(m, List.of(Matches.anyOf("UNIT", q.units()), Matches.anyOf("_SYSTEMD_UNIT", q.units())));
        }
        if (q.priorityMin() != null) {
            List<String> ps = new ArrayList<>();
            for (int p = q.priorityMin(); p <= q.priorityMax(); p++) {
                ps.add(Integer.toString(p));
            }
            m = and(m, List.of(Matches.anyOf("PRIORITY", ps)));
        }
        if (q.position().journald() != null && nodes.size() != 1) {
            throw ApiException.badRequest("a journald cursor is one node's position: select that node (node=...) or use "
                    + "a Tributary cursor (this query reads " + nodes.size() + " nodes)");
        }
        return new Plan(nodes, m, task, target(q, task), q.selector() == null && q.nodeIds().isEmpty());
    }

    private static List<MatchGroup> and(List<MatchGroup> a, List<MatchGroup> b) {
        return a == null ? null : Matches.and(a, b);
    }

    private static MatchGroup taskGroup(Task t) {
        MatchGroup.Builder g = MatchGroup.newBuilder();
        if (!t.getFrameworkId().isEmpty()) {
            g.addMatches(Match.newBuilder().setField("FRAMEWORK_ID").setValue(com.google.protobuf.ByteString.copyFromUtf8(t.getFrameworkId())));
        }
        String executor = t.getExecutorId().isEmpty() ? t.getTaskId() : t.getExecutorId();
        g.addMatches(Match.newBuilder().setField("EXECUTOR_ID").setValue(com.google.protobuf.ByteString.copyFromUtf8(executor)));
        return g.build();
    }

    /**
     * What auth is asked about: a unit query reads system entries; a framework or task query one framework (and the
     * task's Marathon app). A task topology knows only from journals has no framework id there: it is asked about
     * cluster-wide (auth would judge an app-only target by app grants alone and refuse the task's own framework's
     * users); its entries are then limited by the caller's scope, entry by entry.
     */
    static Target target(Query q, Task task) {
        Target.Builder t = Target.newBuilder();
        if (task != null) {
            if (!task.getFrameworkId().isEmpty()) {
                t.setFrameworkId(task.getFrameworkId()).setAppId(task.getAppId());
            }
        } else if (q.selector() != null && q.selector().hasFrameworkId()) {
            t.setFrameworkId(q.selector().getFrameworkId());
        } else {
            Set<String> fws = new LinkedHashSet<>();
            boolean everyGroup = !q.matches().isEmpty();
            for (MatchGroup g : q.matches()) {
                boolean has = false;
                for (Match x : g.getMatchesList()) {
                    if (x.getField().equals("FRAMEWORK_ID")) {
                        fws.add(x.getValue().toStringUtf8());
                        has = true;
                    }
                }
                everyGroup &= has;
            }
            if (everyGroup && fws.size() == 1) {
                t.setFrameworkId(fws.iterator().next());
            } else if (!q.units().isEmpty()) {
                t.setSystemOnly(true);
            }
        }
        return t.build();
    }
}
