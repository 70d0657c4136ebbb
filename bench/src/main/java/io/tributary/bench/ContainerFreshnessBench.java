package io.tributary.bench;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.tributary.proto.topology.v1.ResolveRequest;
import io.tributary.proto.topology.v1.Selector;
import io.tributary.proto.topology.v1.TopologyGrpc;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Measure 3, container-id freshness: on the open SUBSCRIBE stream the fake master sends a TASK_UPDATED giving a
 * loaded task a new (never seen) container id, noting the time just before the write; a client that was already
 * polling {@code Resolve(container_id)} every few ms (NOT_FOUND until then) notes when it first answers OK.
 * Latency = answered − sent (so it includes up to one poll interval).
 */
final class ContainerFreshnessBench {

    private ContainerFreshnessBench() {
    }

    static List<Result> run(TopologyOptions o, MesosSnapshot s, FakeMesosMaster master, TopologyServer topology,
                            ResultTable table) throws Exception {
        TopologyGrpc.TopologyBlockingStub stub = TopologyGrpc.newBlockingStub(topology.newChannel());
        Random rnd = new Random(o.seed() + 2);
        List<Long> latencies = new ArrayList<>();
        System.err.printf("container-id freshness: %d TASK_UPDATED events, polling every %d ms%n", o.freshness(),
                o.pollMillis());
        for (int n = 0; n < o.freshness(); n++) {
            int task = rnd.nextInt(s.tasks);
            String container = new UUID(rnd.nextLong(), rnd.nextLong()).toString();
            ResolveRequest req = ResolveRequest.newBuilder()
                    .setSelector(Selector.newBuilder().setContainerId(container)).build();
            long[] found = {0};
            Thread poller = new Thread(() -> found[0] = pollUntilFound(stub, req, o.pollMillis()), "freshness-poll");
            poller.setDaemon(true);
            poller.start();
            Thread.sleep(3L * o.pollMillis()); // the poller is already getting NOT_FOUND
            long sent = master.send(s.taskUpdatedJson(task, container));
            poller.join(10_000);
            if (found[0] == 0) {
                poller.interrupt();
                throw new IllegalStateException("container id " + container + " of task " + s.taskId(task)
                        + " not resolvable 10 s after its TASK_UPDATED");
            }
            latencies.add(found[0] - sent);
            Thread.sleep(50 + rnd.nextInt(100));
        }
        table.note(String.format("Freshness: %d TASK_UPDATED events on the live stream (HEARTBEATs every 1 s in "
                        + "between), Resolve(container_id) polled every %d ms; latency min %s, p90 %s.",
                latencies.size(), o.pollMillis(), Result.ms(Stats.min(latencies)), Result.ms(Stats.percentile(latencies, 90))));
        double max = Stats.max(latencies);
        return List.of(
                new Result("Container id resolvable after TASK_UPDATED: p50", Result.ms(Stats.median(latencies)), "–",
                        "–", "–", null),
                new Result("Container id resolvable after TASK_UPDATED: max", Result.ms(max), "–", "–", "≤ 1 s",
                        max <= 1e9));
    }

    /** Resolve until OK; the time of the OK answer (0 if interrupted). */
    private static long pollUntilFound(TopologyGrpc.TopologyBlockingStub stub, ResolveRequest req, int pollMillis) {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                stub.withDeadlineAfter(5, TimeUnit.SECONDS).resolve(req);
                return System.nanoTime();
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() != Status.Code.NOT_FOUND) {
                    throw e;
                }
            }
            try {
                Thread.sleep(pollMillis);
            } catch (InterruptedException e) {
                return 0;
            }
        }
        return 0;
    }
}
