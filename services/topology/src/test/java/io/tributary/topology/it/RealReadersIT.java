package io.tributary.topology.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.tributary.proto.topology.v1.ListNodesRequest;
import io.tributary.proto.topology.v1.Node;
import io.tributary.proto.topology.v1.NodeEvent;
import io.tributary.proto.topology.v1.ResolveRequest;
import io.tributary.proto.topology.v1.ResolveResponse;
import io.tributary.proto.topology.v1.Selector;
import io.tributary.proto.topology.v1.TopologyGrpc;
import io.tributary.testkit.GeneratedEntry;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Packaged topology over three packaged readers, each on its own generated journal: listed statically, and via DNS. */
class RealReadersIT {

    static Cluster cluster;
    static ServiceProcess topology;
    static ManagedChannel channel;
    static TopologyGrpc.TopologyBlockingStub stub;
    static int port;

    @BeforeAll
    static void start() throws Exception {
        cluster = new Cluster(JournalGenerator.builder().nodes(3).entries(3000).frameworks(4)
                .executorsPerFramework(2).seed(7).build());
        port = ServiceProcess.freePort();
        String readers = String.join(",", cluster.endpoint(0), cluster.endpoint(1), cluster.endpoint(2));
        topology = Cluster.topology(port, Map.of("tributary.topology.readers", readers));
        channel = Cluster.channel(port);
        stub = TopologyGrpc.newBlockingStub(channel);
        // the index is built once every reader answered Unique: wait for the last task id of each node
        for (JournalGenerator.Executor e : cluster.gen.executors()) {
            Await.until(Duration.ofSeconds(30), () -> resolve(task(e.taskId())).getNodesCount(), n -> n == 1,
                    "task " + e.taskId() + " indexed");
        }
    }

    @AfterAll
    static void stop() {
        if (channel != null) {
            channel.shutdownNow();
        }
        if (topology != null) {
            topology.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    static ResolveResponse resolve(Selector s) {
        return stub.withDeadlineAfter(5, TimeUnit.SECONDS).resolve(ResolveRequest.newBuilder().setSelector(s).build());
    }

    static Selector task(String ref) {
        return Selector.newBuilder().setTask(ref).build();
    }

    static Set<String> nodeIds(ResolveResponse r) {
        return r.getNodesList().stream().map(Node::getNodeId).collect(Collectors.toSet());
    }

    static String machineId(int node) {
        return cluster.gen.node(node).machineId();
    }

    @Test
    void listsEveryReaderWithItsNodeIdHealthAndJournalSpan() {
        List<Node> nodes = stub.listNodes(ListNodesRequest.getDefaultInstance()).getNodesList();
        assertEquals(Set.copyOf(cluster.gen.machineIds()), nodes.stream().map(Node::getNodeId).collect(Collectors.toSet()));
        for (int i = 0; i < 3; i++) {
            int n = i;
            Node node = nodes.stream().filter(x -> x.getNodeId().equals(machineId(n))).findFirst().orElseThrow();
            List<GeneratedEntry> entries = cluster.gen.entries(i);
            assertEquals(cluster.endpoint(i), node.getEndpoint());
            assertTrue(node.getHealthy());
            assertEquals(List.of("static"), node.getSourcesList());
            assertEquals(entries.get(0).realtimeUsec(), node.getFirstRealtimeUsec());
            assertEquals(entries.get(entries.size() - 1).realtimeUsec(), node.getLastRealtimeUsec());
            assertTrue(node.getLastContactUsec() > 0);
        }
    }

    @Test
    void idsResolveToTheNodesWhoseJournalsHoldThem() {
        for (JournalGenerator.Executor e : cluster.gen.executors()) {
            Set<String> expected = Set.of(machineId(e.node()));
            ResolveResponse byTask = resolve(task(e.taskId()));
            assertEquals(expected, nodeIds(byTask), e.taskId());
            assertEquals(e.taskId(), byTask.getTask().getTaskId());
            assertEquals("/" + e.appName(), byTask.getTask().getAppId(), "app id derived from the task id");
            assertEquals(expected, nodeIds(resolve(Selector.newBuilder().setExecutorId(e.executorId()).build())));
            assertEquals(expected, nodeIds(resolve(Selector.newBuilder().setContainerId(e.containerId()).build())));
        }
        for (String fw : cluster.gen.frameworkIds()) {
            Set<String> expected = cluster.gen.executors().stream().filter(e -> e.frameworkId().equals(fw))
                    .map(e -> machineId(e.node())).collect(Collectors.toSet());
            assertEquals(expected, nodeIds(resolve(Selector.newBuilder().setFrameworkId(fw).build())), fw);
        }
        for (int i = 0; i < 3; i++) {
            Set<String> one = Set.of(machineId(i));
            // the readers report no agent id: the AGENT_ID values in their journals place the agent
            assertEquals(one, nodeIds(resolve(Selector.newBuilder().setAgentId(cluster.gen.node(i).agentId()).build())));
            assertEquals(one, nodeIds(resolve(Selector.newBuilder().setNodeId(machineId(i)).build())));
        }
        assertEquals(3, resolve(Selector.newBuilder().setAll(true).build()).getNodesCount());
        // all three run here: by the hostname they report, and by the host of their endpoint
        String hostname = stub.listNodes(ListNodesRequest.getDefaultInstance()).getNodes(0).getHostname();
        assertEquals(Set.copyOf(cluster.gen.machineIds()), nodeIds(resolve(Selector.newBuilder().setHostname(hostname).build())));
        assertEquals(Set.copyOf(cluster.gen.machineIds()), nodeIds(resolve(Selector.newBuilder().setHostname("127.0.0.1").build())));
        assertTrue(resolve(Selector.newBuilder().setAll(true).build()).getSourcesList().stream()
                .anyMatch(s -> s.getName().equals("static") && s.getHealthy() && s.getLastSuccessUsec() > 0));
    }

    @Test
    void aTaskIsFoundByUniquePrefixOrSubstringAndAnAmbiguousOneListsTheCandidates() {
        JournalGenerator.Executor e = cluster.gen.executors().get(0);
        String uuid = e.taskId().substring(e.appName().length() + 1);
        assertEquals(e.taskId(), resolve(task(e.appName() + "." + uuid.substring(0, 8))).getTask().getTaskId());
        assertEquals(e.taskId(), resolve(task(uuid.substring(9, 23))).getTask().getTaskId());

        // two executors per framework: "<app>." is the prefix of both task ids
        StatusRuntimeException ambiguous = assertThrows(StatusRuntimeException.class, () -> resolve(task(e.appName() + ".")));
        assertEquals(Status.Code.FAILED_PRECONDITION, ambiguous.getStatus().getCode());
        for (JournalGenerator.Executor other : cluster.gen.executors()) {
            assertEquals(other.appName().equals(e.appName()), ambiguous.getStatus().getDescription().contains(other.taskId()),
                    ambiguous.getStatus().getDescription());
        }
    }

    @Test
    void unknownIdsAreNotFoundNamingTheId() {
        for (Selector s : List.of(task("no-such-task"), Selector.newBuilder().setFrameworkId("fw-unknown").build(),
                Selector.newBuilder().setNodeId("0123abcd").build(), Selector.newBuilder().setHostname("nowhere").build())) {
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> resolve(s));
            assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode(), s.toString());
            String named = s.getTask() + s.getFrameworkId() + s.getNodeId() + s.getHostname();
            assertTrue(e.getStatus().getDescription().contains(named), e.getStatus().getDescription());
        }
        StatusRuntimeException empty = assertThrows(StatusRuntimeException.class, () -> resolve(Selector.getDefaultInstance()));
        assertEquals(Status.Code.INVALID_ARGUMENT, empty.getStatus().getCode());
    }

    @Test
    void aKilledReaderIsUnhealthyButStillResolvesThenHealthyAgainAfterRestart() throws Exception {
        Events events = new Events(channel);
        for (int i = 0; i < 3; i++) {
            events.next(NodeEvent.Kind.ADDED);
        }
        events.next(NodeEvent.Kind.SYNCED);

        JournalGenerator.Executor onNode1 = cluster.gen.executors().stream().filter(e -> e.node() == 1).findFirst().orElseThrow();
        cluster.stopReader(1);
        NodeEvent down = events.next(NodeEvent.Kind.UPDATED);
        assertEquals(machineId(1), down.getNode().getNodeId());
        assertFalse(down.getNode().getHealthy());
        // from the cache: the task's logs are on a node that is down right now, and the answer says so
        ResolveResponse cached = resolve(task(onNode1.taskId()));
        assertEquals(Set.of(machineId(1)), nodeIds(cached));
        assertFalse(cached.getNodes(0).getHealthy());

        cluster.startReader(1);
        NodeEvent up = events.next(NodeEvent.Kind.UPDATED);
        assertEquals(machineId(1), up.getNode().getNodeId());
        assertTrue(up.getNode().getHealthy());
        events.cancel();
    }

    @Test
    void httpShowsNodesAndEachSourceInHealth() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> nodes = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/nodes"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, nodes.statusCode());
        for (String id : cluster.gen.machineIds()) {
            assertTrue(nodes.body().contains("\"nodeId\":\"" + id + "\""), nodes.body());
        }
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode(), health.body());
        assertTrue(health.body().contains("\"static\"") && health.body().contains("\"readers\""), health.body());
    }

    @Test
    void readersListedBySrvRecordsInARealDnsServerAreDiscovered() throws Exception {
        String name = "_journal-reader._tcp.tributary.test";
        try (Dnsmasq dns = new Dnsmasq(List.of("--host-record=reader.tributary.test,127.0.0.1",
                "--srv-host=" + name + ",reader.tributary.test," + cluster.ports[0],
                "--srv-host=" + name + ",reader.tributary.test," + cluster.ports[2]))) {
            int dnsPort = ServiceProcess.freePort();
            try (ServiceProcess viaDns = Cluster.topology(dnsPort, Map.of("tributary.topology.dns.name", name,
                    "tributary.topology.dns.type", "SRV", "tributary.topology.dns.server", dns.server(),
                    "tributary.topology.dns.interval", "500ms"))) {
                ManagedChannel ch = Cluster.channel(dnsPort);
                try {
                    TopologyGrpc.TopologyBlockingStub s = TopologyGrpc.newBlockingStub(ch);
                    List<Node> nodes = Await.until(Duration.ofSeconds(20),
                            () -> s.listNodes(ListNodesRequest.getDefaultInstance()).getNodesList(),
                            l -> l.size() == 2 && l.stream().allMatch(Node::getHealthy), "two nodes from DNS");
                    assertEquals(Set.of(machineId(0), machineId(2)), nodes.stream().map(Node::getNodeId).collect(Collectors.toSet()));
                    assertEquals(Set.of(cluster.endpoint(0), cluster.endpoint(2)),
                            nodes.stream().map(Node::getEndpoint).collect(Collectors.toSet()));
                    nodes.forEach(n -> assertEquals(List.of("dns"), n.getSourcesList()));
                    assertTrue(s.listNodes(ListNodesRequest.getDefaultInstance()).getSourcesList().stream()
                            .anyMatch(st -> st.getName().equals("dns") && st.getHealthy()));
                } finally {
                    ch.shutdownNow();
                }
            }
        }
    }
}
