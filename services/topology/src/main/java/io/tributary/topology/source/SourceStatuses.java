package io.tributary.topology.source;

import io.tributary.proto.topology.v1.SourceStatus;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The state of every configured source ("static", "dns", "mesos", "readers"), so every answer can say how stale it
 * may be. A source registers itself when it starts; until its first success it is unhealthy with no success time.
 */
@ApplicationScoped
public class SourceStatuses {

    private final Map<String, SourceStatus> statuses = new ConcurrentSkipListMap<>();

    public void register(String name) {
        statuses.putIfAbsent(name, SourceStatus.newBuilder().setName(name).setError("not contacted yet").build());
    }

    public void success(String name) {
        statuses.put(name, SourceStatus.newBuilder().setName(name).setHealthy(true)
                .setLastSuccessUsec(Clock.nowUsec()).build());
    }

    /** Keeps the last success time: the cache from then is still the answer. */
    public void failure(String name, String error) {
        statuses.compute(name, (k, old) -> SourceStatus.newBuilder().setName(name).setHealthy(false)
                .setLastSuccessUsec(old == null ? 0 : old.getLastSuccessUsec())
                .setError(error == null ? "unknown error" : error).build());
    }

    public List<SourceStatus> all() {
        return List.copyOf(statuses.values());
    }

    public SourceStatus get(String name) {
        return statuses.get(name);
    }
}
