package io.tributary.tasklogger;

import io.tributary.reader.sdjournal.FieldNames;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The task logger's command line, resolved against the environment a Mesos executor provides. Pure parsing: no
 * I/O, so every rule is testable without a journald.
 */
public record TaskLoggerOptions(
        Map<String, String> ids,          // journal field name -> value, only the IDs that are known
        String syslogIdentifier,
        List<Label> labels,               // in command-line order; a repeated name becomes a repeated field
        Path socket,                      // null: the default journald through sd_journal_sendv()
        int maxLineBytes,
        List<String> command,             // empty: read stdin
        boolean help) {

    public static final int DEFAULT_MAX_LINE_BYTES = 65536;
    /** Each stream holds at most one line piece in memory; this bounds that. */
    public static final int MAX_MAX_LINE_BYTES = 64 << 20;

    public static final String FRAMEWORK_ID = "FRAMEWORK_ID";
    public static final String EXECUTOR_ID = "EXECUTOR_ID";
    public static final String CONTAINER_ID = "CONTAINER_ID";
    public static final String AGENT_ID = "AGENT_ID";
    public static final String TASK_ID = "TASK_ID";

    /** Fields the logger writes itself; a label may not repeat them (it would make entries ambiguous). */
    static final Set<String> RESERVED = Set.of("MESSAGE", "STREAM", "LINE_BREAK", "SYSLOG_IDENTIFIER",
            FRAMEWORK_ID, EXECUTOR_ID, CONTAINER_ID, AGENT_ID, TASK_ID);

    /** Option -> field, and the environment variables tried in order when the option is absent. */
    private static final Map<String, IdSource> ID_OPTIONS = new LinkedHashMap<>();

    static {
        ID_OPTIONS.put("--framework-id", new IdSource(FRAMEWORK_ID, "MESOS_FRAMEWORK_ID"));
        ID_OPTIONS.put("--executor-id", new IdSource(EXECUTOR_ID, "MESOS_EXECUTOR_ID"));
        ID_OPTIONS.put("--container-id", new IdSource(CONTAINER_ID, "MESOS_CONTAINER_ID"));
        ID_OPTIONS.put("--agent-id", new IdSource(AGENT_ID, "MESOS_AGENT_ID", "MESOS_SLAVE_ID"));
        ID_OPTIONS.put("--task-id", new IdSource(TASK_ID, "MESOS_TASK_ID"));
    }

    private static final Set<String> VALUE_OPTIONS =
            Set.of("--syslog-identifier", "--label", "--namespace", "--socket", "--max-line-bytes");

    // Mesos puts the container ID only in the sandbox path: .../executors/<e>/runs/<container>[/containers/<nested>]
    private static final Pattern SANDBOX_CONTAINER = Pattern.compile("/(?:runs|containers)/([^/]+)/*$");
    private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9_.-]{0,63}");

    public record Label(String name, String value) {
    }

    private record IdSource(String field, String... env) {
    }

    /** A usage error: the message is meant for the user, as is. */
    public static final class UsageException extends Exception {
        public UsageException(String message) {
            super(message);
        }
    }

    public static TaskLoggerOptions parse(List<String> args, Map<String, String> env) throws UsageException {
        Map<String, String> given = new LinkedHashMap<>();
        List<Label> labels = new ArrayList<>();
        String syslogIdentifier = null;
        String namespace = null;
        Path socket = null;
        int maxLineBytes = DEFAULT_MAX_LINE_BYTES;
        List<String> command = List.of();
        boolean help = false;

        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--")) {
                command = List.copyOf(args.subList(i + 1, args.size()));
                break;
            }
            if (!arg.startsWith("--")) { // the command starts at the first non-option, as with env(1)
                command = List.copyOf(args.subList(i, args.size()));
                break;
            }
            if (arg.equals("--help")) {
                help = true;
                continue;
            }
            // --name value or --name=value
            String name = arg;
            String value;
            int eq = arg.indexOf('=');
            if (eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            } else {
                if (!ID_OPTIONS.containsKey(name) && !VALUE_OPTIONS.contains(name)) {
                    throw new UsageException("unknown option " + name);
                }
                if (i + 1 >= args.size()) {
                    throw new UsageException(name + " needs a value");
                }
                value = args.get(++i);
            }
            IdSource id = ID_OPTIONS.get(name);
            if (id != null) {
                given.put(id.field(), value);
                continue;
            }
            switch (name) {
                case "--syslog-identifier" -> syslogIdentifier = value;
                case "--label" -> labels.add(label(value));
                case "--namespace" -> namespace = value;
                case "--socket" -> socket = Path.of(value);
                case "--max-line-bytes" -> maxLineBytes = maxLineBytes(value);
                default -> throw new UsageException("unknown option " + name);
            }
        }
        if (namespace != null && socket != null) {
            throw new UsageException("--namespace and --socket exclude each other");
        }
        if (namespace != null) {
            if (!NAMESPACE.matcher(namespace).matches()) {
                throw new UsageException("invalid journal namespace '" + namespace + "'");
            }
            socket = Path.of("/run/systemd/journal." + namespace + "/socket");
        }

        Map<String, String> ids = new LinkedHashMap<>();
        for (IdSource id : ID_OPTIONS.values()) {
            String value = given.get(id.field());
            for (int e = 0; value == null && e < id.env().length; e++) {
                value = env.get(id.env()[e]);
            }
            if (value == null && id.field().equals(CONTAINER_ID)) {
                value = containerFromSandbox(env.get("MESOS_DIRECTORY"));
            }
            if (value != null && !value.isEmpty()) { // unknown IDs are left out rather than written empty
                ids.put(id.field(), value);
            }
        }
        if (syslogIdentifier == null || syslogIdentifier.isEmpty()) {
            syslogIdentifier = ids.containsKey(TASK_ID) ? ids.get(TASK_ID)
                    : !command.isEmpty() ? Path.of(command.get(0)).getFileName().toString()
                    : "task-logger";
        }
        return new TaskLoggerOptions(Map.copyOf(ids), syslogIdentifier, List.copyOf(labels), socket, maxLineBytes,
                command, help);
    }

    /** key=value; the name is upper-cased and every character outside [A-Z0-9_] becomes '_'. */
    static Label label(String spec) throws UsageException {
        int eq = spec.indexOf('=');
        if (eq < 0) {
            throw new UsageException("--label needs key=value, got '" + spec + "'");
        }
        String key = spec.substring(0, eq);
        StringBuilder name = new StringBuilder(key.length());
        for (char c : key.toUpperCase(Locale.ROOT).toCharArray()) {
            name.append((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ? c : '_');
        }
        String n = name.toString();
        // journald silently drops fields with such names: refuse them here instead
        if (!FieldNames.isWritable(n)) {
            throw new UsageException("label '" + key + "' becomes field name '" + n + "', which journald would drop"
                    + " (names must have 1-64 characters, not start with a digit or '_')");
        }
        if (RESERVED.contains(n)) {
            throw new UsageException("label '" + key + "' would repeat the field " + n + " the task logger writes;"
                    + " use the matching option instead");
        }
        return new Label(n, spec.substring(eq + 1));
    }

    private static int maxLineBytes(String value) throws UsageException {
        try {
            int n = Integer.parseInt(value);
            if (n >= 1 && n <= MAX_MAX_LINE_BYTES) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new UsageException("--max-line-bytes must be an integer from 1 to " + MAX_MAX_LINE_BYTES + ", got '"
                + value + "'");
    }

    static String containerFromSandbox(String sandbox) {
        if (sandbox == null) {
            return null;
        }
        Matcher m = SANDBOX_CONTAINER.matcher(sandbox);
        return m.find() ? m.group(1) : null;
    }

    public static final String USAGE = """
            usage: task-logger [options] [--] [command [args...]]

            Runs the command and writes each line of its stdout and stderr to journald as one entry, with the
            task's IDs attached. Without a command, logs the lines of stdin (STREAM=STDOUT).

              --framework-id ID      FRAMEWORK_ID  (default: $MESOS_FRAMEWORK_ID)
              --executor-id ID       EXECUTOR_ID   (default: $MESOS_EXECUTOR_ID)
              --container-id ID      CONTAINER_ID  (default: $MESOS_CONTAINER_ID, else the run ID in $MESOS_DIRECTORY)
              --agent-id ID          AGENT_ID      (default: $MESOS_AGENT_ID, else $MESOS_SLAVE_ID)
              --task-id ID           TASK_ID       (default: $MESOS_TASK_ID)
              --syslog-identifier S  SYSLOG_IDENTIFIER (default: the task ID, else the command's name)
              --label key=value      an extra field (repeatable); the name is upper-cased, other characters
                                     than A-Z, 0-9 and _ become _
              --namespace NS         write to the journald namespace NS (/run/systemd/journal.NS/socket)
              --socket PATH          write journald's native protocol to this socket
                                     (default for both: the system journald, through sd_journal_sendv)
              --max-line-bytes N     longer lines are split into pieces of N bytes (default 65536); every
                                     piece but the last carries LINE_BREAK=line-max
              --help                 this text

            Exit status: the command's (128+N if killed by signal N); 127 if it cannot be started; 125 if the
            task logger itself fails (bad usage, journald unreachable or a failed write).
            """;
}
