package io.tributary.topology.mesos;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What Mesos says: agents, frameworks and tasks, with a bounded history of finished tasks (the master forgets
 * them; their logs stay). Writes come from one source thread; reads (Resolve) are lock-free.
 */
@ApplicationScoped
public class TaskIndex {

    private final NavigableMap<String, MesosTask> tasks = new ConcurrentSkipListMap<>();
    private final Map<String, Set<String>> byName = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> byContainer = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> byExecutor = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> byFramework = new ConcurrentHashMap<>();
    /** Framework id → agent id → how many of its tasks are there: Resolve(framework) without walking the tasks. */
    private final Map<String, Map<String, Integer>> frameworkAgents = new ConcurrentHashMap<>();
    private final Map<String, String> agentHostnames = new ConcurrentHashMap<>();
    private final Map<String, String> frameworkNames = new ConcurrentHashMap<>();
    /**
     * Bumped after a framework gains or loses an agent or an agent's hostname changes (what a framework's nodes are
     * computed from), so Resolve can keep that answer until then.
     */
    private final AtomicLong placementVersion = new AtomicLong();
    /** Finished task ids, oldest first. Guarded by this. */
    private final LinkedHashSet<String> finished = new LinkedHashSet<>();
    private volatile int finishedLimit = 10_000;
    private volatile boolean synced;

    public void finishedLimit(int limit) {
        this.finishedLimit = limit;
    }

    /** A full picture (SUBSCRIBED, or a /master/state poll): tasks it no longer has are done and move to history. */
    public synchronized void snapshot(Map<String, String> agents, Map<String, String> frameworks,
                                      Collection<MesosTask> snapshotTasks) {
        agentHostnames.clear();
        agentHostnames.putAll(agents);
        placementVersion.incrementAndGet();
        frameworkNames.putAll(frameworks);
        Set<String> seen = new HashSet<>();
        for (MesosTask t : snapshotTasks) {
            seen.add(t.taskId());
            put(t);
        }
        for (MesosTask t : tasks.values()) {
            if (!seen.contains(t.taskId()) && !t.terminal()) {
                // the master forgot a task we saw running: it ended while we were not listening
                put(t.merge("TASK_GONE", null, null, null));
            }
        }
        synced = true;
    }

    public synchronized void put(MesosTask t) {
        MesosTask old = tasks.put(t.taskId(), t);
        if (old != null) {
            unindex(old);
        }
        index(t);
        if (t.terminal()) {
            finished.remove(t.taskId());
            finished.add(t.taskId());
            trimHistory();
        } else {
            finished.remove(t.taskId());
        }
    }

    /** A TASK_UPDATED: the status carries state, agent, executor and (only here) the container id. */
    public synchronized void update(String taskId, String frameworkId, String state, String agentId,
                                    String executorId, String containerId) {
        MesosTask old = tasks.get(taskId);
        MesosTask t = old == null
                ? new MesosTask(taskId, "", frameworkId, agentId, executorId, containerId, state)
                : old.merge(state, agentId, executorId, containerId);
        put(t);
    }

    public void agent(String agentId, String hostname) {
        if (!hostname.equals(agentHostnames.put(agentId, hostname))) {
            placementVersion.incrementAndGet();
        }
    }

    public void agentRemoved(String agentId) {
        if (agentHostnames.remove(agentId) != null) {
            placementVersion.incrementAndGet();
        }
    }

    /** See {@link #placementVersion}: unchanged means {@link #frameworkAgents} and agent hostnames are too. */
    public long placementVersion() {
        return placementVersion.get();
    }

    public void framework(String id, String name) {
        frameworkNames.put(id, name);
    }

    public boolean synced() {
        return synced;
    }

    public MesosTask task(String taskId) {
        return tasks.get(taskId);
    }

    /** Every task id known, sorted (prefix = range scan). */
    public NavigableMap<String, MesosTask> tasks() {
        return tasks;
    }

    public Set<String> byName(String name) {
        return byName.getOrDefault(name, Set.of());
    }

    /** By the joined container id ({@code parent.child}) or by any one of its parts. */
    public Set<String> byContainer(String containerId) {
        return byContainer.getOrDefault(containerId, Set.of());
    }

    public Set<String> byExecutor(String executorId) {
        return byExecutor.getOrDefault(executorId, Set.of());
    }

    public Set<String> byFramework(String frameworkId) {
        return byFramework.getOrDefault(frameworkId, Set.of());
    }

    /** The agents the framework's known tasks ran on (a live view). */
    public Set<String> frameworkAgents(String frameworkId) {
        Map<String, Integer> agents = frameworkAgents.get(frameworkId);
        return agents == null ? Set.of() : agents.keySet();
    }

    public String agentHostname(String agentId) {
        return agentHostnames.get(agentId);
    }

    public Map<String, String> agents() {
        return Map.copyOf(agentHostnames);
    }

    public int finishedCount() {
        synchronized (this) {
            return finished.size();
        }
    }

    private void trimHistory() {
        for (Iterator<String> it = finished.iterator(); finished.size() > finishedLimit && it.hasNext(); ) {
            String oldest = it.next();
            it.remove();
            MesosTask gone = tasks.remove(oldest);
            if (gone != null) {
                unindex(gone);
            }
        }
    }

    private void index(MesosTask t) {
        add(byName, t.name(), t.taskId());
        add(byExecutor, t.executorId(), t.taskId());
        add(byFramework, t.frameworkId(), t.taskId());
        if (!t.frameworkId().isEmpty() && !t.agentId().isEmpty()) {
            if (frameworkAgents.computeIfAbsent(t.frameworkId(), k -> new ConcurrentHashMap<>())
                    .merge(t.agentId(), 1, Integer::sum) == 1) {
                placementVersion.incrementAndGet(); // a new agent for the framework
            }
        }
        for (String c : containerKeys(t.containerId())) {
            add(byContainer, c, t.taskId());
        }
    }

    private void unindex(MesosTask t) {
        remove(byName, t.name(), t.taskId());
        remove(byExecutor, t.executorId(), t.taskId());
        remove(byFramework, t.frameworkId(), t.taskId());
        if (!t.frameworkId().isEmpty() && !t.agentId().isEmpty()) {
            // writers hold the lock, so get-then-remove is safe here
            Map<String, Integer> agents = frameworkAgents.get(t.frameworkId());
            if (agents != null && agents.computeIfPresent(t.agentId(), (a, n) -> n == 1 ? null : n - 1) == null) {
                if (agents.isEmpty()) {
                    frameworkAgents.remove(t.frameworkId());
                }
                placementVersion.incrementAndGet(); // the framework's last task on that agent is gone
            }
        }
        for (String c : containerKeys(t.containerId())) {
            remove(byContainer, c, t.taskId());
        }
    }

    private static Set<String> containerKeys(String joined) {
        Set<String> keys = new LinkedHashSet<>();
        if (!joined.isEmpty()) {
            keys.add(joined);
            keys.addAll(java.util.List.of(joined.split("\\.")));
        }
        return keys;
    }

    private static void add(Map<String, Set<String>> m, String key, String taskId) {
        if (!key.isEmpty()) {
            m.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(taskId);
        }
    }

    private static void remove(Map<String, Set<String>> m, String key, String taskId) {
        if (!key.isEmpty()) {
            m.computeIfPresent(key, (k, s) -> {
                s.remove(taskId);
                return s.isEmpty() ? null : s;
            });
        }
    }
}
