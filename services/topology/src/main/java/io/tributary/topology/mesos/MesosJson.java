package io.tributary.topology.mesos;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
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
 *
 * <p>{@link #readEvent} streams one event from its RecordIO record: a SUBSCRIBED snapshot is read task by task
 * (each task a small tree, dropped once it is a {@link MesosTask}), never as one document tree, so applying a
 * 100,000-task snapshot costs little more heap than the index it fills.
 */
public final class MesosJson {

    private static final List<String> V1_TASK_LISTS =
            List.of("pending_tasks", "tasks", "unreachable_tasks", "completed_tasks", "orphan_tasks");

    /** A streamed event: its type and, for SUBSCRIBED, the master's heartbeat interval (Mesos' default 15 s). */
    public record Event(String type, double heartbeatSeconds) {
    }

    private MesosJson() {
    }

    /**
     * Reads one v1 event from record (the bytes of one RecordIO record) and applies it. SUBSCRIBED is streamed;
     * other events are small and go through {@link #applyEvent}.
     */
    public static Event readEvent(ObjectMapper json, InputStream record, TaskIndex index) throws IOException {
        try (JsonParser p = json.createParser(record)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new JsonParseException(p, "a Mesos event must be a JSON object");
            }
            String type = "";
            ObjectNode rest = json.createObjectNode();
            Snapshot snapshot = null;
            double heartbeat = 15.0;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                switch (field) {
                    case "type" -> type = p.getValueAsString("");
                    case "subscribed" -> {
                        snapshot = new Snapshot();
                        heartbeat = readSubscribed(p, snapshot, heartbeat);
                    }
                    default -> rest.set(field, p.readValueAsTree());
                }
            }
            if (type.equals("SUBSCRIBED")) {
                (snapshot == null ? new Snapshot() : snapshot).applyTo(index);
            } else {
                rest.put("type", type);
                applyEvent(rest, index);
            }
            return new Event(type, heartbeat);
        }
    }

    /** The agents, frameworks and tasks of a get_state, gathered while streaming. */
    private static final class Snapshot {
        final Map<String, String> agents = new HashMap<>();
        final Map<String, String> frameworks = new HashMap<>();
        final List<MesosTask> tasks = new ArrayList<>();

        void applyTo(TaskIndex index) {
            index.snapshot(agents, frameworks, tasks);
        }
    }

    /** The "subscribed" object: get_state streamed into snapshot; returns the heartbeat interval. */
    private static double readSubscribed(JsonParser p, Snapshot snapshot, double heartbeat) throws IOException {
        expectObject(p, "subscribed");
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "heartbeat_interval_seconds" -> heartbeat = p.getValueAsDouble(heartbeat);
                case "get_state" -> readGetState(p, snapshot);
                default -> p.skipChildren();
            }
        }
        return heartbeat;
    }

    private static void readGetState(JsonParser p, Snapshot snapshot) throws IOException {
        expectObject(p, "get_state");
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "get_agents" -> {
                    JsonNode agents = p.readValueAsTree(); // one small object per agent: thousands at most
                    agents(agents, snapshot.agents);
                }
                case "get_frameworks" -> {
                    JsonNode frameworks = p.readValueAsTree();
                    frameworks(frameworks, snapshot.frameworks);
                }
                case "get_tasks" -> readTasks(p, snapshot.tasks);
                default -> p.skipChildren(); // get_executors and whatever newer masters add
            }
        }
    }

    private static void readTasks(JsonParser p, List<MesosTask> into) throws IOException {
        expectObject(p, "get_tasks");
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken t = p.nextToken();
            if (!V1_TASK_LISTS.contains(field) || t != JsonToken.START_ARRAY) {
                p.skipChildren();
                continue;
            }
            while (p.nextToken() == JsonToken.START_OBJECT) {
                into.add(v1Task(p.readValueAsTree()));
            }
        }
    }

    private static void expectObject(JsonParser p, String what) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw new JsonParseException(p, what + " must be a JSON object");
        }
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

    private static void applyGetState(JsonNode state, TaskIndex index) {
        Snapshot snapshot = new Snapshot();
        agents(state.path("get_agents"), snapshot.agents);
        frameworks(state.path("get_frameworks"), snapshot.frameworks);
        JsonNode t = state.path("get_tasks");
        for (String key : V1_TASK_LISTS) {
            for (JsonNode task : t.path(key)) {
                snapshot.tasks.add(v1Task(task));
            }
        }
        snapshot.applyTo(index);
    }

    private static void agents(JsonNode getAgents, Map<String, String> into) {
        for (JsonNode a : getAgents.path("agents")) {
            JsonNode info = a.path("agent_info");
            into.put(value(info.path("id")), info.path("hostname").asText(""));
        }
    }

    private static void frameworks(JsonNode getFrameworks, Map<String, String> into) {
        for (String key : List.of("frameworks", "completed_frameworks")) {
            for (JsonNode f : getFrameworks.path(key)) {
                JsonNode info = f.path("framework_info");
                into.put(value(info.path("id")), info.path("name").asText(""));
            }
        }
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
