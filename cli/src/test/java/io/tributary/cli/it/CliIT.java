package io.tributary.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.testkit.JournalField;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The packaged CLI ({@code cli/bin/tributary}) as a subprocess against a real stack ({@link CliStack}): two nodes on
 * private journald namespaces (with Mesos agent ids), auth with the embedded issuer, topology, log-query. stdout is
 * a pipe, so no colours unless asked for (or run at a pseudo-terminal, {@link Cli#atTerminal}). The last test stops
 * a reader.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CliIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> NODES = List.of("c1a0000000000000000000000000000a", "c2b0000000000000000000000000000b");
    static final String RUN = "run" + UUID.randomUUID().toString().substring(0, 8);
    static final String WEB = "web." + UUID.randomUUID();
    static final String API = "api." + UUID.randomUUID();
    static final List<String> AGENTS = List.of("cli-agent-S0-" + RUN, "cli-agent-S1-" + RUN);
    static final String FW = "fw-cli-0001";
    static final int PER_NODE = 5;

    static CliStack stack;
    static String admin;
    static Path config;
    static Map<String, String> env;

    @BeforeAll
    static void start() throws Exception {
        stack = new CliStack(NODES, AGENTS);
        for (int n = 0; n < 2; n++) {
            String task = n == 0 ? WEB : API;
            for (int k = 0; k < PER_NODE; k++) {
                stack.journals.get(n).send(JournalField.of("MESSAGE", "sys n" + n + " " + k), JournalField.of("CLIRUN", RUN),
                        JournalField.of("UNIT", "ssh.service"), JournalField.of("SYSLOG_IDENTIFIER", "sshd"),
                        JournalField.of("PRIORITY", "6"));
                stack.journals.get(n).send(JournalField.of("MESSAGE", "task " + task + " " + k), JournalField.of("CLIRUN", RUN),
                        JournalField.of("TASK_ID", task), JournalField.of("EXECUTOR_ID", task), JournalField.of("FRAMEWORK_ID", FW),
                        JournalField.of("SYSLOG_IDENTIFIER", task), JournalField.of("PRIORITY", k == 3 ? "3" : "6"));
            }
        }
        admin = stack.login("admin", CliStack.ADMIN_PASSWORD);
        // every entry visible and both tasks known to topology
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            int entries = api("/api/v1/entries?position=head&match=CLIRUN=" + RUN).lines().toList().size();
            boolean tasks = stack.get("/api/v1/tasks/" + WEB + "/entries?limit=1", admin, "application/json").statusCode() == 200
                    && stack.get("/api/v1/tasks/" + API + "/entries?limit=1", admin, "application/json").statusCode() == 200;
            if (entries == 4 * PER_NODE && tasks) {
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("stack not ready: " + entries + " entries, tasks " + tasks);
            }
            Thread.sleep(200);
        }
        config = Files.createTempDirectory("cli-config");
        env = Map.of("XDG_CONFIG_HOME", config.toString(), "TRIBUTARY_URL", stack.url());
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    static String api(String pathAndQuery) throws Exception {
        HttpResponse<String> r = stack.get(pathAndQuery, admin, "application/x-ndjson");
        assertEquals(200, r.statusCode(), r.body());
        return r.body();
    }

    static Cli.Result cli(String... args) throws Exception {
        return Cli.run(env, null, args);
    }

    static Cli.Result ok(String... args) throws Exception {
        Cli.Result r = cli(args);
        assertEquals(0, r.exit(), r.toString());
        return r;
    }

    @Test
    @Order(1)
    void withoutATokenItIsExitCode3WithOneLineSayingToLogIn() throws Exception {
        Cli.Result r = Cli.run(Map.of("XDG_CONFIG_HOME", Files.createTempDirectory("cli-empty").toString()), null,
                "logs", "--url", stack.url());
        assertEquals(3, r.exit(), r.toString());
        assertEquals(1, r.stderr().lines().count(), r.stderr());
        assertTrue(r.stderr().startsWith("tributary: ") && r.stderr().contains("tributary login")
                && r.stderr().contains("401"), r.stderr());
        assertEquals(0, r.stdout().length);
    }

    @Test
    @Order(2)
    void loginStoresAnOwnerOnlyTokenThatLaterCommandsUse() throws Exception {
        Cli.Result bad = Cli.run(env, "wrong\n", "login", "-u", "admin", "--password-stdin");
        assertEquals(3, bad.exit(), bad.toString());
        assertFalse(Files.exists(config.resolve("tributary/config.json")), "a failed login stores nothing");

        Cli.Result r = Cli.run(env, CliStack.ADMIN_PASSWORD + "\n", "login", "-u", "admin", "--password-stdin");
        assertEquals(0, r.exit(), r.toString());
        Path file = config.resolve("tributary/config.json");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
        JsonNode stored = JSON.readTree(file.toFile()).path("tokens").path(stack.url());
        assertEquals("admin", stored.path("uid").asText());
        assertFalse(stored.path("token").asText().isEmpty());
        // a later command uses it (no TRIBUTARY_TOKEN, no header given)
        assertEquals(0, cli("nodes").exit());
    }

    @Test
    @Order(3)
    void nodesAndTasksList() throws Exception {
        Cli.Result nodes = ok("nodes");
        assertTrue(nodes.lines().get(0).startsWith("NODE ID"), nodes.out());
        for (String id : NODES) {
            assertTrue(nodes.out().contains(id), nodes.out());
        }
        JsonNode json = JSON.readTree(ok("nodes", "-o", "json").out());
        assertEquals(2, json.get("nodes").size());

        Cli.Result tasks = ok("tasks");
        assertTrue(tasks.out().contains(WEB) && tasks.out().contains(API), tasks.out());
        Cli.Result web = ok("tasks", "web.");
        assertEquals(2, web.lines().size(), web.out()); // header + one task
        assertTrue(web.lines().get(1).startsWith(WEB) && web.lines().get(1).endsWith(NODES.get(0)), web.out());
        JsonNode tj = JSON.readTree(ok("tasks", "api.", "-o", "json").out());
        assertEquals(API, tj.at("/tasks/0/task_id").asText());
        assertEquals(NODES.get(1), tj.at("/tasks/0/node_ids/0").asText());
        assertEquals(stack.get("/api/v1/tasks?prefix=api.&limit=100", admin, "application/json").body().strip(),
                ok("tasks", "api.", "-o", "json").out().strip());
    }

    @Test
    @Order(4)
    void jsonOutputIsTheApisNdjson() throws Exception {
        String fromApi = api("/api/v1/entries?position=head&match=CLIRUN=" + RUN);
        Cli.Result r = ok("logs", "--match", "CLIRUN=" + RUN, "--lines", "all", "-o", "json");
        assertEquals(fromApi, r.out());
        assertEquals(4 * PER_NODE, r.lines().size());
        // the last N, like the API's skip=-N
        assertEquals(api("/api/v1/entries?skip=-3&match=CLIRUN=" + RUN),
                ok("logs", "--match", "CLIRUN=" + RUN, "-n", "3", "-o", "json").out());
    }

    @Test
    @Order(5)
    void catAndShortArePrefixedByNodeWithoutColourWhenPiped() throws Exception {
        Cli.Result web = ok("logs", "--task", WEB, "--lines", "all", "-o", "cat");
        List<String> expected = new ArrayList<>();
        for (int k = 0; k < PER_NODE; k++) {
            expected.add("c1a00000 task " + WEB + " " + k);
        }
        assertEquals(expected, web.lines());
        assertFalse(web.out().contains("\033"), "no colour codes into a pipe");

        Cli.Result sys = ok("logs", "--unit", "ssh.service", "--match", "CLIRUN=" + RUN, "--lines", "all");
        assertEquals(2 * PER_NODE, sys.lines().size(), sys.out());
        Pattern shortLine = Pattern.compile("(c1a00000|c2b00000) \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z \\S+ sshd(\\[\\d+])?: sys n(\\d) \\d");
        for (String line : sys.lines()) {
            Matcher m = shortLine.matcher(line);
            assertTrue(m.matches(), line);
            assertEquals(m.group(1).equals("c1a00000") ? "0" : "1", m.group(3), line);
        }
        Cli.Result coloured = ok("logs", "--match", "CLIRUN=" + RUN, "-o", "cat", "--color", "always");
        assertTrue(coloured.out().contains("\033[") && coloured.out().contains("\033[0m"), coloured.out());
    }

    @Test
    @Order(6)
    void filtersNodeLinesPriorityGrep() throws Exception {
        // one node: no prefix
        Cli.Result one = ok("logs", "--node", NODES.get(1), "--match", "CLIRUN=" + RUN, "-n", "2", "-o", "cat");
        assertEquals(List.of("sys n1 " + (PER_NODE - 1), "task " + API + " " + (PER_NODE - 1)), one.lines());
        Cli.Result err = ok("logs", "--priority", "err", "--match", "CLIRUN=" + RUN, "--lines", "all", "-o", "cat");
        assertEquals(List.of("c1a00000 task " + WEB + " 3", "c2b00000 task " + API + " 3"), err.lines());
        Cli.Result grep = ok("logs", "--grep", "sys n1 [34]", "--match", "CLIRUN=" + RUN, "--lines", "all", "-o", "cat");
        assertEquals(List.of("c2b00000 sys n1 3", "c2b00000 sys n1 4"), grep.lines());
        Cli.Result framework = ok("logs", "--match", "FRAMEWORK_ID=" + FW, "--match", "TASK_ID=" + API, "--lines", "all", "-o", "cat");
        assertEquals(PER_NODE, framework.lines().size(), framework.out());
        Cli.Result until = ok("logs", "--match", "CLIRUN=" + RUN, "--until", "1d", "-o", "cat");
        assertEquals(0, until.lines().size(), "nothing is older than a day: " + until.out());
        Cli.Result since = ok("logs", "--match", "CLIRUN=" + RUN, "--since", "1h", "--lines", "4", "-o", "cat");
        assertEquals(4, since.lines().size(), since.out());
    }

    @Test
    @Order(7)
    void exportIsTheJournalExportFormat() throws Exception {
        Cli.Result r = ok("logs", "--match", "CLIRUN=" + RUN, "--lines", "all", "-o", "export");
        String text = r.out();
        String[] entries = text.split("\n\n");
        assertEquals(4 * PER_NODE, entries.length, text);
        for (String e : entries) {
            assertTrue(e.startsWith("__CURSOR=") && e.contains("\nMESSAGE=") && e.contains("\nCLIRUN=" + RUN), e);
        }
        assertTrue(text.endsWith("\n\n"));
        HttpResponse<byte[]> api = stack.http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                stack.url() + "/api/v1/entries?position=head&match=CLIRUN=" + RUN)).header("Accept", "application/vnd.fdo.journal")
                .header("Authorization", "Bearer " + admin).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(new String(api.body(), StandardCharsets.UTF_8), text, "export as the API writes it");
    }

    @Test
    @Order(8)
    void errorsAreOneLineWithTheirExitCode() throws Exception {
        Cli.Result task = cli("logs", "--task", "no-such-task");
        assertEquals(4, task.exit(), task.toString());
        assertEquals(1, task.stderr().lines().count(), task.stderr());
        assertTrue(task.stderr().contains("no-such-task") && task.stderr().contains("404"), task.stderr());
        Cli.Result node = cli("logs", "--node", "0000000000000000000000000000dead");
        assertEquals(4, node.exit(), node.toString());
        Cli.Result match = cli("logs", "--match", "novalue");
        assertEquals(2, match.exit(), match.toString());
        Cli.Result regex = cli("logs", "--grep", "(unclosed");
        assertEquals(2, regex.exit(), regex.toString());
        assertTrue(regex.stderr().contains("400"), regex.stderr());
        Cli.Result down = Cli.run(env, null, "nodes", "--url", "http://127.0.0.1:1");
        assertEquals(5, down.exit(), down.toString());
        assertTrue(down.stderr().startsWith("tributary: cannot connect"), down.stderr());
    }

    @Test
    @Order(9)
    void followPrintsEntriesWrittenWhileItRuns() throws Exception {
        String tag = "follow-" + RUN;
        try (Cli.Running f = new Cli.Running(env, "logs", "--follow", "--match", "CLIRUN=" + tag, "-o", "cat")) {
            stack.journals.get(0).send(JournalField.of("MESSAGE", "first"), JournalField.of("CLIRUN", tag));
            assertEquals("c1a00000 first", f.next(30));
            stack.journals.get(1).send(JournalField.of("MESSAGE", "second"), JournalField.of("CLIRUN", tag));
            assertEquals("c2b00000 second", f.next(30));
            assertTrue(f.process.isAlive());
        }
    }

    @Test
    @Order(10)
    void aFollowSurvivesLogQueryRestartingWithNothingLostOrRepeated() throws Exception {
        String tag = "seq-" + RUN;
        int[] next = new int[2];
        try (Cli.Running f = new Cli.Running(env, "logs", "--follow", "--match", "CLIRUN=" + tag, "-o", "cat")) {
            stack.journals.get(0).send(JournalField.of("MESSAGE", "ready"), JournalField.of("CLIRUN", tag));
            assertEquals("c1a00000 ready", f.next(30));
            List<String> got = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                write(tag, i % 2, next);
            }
            while (got.size() < 10) {
                got.add(f.next(30));
            }
            stack.stopLogQuery();
            for (int i = 0; i < 30; i++) { // written while log-query is down
                write(tag, i % 2, next);
            }
            stack.startLogQuery();
            for (int i = 0; i < 20; i++) {
                write(tag, i % 2, next);
            }
            int total = next[0] + next[1];
            while (got.size() < total) {
                got.add(f.next(60));
            }
            String extra = f.lines.poll(2, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals(null, extra, "nothing after the last entry (a repeat?)");
            Map<String, List<Integer>> byNode = new TreeMap<>();
            Pattern line = Pattern.compile("(c1a00000|c2b00000) n\\d seq (\\d+)");
            for (String l : got) {
                Matcher m = line.matcher(l);
                assertTrue(m.matches(), l);
                byNode.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(Integer.parseInt(m.group(2)));
            }
            for (int n = 0; n < 2; n++) {
                List<Integer> want = new ArrayList<>();
                for (int k = 0; k < next[n]; k++) {
                    want.add(k);
                }
                assertEquals(want, byNode.get(n == 0 ? "c1a00000" : "c2b00000"), "node " + n + ": every seq once, in order");
            }
            assertTrue(f.stderr().contains("reconnect"), f.stderr());
            assertTrue(f.process.isAlive());
        }
    }

    @Test
    @Order(11)
    void autoColoursAtATerminalEvenWithStdinRedirectedAndNoneWhenPiped() throws Exception {
        String cmd = Cli.LAUNCHER + " logs --match CLIRUN=" + RUN + " --lines all -o cat";
        Pattern coloured = Pattern.compile("(\033\\[36mc1a00000|\033\\[33mc2b00000)\033\\[0m (sys|task) .*");
        for (String atTerminal : List.of(cmd, cmd + " < /dev/null")) {
            Cli.Result r = Cli.atTerminal(env, atTerminal);
            assertEquals(0, r.exit(), atTerminal + ": " + r);
            assertEquals(4 * PER_NODE, r.lines().size(), atTerminal + ": " + r.out());
            for (String line : r.lines()) {
                assertTrue(coloured.matcher(line).matches(), atTerminal + ": " + line);
            }
        }
        Map<String, String> noColor = new java.util.HashMap<>(env);
        noColor.put("NO_COLOR", "1");
        for (Cli.Result plain : List.of(Cli.atTerminal(env, cmd + " | cat"), Cli.atTerminal(env, cmd + " --color never"),
                Cli.atTerminal(noColor, cmd))) {
            assertEquals(0, plain.exit(), plain.toString());
            assertEquals(4 * PER_NODE, plain.lines().size(), plain.out());
            assertFalse(plain.out().contains("\033"), plain.out());
        }
    }

    @Test
    @Order(12)
    void agentFrameworkAndComponentSelect() throws Exception {
        List<String> node1 = new ArrayList<>();
        List<String> web = new ArrayList<>();
        List<String> tasks = new ArrayList<>();
        for (int k = 0; k < PER_NODE; k++) {
            node1.add("c2b00000 sys n1 " + k);
            node1.add("c2b00000 task " + API + " " + k);
            web.add("c1a00000 task " + WEB + " " + k);
        }
        tasks.addAll(web);
        tasks.addAll(node1.stream().filter(l -> l.contains(" task ")).toList()); // node 0's were written first
        // one agent is one node: no node prefix, as with one --node
        assertEquals(node1.stream().map(l -> l.substring("c2b00000 ".length())).toList(),
                ok("logs", "--agent", AGENTS.get(1), "--match", "CLIRUN=" + RUN, "--lines", "all", "-o", "cat").lines());
        assertEquals(tasks, ok("logs", "--framework", FW, "--match", "CLIRUN=" + RUN, "--lines", "all", "-o", "cat").lines());
        assertEquals(web, ok("logs", "--framework", FW, "--node", NODES.get(0), "--match", "CLIRUN=" + RUN, "--lines", "all",
                "-o", "cat").lines().stream().map(l -> "c1a00000 " + l).toList());
        Cli.Result two = cli("logs", "--framework", FW, "--agent", AGENTS.get(0));
        assertEquals(2, two.exit(), two.toString()); // the API takes one of agent, framework, task
        assertEquals(1, two.stderr().lines().count(), two.stderr());
        assertTrue(two.stderr().contains("only one of") && two.stderr().contains("400"), two.stderr());
        Cli.Result component = ok("logs", "--component", "ssh.service", "--match", "CLIRUN=" + RUN, "--lines", "all", "-o", "cat");
        assertEquals(2 * PER_NODE, component.lines().size(), component.out());
        assertTrue(component.lines().stream().allMatch(l -> l.matches("c(1a|2b)00000 sys n\\d \\d")), component.out());
        assertEquals(ok("logs", "--unit", "ssh.service", "--match", "CLIRUN=" + RUN, "--lines", "all", "-o", "cat").out(),
                component.out());

        Cli.Result unknown = cli("logs", "--agent", "no-such-agent-" + RUN);
        assertEquals(4, unknown.exit(), unknown.toString());
        assertEquals(1, unknown.stderr().lines().count(), unknown.stderr());
        assertTrue(unknown.stderr().startsWith("tributary: ") && unknown.stderr().contains("no-such-agent-" + RUN)
                && unknown.stderr().contains("404"), unknown.stderr());
        assertEquals(0, unknown.stdout().length);
    }

    /** Last: stops node 1's reader for good. */
    @Test
    @Order(20)
    void aFailedNodeGivesTheOtherNodesLinesAOneLineErrorNamingItAndExitCode1() throws Exception {
        stack.readers.get(1).close();
        Cli.Result r = cli("logs", "--match", "CLIRUN=" + RUN, "--lines", "all", "-o", "cat");
        List<String> node0 = new ArrayList<>();
        for (int k = 0; k < PER_NODE; k++) {
            node0.add("c1a00000 sys n0 " + k);
            node0.add("c1a00000 task " + WEB + " " + k);
        }
        assertEquals(1, r.exit(), r.toString());
        assertEquals(node0, r.lines(), "only node 0's lines: " + r.out());
        assertEquals(1, r.stderr().lines().count(), r.stderr());
        assertTrue(r.stderr().startsWith("tributary: node " + NODES.get(1)) && r.stderr().contains("failed"), r.stderr());
    }

    static void write(String tag, int node, int[] next) throws IOException, InterruptedException {
        stack.journals.get(node).send(JournalField.of("MESSAGE", "n" + node + " seq " + next[node]++),
                JournalField.of("CLIRUN", tag));
        Thread.sleep(20);
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
