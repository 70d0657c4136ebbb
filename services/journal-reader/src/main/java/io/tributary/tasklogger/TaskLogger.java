package io.tributary.tasklogger;

import io.tributary.reader.sdjournal.JournalException;
import io.tributary.reader.sdjournal.JournalWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The {@code task-logger} command: runs a task's command (or reads stdin) and writes each line of its stdout and
 * stderr into journald, one entry per line, with the task's Mesos IDs attached. See {@link TaskLoggerOptions#USAGE}.
 */
public final class TaskLogger {

    /** The task logger itself failed: bad usage, journald unreachable, or a line that could not be written. */
    public static final int EXIT_LOGGER_FAILED = 125;
    /** The command could not be started (as a shell says for "command not found"). */
    public static final int EXIT_CANNOT_START = 127;

    static final Path DEFAULT_SOCKET = Path.of("/run/systemd/journal/socket");
    /** On SIGTERM to the logger: how long the child's last lines may take to reach journald. */
    private static final long DRAIN_ON_SHUTDOWN_MILLIS = 10_000;

    private final Map<String, String> env;
    private final InputStream stdin;
    private final PrintStream out;
    private final PrintStream err;

    public TaskLogger(Map<String, String> env, InputStream stdin, PrintStream out, PrintStream err) {
        this.env = env;
        this.stdin = stdin;
        this.out = out;
        this.err = err;
    }

    /** The command line entry point: the process's environment and standard streams. Returns the exit status. */
    public static int run(String... args) {
        return new TaskLogger(System.getenv(), System.in, System.out, System.err).run(Arrays.asList(args));
    }

    public int run(List<String> args) {
        TaskLoggerOptions options;
        try {
            options = TaskLoggerOptions.parse(args, env);
        } catch (TaskLoggerOptions.UsageException e) {
            err.println("task-logger: " + e.getMessage());
            err.println("Try 'task-logger --help'.");
            return EXIT_LOGGER_FAILED;
        }
        if (options.help()) {
            out.print(TaskLoggerOptions.USAGE);
            out.flush();
            return 0;
        }
        // Refuse to start the task when its output has nowhere to go (a stale socket still passes: the first
        // write then fails and is reported).
        Path socket = options.socket() != null ? options.socket() : DEFAULT_SOCKET;
        if (!Files.exists(socket)) {
            err.println("task-logger: journald socket " + socket + " does not exist (journald or the namespace"
                    + " is not running); the command was not started");
            return EXIT_LOGGER_FAILED;
        }
        List<byte[]> fields = commonFields(options);
        return options.command().isEmpty() ? logStdin(options, fields) : runCommand(options, fields);
    }

    /** The fields every entry carries: the known IDs, SYSLOG_IDENTIFIER, then the labels. */
    static List<byte[]> commonFields(TaskLoggerOptions options) {
        List<byte[]> fields = new ArrayList<>();
        for (String id : List.of(TaskLoggerOptions.FRAMEWORK_ID, TaskLoggerOptions.EXECUTOR_ID,
                TaskLoggerOptions.CONTAINER_ID, TaskLoggerOptions.AGENT_ID, TaskLoggerOptions.TASK_ID)) {
            String value = options.ids().get(id);
            if (value != null) {
                fields.add(JournalWriter.field(id, value));
            }
        }
        fields.add(JournalWriter.field("SYSLOG_IDENTIFIER", options.syslogIdentifier()));
        for (TaskLoggerOptions.Label label : options.labels()) {
            fields.add(JournalWriter.field(label.name(), label.value()));
        }
        return fields;
    }

    private int logStdin(TaskLoggerOptions options, List<byte[]> fields) {
        JournalWriter writer;
        try {
            writer = open(options);
        } catch (JournalException e) {
            err.println("task-logger: cannot open journald: " + e.getMessage());
            return EXIT_LOGGER_FAILED;
        }
        StreamPump pump = new StreamPump("STDOUT", stdin, writer, fields, options.maxLineBytes(), out, err);
        pump.run();
        return pump.failed() ? EXIT_LOGGER_FAILED : 0;
    }

    private int runCommand(TaskLoggerOptions options, List<byte[]> fields) {
        JournalWriter stdoutWriter;
        JournalWriter stderrWriter;
        try {
            stdoutWriter = open(options);
        } catch (JournalException e) {
            err.println("task-logger: cannot open journald: " + e.getMessage() + "; the command was not started");
            return EXIT_LOGGER_FAILED;
        }
        try {
            stderrWriter = open(options);
        } catch (JournalException e) {
            stdoutWriter.close();
            err.println("task-logger: cannot open journald: " + e.getMessage() + "; the command was not started");
            return EXIT_LOGGER_FAILED;
        }

        Process process;
        try {
            process = new ProcessBuilder(options.command())
                    .redirectInput(ProcessBuilder.Redirect.INHERIT)
                    .start();
        } catch (IOException | RuntimeException e) {
            stdoutWriter.close();
            stderrWriter.close();
            err.println("task-logger: cannot start " + options.command().get(0) + ": " + reason(e));
            return EXIT_CANNOT_START;
        }

        StreamPump stdoutPump = new StreamPump("STDOUT", process.getInputStream(), stdoutWriter, fields,
                options.maxLineBytes(), out, err);
        StreamPump stderrPump = new StreamPump("STDERR", process.getErrorStream(), stderrWriter, fields,
                options.maxLineBytes(), err, err);
        Thread stdoutThread = new Thread(stdoutPump, "task-logger-stdout");
        Thread stderrThread = new Thread(stderrPump, "task-logger-stderr");
        stdoutThread.start();
        stderrThread.start();

        // If the logger is told to stop (SIGTERM from the executor), pass it on to the task and give its last
        // lines a moment to reach journald, instead of leaving an orphan writing into a dead pipe.
        Thread forward = new Thread(() -> {
            // ProcessHandle.destroy() only sends SIGTERM; Process.destroy() would also close our ends of the
            // pipes and lose the task's last lines.
            process.toHandle().destroy();
            join(stdoutThread, DRAIN_ON_SHUTDOWN_MILLIS);
            join(stderrThread, DRAIN_ON_SHUTDOWN_MILLIS);
        }, "task-logger-shutdown");
        Runtime.getRuntime().addShutdownHook(forward);

        int exit = waitFor(process);
        // The task has exited, but its last lines may still be in the pipes (or a child of it may hold them open):
        // wait for both streams to end, so that nothing is cut off.
        join(stdoutThread, 0);
        join(stderrThread, 0);
        try {
            Runtime.getRuntime().removeShutdownHook(forward);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down; the hook runs anyway.
        }
        if (stdoutPump.failed() || stderrPump.failed()) {
            err.println("task-logger: " + options.command().get(0) + " exited with status " + exit
                    + ", but not all of its output reached journald");
            return EXIT_LOGGER_FAILED;
        }
        return exit;
    }

    private static JournalWriter open(TaskLoggerOptions options) {
        return options.socket() == null ? JournalWriter.sendv() : JournalWriter.socket(options.socket());
    }

    /** The exit status as a shell reports it: Process gives 128+N for a child killed by signal N on Unix. */
    private static int waitFor(Process process) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return process.waitFor();
                } catch (InterruptedException e) {
                    interrupted = true; // the task's status is the point of waiting; keep waiting
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Waits for the thread to end, at most millis (0: no limit). */
    private static void join(Thread thread, long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        boolean interrupted = false;
        while (thread.isAlive()) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (millis > 0 && left <= 0) {
                break;
            }
            try {
                thread.join(millis > 0 ? left : 0);
            } catch (InterruptedException e) {
                interrupted = true; // finish the job first; the caller sees the interrupt afterwards
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static String reason(Exception e) {
        // "Cannot run program "x": error=2, No such file or directory" -> "error=2, No such file or directory"
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        return cause.getMessage() != null ? cause.getMessage() : cause.toString();
    }
}
