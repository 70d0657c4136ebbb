package io.tributary.topology.mesos;

import io.tributary.proto.topology.v1.Task;
import java.util.Set;

/** A Mesos task as topology keeps it; executorId is the task id for command tasks (empty executor id). */
public record MesosTask(String taskId, String name, String frameworkId, String agentId, String executorId,
                        String containerId, String state) {

    /** Mesos' terminal states: the master forgets such tasks eventually, their logs stay. */
    private static final Set<String> TERMINAL = Set.of("TASK_FINISHED", "TASK_FAILED", "TASK_KILLED", "TASK_LOST",
            "TASK_ERROR", "TASK_DROPPED", "TASK_GONE", "TASK_GONE_BY_OPERATOR");

    public MesosTask {
        name = nz(name);
        frameworkId = nz(frameworkId);
        agentId = nz(agentId);
        executorId = executorId == null || executorId.isEmpty() ? taskId : executorId;
        containerId = nz(containerId);
        state = nz(state);
    }

    public boolean terminal() {
        return TERMINAL.contains(state);
    }

    /** This task updated by a status: a field the status does not carry keeps its value. */
    public MesosTask merge(String newState, String newAgentId, String newExecutorId, String newContainerId) {
        return new MesosTask(taskId, name, frameworkId, pick(newAgentId, agentId),
                pick(newExecutorId, executorId), pick(newContainerId, containerId), pick(newState, state));
    }

    public Task toProto() {
        return Task.newBuilder().setTaskId(taskId).setName(name).setFrameworkId(frameworkId).setAgentId(agentId)
                .setExecutorId(executorId).setContainerId(containerId).setState(state)
                .setAppId(MarathonAppIds.fromTaskId(taskId).orElse("")).build();
    }

    private static String pick(String preferred, String fallback) {
        return preferred == null || preferred.isEmpty() ? fallback : preferred;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
