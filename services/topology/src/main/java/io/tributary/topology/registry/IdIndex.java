package io.tributary.topology.registry;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * For each ID field and value, the reader endpoints whose journals hold it (from the readers' Unique). Finished
 * tasks stay as long as their logs exist, Mesos or not. Values are kept sorted so a task id prefix is a range scan.
 */
@ApplicationScoped
public class IdIndex {

    public static final String AGENT_ID = "AGENT_ID";
    public static final String FRAMEWORK_ID = "FRAMEWORK_ID";
    public static final String EXECUTOR_ID = "EXECUTOR_ID";
    public static final String CONTAINER_ID = "CONTAINER_ID";
    public static final String TASK_ID = "TASK_ID";
    public static final List<String> FIELDS = List.of(AGENT_ID, FRAMEWORK_ID, EXECUTOR_ID, CONTAINER_ID, TASK_ID);

    private final Map<String, ConcurrentSkipListMap<String, Set<String>>> byField = new HashMap<>();
    private final Map<String, Map<String, Set<String>>> byEndpoint = new HashMap<>();
    /** Bumped after every change, so answers computed from the index can be kept until it changes. */
    private final AtomicLong version = new AtomicLong();

    public IdIndex() {
        FIELDS.forEach(f -> byField.put(f, new ConcurrentSkipListMap<>()));
    }

    /**
     * Replaces everything known about one endpoint's journal. New values are added before the ones gone are removed:
     * lock-free readers (Resolve, ListTasks) never see a value the endpoint still holds vanish during a refresh.
     */
    public synchronized void replace(String endpoint, Map<String, Set<String>> values) {
        Map<String, Set<String>> old = byEndpoint.getOrDefault(endpoint, Map.of());
        Map<String, Set<String>> mine = new HashMap<>();
        values.forEach((field, vals) -> {
            ConcurrentSkipListMap<String, Set<String>> index = byField.get(field);
            if (index == null) {
                return;
            }
            mine.put(field, Set.copyOf(vals));
            for (String v : vals) {
                index.compute(v, (k, eps) -> plus(eps, endpoint));
            }
        });
        old.forEach((field, vals) -> {
            Set<String> kept = mine.getOrDefault(field, Set.of());
            ConcurrentSkipListMap<String, Set<String>> index = byField.get(field);
            for (String v : vals) {
                if (!kept.contains(v)) {
                    index.computeIfPresent(v, (k, eps) -> minus(eps, endpoint));
                }
            }
        });
        byEndpoint.put(endpoint, mine);
        version.incrementAndGet();
    }

    public synchronized void remove(String endpoint) {
        Map<String, Set<String>> old = byEndpoint.remove(endpoint);
        if (old == null) {
            return;
        }
        old.forEach((field, vals) -> {
            ConcurrentSkipListMap<String, Set<String>> index = byField.get(field);
            for (String v : vals) {
                index.computeIfPresent(v, (k, eps) -> minus(eps, endpoint));
            }
        });
        version.incrementAndGet();
    }

    /** Changes whenever the index does. */
    public long version() {
        return version.get();
    }

    /** The endpoints holding field=value; empty if none. Lock-free: the sets are immutable. */
    public Set<String> endpoints(String field, String value) {
        return byField.get(field).getOrDefault(value, Set.of());
    }

    /** Every value of a field with its endpoints (a live, sorted view). */
    public NavigableMap<String, Set<String>> values(String field) {
        return byField.get(field);
    }

    public synchronized boolean hasEndpoint(String endpoint) {
        return byEndpoint.containsKey(endpoint);
    }

    private static Set<String> plus(Set<String> eps, String ep) {
        if (eps == null) {
            return Set.of(ep);
        }
        if (eps.contains(ep)) {
            return eps;
        }
        String[] a = eps.toArray(new String[eps.size() + 1]);
        a[eps.size()] = ep;
        return Set.of(a);
    }

    private static Set<String> minus(Set<String> eps, String ep) {
        if (!eps.contains(ep)) {
            return eps;
        }
        if (eps.size() == 1) {
            return null; // computeIfPresent removes the value
        }
        return Set.of(eps.stream().filter(e -> !e.equals(ep)).toArray(String[]::new));
    }
}
