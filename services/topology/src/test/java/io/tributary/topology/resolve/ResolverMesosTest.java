package io.tributary.topology.resolve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.tributary.proto.topology.v1.ResolveResponse;
import io.tributary.proto.topology.v1.Selector;
import io.tributary.topology.mesos.MesosJson;
import io.tributary.topology.mesos.MesosTask;
import io.tributary.topology.mesos.TaskIndex;
import io.tributary.topology.registry.IdIndex;
import io.tributary.topology.registry.NodeRegistry;
import io.tributary.topology.source.SourceStatuses;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Task references against what Mesos said (/master/state fixture); no reader has answered. */
class ResolverMesosTest {

    Resolver resolver;
    TaskIndex tasks;

    @BeforeEach
    void setUp() {
        resolver = new Resolver();
        resolver.registry = new NodeRegistry(); // never started: no reader has answered
        resolver.ids = new IdIndex();
        resolver.statuses = new SourceStatuses();
        tasks = new TaskIndex();
        resolver.tasks = tasks;
    }

    void loadState() throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/mesos/mesos-master-state.json")) {
            MesosJson.applyState(new ObjectMapper().readTree(in), tasks);
        }
    }

    ResolveResponse task(String ref) {
        return resolver.resolve(Selector.newBuilder().setTask(ref).build());
    }

    @Test
    void withNoAnswerFromAnySourceEverythingIsUnavailable() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> resolver.resolve(Selector.newBuilder().setAll(true).build()));
        assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode());
    }

    @Test
    void tasksResolveByIdNameAndUniquePrefixWithTheirCanonicalIdentity() throws Exception {
        loadState();
        var finished = task("nightly-report_batch.8c2b1f0e-b820-11e7-a9ac-52ad791ffaa8").getTask();
        assertEquals("TASK_FINISHED", finished.getState());
        assertEquals("5b7a3c44-0d7e-4e53-9b1f-2b7e0f1d9a10", finished.getContainerId());
        assertEquals(finished.getTaskId(), finished.getExecutorId());
        assertEquals("/nightly-report/batch", finished.getAppId());

        var byName = task("container-2").getTask();
        assertEquals("parent-pod.instance-da6ef080-b81f-11e7-a9ac-52ad791ffaa8.container-2", byName.getTaskId());
        assertEquals("instance-parent-pod.da6ef080-b81f-11e7-a9ac-52ad791ffaa8", byName.getExecutorId());
        assertEquals("single-docker-container.ac0b2d2e-b81f-11e7-a9ac-52ad791ffaa8", task("single-docker").getTask().getTaskId());
        assertEquals("web.7aa4c2de-b81f-11e7-a9ac-52ad791ffaa8", task("7aa4c2de").getTask().getTaskId());
    }

    @Test
    void anAmbiguousReferenceListsEveryCandidate() throws Exception {
        loadState();
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> task("parent-pod"));
        assertEquals(Status.Code.FAILED_PRECONDITION, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().contains("container-1")
                && e.getStatus().getDescription().contains("container-2"), e.getStatus().getDescription());
        // "b81f-11e7" is in three task ids: substring matches are ambiguous too
        StatusRuntimeException sub = assertThrows(StatusRuntimeException.class, () -> task("b81f-11e7"));
        assertEquals(Status.Code.FAILED_PRECONDITION, sub.getStatus().getCode());
    }

    @Test
    void knownIdsWithoutAReaderAnswerEmptyUnknownOnesAreNotFound() throws Exception {
        loadState();
        // the framework is known from Mesos, but no reader runs on its agents: an answer with no nodes, not an error
        assertEquals(0, resolver.resolve(Selector.newBuilder().setFrameworkId("db10f9b1-5b82-4187-aa47-4fbcefc7cdca-0000")
                .build()).getNodesCount());
        // a nested container is found by its joined id and by its own id
        assertEquals(0, resolver.resolve(Selector.newBuilder().setContainerId("ca7771e1-a932-472c-9220-e908d0f17655")
                .build()).getNodesCount());
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> resolver.resolve(Selector.newBuilder().setContainerId("c0ffee").build()));
        assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().contains("c0ffee"));
    }

    @Test
    void aFrameworksCachedEndpointsFollowItsAgentsAndTheReadersIndex() throws Exception {
        loadState();
        String fw = "db10f9b1-5b82-4187-aa47-4fbcefc7cdca-0000";
        assertEquals(List.of(), resolver.frameworkEndpoints(fw));
        // a reader reports (in its journal's AGENT_ID values) one of the agents the framework runs on
        String agent = tasks.frameworkAgents(fw).iterator().next();
        resolver.ids.replace("10.0.0.7:8083", Map.of(IdIndex.AGENT_ID, Set.of(agent)));
        assertEquals(List.of("10.0.0.7:8083"), resolver.frameworkEndpoints(fw));
        // another reader's agent runs nothing of the framework ...
        resolver.ids.replace("10.0.0.8:8083", Map.of(IdIndex.AGENT_ID, Set.of("agent-8")));
        assertEquals(List.of("10.0.0.7:8083"), resolver.frameworkEndpoints(fw));
        // ... until a task of the framework starts there
        tasks.put(new MesosTask("late.1", "late", fw, "agent-8", "", "", "TASK_RUNNING"));
        assertEquals(Set.of("10.0.0.7:8083", "10.0.0.8:8083"), Set.copyOf(resolver.frameworkEndpoints(fw)));
        // and it is gone from the answer when that task moves away
        tasks.update("late.1", fw, "TASK_RUNNING", "agent-9", "", "");
        assertEquals(List.of("10.0.0.7:8083"), resolver.frameworkEndpoints(fw));
        // the reader going away drops its endpoint
        resolver.ids.remove("10.0.0.7:8083");
        assertEquals(List.of(), resolver.frameworkEndpoints(fw));
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> resolver.resolve(Selector.newBuilder().setFrameworkId("no-such-framework").build()));
        assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());
    }
}
