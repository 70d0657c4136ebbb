package io.tributary.topology.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.tributary.proto.topology.v1.ListNodesRequest;
import io.tributary.proto.topology.v1.ListNodesResponse;
import io.tributary.proto.topology.v1.Node;
import io.tributary.proto.topology.v1.NodeEvent;
import io.tributary.proto.topology.v1.ResolveRequest;
import io.tributary.proto.topology.v1.ResolveResponse;
import io.tributary.proto.topology.v1.Selector;
import io.tributary.proto.topology.v1.SourceStatus;
import io.tributary.proto.topology.v1.TopologyGrpc;
import io.tributary.testkit.JournalGenerator;
import io.tributary.testkit.ServiceProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The dns source with A records from a real dnsmasq whose records change while topology runs: two packaged
 * readers on one port at 127.0.0.2 and 127.0.0.3 (a headless Service's shape). A reader that leaves DNS is kept
 * (listed by no source, its ids still resolving) for the removal grace period, then removed; one that comes back
 * within the grace period stays; a DNS server that stops answering leaves the last listing in place; with the last
 * reader gone too (every source down) topology is not ready. Its console log is JSON (switched on by the environment).
 */
class DnsRemovalIT {

    static final String NAME = "readers.tributary.test";
    static final Duration GRACE = Duration.ofSeconds(3);

    @Test
    void aReaderDroppedFromDnsIsKeptForTheGracePeriodThenRemoved() throws Exception {
        JournalGenerator gen = JournalGenerator.builder().nodes(2).entries(600).frameworks(2).executorsPerFramework(1)
                .seed(11).build();
        try (Cluster cluster = Cluster.onAddresses(gen, "127.0.0.2", "127.0.0.3");
             Dnsmasq dns = new Dnsmasq(List.of())) {
            dns.hosts(NAME, "127.0.0.2", "127.0.0.3");
            int port = ServiceProcess.freePort();
            try (ServiceProcess topology = Cluster.topology(port, Map.of("tributary.topology.dns.name", NAME,
                    "tributary.topology.dns.type", "A", "tributary.topology.dns.port", String.valueOf(cluster.ports[0]),
                    "tributary.topology.dns.server", dns.server(), "tributary.topology.dns.interval", "200ms",
                    "tributary.topology.removal-grace", GRACE.toMillis() + "ms"),
                    Map.of("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "true"))) {
                ManagedChannel ch = Cluster.channel(port);
                try {
                    run(cluster, dns, ch, port);
                    // the one documented switch (an environment variable) turned the console log into JSON lines
                    String firstLine = java.nio.file.Files.readAllLines(topology.logFile()).stream()
                            .filter(l -> !l.isBlank()).findFirst().orElse("");
                    assertTrue(firstLine.startsWith("{") && firstLine.contains("\"level\"")
                            && firstLine.contains("\"message\""), firstLine);
                } finally {
                    ch.shutdownNow();
                }
            }
        }
    }

    private static void run(Cluster cluster, Dnsmasq dns, ManagedChannel ch, int port) throws Exception {
        TopologyGrpc.TopologyBlockingStub stub = TopologyGrpc.newBlockingStub(ch);
        String machine1 = cluster.gen.node(1).machineId();
        JournalGenerator.Executor onNode1 = cluster.gen.executors().stream().filter(e -> e.node() == 1)
                .findFirst().orElseThrow();
        // discovered through A records: ip:dns.port, both readers on the same port
        List<Node> nodes = Await.until(Duration.ofSeconds(30), () -> stub.listNodes(ListNodesRequest.getDefaultInstance())
                .getNodesList(), l -> l.size() == 2 && l.stream().allMatch(Node::getHealthy), "two nodes from A records");
        assertEquals(Set.of(cluster.endpoint(0), cluster.endpoint(1)),
                nodes.stream().map(Node::getEndpoint).collect(Collectors.toSet()));
        assertEquals(Set.copyOf(cluster.gen.machineIds()), nodes.stream().map(Node::getNodeId).collect(Collectors.toSet()));
        nodes.forEach(n -> assertEquals(List.of("dns"), n.getSourcesList()));
        Await.until(Duration.ofSeconds(30), () -> nodeIds(resolve(stub, onNode1.taskId())), Set.of(machine1)::equals,
                "task on node 1 indexed");

        Events events = new Events(ch);
        events.next(NodeEvent.Kind.ADDED);
        events.next(NodeEvent.Kind.ADDED);
        events.next(NodeEvent.Kind.SYNCED);

        // 1. dropped from DNS, back within the grace period: kept, never removed
        dns.hosts(NAME, "127.0.0.2");
        Node unlisted = events.next(NodeEvent.Kind.UPDATED).getNode();
        assertEquals(machine1, unlisted.getNodeId());
        assertEquals(List.of(), unlisted.getSourcesList(), "no source lists it any more");
        dns.hosts(NAME, "127.0.0.2", "127.0.0.3");
        Node relisted = events.next(NodeEvent.Kind.UPDATED).getNode();
        assertEquals(machine1, relisted.getNodeId());
        assertEquals(List.of("dns"), relisted.getSourcesList());
        Thread.sleep(GRACE.toMillis() + 1000);
        assertNull(events.poll(0), "no event: a node listed again within the grace period stays");
        assertEquals(2, stub.listNodes(ListNodesRequest.getDefaultInstance()).getNodesCount());

        // 2. dropped for good: kept (still answering, its ids resolving) until the grace period ends, then removed
        dns.hosts(NAME, "127.0.0.2");
        NodeEvent dropped = events.next(NodeEvent.Kind.UPDATED);
        long droppedNanos = System.nanoTime();
        assertEquals(machine1, dropped.getNode().getNodeId());
        assertEquals(List.of(), dropped.getNode().getSourcesList());
        Node kept = stub.listNodes(ListNodesRequest.getDefaultInstance()).getNodesList().stream()
                .filter(n -> n.getNodeId().equals(machine1)).findFirst().orElseThrow();
        assertEquals(List.of(), kept.getSourcesList());
        assertEquals(Set.of(machine1), nodeIds(resolve(stub, onNode1.taskId())), "its logs are still reachable");

        NodeEvent removed = events.next(NodeEvent.Kind.REMOVED);
        long keptMillis = (System.nanoTime() - droppedNanos) / 1_000_000;
        assertEquals(machine1, removed.getNode().getNodeId());
        assertTrue(keptMillis >= GRACE.toMillis() - 250, "removed after " + keptMillis + " ms, grace " + GRACE);
        assertTrue(keptMillis <= GRACE.toMillis() + 3000, "removed only after " + keptMillis + " ms, grace " + GRACE);
        ListNodesResponse after = stub.listNodes(ListNodesRequest.getDefaultInstance());
        assertEquals(List.of(cluster.endpoint(0)), after.getNodesList().stream().map(Node::getEndpoint).toList());
        StatusRuntimeException gone = assertThrows(StatusRuntimeException.class, () -> resolve(stub, onNode1.taskId()));
        assertEquals(Status.Code.NOT_FOUND, gone.getStatus().getCode(), "its ids went with it");
        StatusRuntimeException node = assertThrows(StatusRuntimeException.class, () -> stub.resolve(ResolveRequest
                .newBuilder().setSelector(Selector.newBuilder().setNodeId(machine1)).build()));
        assertEquals(Status.Code.NOT_FOUND, node.getStatus().getCode());

        // 3. the DNS server goes away: the dns source is unhealthy, the last listing stays
        HttpResponse<String> ready = get(port, "/q/health/ready");
        assertEquals(200, ready.statusCode(), ready.body());
        dns.close();
        SourceStatus down = Await.until(Duration.ofSeconds(20), () -> dnsStatus(stub), s -> !s.getHealthy(),
                "the dns source unhealthy");
        assertTrue(down.getError().contains(NAME), down.getError());
        assertTrue(down.getLastSuccessUsec() > 0, "the age of the cached listing is reported");
        Thread.sleep(GRACE.toMillis() + 1000);
        List<Node> still = stub.listNodes(ListNodesRequest.getDefaultInstance()).getNodesList();
        assertEquals(List.of(cluster.endpoint(0)), still.stream().map(Node::getEndpoint).toList());
        assertEquals(List.of("dns"), still.get(0).getSourcesList());
        assertNull(events.poll(0), "a failed lookup changes nothing");
        assertEquals(200, get(port, "/q/health/ready").statusCode(), "ready while the readers source answers");

        // 4. the last reader stops too: no source answers, topology is not ready (503), still live
        cluster.stopReader(0);
        HttpResponse<String> notReady = Await.until(Duration.ofSeconds(20), () -> get(port, "/q/health/ready"),
                r -> r.statusCode() == 503, "not ready with every source down");
        assertTrue(notReady.body().contains("\"topology-sources\"") && notReady.body().contains("\"DOWN\""),
                notReady.body());
        assertTrue(notReady.body().matches("(?s).*\"dns\"\\s*:\\s*\"down: .*"), notReady.body());
        assertTrue(notReady.body().matches("(?s).*\"readers\"\\s*:\\s*\"down: .*"), notReady.body());
        assertEquals(200, get(port, "/q/health/live").statusCode());
        events.cancel();
    }

    static HttpResponse<String> get(int port, String path) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static ResolveResponse resolve(TopologyGrpc.TopologyBlockingStub stub, String task) {
        return stub.withDeadlineAfter(5, TimeUnit.SECONDS).resolve(ResolveRequest.newBuilder()
                .setSelector(Selector.newBuilder().setTask(task)).build());
    }

    static Set<String> nodeIds(ResolveResponse r) {
        return r.getNodesList().stream().map(Node::getNodeId).collect(Collectors.toSet());
    }

    static SourceStatus dnsStatus(TopologyGrpc.TopologyBlockingStub stub) {
        return stub.listNodes(ListNodesRequest.getDefaultInstance()).getSourcesList().stream()
                .filter(s -> s.getName().equals("dns")).findFirst().orElseThrow();
    }
}
