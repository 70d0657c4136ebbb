package io.tributary.topology.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.tributary.proto.topology.v1.ListNodesRequest;
import io.tributary.proto.topology.v1.Node;
import io.tributary.proto.topology.v1.ResolveRequest;
import io.tributary.proto.topology.v1.ResolveResponse;
import io.tributary.proto.topology.v1.Selector;
import io.tributary.proto.topology.v1.SourceStatus;
import io.tributary.proto.topology.v1.Task;
import io.tributary.proto.topology.v1.TopologyGrpc;
import io.tributary.testkit.JournalGenerator;
import io.tributary.testkit.ServiceProcess;
import io.tributary.topology.mesos.FakeMaster;
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
 * Packaged topology with both a Mesos master (the fake one serving the shared fixtures' event stream) and three
 * packaged readers (static source): readers 0 and 1 run on the fixture's agents S0 and S1
 * ({@code tributary.reader.agent-id}), reader 2 on no Mesos agent. Mesos task, framework, executor, container and
 * agent ids resolve to the readers on the right agents even though no reader's journal holds them; the journals'
 * own tasks (which Mesos does not know: finished and forgotten) still resolve; a master that goes away leaves the
 * cached answer with the mesos source's staleness.
 */
class MesosReadersIT {

    static final String PREFIX = "628984d0-4213-4140-bcb0-99d7ef46b1df-";
    static final String AGENT_S0 = PREFIX + "S0";
    static final String AGENT_S1 = PREFIX + "S1";
    static final String MARATHON = PREFIX + "0000";
    /** Added by TASK_ADDED on S1 (an agent later removed); its container id arrives with TASK_UPDATED. */
    static final String READER_TASK = "logging_journal-reader.instance-5a0c1d2e-b830-11e7-a9ac-52ad791ffaa8._app.1";
    static final String READER_CONTAINER = "3b9d0c6e-1a2f-4e8b-9c77-5d2e4f6a8b90";
    /** In the SUBSCRIBED snapshot on S0; finished by a TASK_UPDATED; nested container. */
    static final String POD_TASK = "parent-pod.instance-da6ef080-b81f-11e7-a9ac-52ad791ffaa8.container-1";
    static final String POD_EXECUTOR = "instance-parent-pod.da6ef080-b81f-11e7-a9ac-52ad791ffaa8";
    static final String POD_CHILD_CONTAINER = "e7ed292a-8390-4da4-8c2a-c13b554e2c2a";

    @Test
    void mesosIdsResolveToTheReadersOnTheirAgents() throws Exception {
        JournalGenerator gen = JournalGenerator.builder().nodes(3).entries(900).frameworks(3).executorsPerFramework(1)
                .seed(5).build();
        try (FakeMaster master = new FakeMaster(0.2, FakeMaster.Behaviour.STREAM);
             Cluster cluster = new Cluster(gen, List.of(Map.of("tributary.reader.agent-id", AGENT_S0),
                     Map.of("tributary.reader.agent-id", AGENT_S1)))) {
            int port = ServiceProcess.freePort();
            try (ServiceProcess topology = Cluster.topology(port, Map.of("tributary.topology.readers", cluster.endpoints(),
                    "tributary.topology.mesos.url", master.url(), "tributary.topology.mesos.backoff-max", "1s"))) {
                ManagedChannel ch = Cluster.channel(port);
                try {
                    run(cluster, master, port, TopologyGrpc.newBlockingStub(ch));
                } finally {
                    ch.shutdownNow();
                }
            }
        }
    }

    private static void run(Cluster cluster, FakeMaster master, int port, TopologyGrpc.TopologyBlockingStub stub)
            throws Exception {
        String node0 = cluster.gen.node(0).machineId();
        String node1 = cluster.gen.node(1).machineId();
        String node2 = cluster.gen.node(2).machineId();
        // ready: every reader answered, the whole event stream applied (the pod task finished is its 5th event)
        Await.until(Duration.ofSeconds(30), () -> resolve(stub, Selector.newBuilder().setTask(POD_TASK)),
                r -> r.getTask().getState().equals("TASK_FINISHED") && r.getNodesCount() == 1, "the pod task finished");
        for (JournalGenerator.Executor e : cluster.gen.executors()) {
            Await.until(Duration.ofSeconds(30), () -> nodeIds(resolve(stub, Selector.newBuilder().setTask(e.taskId()))),
                    Set.of(cluster.gen.node(e.node()).machineId())::equals, "journal task " + e.taskId() + " indexed");
        }
        Map<String, String> agentOf = stub.listNodes(ListNodesRequest.getDefaultInstance()).getNodesList().stream()
                .collect(Collectors.toMap(Node::getNodeId, Node::getAgentId));
        assertEquals(Map.of(node0, AGENT_S0, node1, AGENT_S1, node2, ""), agentOf, "agent ids from the readers' Describe");

        // a Mesos task by id: the reader on its agent, with the canonical identity from Mesos
        ResolveResponse pod = resolve(stub, Selector.newBuilder().setTask(POD_TASK));
        assertEquals(Set.of(node0), nodeIds(pod));
        Task podTask = pod.getTask();
        assertEquals(AGENT_S0, podTask.getAgentId());
        assertEquals(MARATHON, podTask.getFrameworkId());
        assertEquals(POD_EXECUTOR, podTask.getExecutorId());
        assertEquals("1eb53d03-e8f2-4de7-8a51-be17b42a3a29." + POD_CHILD_CONTAINER, podTask.getContainerId());
        assertEquals("/parent-pod", podTask.getAppId());

        // by name, on an agent Mesos has since removed (its reader, and the logs on it, are still there)
        ResolveResponse reader = resolve(stub, Selector.newBuilder().setTask("journal-reader.logging"));
        assertEquals(Set.of(node1), nodeIds(reader));
        assertEquals(READER_TASK, reader.getTask().getTaskId());
        assertEquals(READER_CONTAINER, reader.getTask().getContainerId(), "container id from TASK_UPDATED");
        assertEquals("TASK_RUNNING", reader.getTask().getState());

        // the framework: the agents of its tasks, and only those
        assertEquals(Set.of(node0, node1), nodeIds(resolve(stub, Selector.newBuilder().setFrameworkId(MARATHON))));
        assertEquals(Set.of(node0), nodeIds(resolve(stub, Selector.newBuilder().setAgentId(AGENT_S0))));
        assertEquals(Set.of(node1), nodeIds(resolve(stub, Selector.newBuilder().setAgentId(AGENT_S1))));
        assertEquals(Set.of(node0), nodeIds(resolve(stub, Selector.newBuilder().setExecutorId(POD_EXECUTOR))));
        assertEquals(Set.of(node1), nodeIds(resolve(stub, Selector.newBuilder().setContainerId(READER_CONTAINER))));
        assertEquals(Set.of(node0), nodeIds(resolve(stub, Selector.newBuilder().setContainerId(POD_CHILD_CONTAINER))),
                "a nested container by its own id");

        // the journals' tasks, unknown to Mesos: by the readers' Unique, side by side with Mesos
        for (JournalGenerator.Executor e : cluster.gen.executors()) {
            String holder = cluster.gen.node(e.node()).machineId();
            ResolveResponse r = resolve(stub, Selector.newBuilder().setTask(e.taskId()));
            assertEquals(Set.of(holder), nodeIds(r));
            assertEquals("", r.getTask().getState(), "known from its journal only");
            Set<String> frameworkNodes = cluster.gen.executors().stream().filter(x -> x.frameworkId().equals(e.frameworkId()))
                    .map(x -> cluster.gen.node(x.node()).machineId()).collect(Collectors.toSet());
            assertEquals(frameworkNodes, nodeIds(resolve(stub, Selector.newBuilder().setFrameworkId(e.frameworkId()))));
        }
        assertTrue(sources(stub).stream().anyMatch(s -> s.getName().equals("mesos") && s.getHealthy()));
        HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/q/health/ready")).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(health.body().contains("\"mesos\""), health.body());

        // the master goes away: answers come from the cache, saying how old the Mesos part is
        master.close();
        SourceStatus down = Await.until(Duration.ofSeconds(20),
                () -> resolve(stub, Selector.newBuilder().setTask(READER_TASK)).getSourcesList().stream()
                        .filter(s -> s.getName().equals("mesos")).findFirst().orElseThrow(),
                s -> !s.getHealthy(), "the mesos source unhealthy");
        assertFalse(down.getError().isEmpty());
        assertTrue(down.getLastSuccessUsec() > 0 && down.getLastSuccessUsec() < System.currentTimeMillis() * 1000);
        ResolveResponse cached = resolve(stub, Selector.newBuilder().setTask(READER_TASK));
        assertEquals(Set.of(node1), nodeIds(cached));
        assertEquals(READER_CONTAINER, cached.getTask().getContainerId());
        assertEquals(Set.of(node0, node1), nodeIds(resolve(stub, Selector.newBuilder().setFrameworkId(MARATHON))));
    }

    static ResolveResponse resolve(TopologyGrpc.TopologyBlockingStub stub, Selector.Builder s) {
        return stub.withDeadlineAfter(5, TimeUnit.SECONDS).resolve(ResolveRequest.newBuilder().setSelector(s).build());
    }

    static Set<String> nodeIds(ResolveResponse r) {
        return r.getNodesList().stream().map(Node::getNodeId).collect(Collectors.toSet());
    }

    static List<SourceStatus> sources(TopologyGrpc.TopologyBlockingStub stub) {
        return stub.listNodes(ListNodesRequest.getDefaultInstance()).getSourcesList();
    }
}
