package io.tributary.bench;

import java.nio.file.Path;

/**
 * Settings shared by the measurements, from the command line ({@code --name value}).
 *
 * @param readerModule    the journal-reader module directory (its target/quarkus-app/quarkus-run.jar is run)
 * @param cacheDir        where generated journals are kept between runs
 * @param entries         size of the range-read fixture
 * @param seed            generator seed
 * @param runs            measured runs per measure (medians are reported)
 * @param warmups         unmeasured runs first
 * @param readerHeap      the reader JVM's -Xmx
 * @param latencySamples  entries written for the follow-latency measure
 * @param journalctlSamples entries written for journalctl -f's latency
 * @param followers       concurrent followers
 * @param followRate      entries/s written while they follow
 * @param followSeconds   how long that is written
 * @param logDir          where the reader processes log
 * @param readerJvmOpts   extra reader JVM options, space-separated (e.g. -XX:StartFlightRecording=...)
 */
record BenchOptions(Path readerModule, Path cacheDir, long entries, long seed, int runs, int warmups, String readerHeap,
                    int latencySamples, int journalctlSamples, int followers, int followRate, int followSeconds,
                    Path logDir, String readerJvmOpts) {

    static BenchOptions parse(String[] args, int from) {
        Path module = Path.of("services/journal-reader");
        Path cache = Path.of("/var/tmp/tributary-bench");
        long entries = 1_000_000;
        long seed = 42;
        int runs = 5;
        int warmups = 1;
        String heap = "256m";
        int latency = 1000;
        int jctl = 200;
        int followers = 200;
        int rate = 2000;
        int seconds = 10;
        Path logs = Path.of("bench/target");
        String jvmOpts = "";
        for (int i = from; i < args.length; i++) {
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--reader-module" -> module = Path.of(v);
                case "--cache" -> cache = Path.of(v);
                case "--entries" -> entries = Long.parseLong(v);
                case "--seed" -> seed = Long.parseLong(v);
                case "--runs" -> runs = Integer.parseInt(v);
                case "--warmups" -> warmups = Integer.parseInt(v);
                case "--reader-heap" -> heap = v;
                case "--latency-samples" -> latency = Integer.parseInt(v);
                case "--journalctl-samples" -> jctl = Integer.parseInt(v);
                case "--followers" -> followers = Integer.parseInt(v);
                case "--follow-rate" -> rate = Integer.parseInt(v);
                case "--follow-seconds" -> seconds = Integer.parseInt(v);
                case "--log-dir" -> logs = Path.of(v);
                case "--reader-jvm-opts" -> jvmOpts = v;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
            i++;
        }
        if (runs < 1 || warmups < 0) {
            throw new IllegalArgumentException("--runs must be >= 1 and --warmups >= 0");
        }
        return new BenchOptions(module, cache, entries, seed, runs, warmups, heap, latency, jctl, followers, rate,
                seconds, logs, jvmOpts);
    }
}
