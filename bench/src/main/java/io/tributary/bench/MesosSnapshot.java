package io.tributary.bench;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.UUID;

/**
 * A generated Mesos v1 operator API SUBSCRIBED event (the shape of the shared fixture
 * {@code mesos-v1-operator-events.json}): {@code agents} agents, {@code frameworks} frameworks and {@code tasks}
 * running tasks spread round-robin over both. Every task has a unique id, name, executor id and container id
 * (in its one TASK_RUNNING status), UUID-like as in a real cluster. Deterministic for a seed.
 *
 * <p>Tasks have the fixture's shape ({@code resources}, status {@code source} and {@code timestamp},
 * {@code status_update_state}; not its uuids, health, network infos or discovery): 100,000 tasks make an ~86 MB
 * SUBSCRIBED record, which topology streams (its cap on one record is 256 MiB by default).
 */
final class MesosSnapshot {

    private static final String CLUSTER = "628984d0-4213-4140-bcb0-99d7ef46b1df";

    final int tasks;
    final int agents;
    final int frameworks;
    private final String[] instance;
    private final String[] container;

    MesosSnapshot(int tasks, int agents, int frameworks, long seed) {
        this.tasks = tasks;
        this.agents = agents;
        this.frameworks = frameworks;
        Random r = new Random(seed);
        instance = new String[tasks];
        container = new String[tasks];
        for (int i = 0; i < tasks; i++) {
            instance[i] = new UUID(r.nextLong(), r.nextLong()).toString();
            container[i] = new UUID(r.nextLong(), r.nextLong()).toString();
        }
    }

    String taskId(int i) {
        return "bench_app-" + pad(i) + ".instance-" + instance[i] + "._app.1";
    }

    String taskName(int i) {
        return "app-" + pad(i);
    }

    String executorId(int i) {
        return "instance-bench_app-" + pad(i) + "." + instance[i];
    }

    String containerId(int i) {
        return container[i];
    }

    String frameworkId(int f) {
        return CLUSTER + "-" + String.format("%04d", f);
    }

    int frameworkOf(int task) {
        return task % frameworks;
    }

    String agentId(int a) {
        return CLUSTER + "-S" + a;
    }

    int agentOf(int task) {
        return task % agents;
    }

    /** The SUBSCRIBED event as JSON (one RecordIO record). */
    byte[] subscribedJson(double heartbeatSeconds) {
        StringBuilder b = new StringBuilder(tasks * 900 + agents * 500 + 1024);
        b.append("{\"type\":\"SUBSCRIBED\",\"subscribed\":{\"get_state\":{\"get_agents\":{\"agents\":[");
        for (int a = 0; a < agents; a++) {
            b.append(a == 0 ? "" : ",").append("{\"agent_info\":{\"hostname\":\"10.").append(a / 250 + 1).append('.')
                    .append(a % 250 + 1).append(".10\",\"id\":{\"value\":\"").append(agentId(a))
                    .append("\"},\"port\":5051,\"resources\":[]},\"active\":true,\"deactivated\":false,"
                            + "\"version\":\"1.11.0\",\"pid\":\"slave(1)@10.").append(a / 250 + 1).append('.')
                    .append(a % 250 + 1).append(".10:5051\",\"registered_time\":{\"nanoseconds\":1470820172046531840},"
                            + "\"total_resources\":[{\"name\":\"cpus\",\"type\":\"SCALAR\",\"scalar\":{\"value\":4.0},"
                            + "\"role\":\"*\"}],\"allocated_resources\":[],\"offered_resources\":[],"
                            + "\"capabilities\":[{\"type\":\"MULTI_ROLE\"}]}");
        }
        b.append("],\"recovered_agents\":[]},\"get_frameworks\":{\"frameworks\":[");
        for (int f = 0; f < frameworks; f++) {
            b.append(f == 0 ? "" : ",").append("{\"framework_info\":{\"id\":{\"value\":\"").append(frameworkId(f))
                    .append("\"},\"name\":\"framework-").append(f).append("\",\"user\":\"root\",\"checkpoint\":true,"
                            + "\"role\":\"*\"},\"active\":true,\"connected\":true,\"recovered\":false}");
        }
        b.append("],\"completed_frameworks\":[]},\"get_tasks\":{\"tasks\":[");
        for (int i = 0; i < tasks; i++) {
            b.append(i == 0 ? "" : ",");
            task(b, i);
        }
        b.append("],\"unreachable_tasks\":[],\"completed_tasks\":[],\"pending_tasks\":[],\"orphan_tasks\":[]}},")
                .append("\"heartbeat_interval_seconds\":").append(heartbeatSeconds).append("}}");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void task(StringBuilder b, int i) {
        String id = taskId(i);
        String agent = agentId(agentOf(i));
        b.append("{\"name\":\"").append(taskName(i)).append("\",\"task_id\":{\"value\":\"").append(id)
                .append("\"},\"framework_id\":{\"value\":\"").append(frameworkId(frameworkOf(i)))
                .append("\"},\"executor_id\":{\"value\":\"").append(executorId(i))
                .append("\"},\"agent_id\":{\"value\":\"").append(agent)
                .append("\"},\"state\":\"TASK_RUNNING\",\"resources\":[{\"name\":\"cpus\",\"type\":\"SCALAR\","
                        + "\"scalar\":{\"value\":0.1}},{\"name\":\"mem\",\"type\":\"SCALAR\",\"scalar\":{\"value\":128.0}}],"
                        + "\"statuses\":[{\"task_id\":{\"value\":\"").append(id)
                .append("\"},\"state\":\"TASK_RUNNING\",\"source\":\"SOURCE_EXECUTOR\",\"agent_id\":{\"value\":\"")
                .append(agent).append("\"},\"timestamp\":1508783261.51415,\"container_status\":{\"container_id\":"
                        + "{\"value\":\"").append(containerId(i)).append("\"}}}],\"status_update_state\":\"TASK_RUNNING\"}");
    }

    /** A TASK_UPDATED event (as in the fixture) giving task i a new container id. */
    String taskUpdatedJson(int i, String newContainerId) {
        return "{\"type\":\"TASK_UPDATED\",\"task_updated\":{\"framework_id\":{\"value\":\"" + frameworkId(frameworkOf(i))
                + "\"},\"state\":\"TASK_RUNNING\",\"status\":{\"task_id\":{\"value\":\"" + taskId(i)
                + "\"},\"state\":\"TASK_RUNNING\",\"source\":\"SOURCE_EXECUTOR\",\"agent_id\":{\"value\":\""
                + agentId(agentOf(i)) + "\"},\"executor_id\":{\"value\":\"" + executorId(i)
                + "\"},\"timestamp\":1508784000.25,\"container_status\":{\"container_id\":{\"value\":\""
                + newContainerId + "\"}}}}}";
    }

    private static String pad(int i) {
        return String.format("%06d", i);
    }
}
