package io.tributary.bench;

import io.tributary.proto.topology.v1.Selector;
import io.tributary.proto.topology.v1.TopologyGrpc;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Benchmarks of the topology service (services/topology, packaged, own JVM) fed by a fake Mesos master in this
 * process. Usage: {@code TopologyBench [--heap 512m --tasks 100000 --agents 1000 --rate 5000 ...]} (see
 * {@link TopologyOptions}); prints a Markdown table on stdout, progress on stderr. Run from the repository root
 * (bench/run-topology.sh).
 *
 * <ol>
 *   <li>{@link IndexSizeBench}: heap after GC with the big snapshot loaded, against an empty snapshot;</li>
 *   <li>{@link ContainerFreshnessBench}: TASK_UPDATED → new container id resolvable;</li>
 *   <li>{@link ResolveRateBench}: Resolve latency from the cache at a fixed rate (last: it may leave a backlog).</li>
 * </ol>
 */
public final class TopologyBench {

    /** The fake master's heartbeat interval (Mesos' default is 15 s; shorter keeps the stream visibly alive). */
    private static final double HEARTBEAT_SECONDS = 1.0;

    /** topology's default tributary.topology.mesos.max-record-size (256M). */
    private static final long MAX_RECORD = 256L * 1024 * 1024;

    private TopologyBench() {
    }

    public static void main(String[] args) throws Exception {
        TopologyOptions o;
        try {
            o = TopologyOptions.parse(args, 0);
        } catch (RuntimeException e) {
            System.err.println(e.getMessage() + "\nusage: TopologyBench [--heap 512m] [--tasks N] [--agents N] "
                    + "[--frameworks N] [--rate N] [--warmup-seconds N] [--seconds N] [--channels N] "
                    + "[--freshness-samples N] [--poll-ms N] [--heap-samples N] [--jvm-opts \"...\"] [--client-nice 10]");
            System.exit(2);
            return;
        }
        Files.createDirectories(o.logDir());
        ResultTable table = new ResultTable();
        table.note("Load average at start: " + loadAverage());

        long baseline = IndexSizeBench.baseline(o);

        MesosSnapshot s = new MesosSnapshot(o.tasks(), o.agents(), o.frameworks(), o.seed());
        byte[] snapshot = s.subscribedJson(HEARTBEAT_SECONDS);
        if (snapshot.length > MAX_RECORD) {
            throw new IllegalStateException(String.format("the SUBSCRIBED record is %,d bytes: topology's RecordIo "
                    + "refuses records over %,d bytes by default (tributary.topology.mesos.max-record-size)", snapshot.length, MAX_RECORD));
        }
        table.note(String.format("Snapshot: one SUBSCRIBED event of %,d bytes (%,d tasks, %,d agents, %d frameworks; "
                + "v1 operator API JSON as in the shared fixtures).", snapshot.length, s.tasks, s.agents, s.frameworks));
        try (FakeMesosMaster master = new FakeMesosMaster(snapshot, HEARTBEAT_SECONDS);
             TopologyServer topology = TopologyServer.start(o, master.url(), "loaded")) {
            long t0 = System.nanoTime();
            System.err.println("topology pid " + topology.pid() + " subscribing to " + master.url());
            master.awaitSubscriber(60);
            TopologyServer.awaitResolve(TopologyGrpc.newBlockingStub(topology.newChannel()),
                    Selector.newBuilder().setTask(s.taskId(s.tasks - 1)).build(), 20, 300_000);
            table.note(String.format("Snapshot loaded: the last task resolvable %.1f s after topology was up.",
                    (System.nanoTime() - t0) / 1e9));
            table.add(IndexSizeBench.run(o, s, topology, baseline, table));
            // freshness before the rate measure: an overloaded Resolve backlog would otherwise delay its polls
            table.add(ContainerFreshnessBench.run(o, s, master, topology, table));
            // the load generator yields to topology when both want a core (topology was started at normal priority)
            table.note("Resolve rate measure: " + ClientNice.apply(o.clientNice()) + ".");
            table.add(ResolveRateBench.run(o, s, topology, table));
        }
        table.note("Load average at end: " + loadAverage());
        System.out.print(table.markdown());
        if (!table.allPassed()) {
            System.err.println("some targets were missed");
        }
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (java.io.IOException e) {
            return "?";
        }
    }
}
