package io.tributary.bench;

import io.tributary.testkit.PrivateJournald;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Benchmarks of the journal-reader service against journalctl, measured in the same run. Usage:
 * {@code ReaderBench [all|range|follow|generate] [--runs 5 --warmups 1 ...]} (see {@link BenchOptions});
 * prints a Markdown table on stdout, progress on stderr. Run from the repository root (bench/run-reader.sh).
 *
 * <ul>
 *   <li>{@code range}: {@link ReadAllBench} and {@link ReadMatchBench} on the cached generated journal;</li>
 *   <li>{@code follow}: {@link FollowLatencyBench} and {@link FollowersBench} on a private journald (root);</li>
 *   <li>{@code generate}: only create the cached journal.</li>
 * </ul>
 */
public final class ReaderBench {

    private static final Set<String> COMMANDS = Set.of("all", "range", "follow", "generate");

    private ReaderBench() {
    }

    public static void main(String[] args) throws Exception {
        String cmd = args.length > 0 && !args[0].startsWith("--") ? args[0] : "all";
        if (!COMMANDS.contains(cmd)) {
            System.err.println("usage: ReaderBench [all|range|follow|generate] [--runs N] [--warmups N] [--entries N] "
                    + "[--reader-heap 256m] [--followers N] [--follow-rate N] [--follow-seconds N] ...");
            System.exit(2);
        }
        BenchOptions o = BenchOptions.parse(args, cmd.equals("all") && (args.length == 0 || args[0].startsWith("--")) ? 0 : 1);
        Files.createDirectories(o.logDir());
        ResultTable table = new ResultTable();
        table.note("Load average at start: " + loadAverage());
        if (cmd.equals("all") || cmd.equals("range") || cmd.equals("generate")) {
            Fixture f = Fixture.prepare(o);
            if (!cmd.equals("generate")) {
                table.note(String.format("Fixture: %s, %,d entries in %d files, %,d MB (systemd-journal-remote).",
                        f.directory(), f.entries(), f.fileCount(), f.bytesOnDisk() / 1_000_000));
                try (ReaderService reader = ReaderService.directory(o, f.directory(), "range")) {
                    System.err.println("range reads (reader pid " + reader.pid() + ")");
                    table.add(ReadAllBench.run(o, f, reader, table));
                    table.add(ReadMatchBench.run(o, f, reader, table));
                }
            }
        }
        if (cmd.equals("all") || cmd.equals("follow")) {
            try (PrivateJournald journald = PrivateJournald.builder().maxFileSize("64M").start()) {
                System.err.println("follow measures (journald namespace " + journald.namespace() + ")");
                try (ReaderService reader = ReaderService.namespace(o, journald.namespace(), "follow")) {
                    table.add(FollowLatencyBench.run(o, journald, reader, table));
                }
                table.add(FollowersBench.run(o, journald, table));
            }
        }
        table.note("Load average at end: " + loadAverage());
        System.out.print(table.markdown());
        if (!table.allPassed()) {
            System.err.println("some targets were missed");
        }
    }

    private static String loadAverage() {
        try {
            List<String> f = List.of(Files.readString(Path.of("/proc/loadavg")).split(" "));
            return String.join(" ", f.subList(0, 3));
        } catch (IOException e) {
            return "?";
        }
    }
}
