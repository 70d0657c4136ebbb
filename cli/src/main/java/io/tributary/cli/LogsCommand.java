package io.tributary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tributary logs}: {@code GET /api/v1/entries} with the options as query parameters. While following, a
 * broken connection (or log-query going away) is retried with {@code after_cursor} = the last entry written, so
 * nothing is lost or repeated.
 */
@Command(name = "logs", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Show log entries of the cluster, merged across nodes (like journalctl).",
            "With no --since/--until: the last 10 entries (--lines)."})
public class LogsCommand implements Callable<Integer> {

    private static final Pattern RELATIVE = Pattern.compile("-?(\\d+)\\s*(s|m|h|d)(?:\\s+ago)?");

    @Mixin
    Server server;

    @Option(names = "--node", paramLabel = "NODE_ID", description = "only these nodes (repeatable)")
    List<String> nodes = new ArrayList<>();

    @Option(names = "--agent", paramLabel = "AGENT_ID", description = "only the node of this Mesos agent")
    String agent;

    @Option(names = {"-t", "--task"}, paramLabel = "TASK", description = "a task's stdout/stderr: id, name or unique id prefix")
    String task;

    @Option(names = "--framework", paramLabel = "FRAMEWORK_ID", description = "the tasks of one framework")
    String framework;

    @Option(names = {"-u", "--unit", "--component"}, paramLabel = "UNIT", description = "a systemd unit (UNIT or _SYSTEMD_UNIT)")
    String unit;

    @Option(names = {"-m", "--match"}, paramLabel = "FIELD=VALUE",
            description = "journal match (repeatable; same field OR, different fields AND; '+' starts an OR-group)")
    List<String> matches = new ArrayList<>();

    @Option(names = {"-S", "--since"}, paramLabel = "TIME",
            description = "from TIME: RFC 3339, µs since the epoch, or ago: 30s, 10m, 2h, 1d")
    String since;

    @Option(names = {"-U", "--until"}, paramLabel = "TIME", description = "up to TIME (same forms as --since)")
    String until;

    @Option(names = {"-n", "--lines"}, paramLabel = "N|all",
            description = "the last N entries (default 10 without --since/--until); with --since: the first N; all: no limit")
    String lines;

    @Option(names = {"-f", "--follow"}, description = "keep printing new entries; reconnects on network errors")
    boolean follow;

    @Option(names = {"-g", "--grep"}, paramLabel = "REGEX", description = "only entries whose MESSAGE matches (Java regex)")
    String grep;

    @Option(names = {"-p", "--priority"}, paramLabel = "PRIO",
            description = "0-7 or a name (err): that and more severe; or a range warning..info")
    String priority;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "short (default), cat, json (the API's NDJSON), export")
    String output = "short";

    @Option(names = "--color", paramLabel = "WHEN", description = "node colours: auto (default: on a terminal), always, never")
    String color = "auto";

    @Override
    public Integer call() throws IOException {
        String format = output.toLowerCase(Locale.ROOT);
        if (!List.of("short", "cat", "json", "export").contains(format)) {
            throw new CliException(ExitCode.USAGE, "-o must be short, cat, json or export, not '" + output + "'");
        }
        if (!List.of("auto", "always", "never").contains(color)) {
            throw new CliException(ExitCode.USAGE, "--color must be auto, always or never, not '" + color + "'");
        }
        List<String[]> filters = filters();
        List<String[]> start = start();
        long limit = limitOf(start);
        Api api = server.api();
        OutputStream out = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 64 * 1024);
        BodyReader reader;
        if (format.equals("export")) {
            reader = new ExportReader(out);
        } else {
            boolean textual = !format.equals("json");
            List<String> prefixNodes = textual ? prefixNodes(api) : null;
            EntryPrinter.Format f = switch (format) {
                case "cat" -> EntryPrinter.Format.CAT;
                case "json" -> EntryPrinter.Format.JSON;
                default -> EntryPrinter.Format.SHORT;
            };
            reader = new NdjsonReader(new EntryPrinter(f, out, prefixNodes, colours()));
        }
        try {
            return run(api, reader, filters, start, limit);
        } catch (BrokenPipe e) {
            return ExitCode.OK; // the reader of our output went away (e.g. | head)
        }
    }

    private int run(Api api, BodyReader reader, List<String[]> filters, List<String[]> start, long limit) {
        long backoffMs = 250;
        boolean lost = false;
        while (true) {
            List<String[]> params = new ArrayList<>(filters);
            if (reader.cursor == null) {
                params.addAll(start); // nothing written yet: the original request again
            } else {
                params.add(new String[] {"after_cursor", reader.cursor});
                if (follow) {
                    params.add(new String[] {"follow", "true"});
                }
                if (limit > 0) {
                    params.add(new String[] {"limit", Long.toString(limit - reader.written)});
                }
            }
            InputStream body;
            try {
                body = api.stream("/api/v1/entries" + Api.query(params), reader.accept());
            } catch (CliException.Unreachable e) {
                if (!follow) {
                    throw e;
                }
                if (!lost) {
                    System.err.println("tributary: " + e.getMessage() + "; retrying");
                    lost = true;
                }
                sleep(backoffMs);
                backoffMs = Math.min(backoffMs * 2, 2000);
                continue;
            }
            if (lost) {
                System.err.println("tributary: reconnected to " + api.url());
                lost = false;
            }
            backoffMs = 250;
            try (InputStream in = body) {
                reader.read(in);
            } catch (IOException e) {
                if (isBrokenPipe(e)) {
                    throw new BrokenPipe();
                }
                if (!follow) {
                    throw new CliException(ExitCode.UNAVAILABLE, "connection to " + api.url() + " broke: " + e.getMessage());
                }
                System.err.println("tributary: connection lost (" + e.getMessage() + "); reconnecting");
                lost = true;
                continue;
            }
            if (!follow || (limit > 0 && reader.written >= limit)) {
                return reader.partial ? ExitCode.PARTIAL : ExitCode.OK;
            }
            // a follow only ends when log-query goes away or cuts us off: resume
            if (!reader.closedByServer) {
                System.err.println("tributary: the stream ended; reconnecting");
            }
            lost = true;
        }
    }

    /** What selects entries: the same on the first request and on every resume. */
    List<String[]> filters() {
        List<String[]> p = new ArrayList<>();
        for (String n : nodes) {
            p.add(new String[] {"node", n});
        }
        add(p, "agent", agent);
        add(p, "task", task);
        add(p, "framework", framework);
        add(p, "unit", unit);
        for (String m : matches) {
            if (!m.equals("+") && (m.indexOf('=') <= 0)) {
                throw new CliException(ExitCode.USAGE, "--match needs FIELD=VALUE (or +), not '" + m + "'");
            }
            p.add(new String[] {"match", m});
        }
        add(p, "grep", grep);
        add(p, "priority", priority);
        if (until != null) {
            p.add(new String[] {"until", time(until, "--until")});
        }
        return p;
    }

    /** Where the first request starts. */
    List<String[]> start() {
        List<String[]> p = new ArrayList<>();
        Long n = null;
        if (lines != null && !lines.equals("all")) {
            try {
                n = Long.parseLong(lines);
            } catch (NumberFormatException e) {
                n = -1L;
            }
            if (n < 0) {
                throw new CliException(ExitCode.USAGE, "--lines must be a number or all, not '" + lines + "'");
            }
        }
        if (since != null) {
            p.add(new String[] {"since", time(since, "--since")});
            if (n != null) {
                p.add(new String[] {"limit", Long.toString(n)});
            }
        } else if ("all".equals(lines) || (lines == null && until != null)) {
            p.add(new String[] {"position", "head"});
        } else {
            p.add(new String[] {"skip", "-" + (n == null ? 10 : n)});
        }
        if (follow) {
            p.add(new String[] {"follow", "true"});
        }
        return p;
    }

    private static long limitOf(List<String[]> start) {
        for (String[] p : start) {
            if (p[0].equals("limit")) {
                return Long.parseLong(p[1]);
            }
        }
        return 0;
    }

    /** The nodes to prefix lines with, or null when the output comes from one node only (one node, one agent). */
    private List<String> prefixNodes(Api api) {
        if (agent != null || nodes.size() == 1 && !nodes.get(0).contains(",")) {
            return null;
        }
        JsonNode all = api.json("/api/v1/nodes").path("nodes");
        List<String> ids = new ArrayList<>();
        all.forEach(n -> ids.add(n.path("node_id").asText()));
        ids.sort(null);
        return ids.size() > 1 ? ids : null;
    }

    private boolean colours() {
        return switch (color) {
            case "always" -> true;
            case "never" -> false;
            default -> stdoutIsTerminal() && System.getenv("NO_COLOR") == null && !"dumb".equals(System.getenv("TERM"));
        };
    }

    /**
     * Whether stdout is a terminal: what the launcher found ({@code [ -t 1 ]} → {@code -Dtributary.stdout-tty}), else
     * (the jar run directly) {@link System#console()}, which on Java 17 also needs stdin to be the terminal.
     */
    static boolean stdoutIsTerminal() {
        String fromLauncher = System.getProperty("tributary.stdout-tty");
        return fromLauncher != null ? Boolean.parseBoolean(fromLauncher) : System.console() != null;
    }

    /** RFC 3339 and µs pass through (log-query checks them); 30s, 10m, 2h, 1d (ago) become RFC 3339. */
    static String time(String value, String option) {
        Matcher m = RELATIVE.matcher(value.strip().toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            Duration d = switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
            return Instant.now().minus(d).toString();
        }
        if (value.isBlank()) {
            throw new CliException(ExitCode.USAGE, option + " is empty");
        }
        return value.strip();
    }

    private static void add(List<String[]> p, String name, String value) {
        if (value != null) {
            p.add(new String[] {name, value});
        }
    }

    private static boolean isBrokenPipe(IOException e) {
        return e.getMessage() != null && e.getMessage().contains("Broken pipe");
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCode.UNAVAILABLE, "interrupted");
        }
    }

    /** Our stdout was closed. */
    private static final class BrokenPipe extends RuntimeException {
        BrokenPipe() {
            super(null, null, false, false);
        }
    }
}
