package io.tributary.bench;

import java.nio.file.Path;

/**
 * Settings of {@link TopologyBench}, from the command line ({@code --name value}).
 *
 * @param module          the topology module directory (its target/quarkus-app/quarkus-run.jar is run)
 * @param heap            the topology JVM's -Xmx
 * @param jvmOpts         extra topology JVM options, space-separated
 * @param tasks           tasks in the SUBSCRIBED snapshot
 * @param agents          agents in it
 * @param frameworks      frameworks in it
 * @param seed            generator seed
 * @param heapSamples     GC + heap readings per service (the median is reported)
 * @param rate            Resolve calls/s
 * @param warmupSeconds   unmeasured seconds at that rate first (30: with the 100,000-task index, the fresh JVM's JIT and
 *                        G1 take 10–20 s to settle at 5,000/s; a shorter warm-up measures that, not the cache)
 * @param seconds         measured seconds
 * @param channels        HTTP/2 connections the calls are spread over
 * @param freshness       TASK_UPDATED events for the container-id freshness measure
 * @param pollMillis      how often the freshness client polls Resolve(container_id)
 * @param selectors       the Resolve selector kinds to mix, a subset of "id,name,framework"
 * @param logDir          where the topology processes log
 * @param clientNice      this JVM's nice value during the Resolve rate measure (0: same priority as topology)
 */
record TopologyOptions(Path module, String heap, String jvmOpts, int tasks, int agents, int frameworks, long seed,
                       int heapSamples, int rate, int warmupSeconds, int seconds, int channels, int freshness,
                       int pollMillis, String selectors, Path logDir, int clientNice) {

    static TopologyOptions parse(String[] args, int from) {
        Path module = Path.of("services/topology");
        String heap = "512m";
        String jvmOpts = "";
        int tasks = 100_000;
        int agents = 1_000;
        int frameworks = 50;
        long seed = 42;
        int heapSamples = 3;
        int rate = 5_000;
        int warmup = 30;
        int seconds = 20;
        int channels = 4;
        int freshness = 30;
        int poll = 5;
        String selectors = "id,name,framework";
        Path logs = Path.of("bench/target");
        int clientNice = 10;
        for (int i = from; i < args.length; i++) {
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--topology-module" -> module = Path.of(v);
                case "--heap" -> heap = v;
                case "--jvm-opts" -> jvmOpts = v;
                case "--tasks" -> tasks = Integer.parseInt(v);
                case "--agents" -> agents = Integer.parseInt(v);
                case "--frameworks" -> frameworks = Integer.parseInt(v);
                case "--seed" -> seed = Long.parseLong(v);
                case "--heap-samples" -> heapSamples = Integer.parseInt(v);
                case "--rate" -> rate = Integer.parseInt(v);
                case "--warmup-seconds" -> warmup = Integer.parseInt(v);
                case "--seconds" -> seconds = Integer.parseInt(v);
                case "--channels" -> channels = Integer.parseInt(v);
                case "--freshness-samples" -> freshness = Integer.parseInt(v);
                case "--poll-ms" -> poll = Integer.parseInt(v);
                case "--selectors" -> selectors = v;
                case "--log-dir" -> logs = Path.of(v);
                case "--client-nice" -> clientNice = Integer.parseInt(v);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
            i++;
        }
        if (tasks < 1 || agents < 1 || frameworks < 1 || heapSamples < 1 || rate < 1 || seconds < 1 || channels < 1
                || freshness < 1 || poll < 1) {
            throw new IllegalArgumentException("counts, rates and durations must be >= 1");
        }
        return new TopologyOptions(module, heap, jvmOpts, tasks, agents, frameworks, seed, heapSamples, rate, warmup,
                seconds, channels, freshness, poll, selectors, logs, clientNice);
    }
}
