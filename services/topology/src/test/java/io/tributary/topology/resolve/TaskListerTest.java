package io.tributary.topology.resolve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.tributary.proto.topology.v1.ListTasksResponse;
import io.tributary.proto.topology.v1.ListedTask;
import io.tributary.topology.mesos.MesosJson;
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

/** ListTasks over what Mesos said (/master/state fixture) plus task ids known only from a journal. */
class TaskListerTest {

    TaskLister lister;
    TaskIndex tasks;
    IdIndex ids;

    @BeforeEach
    void setUp() {
        Resolver resolver = new Resolver();
        resolver.registry = new NodeRegistry();
        resolver.ids = ids = new IdIndex();
        resolver.statuses = new SourceStatuses();
        resolver.tasks = tasks = new TaskIndex();
        lister = new TaskLister();
        lister.resolver = resolver;
        lister.tasks = tasks;
        lister.ids = ids;
    }

    void load() throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/mesos/mesos-master-state.json")) {
            MesosJson.applyState(new ObjectMapper().readTree(in), tasks);
        }
        ids.replace("127.0.0.1:1", Map.of(IdIndex.TASK_ID, Set.of("journal-only-task", "parent-pod.from-journal")));
    }

    static List<String> taskIds(ListTasksResponse r) {
        return r.getTasksList().stream().map(t -> t.getTask().getTaskId()).toList();
    }

    @Test
    void withNoAnswerFromAnySourceListingIsUnavailable() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> lister.list("", 0));
        assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode());
    }

    @Test
    void everyTaskSortedByIdMesosAndJournalOnes() throws Exception {
        load();
        ListTasksResponse all = lister.list("", 0);
        assertFalse(all.getTruncated());
        assertEquals(List.of("broken-image.3f1d0a7b-b821-11e7-a9ac-52ad791ffaa8", "journal-only-task",
                "nightly-report_batch.8c2b1f0e-b820-11e7-a9ac-52ad791ffaa8", "node-0-server__29de48bb-dfd7-4ccc-a5ba-7918b2eb880c",
                "parent-pod.from-journal",
                "parent-pod.instance-da6ef080-b81f-11e7-a9ac-52ad791ffaa8.container-1",
                "parent-pod.instance-da6ef080-b81f-11e7-a9ac-52ad791ffaa8.container-2",
                "single-docker-container.ac0b2d2e-b81f-11e7-a9ac-52ad791ffaa8"), taskIds(all).stream()
                .filter(id -> !id.startsWith("web.")).toList());
        ListedTask batch = all.getTasksList().stream()
                .filter(t -> t.getTask().getTaskId().startsWith("nightly")).findFirst().orElseThrow();
        assertEquals("batch.nightly-report", batch.getTask().getName());
        assertEquals("db10f9b1-5b82-4187-aa47-4fbcefc7cdca-0000", batch.getTask().getFrameworkId());
        assertEquals("db10f9b1-5b82-4187-aa47-4fbcefc7cdca-S1", batch.getTask().getAgentId());
        assertEquals("/nightly-report/batch", batch.getTask().getAppId());
        ListedTask journal = all.getTasksList().stream()
                .filter(t -> t.getTask().getTaskId().equals("journal-only-task")).findFirst().orElseThrow();
        assertEquals("", journal.getTask().getFrameworkId(), "journals name no framework for a task id");
    }

    @Test
    void thePrefixMatchesIdsAndNames() throws Exception {
        load();
        assertEquals(List.of("parent-pod.from-journal",
                "parent-pod.instance-da6ef080-b81f-11e7-a9ac-52ad791ffaa8.container-1",
                "parent-pod.instance-da6ef080-b81f-11e7-a9ac-52ad791ffaa8.container-2"), taskIds(lister.list("parent-pod", 0)));
        // by name: "container-2" is a name, not an id prefix
        assertEquals(List.of("parent-pod.instance-da6ef080-b81f-11e7-a9ac-52ad791ffaa8.container-2"),
                taskIds(lister.list("container-2", 0)));
        assertEquals(List.of("nightly-report_batch.8c2b1f0e-b820-11e7-a9ac-52ad791ffaa8"), taskIds(lister.list("batch.", 0)));
        assertTrue(lister.list("no-such-task", 0).getTasksList().isEmpty());
    }

    @Test
    void theLimitCutsInIdOrderAndSaysSo() throws Exception {
        load();
        ListTasksResponse two = lister.list("", 2);
        assertTrue(two.getTruncated());
        assertEquals(List.of("broken-image.3f1d0a7b-b821-11e7-a9ac-52ad791ffaa8", "journal-only-task"), taskIds(two));
        ListTasksResponse exact = lister.list("parent-pod", 3);
        assertFalse(exact.getTruncated(), "exactly the limit is not truncated");
        assertEquals(3, exact.getTasksCount());
    }
}
