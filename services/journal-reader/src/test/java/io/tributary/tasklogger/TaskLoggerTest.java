package io.tributary.tasklogger;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.reader.sdjournal.JournalEntry;
import io.tributary.testkit.PrivateJournald;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The task logger run in-process against a real, private journald; entries are read back with sd-journal. */
class TaskLoggerTest {

    static PrivateJournald journald;

    @TempDir
    Path tmp;

    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeAll
    static void startJournald() throws Exception {
        journald = PrivateJournald.start();
    }

    @AfterAll
    static void stopJournald() {
        if (journald != null) {
            journald.close();
        }
    }

    static String taskId() {
        return "tl-" + UUID.randomUUID();
    }

    int run(Map<String, String> env, InputStream stdin, String... args) {
        return new TaskLogger(env, stdin, new PrintStream(out, true), new PrintStream(err, true)).run(List.of(args));
    }

    /** Runs with --namespace of the private journald and the given task ID. */
    int run(String taskId, String... rest) {
        List<String> args = new ArrayList<>(List.of("--namespace", journald.namespace(), "--task-id", taskId));
        args.addAll(List.of(rest));
        return run(Map.of(), InputStream.nullInputStream(), args.toArray(String[]::new));
    }

    static List<String> messages(List<JournalEntry> entries) {
        return entries.stream().map(e -> e.text("MESSAGE")).toList();
    }

    @Test
    void everyIdAndLabelIsWritten() throws Exception {
        String task = taskId();
        int exit = run(Map.of(), InputStream.nullInputStream(), "--namespace", journald.namespace(),
                "--framework-id", "fw-1", "--executor-id", "ex-1", "--container-id", "ct-1", "--agent-id", "ag-1",
                "--task-id", task, "--label", "app.name=web", "--label=team-x=core", "--", "echo", "hello");
        assertEquals(0, exit, err.toString());
        List<JournalEntry> entries = JournalReadBack.entries(journald, task, 1);
        assertEquals(1, entries.size());
        JournalEntry e = entries.get(0);
        assertEquals("hello", e.text("MESSAGE"));
        assertEquals("STDOUT", e.text("STREAM"));
        assertEquals("fw-1", e.text("FRAMEWORK_ID"));
        assertEquals("ex-1", e.text("EXECUTOR_ID"));
        assertEquals("ct-1", e.text("CONTAINER_ID"));
        assertEquals("ag-1", e.text("AGENT_ID"));
        assertEquals(task, e.text("TASK_ID"));
        assertEquals(task, e.text("SYSLOG_IDENTIFIER"));
        assertEquals("web", e.text("APP_NAME"));
        assertEquals("core", e.text("TEAM_X"));
        assertNull(e.text("LINE_BREAK"));
        assertEquals(journald.namespace(), e.text("_NAMESPACE"));
    }

    @Test
    void idsFallBackToTheMesosExecutorEnvironment() throws Exception {
        String task = taskId();
        Map<String, String> env = Map.of("MESOS_FRAMEWORK_ID", "fw-env", "MESOS_EXECUTOR_ID", "ex-env",
                "MESOS_SLAVE_ID", "ag-env", "MESOS_TASK_ID", task,
                "MESOS_DIRECTORY", "/var/lib/mesos/slaves/ag-env/frameworks/fw-env/executors/ex-env/runs/ct-env");
        int exit = run(env, InputStream.nullInputStream(), "--socket", journald.socketPath().toString(),
                "--", "echo", "from env");
        assertEquals(0, exit, err.toString());
        JournalEntry e = JournalReadBack.entries(journald, task, 1).get(0);
        assertEquals("fw-env", e.text("FRAMEWORK_ID"));
        assertEquals("ex-env", e.text("EXECUTOR_ID"));
        assertEquals("ct-env", e.text("CONTAINER_ID"));
        assertEquals("ag-env", e.text("AGENT_ID"));
        assertEquals(task, e.text("SYSLOG_IDENTIFIER"));
    }

    @Test
    void stdoutAndStderrAreTold() throws Exception {
        String task = taskId();
        assertEquals(0, run(task, "--", "bash", "-c", "echo to-out; echo to-err >&2"), err.toString());
        List<JournalEntry> entries = JournalReadBack.entries(journald, task, 2);
        assertEquals(2, entries.size());
        for (JournalEntry e : entries) {
            assertEquals(e.text("MESSAGE").equals("to-out") ? "STDOUT" : "STDERR", e.text("STREAM"));
        }
        assertEquals(List.of("to-err", "to-out"), messages(entries).stream().sorted().toList());
    }

    @Test
    void emptyLinesAreKept() throws Exception {
        String task = taskId();
        assertEquals(0, run(task, "--", "printf", "a\\n\\n\\nb\\n"), err.toString());
        assertEquals(List.of("a", "", "", "b"), messages(JournalReadBack.entries(journald, task, 4)));
    }

    @Test
    void aLineWrittenInSlowChunksArrivesWhole() throws Exception {
        String task = taskId();
        // Each printf is a separate write with a pause: the logger's reads see the line in pieces.
        String script = "for i in 1 2 3 4 5; do printf 'part%s-' $i; sleep 0.1; done; printf 'end\\nnext\\n'";
        assertEquals(0, run(task, "--", "bash", "-c", script), err.toString());
        assertEquals(List.of("part1-part2-part3-part4-part5-end", "next"),
                messages(JournalReadBack.entries(journald, task, 2)));
    }

    @Test
    void aLongLineIsSplitWithTheMarkerAndReassemblesExactly() throws Exception {
        String task = taskId();
        byte[] line = new byte[3 * 65536 + 1234];
        Random random = new Random(42);
        for (int i = 0; i < line.length; i++) {
            line[i] = (byte) (32 + random.nextInt(95)); // printable, so no '\n' inside
        }
        Path file = tmp.resolve("long.txt");
        Files.write(file, concat(line, "\nafter\n".getBytes(UTF_8)));
        assertEquals(0, run(task, "--", "cat", file.toString()), err.toString());

        List<JournalEntry> entries = JournalReadBack.entries(journald, task, 5);
        assertEquals(5, entries.size());
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        for (int i = 0; i < 4; i++) {
            JournalEntry e = entries.get(i);
            whole.write(e.value("MESSAGE"));
            if (i < 3) {
                assertEquals(65536, e.value("MESSAGE").length);
                assertEquals("line-max", e.text("LINE_BREAK"));
            } else {
                assertEquals(1234, e.value("MESSAGE").length);
                assertNull(e.text("LINE_BREAK"), "the last piece carries no marker");
            }
        }
        assertArrayEquals(line, whole.toByteArray());
        assertEquals("after", entries.get(4).text("MESSAGE"));
        assertNull(entries.get(4).text("LINE_BREAK"));
    }

    @Test
    void maxLineBytesIsAnOption() throws Exception {
        String task = taskId();
        assertEquals(0, run(task, "--max-line-bytes", "4", "--", "printf", "abcdefghij\\nabcd\\n"), err.toString());
        List<JournalEntry> entries = JournalReadBack.entries(journald, task, 4);
        assertEquals(List.of("abcd", "efgh", "ij", "abcd"), messages(entries));
        assertEquals("line-max", entries.get(0).text("LINE_BREAK"));
        assertEquals("line-max", entries.get(1).text("LINE_BREAK"));
        assertNull(entries.get(2).text("LINE_BREAK"));
        assertNull(entries.get(3).text("LINE_BREAK"));
    }

    @Test
    void bytesArePreservedExactly() throws Exception {
        String task = taskId();
        byte[][] lines = {
                {(byte) 0xff, (byte) 0xfe, 'x', (byte) 0xc3, '(', (byte) 0xe2, (byte) 0x82}, // invalid UTF-8
                "\u001b[31mred\u001b[0m \u001b[1;32mbold green\u001b[K".getBytes(UTF_8),        // ANSI escapes
                "windows line\r".getBytes(UTF_8),                                           // \r is data
                {'n', 'u', 'l', 0, 't', 'a', 'b', '\t', 'b', 'e', 'l', 7},                     // NUL and controls
                "héllo wörld ✓".getBytes(UTF_8),
        };
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] l : lines) {
            content.write(l);
            content.write('\n');
        }
        Path file = tmp.resolve("bytes.bin");
        Files.write(file, content.toByteArray());
        assertEquals(0, run(task, "--", "cat", file.toString()), err.toString());
        List<JournalEntry> entries = JournalReadBack.entries(journald, task, lines.length);
        assertEquals(lines.length, entries.size());
        for (int i = 0; i < lines.length; i++) {
            assertArrayEquals(lines[i], entries.get(i).value("MESSAGE"), "line " + i);
        }
    }

    @Test
    void aFinalLineWithoutNewlineIsWrittenAtEof() throws Exception {
        String task = taskId();
        assertEquals(0, run(task, "--", "printf", "first\\nlast words"), err.toString());
        List<JournalEntry> entries = JournalReadBack.entries(journald, task, 2);
        assertEquals(List.of("first", "last words"), messages(entries));
        assertNull(entries.get(0).text("LINE_BREAK"));
        assertEquals("eof", entries.get(1).text("LINE_BREAK"));
    }

    @Test
    void theExitCodeIsTheCommands() {
        assertEquals(0, run(taskId(), "--", "bash", "-c", "exit 0"), err.toString());
        assertEquals(3, run(taskId(), "--", "bash", "-c", "exit 3"), err.toString());
        assertEquals(128 + 9, run(taskId(), "--", "bash", "-c", "kill -KILL $$"), err.toString());
        assertEquals(128 + 15, run(taskId(), "--", "bash", "-c", "kill -TERM $$"), err.toString());
    }

    @Test
    void aCommandThatCannotStartGives127() throws Exception {
        String task = taskId();
        assertEquals(127, run(task, "--", "no-such-command-tributary"));
        assertTrue(err.toString().contains("cannot start no-such-command-tributary"), err.toString());
        assertTrue(err.toString().contains("No such file or directory"), err.toString());
        assertEquals(List.of(), JournalReadBack.read(journald, task));
    }

    @Test
    void withoutACommandStdinIsLogged() throws Exception {
        String task = taskId();
        byte[] input = "one\n\ntwo\nthree".getBytes(UTF_8);
        int exit = run(Map.of(), new ByteArrayInputStream(input), "--namespace", journald.namespace(),
                "--task-id", task);
        assertEquals(0, exit, err.toString());
        List<JournalEntry> entries = JournalReadBack.entries(journald, task, 4);
        assertEquals(List.of("one", "", "two", "three"), messages(entries));
        for (JournalEntry e : entries) {
            assertEquals("STDOUT", e.text("STREAM"));
            assertEquals(task, e.text("SYSLOG_IDENTIFIER"));
        }
    }

    @Test
    void twentyThousandLinesPerStreamAllArriveInOrder() throws Exception {
        String task = taskId();
        int n = 20_000;
        // Two writers at full speed, one per stream; seq writes in 4 KiB blocks, far faster than journald takes
        // entries, so the pipes and journald's socket queue fill up and the logger has to wait without losing any.
        String script = "seq -f 'out %.0f' 0 " + (n - 1) + " & seq -f 'err %.0f' 0 " + (n - 1) + " >&2; wait";
        long start = System.nanoTime();
        assertEquals(0, run(task, "--", "bash", "-c", script), err.toString());
        long millis = (System.nanoTime() - start) / 1_000_000;
        List<JournalEntry> entries = JournalReadBack.entries(journald, task, 2 * n);
        assertEquals(2 * n, entries.size());
        int nextOut = 0;
        int nextErr = 0;
        for (JournalEntry e : entries) {
            String m = e.text("MESSAGE");
            if (e.text("STREAM").equals("STDOUT")) {
                assertEquals("out " + nextOut++, m);
            } else {
                assertEquals("err " + nextErr++, m);
            }
        }
        assertEquals(n, nextOut);
        assertEquals(n, nextErr);
        System.out.println("task-logger: " + 2 * n + " lines logged in " + millis + " ms");
    }

    @Test
    void aMissingSocketStopsTheCommandFromStarting() throws Exception {
        Path marker = tmp.resolve("ran");
        int exit = run(Map.of(), InputStream.nullInputStream(), "--socket", tmp.resolve("nothing").toString(),
                "--", "touch", marker.toString());
        assertEquals(TaskLogger.EXIT_LOGGER_FAILED, exit);
        assertTrue(err.toString().contains("does not exist"), err.toString());
        assertFalse(Files.exists(marker), "the command must not run");
    }

    @Test
    void aFailedWriteIsReportedAndTheLinesGoToTheLoggersOwnOutput() throws Exception {
        // A socket file nobody listens on, like journald's after journald died: sendto() is refused.
        Path dead = tmp.resolve("dead.socket");
        try (ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            s.bind(UnixDomainSocketAddress.of(dead));
        }
        int exit = run(Map.of(), InputStream.nullInputStream(), "--socket", dead.toString(),
                "--", "bash", "-c", "echo out1; echo out2; echo err1 >&2; exit 4");
        assertEquals(TaskLogger.EXIT_LOGGER_FAILED, exit);
        String e = err.toString();
        assertTrue(e.contains("writing STDOUT to journald failed: sendto: ECONNREFUSED"), e);
        assertTrue(e.contains("exited with status 4, but not all of its output reached journald"), e);
        assertTrue(e.contains("err1\n"), e);
        assertEquals("out1\nout2\n", out.toString());
    }

    @Test
    void badLabelsAreRefused() {
        assertEquals(TaskLogger.EXIT_LOGGER_FAILED, run(taskId(), "--label", "1st=x", "--", "true"));
        assertEquals(TaskLogger.EXIT_LOGGER_FAILED, run(taskId(), "--label", "-hidden=x", "--", "true"));
        assertEquals(TaskLogger.EXIT_LOGGER_FAILED, run(taskId(), "--label", "message=x", "--", "true"));
        assertTrue(err.toString().contains("which journald would drop"), err.toString());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = new byte[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
