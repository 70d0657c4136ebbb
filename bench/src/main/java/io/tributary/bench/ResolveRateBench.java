package io.tributary.bench;

import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import io.tributary.proto.topology.v1.ResolveRequest;
import io.tributary.proto.topology.v1.ResolveResponse;
import io.tributary.proto.topology.v1.Selector;
import io.tributary.proto.topology.v1.TopologyGrpc;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Measure 2, Resolve from cache at a fixed rate: an open-loop schedule (call k is due at start + k/rate; one pacing
 * thread parks until the next call is due and issues every call that is due, asynchronously, round-robin over
 * several HTTP/2 connections), so a slow answer never delays the next call. Selectors are random task ids, task
 * names and framework ids of the loaded snapshot, one third each. Latency = answer received − call issued, at the
 * client. The first warm-up seconds are not counted.
 */
final class ResolveRateBench {

    private static final String[] KINDS = {"task id", "task name", "framework id"};
    private static final List<String> OPTION_NAMES = List.of("id", "name", "framework");

    private ResolveRateBench() {
    }

    static List<Result> run(TopologyOptions o, MesosSnapshot s, TopologyServer topology, ResultTable table)
            throws Exception {
        List<TopologyGrpc.TopologyStub> stubs = new ArrayList<>();
        for (int c = 0; c < o.channels(); c++) {
            ManagedChannel ch = topology.newChannel();
            stubs.add(TopologyGrpc.newStub(ch));
        }
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
        long[] issued = new long[total];
        long[] latency = new long[total];
        AtomicInteger done = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        long periodNanos = 1_000_000_000L / o.rate();
        long maxLag = 0;
        System.err.printf("Resolve at %,d/s: %d s warm-up, %d s measured, %d connections%n", o.rate(),
                o.warmupSeconds(), o.seconds(), o.channels());
        double cpu0 = 0;
        double client0 = 0;
        double writes0 = 0;
        long wall0 = 0;
        long start = System.nanoTime() + 20_000_000;
        for (int k = 0; k < total; k++) {
            long due = start + k * periodNanos;
            long now;
            while ((now = System.nanoTime()) < due) {
                LockSupport.parkNanos(due - now);
            }
            if (k == warm) {
                cpu0 = ProcStatus.cpuSeconds(topology.pid());
                client0 = ProcStatus.cpuSeconds(ProcessHandle.current().pid());
                writes0 = ProcStatus.writeSyscalls(topology.pid());
                wall0 = System.currentTimeMillis();
            }
            if (k >= warm) {
                maxLag = Math.max(maxLag, now - due);
            }
            final int call = k;
            issued[k] = System.nanoTime();
            stubs.get(k % stubs.size()).resolve(requests[k], new StreamObserver<>() {
                @Override
                public void onNext(ResolveResponse r) {
                }

                @Override
                public void onError(Throwable t) {
                    latency[call] = System.nanoTime() - issued[call];
                    errors.incrementAndGet();
                    done.incrementAndGet();
                }

                @Override
                public void onCompleted() {
                    latency[call] = System.nanoTime() - issued[call];
                    done.incrementAndGet();
                }
            });
        }
        long lastIssued = System.nanoTime();
        long waitUntil = lastIssued + TimeUnit.SECONDS.toNanos(10);
        while (done.get() < total && System.nanoTime() < waitUntil) {
            Thread.sleep(5);
        }
        long end = System.nanoTime();
        double serverCpu = ProcStatus.cpuSeconds(topology.pid()) - cpu0;
        double clientCpu = ProcStatus.cpuSeconds(ProcessHandle.current().pid()) - client0;
        double writes = ProcStatus.writeSyscalls(topology.pid()) - writes0;
        GcPauses gc = GcPauses.between(topology.gcLog(), wall0, System.currentTimeMillis());
        int unanswered = 0;
        long lastAnswer = lastIssued;
        for (int k = warm; k < total; k++) {
            if (latency[k] == 0) {
                unanswered++;
                latency[k] = end - issued[k]; // a lower bound: counted as answered when we stopped waiting
            }
            lastAnswer = Math.max(lastAnswer, issued[k] + latency[k]);
        }
        // calls answered per second over the measured window (first measured call issued → last answer)
        double achieved = (total - warm - unanswered) / ((lastAnswer - issued[warm]) / 1e9);
        List<Long> all = new ArrayList<>();
        List<List<Long>> byKind = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (int k = warm; k < total; k++) {
            all.add(latency[k]);
            byKind.get(kind[k]).add(latency[k]);
        }
        double p99 = Stats.percentile(all, 99);
        StringBuilder kinds = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            if (byKind.get(i).isEmpty()) {
                continue;
            }
            kinds.append(kinds.length() == 0 ? "" : "; ").append(KINDS[i]).append(String.format(" p50 %.2f ms, p99 %.2f ms",
                    Stats.median(byKind.get(i)) / 1e6, Stats.percentile(byKind.get(i), 99) / 1e6));
        }
        table.note(String.format("Resolve: selectors %s; %,d calls measured (after %,d warm-up), %,d errors, %,d not answered 10 s after the last was issued (counted "
                        + "with the time waited); "
                        + "open-loop schedule from one pacing thread, async stubs over %d connections; issue lag behind "
                        + "the schedule max %.1f ms. CPU in the measured part: topology %.1f s (%.0f µs per call), bench client "
                        + "%.1f s (%.0f µs per call); topology write syscalls per call %.2f; topology GC: %s. By selector: %s.", o.selectors(),
                total - warm, warm, errors.get(), unanswered, o.channels(), maxLag / 1e6, serverCpu,
                serverCpu * 1e6 / (total - warm), clientCpu, clientCpu * 1e6 / (total - warm), writes / (total - warm), gc, kinds));
        String at = String.format("at %,d/s", o.rate());
        return List.of(
                new Result("Resolve " + at + ": achieved rate", String.format("%,.0f/s", achieved), "–", "–",
                        String.format("%,d/s", o.rate()), achieved >= o.rate() * 0.98),
                new Result("Resolve " + at + ": latency p50", ms2(Stats.median(all)), "–", "–", "–", null),
                new Result("Resolve " + at + ": latency p99", ms2(p99), "–", "–", "≤ 1 ms",
                        p99 <= 1_000_000 && errors.get() == 0 && unanswered == 0),
                new Result("Resolve " + at + ": latency max", ms2(Stats.max(all)), "–", "–", "–", null));
    }

    static String ms2(double nanos) {
        return String.format("%.2f ms", nanos / 1e6);
    }
}
