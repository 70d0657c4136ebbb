package io.tributary.topology.resolve;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.tributary.proto.topology.v1.Node;
import io.tributary.proto.topology.v1.ResolveResponse;
import io.tributary.proto.topology.v1.Selector;
import io.tributary.proto.topology.v1.Task;
import io.tributary.topology.mesos.MarathonAppIds;
import io.tributary.topology.mesos.MesosTask;
import io.tributary.topology.mesos.TaskIndex;
import io.tributary.topology.registry.IdIndex;
import io.tributary.topology.registry.NodeRegistry;
import io.tributary.topology.source.SourceStatuses;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Selector → nodes (+ the task), from the caches only: the readers' ID index and what Mesos said. Never waits on a
 * source. Errors are gRPC statuses: NOT_FOUND naming the id, FAILED_PRECONDITION listing the candidates of an
 * ambiguous task reference, UNAVAILABLE when no source has ever answered.
 */
@ApplicationScoped
public class Resolver {

    /** Candidates named in an ambiguity error; more are counted, not listed. */
    static final int MAX_CANDIDATES = 20;

    @Inject
    NodeRegistry registry;

    @Inject
    IdIndex ids;

    @Inject
    TaskIndex tasks;

    @Inject
    SourceStatuses statuses;

    /** Known framework id → the endpoints its answer names; dropped as a whole when {@link #placement()} changes. */
    private volatile FrameworkEndpoints frameworks = new FrameworkEndpoints(-1, new ConcurrentHashMap<>());

    private record FrameworkEndpoints(long placement, Map<String, List<String>> byFramework) {
    }

    public ResolveResponse resolve(Selector selector) {
        requireAnAnswer();
        ResolveResponse.Builder r = ResolveResponse.newBuilder().addAllSources(statuses.all());
        switch (selector.getKindCase()) {
            case ALL -> r.addAllNodes(registry.nodes());
            case NODE_ID -> {
                String id = require(selector.getNodeId(), "node_id");
                r.addAllNodes(nonEmpty("node id", id, nodes(registry.endpointsByNodeId(id))));
            }
            case HOSTNAME -> {
                String host = require(selector.getHostname(), "hostname");
                r.addAllNodes(nonEmpty("hostname", host, nodes(registry.endpointsByHost(host))));
            }
            case AGENT_ID -> {
                String id = require(selector.getAgentId(), "agent_id");
                Set<String> eps = new LinkedHashSet<>();
                agentEndpoints(id, eps);
                r.addAllNodes(nonEmpty("agent id", id, nodes(eps)));
            }
            case FRAMEWORK_ID -> {
                String id = require(selector.getFrameworkId(), "framework_id");
                if (ids.endpoints(IdIndex.FRAMEWORK_ID, id).isEmpty() && tasks.byFramework(id).isEmpty()) {
                    throw notFound("framework id", id);
                }
                r.addAllNodes(nodes(frameworkEndpoints(id)));
            }
            case EXECUTOR_ID -> {
                String id = require(selector.getExecutorId(), "executor_id");
                Set<String> taskIds = tasks.byExecutor(id);
                r.addAllNodes(byId("executor id", IdIndex.EXECUTOR_ID, id, !taskIds.isEmpty(), agentsOf(taskIds)));
            }
            case CONTAINER_ID -> {
                String id = require(selector.getContainerId(), "container_id");
                Set<String> taskIds = tasks.byContainer(id);
                r.addAllNodes(byId("container id", IdIndex.CONTAINER_ID, id, !taskIds.isEmpty(), agentsOf(taskIds)));
            }
            case TASK -> {
                String taskId = findTask(require(selector.getTask(), "task"));
                MesosTask mesos = tasks.task(taskId);
                r.addAllNodes(taskNodes(taskId, mesos)).setTask(mesos != null ? mesos.toProto() : journalOnlyTask(taskId));
            }
            default -> throw Status.INVALID_ARGUMENT.withDescription("the selector names nothing (set one of all, node_id,"
                    + " hostname, agent_id, framework_id, executor_id, container_id, task)").asRuntimeException();
        }
        return r.build();
    }

    /** UNAVAILABLE while no source has ever answered: an empty answer would look like "nothing exists". */
    void requireAnAnswer() {
        if (!registry.everAnswered() && !tasks.synced()) {
            throw Status.UNAVAILABLE.withDescription("no answer yet: no reader and no Mesos master has answered ("
                    + statusSummary() + ")").asRuntimeException();
        }
    }

    /** A task known only from journals: its id, and the app id derived from it. */
    static Task journalOnlyTask(String taskId) {
        return Task.newBuilder().setTaskId(taskId).setAppId(MarathonAppIds.fromTaskId(taskId).orElse("")).build();
    }

    /**
     * The one task a reference means: an exact id, else an exact name, else a unique id prefix, else a unique id
     * substring. Several matches at any step are an error listing them; no silent pick.
     */
    String findTask(String ref) {
        if (tasks.task(ref) != null || !ids.endpoints(IdIndex.TASK_ID, ref).isEmpty()) {
            return ref;
        }
        Set<String> byName = tasks.byName(ref);
        if (!byName.isEmpty()) {
            return one(ref, "name", new TreeSet<>(byName));
        }
        TreeSet<String> prefixed = new TreeSet<>(tasks.tasks().subMap(ref, ref + Character.MAX_VALUE).keySet());
        prefixed.addAll(ids.values(IdIndex.TASK_ID).subMap(ref, ref + Character.MAX_VALUE).keySet());
        if (!prefixed.isEmpty()) {
            return one(ref, "id prefix", prefixed);
        }
        TreeSet<String> containing = new TreeSet<>();
        tasks.tasks().keySet().stream().filter(id -> id.contains(ref)).forEach(containing::add);
        ids.values(IdIndex.TASK_ID).keySet().stream().filter(id -> id.contains(ref)).forEach(containing::add);
        if (!containing.isEmpty()) {
            return one(ref, "id substring", containing);
        }
        throw notFound("task", ref);
    }

    private static String one(String ref, String how, TreeSet<String> candidates) {
        if (candidates.size() == 1) {
            return candidates.first();
        }
        List<String> shown = new ArrayList<>(candidates).subList(0, Math.min(MAX_CANDIDATES, candidates.size()));
        String more = candidates.size() > shown.size() ? " and " + (candidates.size() - shown.size()) + " more" : "";
        throw Status.FAILED_PRECONDITION.withDescription("task '" + ref + "' is ambiguous: " + candidates.size()
                + " tasks match by " + how + ": " + String.join(", ", shown) + more).asRuntimeException();
    }

    /**
     * The endpoints a framework's answer names: the framework's agents are indexed (no walk over its possibly
     * thousands of tasks), but it may run on every agent, so the answer is computed once per change of what it is
     * made of ({@link #placement()}) rather than per call. The nodes are still read per call (their health changes).
     */
    List<String> frameworkEndpoints(String frameworkId) {
        long placement = placement(); // read before the indexes: a change after this makes the next call recompute
        FrameworkEndpoints cache = frameworks;
        if (cache.placement() != placement) {
            cache = new FrameworkEndpoints(placement, new ConcurrentHashMap<>());
            frameworks = cache;
        }
        return cache.byFramework().computeIfAbsent(frameworkId, id ->
                List.copyOf(idEndpoints(IdIndex.FRAMEWORK_ID, id, tasks.frameworkAgents(id))));
    }

    /**
     * Changes whenever anything a framework's endpoints come from does: the nodes' identities, the frameworks'
     * agents and their hostnames, the readers' ID index. Each counter only grows, so their sum changes with any.
     */
    private long placement() {
        return registry.identityVersion() + tasks.placementVersion() + ids.version();
    }

    /** Nodes holding field=value in their journals, plus the nodes of the agents of Mesos tasks carrying it. */
    private Collection<Node> byId(String what, String field, String value, boolean knownToMesos,
                                  Collection<String> agentIds) {
        if (ids.endpoints(field, value).isEmpty() && !knownToMesos) {
            throw notFound(what, value);
        }
        return nodes(idEndpoints(field, value, agentIds)); // known id, possibly on no reader we know: empty
    }

    private Set<String> idEndpoints(String field, String value, Collection<String> agentIds) {
        Set<String> eps = new LinkedHashSet<>(ids.endpoints(field, value));
        for (String agentId : agentIds) {
            agentEndpoints(agentId, eps);
        }
        return eps;
    }

    private Set<String> agentsOf(Set<String> taskIds) {
        Set<String> agents = new TreeSet<>();
        for (String taskId : taskIds) {
            MesosTask t = tasks.task(taskId);
            if (t != null && !t.agentId().isEmpty()) {
                agents.add(t.agentId());
            }
        }
        return agents;
    }

    /** A task's nodes: those with its id in their journals, and those of its Mesos agent (mesos may be null). */
    List<Node> taskNodes(String taskId, MesosTask mesos) {
        Set<String> eps = new LinkedHashSet<>(ids.endpoints(IdIndex.TASK_ID, taskId));
        if (mesos != null) {
            agentEndpoints(mesos.agentId(), eps);
        }
        return nodes(eps);
    }

    /** The endpoints of a Mesos agent's nodes: by the agent id the reader reports, its journal, or its hostname. */
    void agentEndpoints(String agentId, Set<String> into) {
        if (agentId.isEmpty()) {
            return;
        }
        into.addAll(registry.endpointsByAgentId(agentId));
        String host = tasks.agentHostname(agentId);
        if (host != null && !host.isEmpty()) {
            into.addAll(registry.endpointsByHost(host));
        }
        into.addAll(ids.endpoints(IdIndex.AGENT_ID, agentId));
    }

    private List<Node> nodes(Collection<String> endpoints) {
        List<Node> r = new ArrayList<>(endpoints.size());
        for (String ep : endpoints) {
            Node n = registry.node(ep);
            if (n != null) {
                r.add(n);
            }
        }
        return r;
    }

    private static Collection<Node> nonEmpty(String what, String value, Collection<Node> nodes) {
        if (nodes.isEmpty()) {
            throw notFound(what, value);
        }
        return nodes;
    }

    private static String require(String value, String field) {
        if (value.isEmpty()) {
            throw Status.INVALID_ARGUMENT.withDescription("selector " + field + " is empty").asRuntimeException();
        }
        return value;
    }

    private static StatusRuntimeException notFound(String what, String value) {
        return Status.NOT_FOUND.withDescription("no " + what + " '" + value + "' is known").asRuntimeException();
    }

    private String statusSummary() {
        StringBuilder sb = new StringBuilder();
        statuses.all().forEach(s -> sb.append(sb.length() == 0 ? "" : "; ").append(s.getName()).append(": ")
                .append(s.getHealthy() ? "ok" : s.getError()));
        return sb.length() == 0 ? "no source configured" : sb.toString();
    }
}
