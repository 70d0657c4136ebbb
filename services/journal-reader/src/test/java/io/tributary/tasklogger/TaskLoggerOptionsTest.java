package io.tributary.tasklogger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.tasklogger.TaskLoggerOptions.Label;
import io.tributary.tasklogger.TaskLoggerOptions.UsageException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskLoggerOptionsTest {

    static TaskLoggerOptions parse(Map<String, String> env, String... args) throws UsageException {
        return TaskLoggerOptions.parse(List.of(args), env);
    }

    @Test
    void optionsWinOverTheEnvironment() throws Exception {
        TaskLoggerOptions o = parse(Map.of("MESOS_TASK_ID", "env-task", "MESOS_AGENT_ID", "agent-env",
                "MESOS_SLAVE_ID", "slave-env"), "--task-id", "opt-task", "--framework-id=fw", "--", "cmd", "--x");
        assertEquals(Map.of("TASK_ID", "opt-task", "FRAMEWORK_ID", "fw", "AGENT_ID", "agent-env"), o.ids());
        assertEquals(List.of("cmd", "--x"), o.command());
    }

    @Test
    void agentFallsBackToTheOldSlaveVariable() throws Exception {
        assertEquals("s1", parse(Map.of("MESOS_SLAVE_ID", "s1")).ids().get("AGENT_ID"));
    }

    @Test
    void containerIdComesFromTheSandboxPathWhenMesosDoesNotExportIt() throws Exception {
        String dir = "/var/lib/mesos/slaves/S1/frameworks/F1/executors/E1/runs/c0ffee";
        assertEquals("c0ffee", parse(Map.of("MESOS_DIRECTORY", dir)).ids().get("CONTAINER_ID"));
        assertEquals("nested", parse(Map.of("MESOS_DIRECTORY", dir + "/containers/nested/")).ids().get("CONTAINER_ID"));
        assertEquals("explicit", parse(Map.of("MESOS_DIRECTORY", dir, "MESOS_CONTAINER_ID", "explicit"))
                .ids().get("CONTAINER_ID"));
        assertNull(parse(Map.of("MESOS_DIRECTORY", "/tmp/sandbox")).ids().get("CONTAINER_ID"));
    }

    @Test
    void unknownIdsAreLeftOut() throws Exception {
        assertEquals(Map.of(), parse(Map.of("MESOS_TASK_ID", ""), "--", "true").ids());
    }

    @Test
    void syslogIdentifierDefaultsToTaskIdThenCommandName() throws Exception {
        assertEquals("t1", parse(Map.of("MESOS_TASK_ID", "t1"), "/usr/bin/python3", "x").syslogIdentifier());
        assertEquals("python3", parse(Map.of(), "--", "/usr/bin/python3", "x").syslogIdentifier());
        assertEquals("task-logger", parse(Map.of()).syslogIdentifier());
        assertEquals("mine", parse(Map.of("MESOS_TASK_ID", "t1"), "--syslog-identifier", "mine").syslogIdentifier());
    }

    @Test
    void labelNamesAreNormalised() throws Exception {
        TaskLoggerOptions o = parse(Map.of(), "--label", "app.name=web=1", "--label", "dc/os-zone=a", "--label",
                "xÄ=ü", "--label", "empty=");
        assertEquals(List.of(new Label("APP_NAME", "web=1"), new Label("DC_OS_ZONE", "a"), new Label("X_", "ü"),
                new Label("EMPTY", "")), o.labels());
    }

    @Test
    void labelsJournaldWouldDropAreRefused() {
        for (String bad : List.of("=x", "9lives=x", "_trusted=x", "-x=1", "a".repeat(65) + "=x", "noequals",
                "stream=x", "task.id=x")) {
            assertThrows(UsageException.class, () -> parse(Map.of(), "--label", bad), bad);
        }
    }

    @Test
    void targets() throws Exception {
        assertNull(parse(Map.of()).socket());
        assertEquals(Path.of("/run/systemd/journal.ns1/socket"), parse(Map.of(), "--namespace", "ns1").socket());
        assertEquals(Path.of("/tmp/s"), parse(Map.of(), "--socket", "/tmp/s").socket());
        assertThrows(UsageException.class, () -> parse(Map.of(), "--namespace", "a", "--socket", "/tmp/s"));
        assertThrows(UsageException.class, () -> parse(Map.of(), "--namespace", "../etc"));
    }

    @Test
    void maxLineBytes() throws Exception {
        assertEquals(65536, parse(Map.of()).maxLineBytes());
        assertEquals(10, parse(Map.of(), "--max-line-bytes", "10").maxLineBytes());
        for (String bad : List.of("0", "-1", "x", "99999999999")) {
            assertThrows(UsageException.class, () -> parse(Map.of(), "--max-line-bytes", bad), bad);
        }
    }

    @Test
    void usageErrors() {
        UsageException e = assertThrows(UsageException.class, () -> parse(Map.of(), "--bogus", "x"));
        assertEquals("unknown option --bogus", e.getMessage());
        e = assertThrows(UsageException.class, () -> parse(Map.of(), "--task-id"));
        assertEquals("--task-id needs a value", e.getMessage());
    }

    @Test
    void theCommandStartsAtTheFirstNonOption() throws Exception {
        TaskLoggerOptions o = parse(Map.of(), "--task-id", "t", "echo", "--task-id", "x");
        assertEquals(List.of("echo", "--task-id", "x"), o.command());
        assertTrue(parse(Map.of(), "--help").help());
    }
}
