package io.tributary.topology.resolve;

import io.tributary.proto.topology.v1.ListTasksResponse;
import io.tributary.proto.topology.v1.ListedTask;
import io.tributary.proto.topology.v1.Node;
import io.tributary.proto.topology.v1.Task;
import io.tributary.topology.mesos.MesosTask;
import io.tributary.topology.mesos.TaskIndex;
import io.tributary.topology.registry.IdIndex;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * ListTasks: the tasks whose id or name starts with a prefix (for a CLI's or UI's task suggestions), each with the
 * nodes Resolve would answer for it. From the caches only, like {@link Resolver}.
 */
@ApplicationScoped
public class TaskLister {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 10_000;

    @Inject
    Resolver resolver;

    @Inject
    TaskIndex tasks;

    @Inject
    IdIndex ids;

    public ListTasksResponse list(String prefix, int limit) {
        resolver.requireAnAnswer();
        int max = limit <= 0 ? DEFAULT_LIMIT : Math.min(limit, MAX_LIMIT);
        NavigableSet<String> matched = new TreeSet<>();
        // ids: two sorted range scans; names: a walk over the known Mesos tasks (journals carry no names)
        matched.addAll(tasks.tasks().subMap(prefix, prefix + Character.MAX_VALUE).keySet());
        matched.addAll(ids.values(IdIndex.TASK_ID).subMap(prefix, prefix + Character.MAX_VALUE).keySet());
        if (!prefix.isEmpty()) {
            for (MesosTask t : tasks.tasks().values()) {
                if (t.name().startsWith(prefix)) {
                    matched.add(t.taskId());
                }
            }
        }
        ListTasksResponse.Builder r = ListTasksResponse.newBuilder().setTruncated(matched.size() > max);
        for (String taskId : matched) {
            if (r.getTasksCount() == max) {
                break;
            }
            r.addTasks(listed(taskId));
        }
        return r.build();
    }

    private ListedTask listed(String taskId) {
        MesosTask mesos = tasks.task(taskId);
        List<Node> nodes = resolver.taskNodes(taskId, mesos);
        Task task;
        if (mesos != null) {
            task = mesos.toProto();
        } else {
            // known from journals only: its agent is the one agent its nodes report, if they agree on one
            Set<String> agents = new TreeSet<>();
            nodes.forEach(n -> {
                if (!n.getAgentId().isEmpty()) {
                    agents.add(n.getAgentId());
                }
            });
            task = Resolver.journalOnlyTask(taskId);
            if (agents.size() == 1) {
                task = task.toBuilder().setAgentId(agents.iterator().next()).build();
            }
        }
        ListedTask.Builder b = ListedTask.newBuilder().setTask(task);
        nodes.stream().map(Node::getNodeId).distinct().forEach(b::addNodeIds);
        return b.build();
    }
}
