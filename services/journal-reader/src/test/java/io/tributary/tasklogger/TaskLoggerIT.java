package io.tributary.tasklogger;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.reader.sdjournal.JournalEntry;
import io.tributary.testkit.PrivateJournald;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The packaged {@code task-logger} command, run as its own process (failsafe, after the jar is built). */
class TaskLoggerIT {

    static final Path JAR = Path.of(System.getProperty("reader.jar", "target/quarkus-app/quarkus-run.jar"));
    static final Path LAUNCHER = Path.of(System.getProperty("task-logger.launcher", "src/main/bin/tributary-task-logger"));
    static PrivateJournald journald;

    @BeforeAll
    static void start() throws Exception {
        assertTrue(Files.exists(JAR), "the packaged reader is needed (failsafe runs this after package): " + JAR);
        journald = PrivateJournald.start();
    }

    @AfterAll
    static void stop() {
        if (journald != null) {
            journald.close();
        }
    }

    static ProcessBuilder taskLogger(String task, String... command) {
        List<String> args = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString(), "task-logger", "--namespace", journald.namespace(), "--task-id", task));
        args.addAll(List.of(command));
        return new ProcessBuilder(args);
    }

    static String task() {
        return "tl-it-" + UUID.randomUUID();
    }

    @Test
    void thePackagedCommandLogsAndExitsWithTheCommandsStatus() throws Exception {
        String task = task();
        Process p = taskLogger(task, "--label", "app=it", "--", "bash", "-c", "echo hi; echo oops >&2; exit 7").start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        String out = new String(p.getInputStream().readAllBytes(), UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), UTF_8);
        assertEquals(7, p.exitValue(), err);
        assertEquals("", out, "the task's output goes to journald only; no Quarkus start-up either");
        assertEquals("", err);
        List<JournalEntry> entries = JournalReadBack.entries(journald, task, 2);
        assertEquals(2, entries.size());
        for (JournalEntry e : entries) {
            assertEquals(e.text("MESSAGE").equals("hi") ? "STDOUT" : "STDERR", e.text("STREAM"));
            assertEquals("it", e.text("APP"));
        }
    }

    @Test
    void theLauncherScriptAndTheCommandsStdin() throws Exception {
        String task = task();
        ProcessBuilder pb = new ProcessBuilder("bash", LAUNCHER.toString(), "--namespace", journald.namespace(),
                "--task-id", task, "--", "cat"); // cat reads the logger's stdin: it is inherited
        pb.environment().put("TRIBUTARY_READER_JAR", JAR.toString());
        Process p = pb.redirectErrorStream(true).start();
        try (OutputStream stdin = p.getOutputStream()) {
            stdin.write("via stdin\nsecond\n".getBytes(UTF_8));
        }
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), new String(p.getInputStream().readAllBytes(), UTF_8));
        List<JournalEntry> entries = JournalReadBack.entries(journald, task, 2);
        assertEquals(List.of("via stdin", "second"), TaskLoggerTest.messages(entries));
    }

    @Test
    void sigtermToTheLoggerReachesTheTaskAndItsLastLinesAreLogged() throws Exception {
        String task = task();
        String script = "trap 'echo got TERM; exit 0' TERM; echo started; while true; do sleep 0.05; done";
        Process p = taskLogger(task, "--", "bash", "-c", script).start();
        assertEquals(1, JournalReadBack.entries(journald, task, 1).size(), "the task did not start");
        p.toHandle().destroy(); // SIGTERM, as an executor killing the task would send (Process.destroy() also closes our pipes)
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(128 + 15, p.exitValue());
        assertEquals("", new String(p.getErrorStream().readAllBytes(), UTF_8));
        assertEquals(List.of("started", "got TERM"), TaskLoggerTest.messages(JournalReadBack.entries(journald, task, 2)));
    }
}
