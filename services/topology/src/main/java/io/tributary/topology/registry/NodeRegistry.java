package io.tributary.topology.registry;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.tributary.proto.journal.v1.NodeInfo;
import io.tributary.proto.topology.v1.Node;
import io.tributary.proto.topology.v1.NodeEvent;
import io.tributary.serviceauth.quarkus.ServiceAuthBeans.ServiceCredentials;
import io.tributary.topology.config.TopologyConfig;
import io.tributary.topology.source.Clock;
import io.tributary.topology.source.Endpoints;
import io.tributary.topology.source.ReaderListings;
import io.tributary.topology.source.SourceStatuses;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Every reader the sources list, keyed by endpoint (the thing topology can contact; node ids come from the readers
 * and should be unique, but two readers reporting one id are still two readers). Each is asked Describe every
 * describe-interval and Unique over the ID fields when it first answers and every unique-interval after. A reader
 * that fails unhealthy-after-failures contacts in a row is unhealthy but kept; one no source lists any more is
 * removed after the grace period.
 *
 * <p>Answers are read from {@link #nodes()} without locks. Changes are published to listeners under the lock, so
 * {@link #watch} can hand out a snapshot and the changes after it with nothing lost or repeated.
 */
@ApplicationScoped
public class NodeRegistry {

    private static final Logger LOG = Logger.getLogger(NodeRegistry.class);
    public static final String READERS_SOURCE = "readers";

    @Inject
    TopologyConfig config;

    @Inject
    ReaderListings listings;

    @Inject
    IdIndex index;

    @Inject
    SourceStatuses statuses;

    /** The service token topology sends to readers (tributary.service-auth). */
    @Inject
    ServiceCredentials credentials;

    /** Guarded by this. */
    private final Map<String, Target> targets = new HashMap<>();
    /** Nodes that answered at least once; read without locks. */
    private final Map<String, Node> nodes = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<NodeListener> listeners = new CopyOnWriteArrayList<>();
    private ScheduledExecutorService timer;
    private volatile boolean everAnswered;
    /** Bumped whenever a node is added, removed, or changes identity (what {@link Lookup} is built from). */
    private final AtomicLong identityVersion = new AtomicLong();
    private volatile Lookup lookup = new Lookup(-1, Map.of(), Map.of(), Map.of());

    /**
     * Endpoints by node id, by agent id, and by host (the reported hostname and the endpoint's host), so Resolve
     * finds an agent's nodes without scanning every node. Rebuilt on first use after an identity change; the
     * nodes themselves are always read fresh from {@link #node}.
     */
    private record Lookup(long version, Map<String, List<String>> byNodeId, Map<String, List<String>> byAgentId,
                          Map<String, List<String>> byHost) {
    }

    /** What topology knows about one endpoint. Guarded by the registry's lock. */
    private static final class Target {
        final String endpoint;
        final ReaderClient client;
        Set<String> sources = Set.of();
        long unlistedSinceNanos = -1;
        int failures;
        boolean healthy;
        boolean describing;
        boolean uniqueRunning;
        long lastUniqueNanos;
        boolean uniqueDue = true; // set when the index of this reader must be (re)built at the next answer
        Node node; // null until the first Describe answer

        Target(String endpoint, ReaderClient client) {
            this.endpoint = endpoint;
            this.client = client;
        }
    }

    void start(@Observes StartupEvent ev) {
        statuses.register(READERS_SOURCE);
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "topology-readers");
            t.setDaemon(true);
            return t;
        });
        listings.listen(this::reconcile);
        reconcile(listings.sourcesByEndpoint());
        long period = config.describeInterval().toMillis();
        timer.scheduleWithFixedDelay(this::tick, period, period, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent ev) {
        if (timer != null) {
            timer.shutdownNow();
        }
        synchronized (this) {
            targets.values().forEach(t -> t.client.close());
        }
    }

    /** The nodes that answered at least once (healthy or not), in no particular order. */
    public Collection<Node> nodes() {
        return nodes.values();
    }

    public Node node(String endpoint) {
        return nodes.get(endpoint);
    }

    /** Endpoints of the nodes reporting this node id. */
    public List<String> endpointsByNodeId(String nodeId) {
        return lookup().byNodeId().getOrDefault(nodeId, List.of());
    }

    /** Endpoints of the nodes reporting this Mesos agent id. */
    public List<String> endpointsByAgentId(String agentId) {
        return lookup().byAgentId().getOrDefault(agentId, List.of());
    }

    /** Endpoints of the nodes with this hostname, or reached at this host. */
    public List<String> endpointsByHost(String host) {
        return lookup().byHost().getOrDefault(host, List.of());
    }

    /** Changes whenever a node is added or removed or changes identity (id, agent id, hostname, health, sources). */
    public long identityVersion() {
        return identityVersion.get();
    }

    private Lookup lookup() {
        Lookup l = lookup;
        long v = identityVersion.get(); // read before the nodes: a change after this makes the next call rebuild
        if (l.version() == v) {
            return l;
        }
        Map<String, List<String>> byNodeId = new HashMap<>();
        Map<String, List<String>> byAgentId = new HashMap<>();
        Map<String, List<String>> byHost = new HashMap<>();
        for (Node n : nodes.values()) {
            byNodeId.computeIfAbsent(n.getNodeId(), k -> new ArrayList<>(1)).add(n.getEndpoint());
            if (!n.getAgentId().isEmpty()) {
                byAgentId.computeIfAbsent(n.getAgentId(), k -> new ArrayList<>(1)).add(n.getEndpoint());
            }
            String epHost = Endpoints.host(n.getEndpoint());
            byHost.computeIfAbsent(epHost, k -> new ArrayList<>(1)).add(n.getEndpoint());
            if (!n.getHostname().isEmpty() && !n.getHostname().equals(epHost)) {
                byHost.computeIfAbsent(n.getHostname(), k -> new ArrayList<>(1)).add(n.getEndpoint());
            }
        }
        l = new Lookup(v, byNodeId, byAgentId, byHost);
        lookup = l;
        return l;
    }

    /** True once any reader has ever answered: before that, topology has no answer at all. */
    public boolean everAnswered() {
        return everAnswered;
    }

    /** Registers a listener and hands it the current nodes first (atomically with respect to changes). */
    public synchronized void watch(NodeListener listener, Consumer<List<Node>> snapshot) {
        snapshot.accept(new ArrayList<>(nodes.values()));
        listeners.add(listener);
    }

    public void unwatch(NodeListener listener) {
        listeners.remove(listener);
    }

    private synchronized void reconcile(Map<String, Set<String>> listed) {
        for (Map.Entry<String, Set<String>> e : listed.entrySet()) {
            Target t = targets.get(e.getKey());
            if (t == null) {
                try {
                    t = new Target(e.getKey(), new ReaderClient(e.getKey(), config.callTimeout(),
                            credentials == null ? null : credentials.callCredentials().orElse(null)));
                } catch (IllegalArgumentException bad) {
                    LOG.warnf("ignoring reader endpoint: %s", bad.getMessage());
                    continue;
                }
                targets.put(t.endpoint, t);
                t.sources = e.getValue();
                contact(t); // a new reader is asked at once, not at the next tick
            } else if (!t.sources.equals(e.getValue())) {
                t.sources = e.getValue();
                t.unlistedSinceNanos = -1;
                publishIfChanged(t, withSources(t.node, t));
            }
        }
        for (Target t : targets.values()) {
            if (!listed.containsKey(t.endpoint) && t.unlistedSinceNanos < 0) {
                t.unlistedSinceNanos = System.nanoTime();
                t.sources = Set.of();
                publishIfChanged(t, withSources(t.node, t));
            }
        }
    }

    private void tick() {
        try {
            List<Target> toContact = new ArrayList<>();
            synchronized (this) {
                long now = System.nanoTime();
                for (var it = targets.values().iterator(); it.hasNext(); ) {
                    Target t = it.next();
                    if (t.unlistedSinceNanos >= 0 && now - t.unlistedSinceNanos >= config.removalGrace().toNanos()) {
                        it.remove();
                        remove(t);
                    } else {
                        toContact.add(t);
                    }
                }
                toContact.forEach(this::contact);
            }
            updateReadersStatus();
        } catch (RuntimeException e) {
            LOG.error("reader refresh failed", e); // keep the timer alive
        }
    }

    private void remove(Target t) {
        t.client.close();
        index.remove(t.endpoint);
        Node gone = nodes.remove(t.endpoint);
        if (gone != null) {
            publish(NodeEvent.Kind.REMOVED, gone.toBuilder().setHealthy(false).build());
        }
        LOG.infof("reader %s removed (no source lists it since %s)", t.endpoint, config.removalGrace());
    }

    /** Called with the lock held. */
    private void contact(Target t) {
        if (t.describing) {
            return;
        }
        t.describing = true;
        t.client.describe().whenComplete((info, error) -> {
            if (error == null) {
                described(t, info);
            } else {
                failed(t, error);
            }
        });
    }

    private synchronized void described(Target t, NodeInfo info) {
        t.describing = false;
        if (targets.get(t.endpoint) != t) {
            return; // removed meanwhile
        }
        t.failures = 0;
        t.healthy = true;
        everAnswered = true;
        Node.Builder b = Node.newBuilder()
                .setNodeId(info.getMachineId())
                .setHostname(info.getHostname())
                .setAgentId(info.getAgentId())
                .setNodeName(info.getNodeName())
                .setEndpoint(t.endpoint) // the address we reach it at, not what it thinks it is
                .setBootId(info.getBootId())
                .setHealthy(true)
                .setLastContactUsec(Clock.nowUsec())
                .setFirstRealtimeUsec(info.getFirstRealtimeUsec())
                .setLastRealtimeUsec(info.getLastRealtimeUsec())
                .addAllSources(t.sources);
        boolean first = t.node == null;
        publishIfChanged(t, b.build());
        statuses.success(READERS_SOURCE);
        if (first) {
            warnOnDuplicateNodeId(t);
        }
        long now = System.nanoTime();
        if (!t.uniqueRunning && (t.uniqueDue || now - t.lastUniqueNanos >= config.uniqueInterval().toNanos())) {
            refreshIndex(t);
        }
    }

    private void refreshIndex(Target t) {
        t.uniqueRunning = true;
        t.client.unique(IdIndex.FIELDS).whenComplete((values, error) -> {
            synchronized (this) {
                t.uniqueRunning = false;
                if (targets.get(t.endpoint) != t) {
                    return;
                }
                if (error == null) {
                    t.lastUniqueNanos = System.nanoTime();
                    t.uniqueDue = false;
                    index.replace(t.endpoint, values);
                } else {
                    // keep the old values: a cached answer beats none; retried at the next answer
                    t.uniqueDue = true;
                    LOG.infof("Unique on %s failed (retrying): %s", t.endpoint, error.getMessage());
                }
            }
        });
    }

    private synchronized void failed(Target t, Throwable error) {
        t.describing = false;
        if (targets.get(t.endpoint) != t) {
            return;
        }
        t.failures++;
        LOG.debugf("reader %s did not answer (%d in a row): %s", t.endpoint, t.failures, error.getMessage());
        if (t.failures >= config.unhealthyAfterFailures() && t.healthy) {
            t.healthy = false;
            LOG.infof("reader %s unhealthy after %d failed contacts: %s", t.endpoint, t.failures, error.getMessage());
            if (t.node != null) {
                publishIfChanged(t, t.node.toBuilder().setHealthy(false).build());
            }
            updateReadersStatus();
        }
    }

    private void warnOnDuplicateNodeId(Target t) {
        for (Node n : nodes.values()) {
            if (!n.getEndpoint().equals(t.endpoint) && n.getNodeId().equals(t.node.getNodeId())) {
                LOG.warnf("readers %s and %s report the same node id %s; set tributary.reader.node-id on one",
                        n.getEndpoint(), t.endpoint, n.getNodeId());
            }
        }
    }

    private static Node withSources(Node node, Target t) {
        return node == null ? null : node.toBuilder().clearSources().addAllSources(t.sources).build();
    }

    /**
     * Stores the node and tells watchers when something they care about changed: identity, health, sources.
     * The journal span and contact time change on every Describe; they are read from ListNodes, not pushed.
     */
    private void publishIfChanged(Target t, Node updated) {
        if (updated == null) {
            return;
        }
        Node old = t.node;
        t.node = updated;
        nodes.put(t.endpoint, updated);
        if (old == null) {
            publish(NodeEvent.Kind.ADDED, updated);
        } else if (!sameForWatchers(old, updated)) {
            publish(NodeEvent.Kind.UPDATED, updated);
        }
    }

    private static boolean sameForWatchers(Node a, Node b) {
        return a.getHealthy() == b.getHealthy() && a.getNodeId().equals(b.getNodeId())
                && a.getHostname().equals(b.getHostname()) && a.getAgentId().equals(b.getAgentId())
                && a.getNodeName().equals(b.getNodeName()) && a.getBootId().equals(b.getBootId())
                && Objects.equals(a.getSourcesList(), b.getSourcesList());
    }

    private void publish(NodeEvent.Kind kind, Node node) {
        identityVersion.incrementAndGet(); // after nodes changed: see lookup()
        NodeEvent event = NodeEvent.newBuilder().setKind(kind).setNode(node).build();
        for (NodeListener l : listeners) {
            l.onEvent(event);
        }
    }

    /** The "readers" status: healthy while at least one listed reader answers. */
    private void updateReadersStatus() {
        long healthy;
        int total;
        synchronized (this) {
            healthy = targets.values().stream().filter(t -> t.healthy).count();
            total = targets.size();
        }
        if (healthy > 0) {
            statuses.success(READERS_SOURCE);
        } else {
            statuses.failure(READERS_SOURCE, total == 0 ? "no reader listed" : "none of " + total + " readers answers");
        }
    }
}
