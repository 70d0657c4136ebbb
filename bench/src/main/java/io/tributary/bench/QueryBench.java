package io.tributary.bench;

import io.tributary.testkit.PrivateJournald;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Benchmarks of log-query (issue 5) through the whole stack — HTTP client → log-query → journal-reader — against
 * systemd-journal-gatewayd and journalctl in the same run. Usage:
 * {@code QueryBench [all|range|follow|followers|generate] [--runs 3 ...]} (see {@link QueryOptions}); prints a
 * Markdown table on stdout, progress on stderr. Run from the repository root (bench/run-query.sh).
 *
 * <ul>
 *   <li>{@code range}: {@link QueryRangeBench} (NDJSON/text/export of the 1M-entry fixture, the 4-node merge, the 1%
 *       match);</li>
 *   <li>{@code follow}: {@link QueryFollowBench} (write → SSE latency on a private journald);</li>
 *   <li>{@code followers}: {@link QueryFollowersBench} (500 SSE followers, a stalled client, heap);</li>
 *   <li>{@code generate}: only create the cached journals.</li>
 * </ul>
 */
public final class QueryBench {

    private static final Set<String> COMMANDS = Set.of("all", "range", "follow", "followers", "generate");

    private QueryBench() {
    }

    public static void main(String[] args) throws Exception {
        String cmd = args.length > 0 && !args[0].startsWith("--") ? args[0] : "all";
        if (!COMMANDS.contains(cmd)) {
            System.err.println("usage: QueryBench [all|range|follow|followers|generate] [--runs N] [--warmups N] "
                    + "[--entries N] [--nodes N] [--formats json,text,export] [--followers N] [--follow-rate N] "
                    + "[--follow-seconds N] [--query-heap 512m] [--query-jvm-opts '...'] ...");
            System.exit(2);
        }
        QueryOptions o = QueryOptions.parse(args, args.length > 0 && !args[0].startsWith("--") ? 1 : 0);
        Files.createDirectories(o.logDir());
        ResultTable table = new ResultTable();
        table.note("Load average at start: " + loadAverage());
        if (cmd.equals("all") || cmd.equals("range") || cmd.equals("generate")) {
            Fixture single = Fixture.prepare(o.cacheDir(), o.entries(), o.seed());
            List<Fixture> cluster = Fixture.prepareNodes(o.cacheDir(), o.entries(), o.nodes(), o.seed());
            if (!cmd.equals("generate")) {
                table.note(String.format("Fixtures: %s, %,d entries in %d files, %,d MB; %d nodes × %,d entries under %s "
                                + "(systemd-journal-remote).", single.directory(), single.entries(), single.fileCount(),
                        single.bytesOnDisk() / 1_000_000, cluster.size(), cluster.get(0).entries(),
                        cluster.get(0).directory().getParent()));
                table.add(QueryRangeBench.run(o, single, cluster, table));
            }
        }
        if (cmd.equals("all") || cmd.equals("follow") || cmd.equals("followers")) {
            try (PrivateJournald journald = PrivateJournald.builder().maxFileSize("64M").start()) {
                System.err.println("follow measures (journald namespace " + journald.namespace() + ", directory "
                        + journald.journalDirectory() + ")");
                if (!cmd.equals("followers")) {
                    table.add(QueryFollowBench.run(o, journald, table));
                }
                if (!cmd.equals("follow")) {
                    table.add(QueryFollowersBench.run(o, journald, table));
                }
            }
        }
        table.note("Load average at end: " + loadAverage());
        System.out.print(table.markdown());
        if (!table.allPassed()) {
            System.err.println("some targets were missed");
        }
    }

    static String loadAverage() {
        try {
            List<String> f = List.of(Files.readString(Path.of("/proc/loadavg")).split(" "));
            return String.join(" ", f.subList(0, 3));
        } catch (IOException e) {
            return "?";
        }
    }
}
