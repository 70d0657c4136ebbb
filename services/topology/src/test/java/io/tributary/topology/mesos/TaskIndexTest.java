package io.tributary.topology.mesos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TaskIndexTest {

    static MesosTask task(String id, String state) {
        return new MesosTask(id, "n-" + id, "fw", "agent", "", "", state);
    }

    @Test
    void finishedTasksAreKeptUpToTheLimitOldestDroppedFirst() {
        TaskIndex index = new TaskIndex();
        index.finishedLimit(2);
        index.put(task("a", "TASK_FINISHED"));
        index.put(task("b", "TASK_FAILED"));
        index.put(task("r", "TASK_RUNNING"));
        index.put(task("c", "TASK_KILLED"));
        assertNull(index.task("a"));
        assertNotNull(index.task("b"));
        assertNotNull(index.task("c"));
        assertNotNull(index.task("r"), "running tasks do not count against the history");
        assertEquals(0, index.byName("n-a").size(), "a dropped task leaves no index entries");
    }

    @Test
    void aTaskTheMasterForgetsWhileWeWereAwayStaysResolvableAsGone() {
        TaskIndex index = new TaskIndex();
        index.snapshot(Map.of("agent", "h1"), Map.of(), List.of(task("t1", "TASK_RUNNING"), task("t2", "TASK_RUNNING")));
        index.snapshot(Map.of("agent", "h1"), Map.of(), List.of(task("t2", "TASK_RUNNING")));
        assertEquals("TASK_GONE", index.task("t1").state());
        assertEquals("TASK_RUNNING", index.task("t2").state());
        assertEquals(1, index.finishedCount());
    }

    @Test
    void aFrameworksAgentsFollowItsTasksMovingAndLeaving() {
        TaskIndex index = new TaskIndex();
        index.finishedLimit(0);
        index.put(new MesosTask("t1", "n1", "fw", "a1", "", "", "TASK_RUNNING"));
        index.put(new MesosTask("t2", "n2", "fw", "a1", "", "", "TASK_RUNNING"));
        index.put(new MesosTask("t3", "n3", "fw", "a2", "", "", "TASK_RUNNING"));
        index.put(new MesosTask("x", "nx", "other", "a3", "", "", "TASK_RUNNING"));
        assertEquals(java.util.Set.of("a1", "a2"), index.frameworkAgents("fw"));
        index.update("t3", "fw", "TASK_RUNNING", "a1", "", ""); // re-placed on a1
        assertEquals(java.util.Set.of("a1"), index.frameworkAgents("fw"));
        index.put(new MesosTask("t1", "n1", "fw", "a1", "", "", "TASK_FINISHED")); // history 0: dropped at once
        assertEquals(java.util.Set.of("a1"), index.frameworkAgents("fw"), "t2 and t3 still on a1");
        index.put(new MesosTask("t2", "n2", "fw", "a1", "", "", "TASK_FINISHED"));
        index.put(new MesosTask("t3", "n3", "fw", "a1", "", "", "TASK_KILLED"));
        assertEquals(java.util.Set.of(), index.frameworkAgents("fw"));
        assertEquals(java.util.Set.of("a3"), index.frameworkAgents("other"));
    }

    @Test
    void aTaskUpdatedBeforeItsTaskAddedIsKeptAndMergedLater() {
        TaskIndex index = new TaskIndex();
        index.update("t", "fw", "TASK_RUNNING", "agent", "", "c1");
        assertEquals("c1", index.task("t").containerId());
        index.update("t", "fw", "TASK_RUNNING", "", "", "");
        assertEquals("c1", index.task("t").containerId(), "a status without a container keeps the known one");
    }

    @Test
    void marathonAppIdsComeFromTaskIds() {
        assertEquals(Optional.of("/group/app"), MarathonAppIds.fromTaskId("group_app.8c2b1f0e-b820-11e7-a9ac-52ad791ffaa8"));
        assertEquals(Optional.of("/web"), MarathonAppIds.fromTaskId("web.instance-8c2b1f0e-b820-11e7-a9ac-52ad791ffaa8._app.3"));
        assertEquals(Optional.empty(), MarathonAppIds.fromTaskId("node-0-server__29de48bb-dfd7-4ccc-a5ba-7918b2eb880c"));
    }

    @Test
    void recordIoFramesAreReadExactlyAndTruncationIsAnError() throws IOException {
        byte[] wire = "5\nhello3\nabc".getBytes(StandardCharsets.US_ASCII);
        RecordIo r = new RecordIo(new ByteArrayInputStream(wire));
        assertEquals("hello", new String(r.next(), StandardCharsets.US_ASCII));
        assertEquals("abc", new String(r.next(), StandardCharsets.US_ASCII));
        assertNull(r.next());
        RecordIo cut = new RecordIo(new ByteArrayInputStream("10\nabc".getBytes(StandardCharsets.US_ASCII)));
        org.junit.jupiter.api.Assertions.assertThrows(java.io.EOFException.class, cut::next);
    }

    @Test
    void theFixtureStreamParses() throws IOException {
        TaskIndex index = new TaskIndex();
        try (var in = FakeMaster.resource("mesos-v1-operator-subscribe.recordio")) {
            RecordIo r = new RecordIo(in);
            int n = 0;
            for (byte[] rec; (rec = r.next()) != null; n++) {
                MesosJson.applyEvent(FakeMaster.JSON.readTree(rec), index);
            }
            assertEquals(8, n);
        }
        assertEquals("3b9d0c6e-1a2f-4e8b-9c77-5d2e4f6a8b90", index.task(MesosSourceTest.READER_TASK).containerId());
    }
}
