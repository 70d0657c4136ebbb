package io.tributary.topology.source;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * What each source currently says the reader endpoints are. A source replaces its whole listing on every refresh;
 * the registry listens and reconciles (new endpoints are contacted at once, vanished ones get a grace period).
 */
@ApplicationScoped
public class ReaderListings {

    private final Map<String, Set<String>> bySource = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<Consumer<Map<String, Set<String>>>> listeners = new CopyOnWriteArrayList<>();

    public void replace(String source, Set<String> endpoints) {
        Set<String> old = bySource.put(source, Set.copyOf(endpoints));
        if (!endpoints.equals(old)) {
            Map<String, Set<String>> now = sourcesByEndpoint();
            listeners.forEach(l -> l.accept(now));
        }
    }

    /** endpoint → the sources listing it. */
    public Map<String, Set<String>> sourcesByEndpoint() {
        Map<String, Set<String>> r = new TreeMap<>();
        bySource.forEach((source, eps) -> eps.forEach(ep -> r.computeIfAbsent(ep, k -> new TreeSet<>()).add(source)));
        return r;
    }

    public void listen(Consumer<Map<String, Set<String>>> listener) {
        listeners.add(listener);
    }
}
