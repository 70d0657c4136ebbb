package io.tributary.deploy.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.testkit.ServiceProcess;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Runs deploy/local/start as a new user would (a fresh HOME, so a fresh state directory; free ports; two nodes on
 * private journald namespaces of its own, never the machine's journal), checks the URL and admin login it prints, runs
 * the commands it prints exactly as printed, and stops it both ways: SIGINT (Ctrl-C) and deploy/local/stop. Every process it started must be gone and
 * its ports free afterwards, and a second start must work.
 */
class StartScriptIT {

    private static final Path REPO = Path.of(System.getProperty("user.dir")).resolve("../..").normalize();
    private static final Duration START_TIMEOUT = Duration.ofMinutes(8);
    private static final String WEB_TASK = "demo_web.00000000-0000-4000-8000-000000000001";
    private static final String BATCH_TASK = "demo_batch.00000000-0000-4000-8000-000000000002";

    private Path home;
    private String namespace;
    private List<Integer> ports;
    private Map<String, String> env;
    private final List<LocalStack> runs = new ArrayList<>();

    @BeforeEach
    void freshUser() throws IOException {
        home = Files.createTempDirectory("tributary-local-home-");
        namespace = "tribloc" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        ports = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ports.add(ServiceProcess.freePort());
        }
        env = new HashMap<>();
        for (String name : List.of("PATH", "JAVA_HOME", "LANG", "USER", "LOGNAME", "TERM")) {
            String value = System.getenv(name);
            if (value != null) {
                env.put(name, value);
            }
        }
        env.put("HOME", home.toString());
        env.put("TRIBUTARY_QUERY_PORT", ports.get(0).toString());
        env.put("TRIBUTARY_TOPOLOGY_PORT", ports.get(1).toString());
        env.put("TRIBUTARY_AUTH_PORT", ports.get(2).toString());
        env.put("TRIBUTARY_READER_PORTS", ports.get(3) + "," + ports.get(4));
        env.put("TRIBUTARY_JOURNAL_NAMESPACE", namespace);
    }

    @AfterEach
    void cleanUp() throws IOException, InterruptedException {
        for (LocalStack run : runs) {
            if (run.isAlive()) {
                run.killAll();
            }
        }
        String machineId = Files.readString(Path.of("/etc/machine-id"), StandardCharsets.US_ASCII).strip();
        for (String ns : List.of(namespace + "-1", namespace + "-2")) {
            deleteTree(Path.of("/var/log/journal", machineId + "." + ns));
            deleteTree(Path.of("/run/systemd/journal." + ns));
            Files.deleteIfExists(Path.of("/etc/systemd/journald@" + ns + ".conf"));
        }
        deleteTree(home);
    }

    @Test
    void printedCommandsWorkAndBothStopsEndEverything() throws Exception {
        // First start: the printed commands, then Ctrl-C.
        LocalStack first = start();
        List<String> output = first.awaitReady(START_TIMEOUT);
        PrintedCommands commands = PrintedCommands.parse(output);
        Path state = home.resolve(".local/state/tributary");
        assertTrue(Files.exists(state.resolve("pids")), "the pid file is in the state directory");
        assertWhereToGoAndHowToLogIn(output, state);

        List<String> range = lines(shell(commands.range(), Duration.ofSeconds(60)));
        assertFalse(range.isEmpty(), "the range query returns entries");
        assertTrue(range.size() <= 20, "skip=-20 returns at most 20 entries: " + range);
        assertTrue(range.stream().anyMatch(l -> l.contains(" " + namespace + "-1 "))
                        && range.stream().anyMatch(l -> l.contains(" " + namespace + "-2 ")),
                "the range query merges both nodes' entries: " + range);

        List<String> follow = lines(shell("timeout 8 " + commands.follow(),
                Duration.ofSeconds(30)));
        assertTrue(follow.stream().anyMatch(l -> l.contains(" " + namespace + "-1 ") && l.contains(WEB_TASK)),
                "following shows the web task's new lines on node 1: " + follow);

        List<String> taskLog = lines(shell(commands.taskLog(), Duration.ofSeconds(60)));
        assertTrue(taskLog.stream().anyMatch(l -> l.contains("batch run 1: processed record 1")),
                "the task log has the batch task's lines: " + taskLog);
        assertTrue(taskLog.stream().allMatch(l -> l.contains(BATCH_TASK) && l.contains(" " + namespace + "-2 ")),
                "the task log is the batch task's alone, from node 2: " + taskLog);

        LocalStack duplicate = start();
        assertEquals(1, duplicate.awaitExit(Duration.ofSeconds(60)), duplicate.output());
        assertTrue(duplicate.output().contains("Tributary already runs"), duplicate.output());
        assertTrue(first.isAlive(), "a refused second start leaves the first running");

        first.rememberStarted();
        List<ProcessHandle> firstProcesses = first.startedProcesses();
        assertTrue(firstProcesses.size() >= 9, "auth, 2 journalds, 2 readers, topology, log-query, 2 demo tasks: "
                + firstProcesses.stream().map(p -> p.info().commandLine().orElse("?")).toList());
        first.interrupt();
        assertEquals(130, first.awaitExit(Duration.ofSeconds(60)), "Ctrl-C ends the script:\n" + first.output());
        assertAllGone(firstProcesses);
        assertPortsFree();
        assertFalse(Files.exists(state.resolve("pids")), "the pid file is removed");

        // Second start on the same state: it works; the batch task's failed run shows up; deploy/local/stop ends it.
        LocalStack second = start();
        PrintedCommands again = PrintedCommands.parse(second.awaitReady(START_TIMEOUT));
        assertFalse(lines(shell(again.range(), Duration.ofSeconds(60))).isEmpty(), "the second start answers");
        List<String> failed = awaitLines(again.taskLog(), l -> l.contains("error: record 6 is corrupt"),
                Duration.ofSeconds(90));
        assertFalse(failed.isEmpty(), "a failed batch run (and its restart) is in the task log");

        second.rememberStarted();
        List<ProcessHandle> secondProcesses = second.startedProcesses();
        String stopOutput = shell(REPO.resolve("deploy/local/stop").toString(), Duration.ofSeconds(90));
        assertTrue(stopOutput.contains("Tributary stopped."), stopOutput);
        second.awaitExit(Duration.ofSeconds(10));
        assertAllGone(secondProcesses);
        assertPortsFree();
    }

    /**
     * The printed URL is log-query's; the admin line names where the generated password is, and the printed login
     * command (run as pasted, with that password) gets a token.
     */
    private void assertWhereToGoAndHowToLogIn(List<String> output, Path state) throws IOException, InterruptedException {
        String url = "http://127.0.0.1:" + ports.get(0);
        String api = output.stream().filter(l -> l.startsWith("The API: ")).findFirst()
                .orElseThrow(() -> new AssertionError("no 'The API:' line:\n" + String.join("\n", output)));
        assertTrue(api.startsWith("The API: " + url + " "), api);
        String passwordFile = state.resolve("auth/bootstrap-admin-password").toString();
        assertTrue(output.stream().anyMatch(l -> l.strip().equals("admin: uid admin, password $(cat '" + passwordFile + "')")),
                "the admin line says where the password is:\n" + String.join("\n", output));
        assertFalse(Files.readString(Path.of(passwordFile)).isBlank());
        int i = output.indexOf(output.stream().filter(l -> l.strip().endsWith("a new one:")).findFirst()
                .orElseThrow(() -> new AssertionError("no login command:\n" + String.join("\n", output))));
        String login = output.get(i + 1).strip() + "\n" + output.get(i + 2).strip();
        assertTrue(login.startsWith("curl -s -X POST " + url + "/acs/api/v1/auth/login "), login);
        String answer = shell(login, Duration.ofSeconds(60));
        assertTrue(answer.matches("(?s)\\{.*\"token\"\\s*:\\s*\"[^\"]+\".*"), login + " answered: " + answer);
    }

    @Test
    void badOptionsStartNothing() throws Exception {
        for (String[] args : List.of(new String[] {"--nodes", "0"}, new String[] {"--journal", "elsewhere"},
                new String[] {"--nodes", "2", "--journal", "host"}, new String[] {"--frobnicate"})) {
            LocalStack run = start(args);
            assertEquals(2, run.awaitExit(Duration.ofSeconds(30)), String.join(" ", args) + ":\n" + run.output());
            assertFalse(run.output().contains("Starting"), String.join(" ", args) + " started nothing");
        }
        assertFalse(Files.exists(home.resolve(".local")), "bad options leave no state behind");
    }

    private LocalStack start(String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of(args));
        if (args.length == 0) {
            all.addAll(List.of("--nodes", "2"));
        }
        LocalStack run = LocalStack.start(REPO, env, all.toArray(String[]::new));
        runs.add(run);
        return run;
    }

    /**
     * Runs a command with bash, exactly as a user would paste it, in the fresh HOME's environment; returns its
     * output (stdout and stderr). Fails when it does not end within TIMEOUT.
     */
    private String shell(String command, Duration timeout) throws IOException, InterruptedException {
        Path out = Files.createTempFile(home, "command-", ".out");
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", command).directory(home.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        Process p = pb.redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("still running after " + timeout + ": " + command);
        }
        return Files.readString(out);
    }

    private List<String> awaitLines(String command, Predicate<String> wanted, Duration timeout)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> last = List.of();
        while (System.nanoTime() < deadline) {
            last = lines(shell(command, Duration.ofSeconds(60)));
            List<String> hits = last.stream().filter(wanted).toList();
            if (!hits.isEmpty()) {
                return hits;
            }
            Thread.sleep(2000);
        }
        throw new AssertionError("no wanted line within " + timeout + " from " + command + ":\n" + last);
    }

    private static List<String> lines(String out) {
        return out.lines().filter(l -> !l.isBlank()).toList();
    }

    private static void assertAllGone(List<ProcessHandle> processes) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<ProcessHandle> alive = processes;
        while (System.nanoTime() < deadline) {
            alive = processes.stream().filter(StartScriptIT::running).toList();
            if (alive.isEmpty()) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("still running after the stop: "
                + alive.stream().map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).toList());
    }

    /** Alive and not a zombie (an orphan ended, not yet reaped by its new parent). */
    private static boolean running(ProcessHandle p) {
        if (!p.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc/" + p.pid() + "/stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException e) {
            return false; // gone meanwhile
        }
    }

    private void assertPortsFree() throws IOException {
        for (int port : ports) {
            try (ServerSocket s = new ServerSocket()) {
                s.bind(new InetSocketAddress("127.0.0.1", port));
            } catch (IOException e) {
                throw new AssertionError("port " + port + " is still taken after the stop", e);
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
