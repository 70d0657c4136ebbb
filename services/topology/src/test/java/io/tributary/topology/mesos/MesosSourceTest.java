package io.tributary.topology.mesos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.topology.config.MesosConfig;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** The mesos source against a fake master serving the fixtures: events, drops, silence, redirects, polling. */
class MesosSourceTest {

    static final String READER_TASK = "logging_journal-reader.instance-5a0c1d2e-b830-11e7-a9ac-52ad791ffaa8._app.1";
    static final String POD_TASK = "parent-pod.instance-da6ef080-b81f-11e7-a9ac-52ad791ffaa8.container-1";
    static final String AGENT_S1 = "628984d0-4213-4140-bcb0-99d7ef46b1df-S1";

    static void await(Duration timeout, BooleanSupplier done, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    @Test
    void theSnapshotAndEventsBuildTheTaskIndexWithContainerIdsFromTaskUpdated() throws Exception {
        try (FakeMaster master = new FakeMaster(0.1, FakeMaster.Behaviour.STREAM);
             TestMesos mesos = new TestMesos(master.url(), MesosConfig.Mode.SUBSCRIBE, OptionalInt.of(8083))) {
            await(Duration.ofSeconds(5), () -> mesos.index.agentHostname(AGENT_S1) == null
                    && mesos.index.task(READER_TASK) != null, "every event applied (AGENT_REMOVED is last)");
            MesosTask reader = mesos.index.task(READER_TASK);
            assertEquals("3b9d0c6e-1a2f-4e8b-9c77-5d2e4f6a8b90", reader.containerId());
            assertEquals("TASK_RUNNING", reader.state());
            assertEquals("journal-reader.logging", reader.name());
            assertEquals(READER_TASK, reader.executorId());
            assertEquals("/logging/journal-reader", reader.toProto().getAppId());
            assertEquals(Set.of(READER_TASK), mesos.index.byContainer("3b9d0c6e-1a2f-4e8b-9c77-5d2e4f6a8b90"));

            MesosTask pod = mesos.index.task(POD_TASK);
            assertEquals("1eb53d03-e8f2-4de7-8a51-be17b42a3a29.e7ed292a-8390-4da4-8c2a-c13b554e2c2a", pod.containerId(),
                    "nested containers joined root-first");
            assertEquals("TASK_FINISHED", pod.state());
            assertEquals(1, mesos.index.finishedCount());
            assertEquals("/parent-pod", pod.toProto().getAppId());

            // agents as reader endpoints: S1 was added, then removed; S0 stays
            await(Duration.ofSeconds(2), () -> Map.of("10.0.0.157:8083", Set.of("mesos"))
                    .equals(mesos.listings.sourcesByEndpoint()), "reader endpoints from agents");
            // heartbeats keep the source fresh
            long first = mesos.statuses.get("mesos").getLastSuccessUsec();
            await(Duration.ofSeconds(2), () -> mesos.statuses.get("mesos").getLastSuccessUsec() > first, "a heartbeat");
            assertTrue(mesos.statuses.get("mesos").getHealthy());
            assertEquals(1, master.subscriptions.get());
        }
    }

    @Test
    void aDroppedStreamIsResubscribedAndTheSecondSnapshotApplies() throws Exception {
        try (FakeMaster master = new FakeMaster(0.1, FakeMaster.Behaviour.DROP_AFTER_SNAPSHOT, FakeMaster.Behaviour.STREAM);
             TestMesos mesos = new TestMesos(master.url(), MesosConfig.Mode.SUBSCRIBE, OptionalInt.empty())) {
            await(Duration.ofSeconds(5), () -> mesos.index.task(READER_TASK) != null, "events of the second stream");
            assertEquals(2, master.subscriptions.get());
            assertEquals(2, mesos.source.subscriptions());
        }
    }

    @Test
    void aSilentStreamIsAbandonedAfterFiveMissedHeartbeats() throws Exception {
        try (FakeMaster master = new FakeMaster(0.1, FakeMaster.Behaviour.SILENT_AFTER_SNAPSHOT, FakeMaster.Behaviour.STREAM);
             TestMesos mesos = new TestMesos(master.url(), MesosConfig.Mode.SUBSCRIBE, OptionalInt.empty())) {
            long start = System.nanoTime();
            await(Duration.ofSeconds(5), () -> master.subscriptions.get() >= 2, "a second subscription");
            long waitedMillis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(waitedMillis >= 450, "gave up after " + waitedMillis + " ms, before 5 x 100 ms heartbeats");
            await(Duration.ofSeconds(5), () -> mesos.index.task(READER_TASK) != null, "events after reconnecting");
        }
    }

    @Test
    void aSnapshotOverTheRecordCapIsAClearFailureAndRetriedNotAnOutOfMemory() throws Exception {
        // the fixture's SUBSCRIBED is a few KB: a 1 KiB cap refuses it
        try (FakeMaster master = new FakeMaster(0.1, FakeMaster.Behaviour.STREAM);
             TestMesos mesos = new TestMesos(master.url(), MesosConfig.Mode.SUBSCRIBE, OptionalInt.empty(), 1024)) {
            await(Duration.ofSeconds(5), () -> master.subscriptions.get() >= 3, "retries with backoff");
            var status = mesos.statuses.get("mesos");
            assertTrue(!status.getHealthy() && status.getError().contains("over the limit of 1024 bytes")
                    && status.getError().contains("max-record-size"), status.toString());
            assertTrue(!mesos.index.synced() && mesos.index.tasks().isEmpty(), "nothing of the refused snapshot applied");
        }
    }

    @Test
    void aRedirectToTheLeaderIsFollowed() throws Exception {
        try (FakeMaster leader = new FakeMaster(0.1, FakeMaster.Behaviour.STREAM);
             FakeMaster follower = new FakeMaster(0.1, FakeMaster.Behaviour.STREAM)) {
            follower.redirectTo = leader.url();
            try (TestMesos mesos = new TestMesos(follower.url(), MesosConfig.Mode.SUBSCRIBE, OptionalInt.empty())) {
                await(Duration.ofSeconds(5), () -> mesos.index.task(READER_TASK) != null, "events from the leader");
                assertEquals(1, leader.subscriptions.get());
                assertEquals(0, follower.subscriptions.get());
            }
        }
    }

    @Test
    void withoutTheV1ApiTheMasterStateIsPolled() throws Exception {
        try (FakeMaster master = new FakeMaster(0.1, FakeMaster.Behaviour.NO_V1_API);
             TestMesos mesos = new TestMesos(master.url(), MesosConfig.Mode.SUBSCRIBE, OptionalInt.empty())) {
            await(Duration.ofSeconds(5), mesos.index::synced, "the polled state");
            MesosTask docker = mesos.index.task("single-docker-container.ac0b2d2e-b81f-11e7-a9ac-52ad791ffaa8");
            assertEquals(docker.taskId(), docker.executorId(), "empty executor id: the task id");
            assertEquals("8498bfde-fc85-4421-b7bf-28bb9a13b154", docker.containerId());
            assertEquals("db10f9b1-5b82-4187-aa47-4fbcefc7cdca-S1", docker.agentId());
            MesosTask killed = mesos.index.task("node-0-server__29de48bb-dfd7-4ccc-a5ba-7918b2eb880c");
            assertEquals("TASK_KILLED", killed.state());
            assertEquals("f9c3e6b1-06ec-451d-a3f4-6a173e22360b.ca7771e1-a932-472c-9220-e908d0f17655", killed.containerId());
            assertEquals("", killed.toProto().getAppId(), "not a Marathon task id");
            assertEquals("/nightly-report/batch",
                    mesos.index.task("nightly-report_batch.8c2b1f0e-b820-11e7-a9ac-52ad791ffaa8").toProto().getAppId());
            assertEquals("TASK_UNREACHABLE", mesos.index.task("web.7aa4c2de-b81f-11e7-a9ac-52ad791ffaa8").state());
            assertEquals("10.0.6.12", mesos.index.agentHostname("db10f9b1-5b82-4187-aa47-4fbcefc7cdca-S3"));
            assertTrue(mesos.statuses.get("mesos").getHealthy());
        }
    }
}
