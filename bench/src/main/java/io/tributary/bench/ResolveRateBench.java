package io.tributary.bench;

import io.tributary.proto.topology.v1.ResolveRequest;
import io.tributary.proto.topology.v1.ResolveResponse;
import io.tributary.proto.topology.v1.Selector;
import io.tributary.proto.topology.v1.TopologyGrpc;
import io.tributary.testkit.ServiceProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Measure 2, Resolve from cache at a fixed rate: an open-loop schedule ({@link OpenLoop}: call k is due at start +
 * k/rate, round-robin over several HTTP/2 connections), so a slow answer never delays the next call. Selectors are
 * random task ids, task names and framework ids of the loaded snapshot, one third each. Latency = answer received −
 * call issued, at the client; the warm-up calls are not counted. The same calls then go to {@link
 * ReferenceGrpcServer}, the reference column: what this machine gives a JVM gRPC server doing nothing.
 */
final class ResolveRateBench {

    private static final String[] KINDS = {"task id", "task name", "framework id"};
    private static final List<String> OPTION_NAMES = List.of("id", "name", "framework");

    private ResolveRateBench() {
    }

    static List<Result> run(TopologyOptions o, MesosSnapshot s, TopologyServer topology, ResultTable table)
            throws Exception {
        int warm = o.rate() * o.warmupSeconds();
        int total = warm + o.rate() * o.seconds();
        Random rnd = new Random(o.seed() + 1);
        int[] mix = java.util.Arrays.stream(o.selectors().split(",")).map(String::strip)
                .mapToInt(OPTION_NAMES::indexOf).toArray();
        if (mix.length == 0 || java.util.Arrays.stream(mix).anyMatch(i -> i < 0)) {
            throw new IllegalArgumentException("--selectors: a comma-separated subset of " + OPTION_NAMES);
        }
        ResolveRequest[] requests = new ResolveRequest[total];
        int[] kind = new int[total];
        for (int k = 0; k < total; k++) {
            kind[k] = mix[rnd.nextInt(mix.length)];
            int task = rnd.nextInt(s.tasks);
            Selector.Builder sel = Selector.newBuilder();
            switch (kind[k]) {
                case 0 -> sel.setTask(s.taskId(task));
                case 1 -> sel.setTask(s.taskName(task));
                default -> sel.setFrameworkId(s.frameworkId(s.frameworkOf(task)));
            }
            requests[k] = ResolveRequest.newBuilder().setSelector(sel).build();
        }
        System.err.printf("Resolve at %,d/s: %d s warm-up, %d s measured, %d connections%n", o.rate(),
                o.warmupSeconds(), o.seconds(), o.channels());
        OpenLoop.Measured m = measure(o, total, warm, topology.port(), topology.pid(), topology.gcLog(), requests);
        System.err.printf("Resolve at %,d/s against the reference grpc-java server%n", o.rate());
        OpenLoop.Measured ref;
        Path refGc = Path.of("bench/target/reference-grpc-gc.log");
        Files.deleteIfExists(refGc);
        try (ServiceProcess reference = ReferenceGrpcServer.start(refGc, Path.of("bench/target/reference-grpc.log"))) {
            ref = measure(o, total, warm, reference.port(), reference.pid(), refGc, requests);
        }
        List<List<Long>> byKind = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (int i = 0; i < m.latency().length; i++) {
            byKind.get(kind[warm + i]).add(m.latency()[i]);
        }
        StringBuilder kinds = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            if (byKind.get(i).isEmpty()) {
                continue;
            }
            kinds.append(kinds.length() == 0 ? "" : "; ").append(KINDS[i]).append(String.format(" p50 %.2f ms, p99 %.2f ms",
                    Stats.median(byKind.get(i)) / 1e6, Stats.percentile(byKind.get(i), 99) / 1e6));
        }
        table.note(String.format("Resolve: selectors %s; %,d calls measured (after %,d warm-up) per target, %d connections, "
                        + "open-loop schedule: %s. Topology: %s. By selector: %s. Reference (plain grpc-java Netty server "
                        + "in its own JVM, fixed answer, same client and calls): %s.", o.selectors(), total - warm, warm,
                o.channels(), GENERATOR, describe(m, "topology"), kinds, describe(ref, "reference")));
        String at = String.format("at %,d/s", o.rate());
        return List.of(
                new Result("Resolve " + at + ": achieved rate", String.format("%,.0f/s", m.achievedPerSecond()),
                        String.format("%,.0f/s", ref.achievedPerSecond()), "–", String.format("%,d/s", o.rate()),
                        m.achievedPerSecond() >= o.rate() * 0.98),
                new Result("Resolve " + at + ": latency p50", ms2(m.p50Nanos()), ms2(ref.p50Nanos()), "–", "–", null),
                new Result("Resolve " + at + ": latency p99", ms2(m.p99Nanos()), ms2(ref.p99Nanos()), "–", "≤ 1 ms",
                        m.p99Nanos() <= 1_000_000 && m.errors() == 0 && m.unanswered() == 0),
                new Result("Resolve " + at + ": latency max", ms2(m.maxNanos()), ms2(ref.maxNanos()), "–", "–", null));
    }

    static final String GENERATOR = "call k due at start + k/rate, issued by a timer on the bench's one event loop "
            + "thread, which also receives the answers; latency = answer − issue";

    private static OpenLoop.Measured measure(TopologyOptions o, int total, int warm, int port, long pid, Path gcLog,
                                             ResolveRequest[] requests) throws InterruptedException {
        try (OpenLoop load = new OpenLoop()) {
            List<TopologyGrpc.TopologyStub> stubs = new ArrayList<>();
            for (int c = 0; c < o.channels(); c++) {
                stubs.add(TopologyGrpc.newStub(load.channel(port)));
            }
            return load.<ResolveResponse>run(total, warm, o.rate(), pid, gcLog,
                    (k, observer) -> stubs.get(k % stubs.size()).resolve(requests[k], observer));
        }
    }

    /** The run's errors, CPU per call and GC, for the notes. */
    static String describe(OpenLoop.Measured m, String service) {
        return String.format("%,d errors, %,d not answered 10 s after the last call was issued (counted with the time "
                        + "waited), issue lag behind the schedule max %.1f ms; CPU per call: %s %.0f µs, bench client %.0f µs; "
                        + "%s write syscalls per call %.2f; %s GC: %s", m.errors(), m.unanswered(), m.maxLagNanos() / 1e6,
                service, m.serverCpuMicrosPerCall(), m.clientCpuMicrosPerCall(), service, m.serverWritesPerCall(),
                service, m.gc());
    }

    static String ms2(double nanos) {
        return String.format("%.2f ms", nanos / 1e6);
    }
}
