package io.tributary.bench;

import io.tributary.proto.topology.v1.Selector;
import io.tributary.proto.topology.v1.TopologyGrpc;
import java.util.ArrayList;
import java.util.List;

/**
 * Measure 1, index size: used heap of the topology JVM after a full GC (jcmd GC.run + GC.heap_info), once with
 * the big snapshot loaded and once for the same service fed an empty snapshot (the baseline), so the index's own
 * share is visible. Several readings each; medians.
 */
final class IndexSizeBench {

    static final long TARGET_BYTES = 200_000_000L;

    private IndexSizeBench() {
    }

    /** Used heap after GC of a topology that loaded an empty SUBSCRIBED snapshot. */
    static long baseline(TopologyOptions o) throws Exception {
        MesosSnapshot empty = new MesosSnapshot(0, 0, 0, o.seed());
        try (FakeMesosMaster master = new FakeMesosMaster(empty.subscribedJson(1.0), 1.0);
             TopologyServer topology = TopologyServer.start(o, master.url(), "baseline")) {
            TopologyServer.awaitResolve(TopologyGrpc.newBlockingStub(topology.newChannel()),
                    Selector.newBuilder().setAll(true).build(), 20, 60_000); // UNAVAILABLE until the snapshot came
            System.err.println("baseline (empty snapshot) loaded, topology pid " + topology.pid());
            return usedAfterGc(o, topology.pid());
        }
    }

    /** Median used heap after GC over o.heapSamples() readings. */
    static long usedAfterGc(TopologyOptions o, long pid) throws Exception {
        List<Long> used = new ArrayList<>();
        for (int i = 0; i < o.heapSamples(); i++) {
            used.add(HeapUsage.usedAfterGc(pid));
            Thread.sleep(500);
        }
        System.err.println("  used heap after GC: " + used);
        return (long) Stats.median(used);
    }

    static List<Result> run(TopologyOptions o, MesosSnapshot s, TopologyServer loaded, long baselineBytes,
                            ResultTable table) throws Exception {
        long full = usedAfterGc(o, loaded.pid());
        long share = full - baselineBytes;
        table.note(String.format("Index size: heap used after a full GC (jcmd GC.run, GC.heap_info; median of %d), "
                + "topology -Xmx%s, %s after the readings.", o.heapSamples(), o.heap(), HeapUsage.heapLine(loaded.pid())));
        String what = String.format("%,d tasks / %,d agents / %d frameworks", s.tasks, s.agents, s.frameworks);
        return List.of(
                new Result("Heap used after GC, empty snapshot (baseline)", mb(baselineBytes), "–", "–", "–", null),
                new Result("Heap used after GC, " + what, mb(full), "–", "–", "≤ 200 MB", full <= TARGET_BYTES),
                new Result("… of which the index (loaded − baseline)", mb(share), "–", "–", "≤ 200 MB",
                        share <= TARGET_BYTES));
    }

    static String mb(long bytes) {
        return String.format("%.1f MB", bytes / 1e6);
    }
}
