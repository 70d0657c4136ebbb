package io.tributary.topology.mesos;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the master's JSON into {@link TaskIndex}: the v1 operator API events (SUBSCRIBED's get_state, TASK_*,
 * AGENT_*, FRAMEWORK_*) and the v0 {@code /master/state} document. The two name the same things differently
 * ({@code task_id.value} vs {@code id}, {@code agent_id} vs {@code slave_id}).
 */
public final class MesosJson {

    private MesosJson() {
    }

    /** Applies one v1 event; returns its type. SUBSCRIBED is a full snapshot. */
    public static String applyEvent(JsonNode event, TaskIndex index) {
        String type = event.path("type").asText("");
        switch (type) {
            case "SUBSCRIBED" -> applyGetState(event.path("subscribed").path("get_state"), index);
            case "TASK_ADDED" -> index.put(v1Task(event.path("task_added").path("task")));
            case "TASK_UPDATED" -> {
                JsonNode u = event.path("task_updated");
                JsonNode status = u.path("status");
                index.update(value(status.path("task_id")), value(u.path("framework_id")),
                        u.path("state").asText(status.path("state").asText("")), value(status.path("agent_id")),
                        value(status.path("executor_id")), containerId(status.path("container_status").path("container_id")));
            }
            case "AGENT_ADDED" -> {
                JsonNode info = event.path("agent_added").path("agent").path("agent_info");
                index.agent(value(info.path("id")), info.path("hostname").asText(""));
            }
            case "AGENT_REMOVED" -> index.agentRemoved(value(event.path("agent_removed").path("agent_id")));
            case "FRAMEWORK_ADDED", "FRAMEWORK_UPDATED" -> {
                String key = type.equals("FRAMEWORK_ADDED") ? "framework_added" : "framework_updated";
                JsonNode info = event.path(key).path("framework").path("framework_info");
                index.framework(value(info.path("id")), info.path("name").asText(""));
            }
            default -> {
                // HEARTBEAT, FRAMEWORK_REMOVED (its tasks' logs remain), and types newer than this code
            }
        }
        return type;
    }

    /** The master's heartbeat interval from a SUBSCRIBED event, in seconds (Mesos' default 15). */
    public static double heartbeatSeconds(JsonNode subscribedEvent) {
        return subscribedEvent.path("subscribed").path("heartbeat_interval_seconds").asDouble(15.0);
    }

    private static void applyGetState(JsonNode state, TaskIndex index) {
        Map<String, String> agents = new HashMap<>();
        for (JsonNode a : state.path("get_agents").path("agents")) {
            JsonNode info = a.path("agent_info");
            agents.put(value(info.path("id")), info.path("hostname").asText(""));
        }
        Map<String, String> frameworks = new HashMap<>();
        for (String key : List.of("frameworks", "completed_frameworks")) {
            for (JsonNode f : state.path("get_frameworks").path(key)) {
                JsonNode info = f.path("framework_info");
                frameworks.put(value(info.path("id")), info.path("name").asText(""));
            }
        }
        List<MesosTask> tasks = new ArrayList<>();
        JsonNode t = state.path("get_tasks");
        for (String key : List.of("pending_tasks", "tasks", "unreachable_tasks", "completed_tasks", "orphan_tasks")) {
            for (JsonNode task : t.path(key)) {
                tasks.add(v1Task(task));
            }
        }
        index.snapshot(agents, frameworks, tasks);
    }

    private static MesosTask v1Task(JsonNode t) {
        return new MesosTask(value(t.path("task_id")), t.path("name").asText(""), value(t.path("framework_id")),
                value(t.path("agent_id")), value(t.path("executor_id")), lastContainerId(t.path("statuses")),
                t.path("state").asText(""));
    }

    /** Applies a v0 {@code GET /master/state} document as a full snapshot. */
    public static void applyState(JsonNode state, TaskIndex index) {
        Map<String, String> agents = new HashMap<>();
        for (JsonNode a : state.path("slaves")) {
            agents.put(a.path("id").asText(""), a.path("hostname").asText(""));
        }
        Map<String, String> frameworks = new HashMap<>();
        List<MesosTask> tasks = new ArrayList<>();
        for (String fkey : List.of("frameworks", "completed_frameworks")) {
            for (JsonNode f : state.path(fkey)) {
                frameworks.put(f.path("id").asText(""), f.path("name").asText(""));
                for (String tkey : List.of("tasks", "unreachable_tasks", "completed_tasks")) {
                    for (JsonNode task : f.path(tkey)) {
                        tasks.add(v0Task(task));
                    }
                }
            }
        }
        for (JsonNode task : state.path("orphan_tasks")) {
            tasks.add(v0Task(task));
        }
        index.snapshot(agents, frameworks, tasks);
    }

    private static MesosTask v0Task(JsonNode t) {
        return new MesosTask(t.path("id").asText(""), t.path("name").asText(""), t.path("framework_id").asText(""),
                t.path("slave_id").asText(""), t.path("executor_id").asText(""), lastContainerId(t.path("statuses")),
                t.path("state").asText(""));
    }

    /** The container id of the latest status that has one (the first statuses may predate the container). */
    private static String lastContainerId(JsonNode statuses) {
        String id = "";
        for (JsonNode s : statuses) {
            String c = containerId(s.path("container_status").path("container_id"));
            if (!c.isEmpty()) {
                id = c;
            }
        }
        return id;
    }

    /** A ContainerID with its parents, joined root-first with '.' (how Mesos names nested sandboxes). */
    static String containerId(JsonNode id) {
        Deque<String> parts = new ArrayDeque<>();
        for (JsonNode c = id; c != null && c.has("value"); c = c.get("parent")) {
            parts.addFirst(c.get("value").asText());
        }
        return String.join(".", parts);
    }

    private static String value(JsonNode wrapper) {
        return wrapper.path("value").asText("");
    }
}
