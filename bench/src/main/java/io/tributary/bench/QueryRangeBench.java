package io.tributary.bench;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Range measures through the whole stack (HTTP client → log-query → reader), same run, same journal files:
 * <ul>
 *   <li>all entries of the single-node fixture as NDJSON, text/plain and export, each against gatewayd's same
 *       format ({@code GET /entries}, {@code Range: entries=:0:<10×N>}) and NDJSON also against
 *       {@code journalctl --directory=DIR -o json}; entries counted by the client, counts checked;</li>
 *   <li>the merged range over the cluster fixture (one reader per node) as NDJSON, against the single-node NDJSON
 *       rate of the same rounds;</li>
 *   <li>the 1% FRAMEWORK_ID match as NDJSON, end-to-end time, against journalctl -o json and gatewayd JSON.</li>
 * </ul>
 * One round runs every source once, one after the other (interleaved); medians over the rounds.
 */
final class QueryRangeBench {

    static final double MIN_RATE = 100_000;
    static final double MIN_JSON_VS_GATEWAYD = 5;
    static final double MIN_TEXT_VS_GATEWAYD = 2;
    static final double MIN_EXPORT_VS_GATEWAYD = 2;
    static final double MIN_MERGED_SHARE = 0.8;
    static final double MAX_MATCH_MS = 300;

    private static final Map<String, String> TYPES = Map.of("json", "application/x-ndjson", "text", "text/plain",
            "export", "application/vnd.fdo.journal");
    private static final Map<String, String> GATEWAYD_TYPES = Map.of("json", "application/json", "text", "text/plain",
            "export", "application/vnd.fdo.journal");

    private QueryRangeBench() {
    }

    static List<Result> run(QueryOptions o, Fixture single, List<Fixture> cluster, ResultTable table) throws Exception {
        long n = single.entries();
        long clusterN = cluster.stream().mapToLong(Fixture::entries).sum();
        List<QueryStack.Source> one = List.of(QueryStack.Source.directory("node-0", single.directory()));
        List<QueryStack.Source> many = new ArrayList<>();
        for (Fixture f : cluster) {
            many.add(QueryStack.Source.directory("node-" + f.nodeIndex(), f.directory()));
        }
        List<String> formats = List.of("json", "text", "export").stream().filter(o::format).toList();
        String gwRange = "entries=:0:" + (10 * n);
        String all = "/api/v1/entries";
        Map<String, List<Counting.Count>> runs = new LinkedHashMap<>();
        List<Double> queryCpu = new ArrayList<>();
        List<Double> readerCpu = new ArrayList<>();
        List<Double> clientCpu = new ArrayList<>();
        List<Double> mergedQueryCpu = new ArrayList<>();
        long self = ProcessHandle.current().pid();
        Path gwLog = o.logDir().toAbsolutePath().resolve("query-gatewayd.log");
        try (QueryStack stack = QueryStack.start(o, "range", one);
             QueryStack merged = QueryStack.start(o, "merged", many);
             Gatewayd gw = Gatewayd.directory(single.directory(), gwLog)) {
            System.err.printf("range: log-query pid %d (reader %s), merged log-query pid %d (readers %s), gatewayd pid %d%n",
                    stack.queryPid(), stack.readerPids(), merged.queryPid(), merged.readerPids(), gw.pid());
            List<String> warmups = new ArrayList<>();
            for (int i = 0; i < o.warmups(); i++) {
                Counting.Count w = Counting.get(stack.uri(all), TYPES.get("json"));
                Counting.Count m = Counting.get(merged.uri(all), TYPES.get("json"));
                System.err.printf("  warm-up: log-query NDJSON %s, merged %s%n", show(w), show(m));
                warmups.add(Result.perSecond(w.rate()));
            }
            for (int round = 0; round < o.runs(); round++) {
                System.err.printf("  round %d (load %s)%n", round + 1, QueryBench.loadAverage());
                for (String f : formats) {
                    double q0 = ProcStatus.cpuSeconds(stack.queryPid());
                    double r0 = ProcStatus.cpuSeconds(stack.readerPids().get(0));
                    double c0 = ProcStatus.cpuSeconds(self);
                    Counting.Count lq = check(Counting.get(stack.uri(all), TYPES.get(f)), n, "log-query " + f);
                    if (f.equals("json")) {
                        queryCpu.add(ProcStatus.cpuSeconds(stack.queryPid()) - q0);
                        readerCpu.add(ProcStatus.cpuSeconds(stack.readerPids().get(0)) - r0);
                        clientCpu.add(ProcStatus.cpuSeconds(self) - c0);
                    }
                    add(runs, "lq-" + f, lq);
                    Counting.Count g = check(Counting.get(gw.uri("/entries"), GATEWAYD_TYPES.get(f), "Range", gwRange), n,
                            "gatewayd " + f);
                    add(runs, "gw-" + f, g);
                    String line = String.format("    %-6s log-query %s | gatewayd %s", f, show(lq), show(g));
                    if (f.equals("json")) {
                        Counting.Count j = check(Counting.command(List.of("journalctl", "--no-pager",
                                "--directory=" + single.directory(), "-o", "json"), false), n, "journalctl -o json");
                        add(runs, "jctl-json", j);
                        line += " | journalctl " + show(j);
                    }
                    System.err.println(line);
                }
                double mq0 = ProcStatus.cpuSeconds(merged.queryPid());
                Counting.Count m = check(Counting.get(merged.uri(all), TYPES.get("json")), clusterN, "merged NDJSON");
                mergedQueryCpu.add(ProcStatus.cpuSeconds(merged.queryPid()) - mq0);
                add(runs, "merged", m);
                System.err.printf("    merged %d nodes NDJSON %s%n", cluster.size(), show(m));
            }
            List<Result> results = new ArrayList<>();
            if (o.format("json")) {
                double lq = medianRate(runs.get("lq-json"));
                double g = medianRate(runs.get("gw-json"));
                double j = medianRate(runs.get("jctl-json"));
                results.add(new Result(String.format("NDJSON range, all %,d entries", n), Result.perSecond(lq),
                        "gatewayd JSON: " + Result.perSecond(g) + "; journalctl -o json: " + Result.perSecond(j),
                        Result.ratio(lq / g) + " (" + Result.ratio(lq / j) + " journalctl)", "≥ 100k/s and ≥ 5× gatewayd",
                        lq >= MIN_RATE && lq / g >= MIN_JSON_VS_GATEWAYD));
                table.note(String.format("NDJSON range: log-query %s s, gatewayd JSON %s s, journalctl -o json %s s "
                                + "(median (min–max) of %d rounds; %,d entries each, counted at the client; %s, %s and %s "
                                + "bytes per entry). CPU per log-query NDJSON run (medians): log-query %.1f s, reader "
                                + "%.1f s, bench client %.1f s. Before the rounds, unmeasured NDJSON runs on the fresh "
                                + "JVMs while the JIT compiles: %s.",
                        seconds(runs.get("lq-json")), seconds(runs.get("gw-json")), seconds(runs.get("jctl-json")), o.runs(),
                        n, perEntry(runs.get("lq-json")), perEntry(runs.get("gw-json")), perEntry(runs.get("jctl-json")),
                        Stats.median(queryCpu), Stats.median(readerCpu), Stats.median(clientCpu),
                        warmups.isEmpty() ? "none" : String.join(", ", warmups)));
            }
            for (String f : List.of("text", "export")) {
                if (!o.format(f)) {
                    continue;
                }
                double lq = medianRate(runs.get("lq-" + f));
                double g = medianRate(runs.get("gw-" + f));
                double min = f.equals("text") ? MIN_TEXT_VS_GATEWAYD : MIN_EXPORT_VS_GATEWAYD;
                results.add(new Result(String.format("%s range, all %,d entries", f.equals("text") ? "text/plain" : "Export",
                        n), Result.perSecond(lq), "gatewayd " + f + ": " + Result.perSecond(g), Result.ratio(lq / g),
                        String.format("≥ %.0f× gatewayd", min), lq / g >= min));
                table.note(String.format("%s range: log-query %s s, gatewayd %s s.", f, seconds(runs.get("lq-" + f)),
                        seconds(runs.get("gw-" + f))));
            }
            if (o.format("json")) {
                double single1 = medianRate(runs.get("lq-json"));
                double m = medianRate(runs.get("merged"));
                results.add(new Result(String.format("Merged NDJSON range, %d nodes × %,d entries", cluster.size(),
                                cluster.get(0).entries()), Result.perSecond(m),
                        String.format("single node, %,d entries, NDJSON (same rounds): %s", n, Result.perSecond(single1)),
                        Result.ratio(m / single1), "≥ 0.80× single node", m / single1 >= MIN_MERGED_SHARE));
                table.note(String.format("Merged range: %d readers (one journal directory of %,d entries each, distinct "
                                + "node ids, generated as one %d-node cluster), %s s per %,d entries; log-query CPU %.1f s per run "
                                + "(median). Compared with the single-node NDJSON rate (all " + n + " entries of one node) in the same "
                                + "rounds.", cluster.size(), cluster.get(0).entries(), cluster.size(), seconds(runs.get("merged")),
                        clusterN, Stats.median(mergedQueryCpu)));
            }
            results.add(match(o, single, stack, gw, table));
            return results;
        }
    }

    private static Result match(QueryOptions o, Fixture f, QueryStack stack, Gatewayd gw, ResultTable table)
            throws Exception {
        String id = f.generator().onePercentFrameworkId();
        String path = "/api/v1/entries?match=" + URLEncoder.encode("FRAMEWORK_ID=" + id, StandardCharsets.UTF_8);
        String gwPath = "/entries?FRAMEWORK_ID=" + id;
        List<String> jctl = List.of("journalctl", "--no-pager", "--directory=" + f.directory(), "FRAMEWORK_ID=" + id,
                "-o", "json");
        long expected = Counting.command(jctl, false).entries();
        String gwRange = "entries=:0:" + (10 * f.entries());
        List<Counting.Count> lq = new ArrayList<>();
        List<Counting.Count> j = new ArrayList<>();
        List<Counting.Count> g = new ArrayList<>();
        int runs = o.runs() * 2 + 4;
        for (int i = -1; i < runs; i++) {
            Counting.Count a = check(Counting.get(stack.uri(path), TYPES.get("json")), expected, "log-query 1% match");
            Counting.Count b = check(Counting.command(jctl, false), expected, "journalctl 1% match");
            Counting.Count c = check(Counting.get(gw.uri(gwPath), "application/json", "Range", gwRange), expected,
                    "gatewayd 1% match");
            if (i >= 0) {
                lq.add(a);
                j.add(b);
                g.add(c);
            }
        }
        double ms = Stats.median(lq.stream().map(Counting.Count::nanos).toList()) / 1e6;
        double jms = Stats.median(j.stream().map(Counting.Count::nanos).toList()) / 1e6;
        double gms = Stats.median(g.stream().map(Counting.Count::nanos).toList()) / 1e6;
        table.note(String.format("1%% match FRAMEWORK_ID=%s: %,d of %,d entries, all three count the same. log-query %s ms, "
                        + "journalctl -o json %s ms, gatewayd JSON %s ms (median (min–max) of %d interleaved runs after 1 "
                        + "warm-up).", id, expected, f.entries(), millis(lq), millis(j), millis(g), runs));
        return new Result(String.format("1%% FRAMEWORK_ID match (%,d entries), NDJSON, end to end", expected),
                String.format("%.0f ms", ms), String.format("journalctl -o json: %.0f ms; gatewayd: %.0f ms", jms, gms),
                Result.ratio(ms / jms) + " journalctl", "≤ 300 ms", ms <= MAX_MATCH_MS);
    }

    private static Counting.Count check(Counting.Count c, long expected, String what) {
        if (c.status() != 0 && c.status() != 200) {
            throw new IllegalStateException(what + ": HTTP " + c.status());
        }
        if (c.entries() != expected) {
            throw new IllegalStateException(what + ": counted " + c.entries() + " entries, expected " + expected);
        }
        return c;
    }

    private static void add(Map<String, List<Counting.Count>> runs, String key, Counting.Count c) {
        runs.computeIfAbsent(key, k -> new ArrayList<>()).add(c);
    }

    private static double medianRate(List<Counting.Count> cs) {
        return Stats.median(cs.stream().map(Counting.Count::rate).toList());
    }

    private static String seconds(List<Counting.Count> cs) {
        return Stats.spread(cs.stream().map(Counting.Count::nanos).toList(), v -> String.format("%.2f", v / 1e9));
    }

    private static String millis(List<Counting.Count> cs) {
        return Stats.spread(cs.stream().map(Counting.Count::nanos).toList(), v -> String.format("%.0f", v / 1e6));
    }

    private static String perEntry(List<Counting.Count> cs) {
        Counting.Count c = cs.get(0);
        return String.format("%,d", c.bytes() / Math.max(1, c.entries()));
    }

    private static String show(Counting.Count c) {
        return String.format("%,d in %.2f s = %s", c.entries(), c.nanos() / 1e9, Result.perSecond(c.rate()));
    }
}
