package io.tributary.bench;

import java.nio.file.Path;

/**
 * Settings of {@link QueryBench}, from the command line ({@code --name value}).
 *
 * @param servicesDir      the directory holding journal-reader, topology and log-query (their packaged fast-jars)
 * @param cacheDir         where generated journals are kept between runs
 * @param entries          size of the single-node fixture (and the total of the merged one)
 * @param nodes            nodes of the merged fixture (entries / nodes each)
 * @param seed             generator seed
 * @param runs             measured rounds of the range measures (1% match: twice as many)
 * @param warmups          unmeasured log-query runs first (the references need no JIT warm-up)
 * @param readerHeap       each reader JVM's -Xmx
 * @param queryHeap        log-query's -Xmx; empty = the JVM's default (a quarter of RAM)
 * @param queryJvmOpts     extra log-query JVM options, space-separated (e.g. -XX:StartFlightRecording=...); %n = the stack's name
 * @param readerJvmOpts    extra reader JVM options, the same way (%n = stack name + reader index)
 * @param latencySamples   entries written for the log-query follow-latency measure
 * @param referenceSamples entries written for journalctl -f's and gatewayd's follow latency
 * @param followers        concurrent SSE followers
 * @param followRate       entries/s written while they follow
 * @param followSeconds    how long that is written
 * @param stalled          stalled clients among the followers (1; 0 for a comparison run without)
 * @param formats          range formats to measure, a subset of "json,text,export"
 * @param logDir           where the service processes log
 */
record QueryOptions(Path servicesDir, Path cacheDir, long entries, int nodes, long seed, int runs, int warmups,
                    String readerHeap, String queryHeap, String queryJvmOpts, String readerJvmOpts, int latencySamples, int referenceSamples,
                    int followers, int followRate, int followSeconds, int stalled, String formats, Path logDir) {

    static QueryOptions parse(String[] args, int from) {
        Path services = Path.of("services");
        Path cache = Path.of("/var/tmp/tributary-bench");
        long entries = 1_000_000;
        int nodes = 4;
        long seed = 42;
        int runs = 3;
        int warmups = 3;
        String readerHeap = "512m";
        String queryHeap = "";
        String queryJvmOpts = "";
        String readerJvmOpts = "";
        int latency = 1000;
        int refs = 200;
        int followers = 500;
        int rate = 2000;
        int seconds = 10;
        int stalled = 1;
        String formats = "json,text,export";
        Path logs = Path.of("bench/target");
        for (int i = from; i < args.length; i++) {
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--services" -> services = Path.of(v);
                case "--cache" -> cache = Path.of(v);
                case "--entries" -> entries = Long.parseLong(v);
                case "--nodes" -> nodes = Integer.parseInt(v);
                case "--seed" -> seed = Long.parseLong(v);
                case "--runs" -> runs = Integer.parseInt(v);
                case "--warmups" -> warmups = Integer.parseInt(v);
                case "--reader-heap" -> readerHeap = v;
                case "--query-heap" -> queryHeap = v;
                case "--query-jvm-opts" -> queryJvmOpts = v;
                case "--reader-jvm-opts" -> readerJvmOpts = v;
                case "--latency-samples" -> latency = Integer.parseInt(v);
                case "--reference-samples" -> refs = Integer.parseInt(v);
                case "--followers" -> followers = Integer.parseInt(v);
                case "--follow-rate" -> rate = Integer.parseInt(v);
                case "--follow-seconds" -> seconds = Integer.parseInt(v);
                case "--stalled" -> stalled = Integer.parseInt(v);
                case "--formats" -> formats = v;
                case "--log-dir" -> logs = Path.of(v);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
            i++;
        }
        if (runs < 1 || warmups < 0 || nodes < 1) {
            throw new IllegalArgumentException("--runs and --nodes must be >= 1 and --warmups >= 0");
        }
        return new QueryOptions(services, cache, entries, nodes, seed, runs, warmups, readerHeap, queryHeap,
                queryJvmOpts, readerJvmOpts, latency, refs, followers, rate, seconds, stalled, formats, logs);
    }

    boolean format(String f) {
        return java.util.Arrays.asList(formats.split(",")).contains(f);
    }
}
