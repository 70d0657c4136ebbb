package io.tributary.query.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.testkit.JournalFiles;
import io.tributary.testkit.JournalGenerator;
import io.tributary.testkit.ServiceProcess;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The DC/OS- and gatewayd-compatible routes over two packaged readers (with Mesos agent ids) on generated journals,
 * topology and log-query: dcos-compat.md's cursor/skip table entry by entry, formats, status codes; gatewayd's
 * Range semantics against the real systemd-journal-gatewayd on the same journal; the systemd-journal-remote pull.
 */
class CompatIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static JournalGenerator gen;
    static List<Path> dirs;
    static Path root;
    static Stack stack;
    static String agent0;
    static String node0;
    /** Node 0's entries through the agent route (DC/OS JSON objects), in journal order. */
    static List<JsonNode> e;

    @BeforeAll
    static void start() throws Exception {
        gen = JournalGenerator.builder().nodes(2).entries(60).frameworks(2).executorsPerFramework(1).seed(5).build();
        root = Files.createTempDirectory("log-query-compat");
        dirs = JournalFiles.write(gen, root);
        Map<String, Consumer<ServiceProcess.Builder>> readers = Stack.readers();
        for (int i = 0; i < 2; i++) {
            Path d = dirs.get(i);
            String agent = gen.node(i).agentId();
            readers.put(gen.node(i).machineId(), b -> b.systemProperty("tributary.journal.directory", d)
                    .systemProperty("tributary.reader.agent-id", agent));
        }
        node0 = gen.node(0).machineId();
        agent0 = gen.node(0).agentId();
        stack = new Stack("compat", readers, Map.of("tributary.compat.dcos.leader-nodes", gen.node(1).machineId(),
                "tributary.query.keep-alive", "1s"));
        e = dcos(agentRange(""));
        assertEquals(gen.entryCount(0), e.size());
        assertTrue(e.size() > 8 && e.size() < 100, "the table needs a small journal: " + e.size());
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static String agentRange(String query) {
        return "/system/v1/agent/" + agent0 + "/logs/v1/range/" + (query.isEmpty() ? "" : "?" + query);
    }

    static List<JsonNode> dcos(String path, String... headers) throws Exception {
        String[] h = new String[headers.length + 2];
        h[0] = "Accept";
        h[1] = "application/json";
        System.arraycopy(headers, 0, h, 2, headers.length);
        HttpResponse<String> r = stack.get(path, h);
        assertTrue(r.statusCode() == 200 || r.statusCode() == 204, path + " → " + r.statusCode() + " " + r.body());
        return lines(r.body());
    }

    static List<JsonNode> lines(String body) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (!line.isBlank()) {
                out.add(JSON.readTree(line));
            }
        }
        return out;
    }

    static String c(int i) {
        return enc(e.get(i).get("cursor").asText());
    }

    /** The entries from index from, count n (reverse: from, from-1, ...). */
    static List<String> expected(int from, int n, boolean reverse) {
        List<String> out = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            out.add(e.get(reverse ? from - k : from + k).get("cursor").asText());
        }
        return out;
    }

    static List<String> cursors(List<JsonNode> entries) {
        return entries.stream().map(x -> x.get("cursor").asText()).toList();
    }

    // ---- the cursor/skip table of dcos-log-compat.md, row by row ----

    record Row(String what, String query, int from, int count, boolean reverse, long skipNext, long skipPrev) {
    }

    @Test
    void cursorAndSkipTable() throws Exception {
        int n = e.size();
        List<Row> rows = List.of(
                new Row("no parameters: everything", "", 0, n, false, 0, 0),
                new Row("cursor: exclusive start", "cursor=" + c(4), 5, n - 5, false, 0, 0),
                new Row("cursor of the last entry: nothing", "cursor=" + c(n - 1), 0, 0, false, 0, 0),
                new Row("limit", "limit=5", 0, 5, false, 0, 0),
                new Row("limit=0 is no limit", "limit=0", 0, n, false, 0, 0),
                new Row("skip_next=1 skips nothing (dcos-log's off-by-one)", "skip_next=1", 0, n, false, 1, 0),
                new Row("skip_next=2 skips one", "skip_next=2", 1, n - 1, false, 2, 0),
                new Row("cursor + skip_next=1: still just after the cursor", "cursor=" + c(4) + "&skip_next=1", 5, n - 5, false, 1, 0),
                new Row("cursor + skip_next=3", "cursor=" + c(4) + "&skip_next=3", 7, n - 7, false, 3, 0),
                new Row("skip_next past the end lands on the last entry", "skip_next=1000", n - 1, 1, false, n, 0),
                new Row("skip_prev without cursor: the last N", "skip_prev=3", n - 3, 3, false, 0, 3),
                new Row("skip_prev=100 on fewer entries: all of them, Skip-Prev says how many", "skip_prev=100", 0, n, false, 0, n),
                new Row("skip_prev + limit", "skip_prev=3&limit=2", n - 3, 2, false, 0, 3),
                new Row("cursor + skip_prev: the cursor entry is included moving back", "cursor=" + c(4) + "&skip_prev=2", 2, n - 2, false, 0, 2),
                new Row("cursor + skip_prev beyond the top", "cursor=" + c(4) + "&skip_prev=100", 0, n, false, 0, 4),
                new Row("cursor at the top + skip_prev: nothing to move, after the cursor", "cursor=" + c(0) + "&skip_prev=1", 1, n - 1, false, 0, 0),
                new Row("skip_next then skip_prev from a cursor", "cursor=" + c(4) + "&skip_next=3&skip_prev=2", 5, n - 5, false, 3, 2),
                new Row("skip_prev without cursor ignores skip_next's position (tail first)", "skip_next=2&skip_prev=2", n - 2, 2, false, 2, 2),
                new Row("read_reverse from a cursor: the entries before it, newest first", "cursor=" + c(3) + "&read_reverse=true", 2, 3, true, 0, 0),
                new Row("read_reverse + skip_prev: from the landed entry back to the top", "skip_prev=2&read_reverse=true", n - 2, n - 1, true, 0, 2),
                new Row("read_reverse + skip_prev + limit", "skip_prev=1&read_reverse=true&limit=3", n - 1, 3, true, 0, 1),
                new Row("read_reverse alone reads nothing", "read_reverse=true", 0, 0, true, 0, 0));
        List<String> failures = new ArrayList<>();
        for (Row row : rows) {
            HttpResponse<String> r = stack.get(agentRange(row.query()), "Accept", "application/json");
            List<String> got = r.statusCode() == 200 ? cursors(lines(r.body())) : List.of();
            List<String> want = expected(row.from(), row.count(), row.reverse());
            int status = want.isEmpty() ? 204 : 200;
            String skipNext = r.headers().firstValue("X-Journal-Skip-Next").orElse("-");
            String skipPrev = r.headers().firstValue("X-Journal-Skip-Prev").orElse("-");
            if (r.statusCode() != status || !got.equals(want) || !skipNext.equals(Long.toString(row.skipNext()))
                    || !skipPrev.equals(Long.toString(row.skipPrev()))) {
                failures.add(row.what() + " [" + row.query() + "]: status " + r.statusCode() + " (want " + status + "), "
                        + got.size() + " entries starting " + (got.isEmpty() ? "-" : e.stream().map(x -> x.get("cursor").asText()).toList().indexOf(got.get(0)))
                        + " (want " + want.size() + " from " + row.from() + "), skip headers " + skipNext + "/" + skipPrev
                        + " (want " + row.skipNext() + "/" + row.skipPrev() + ")");
            }
            if (r.statusCode() == 204) {
                assertTrue(r.body().isEmpty());
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    @Test
    void filtersAndWithTheTable() throws Exception {
        List<JsonNode> stdout = e.stream().filter(x -> "STDOUT".equals(x.get("fields").path("STREAM").asText())).toList();
        assertTrue(stdout.size() >= 3);
        List<JsonNode> got = dcos(agentRange("filter=stream:STDOUT&skip_prev=2"));
        assertEquals(cursors(stdout.subList(stdout.size() - 2, stdout.size())), cursors(got));
        // same field OR, different fields AND
        String fw = stdout.get(0).get("fields").get("FRAMEWORK_ID").asText();
        List<JsonNode> both = dcos(agentRange("filter=STREAM:STDOUT&filter=STREAM:STDERR&filter=FRAMEWORK_ID:" + enc(fw)));
        assertEquals(e.stream().filter(x -> fw.equals(x.get("fields").path("FRAMEWORK_ID").asText())).count(), both.size());
        // split at the first ':' — a value with a colon is a value, matching nothing here: 204
        assertEquals(204, stack.get(agentRange("filter=MESSAGE:a:b"), "Accept", "application/json").statusCode());
        assertEquals(400, stack.get(agentRange("filter=MESSAGE")).statusCode());
    }

    @Test
    void badAndUnknownCursors() throws Exception {
        HttpResponse<String> bad = stack.get(agentRange("cursor=" + enc("s=nothex;i=1")));
        assertEquals(400, bad.statusCode(), bad.body());
        assertEquals(400, stack.get(agentRange("cursor=garbage")).statusCode());
        // well-formed, names no entry (other seqnum id and boot), its time is entry 5's: read from the nearest entry
        String c5 = e.get(5).get("cursor").asText();
        String unknown = c5.replaceFirst("s=[0-9a-f]{32}", "s=" + "0123456789abcdef".repeat(2))
                .replaceFirst("b=[0-9a-f]{32}", "b=" + "fedcba9876543210".repeat(2));
        assertNotEquals(c5, unknown);
        HttpResponse<String> r = stack.get(agentRange("cursor=" + enc(unknown)), "Accept", "application/json");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("true", r.headers().firstValue("X-Journal-Cursor-Not-Found").orElse(null));
        List<JsonNode> got = lines(r.body());
        int first = cursors(e).indexOf(got.get(0).get("cursor").asText());
        assertTrue(first >= 4 && first <= 6, "nearest entry to entry 5, got " + first);
        assertEquals(e.size() - first, got.size());
        assertFalse(stack.get(agentRange("cursor=" + c(3)), "Accept", "application/json").headers()
                .firstValue("X-Journal-Cursor-Not-Found").isPresent());
    }

    @Test
    void formatsAndHeaders() throws Exception {
        JsonNode x = e.get(2);
        assertEquals(List.of("fields", "cursor", "monotonic_timestamp", "realtime_timestamp"),
                iterate(x.fieldNames()));
        assertTrue(x.get("cursor").asText().startsWith("s="), "one node: journald cursors");
        assertTrue(x.get("fields").has("_BOOT_ID") && x.get("fields").has("MESSAGE"));
        assertTrue(x.get("realtime_timestamp").isNumber());
        List<String> keys = iterate(x.get("fields").fieldNames());
        List<String> sorted = new ArrayList<>(keys);
        Collections.sort(sorted);
        assertEquals(sorted, keys, "Go sorts map keys");
        // text: date (UTC, seconds): MESSAGE
        HttpResponse<String> t = stack.get(agentRange("limit=3"), "Accept", "text/plain");
        assertEquals(200, t.statusCode());
        String[] tl = t.body().split("\n");
        assertEquals(3, tl.length);
        String date = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC)
                .format(Instant.ofEpochSecond(e.get(0).get("realtime_timestamp").asLong() / 1_000_000));
        assertEquals(date + ": " + e.get(0).get("fields").get("MESSAGE").asText(), tl[0]);
        assertEquals("no-cache", t.headers().firstValue("Cache-Control").orElse(null));
        // anything else is text too
        assertTrue(stack.get(agentRange("limit=1"), "Accept", "image/png").body().startsWith(date));
        // SSE range: id and data, 200 even when empty
        HttpResponse<String> s = stack.get(agentRange("limit=2"), "Accept", "text/event-stream");
        String[] ev = s.body().split("\n\n");
        assertEquals(2, ev.length);
        assertTrue(ev[0].startsWith("id: " + e.get(0).get("cursor").asText() + "\ndata: {\"fields\":{"), ev[0]);
        HttpResponse<String> empty = stack.get(agentRange("cursor=" + c(e.size() - 1)), "Accept", "text/event-stream");
        assertEquals(200, empty.statusCode());
        // the merged cluster under /system/v1/logs: both nodes, composite cursors that resume
        List<JsonNode> all = dcos("/system/v1/logs/v1/range/");
        assertEquals(gen.totalEntries(), all.size());
        assertFalse(all.get(0).get("cursor").asText().startsWith("s="));
        List<JsonNode> rest = dcos("/system/v1/logs/v1/range?cursor=" + enc(all.get(9).get("cursor").asText()));
        assertEquals(cursors(all.subList(10, all.size())), cursors(rest));
        // leader = the configured node 1
        List<JsonNode> leader = dcos("/system/v1/leader/mesos/logs/v1/range/");
        assertEquals(gen.entryCount(1), leader.size());
        assertTrue(leader.stream().allMatch(y -> gen.node(1).machineId().equals(y.get("fields").get("_MACHINE_ID").asText()))
                || leader.stream().allMatch(y -> gen.node(1).hostname().equals(y.get("fields").get("_HOSTNAME").asText())));
        // unknown agent: 404 naming it
        HttpResponse<String> unknown = stack.get("/system/v1/agent/nope-S9/logs/v1/range/");
        assertEquals(404, unknown.statusCode());
        assertTrue(unknown.body().contains("agent nope-S9 unknown"), unknown.body());
        assertEquals(400, stack.get(agentRange("limit=-1")).statusCode());
        assertEquals(400, stack.get(agentRange("skip_next=x")).statusCode());
    }

    static List<String> iterate(java.util.Iterator<String> it) {
        List<String> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    @Test
    void taskRoutesAndDownload() throws Exception {
        JsonNode task = e.stream().filter(x -> x.get("fields").has("CONTAINER_ID")).findFirst().orElseThrow();
        JsonNode f = task.get("fields");
        String path = "/framework/" + f.get("FRAMEWORK_ID").asText() + "/executor/" + f.get("EXECUTOR_ID").asText()
                + "/container/" + f.get("CONTAINER_ID").asText();
        List<JsonNode> mine = dcos("/system/v1/agent/" + agent0 + "/logs/v1/range" + path);
        long want = e.stream().filter(x -> f.get("CONTAINER_ID").asText().equals(x.get("fields").path("CONTAINER_ID").asText())
                && f.get("EXECUTOR_ID").asText().equals(x.get("fields").path("EXECUTOR_ID").asText())).count();
        assertEquals(want, mine.size());
        HttpResponse<byte[]> d = stack.getBytes("/system/v1/agent/" + agent0 + "/logs/v1/range" + path + "/download?postfix=x1",
                "Accept", "text/plain");
        assertEquals(200, d.statusCode());
        assertEquals("attachment; filename=task-" + f.get("CONTAINER_ID").asText() + "-x1.log.gz",
                d.headers().firstValue("Content-Disposition").orElse(null));
        String text;
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(d.body()))) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertEquals(want, text.lines().count());
        HttpResponse<byte[]> rootDl = stack.getBytes("/system/v1/logs/v1/range/download");
        assertEquals("attachment; filename=root-range.log.gz", rootDl.headers().firstValue("Content-Disposition").orElse(null));
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(rootDl.body()))) {
            assertTrue(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().count() > e.size());
        }
        // v2 task discovery: 303 to the agent's task route, which serves that task's stdout
        String taskId = task.get("fields").path("TASK_ID").asText(f.get("EXECUTOR_ID").asText());
        HttpResponse<String> redirect = stack.get("/system/v1/logs/v2/task/" + taskId + "/file/stdout?cursor=END&skip=-2");
        assertEquals(303, redirect.statusCode(), redirect.body());
        String location = redirect.headers().firstValue("Location").orElseThrow();
        assertTrue(location.startsWith("/system/v1/agent/" + agent0 + "/logs/v2/task/frameworks/"), location);
        assertTrue(location.endsWith("/stdout?cursor=END&skip=-2"), location);
        List<JsonNode> last2 = dcos(location);
        List<JsonNode> out = e.stream().filter(x -> f.get("EXECUTOR_ID").asText().equals(x.get("fields").path("EXECUTOR_ID").asText())
                && "STDOUT".equals(x.get("fields").path("STREAM").asText())).toList();
        assertEquals(cursors(out.subList(out.size() - 2, out.size())), cursors(last2));
        assertEquals(404, stack.get("/system/v1/logs/v2/task/no-such-task-xyz").statusCode());
    }

    @Test
    void componentAndFields() throws Exception {
        JsonNode sys = e.stream().filter(x -> x.get("fields").has("_SYSTEMD_UNIT")).findFirst().orElseThrow();
        String unit = sys.get("fields").get("_SYSTEMD_UNIT").asText();
        String pid = sys.get("fields").get("_PID").asText();
        List<JsonNode> unitAll = dcos("/system/v1/agent/" + agent0 + "/logs/v2/component/" + enc(unit));
        long want = e.stream().filter(x -> unit.equals(x.get("fields").path("_SYSTEMD_UNIT").asText())
                || unit.equals(x.get("fields").path("UNIT").asText())).count();
        assertEquals(want, unitAll.size());
        // AND (dcos-log OR-ed them): a filter on another field narrows the unit's entries
        List<JsonNode> and = dcos("/system/v1/agent/" + agent0 + "/logs/v2/component/" + enc(unit) + "?filter=_PID:" + pid);
        assertTrue(and.size() >= 1 && and.size() <= unitAll.size());
        assertTrue(and.stream().allMatch(x -> unit.equals(x.get("fields").path("_SYSTEMD_UNIT").asText())
                && pid.equals(x.get("fields").path("_PID").asText())));
        // skip=-N: the last N; cursor=END&skip=0: nothing
        assertEquals(cursors(e.subList(e.size() - 3, e.size())), cursors(dcos("/system/v1/agent/" + agent0 + "/logs/v2/component?skip=-3")));
        assertEquals(204, stack.get("/system/v1/agent/" + agent0 + "/logs/v2/component?cursor=END", "Accept", "application/json").statusCode());
        // fields: JSON array of the allowed fields' values; others 400
        HttpResponse<String> streams = stack.get("/system/v1/agent/" + agent0 + "/logs/v1/fields/STREAM");
        assertEquals(200, streams.statusCode());
        assertEquals("[\"STDERR\",\"STDOUT\"]", streams.body());
        assertEquals(400, stack.get("/v1/fields/MESSAGE").statusCode());
        assertTrue(stack.get("/v1/fields/AGENT_ID").body().contains(agent0));
    }

    @Test
    void streams() throws Exception {
        // limit on a stream: stops after N; Last-Event-ID replaces the cursor and zeroes skip_prev
        HttpResponse<String> r = stack.get("/system/v1/agent/" + agent0 + "/logs/v1/stream/?skip_prev=5&limit=2",
                "Accept", "application/json", "Last-Event-ID", e.get(3).get("cursor").asText());
        assertEquals(expected(4, 2, false), cursors(lines(r.body())));
        assertEquals("no", r.headers().firstValue("X-Accel-Buffering").orElse(null));
        assertEquals(400, stack.get("/system/v1/agent/" + agent0 + "/logs/v1/stream/?read_reverse=true").statusCode());
        // an idle follow gets ": ping" (keep-alive set to 1 s for this test)
        HttpRequest req = HttpRequest.newBuilder(stack.uri("/system/v1/agent/" + agent0 + "/logs/v1/stream/?cursor="
                + c(e.size() - 1))).header("Accept", "text/event-stream").build();
        HttpResponse<InputStream> s = stack.http.sendAsync(req, HttpResponse.BodyHandlers.ofInputStream()).get(20, TimeUnit.SECONDS);
        try (InputStream in = s.body()) {
            byte[] buf = new byte[8];
            int got = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (got < buf.length && System.nanoTime() < deadline) {
                int k = in.read(buf, got, buf.length - got);
                if (k < 0) {
                    break;
                }
                got += k;
            }
            assertEquals(": ping\n\n", new String(buf, 0, got, StandardCharsets.US_ASCII));
        }
    }

    // ---- gatewayd ----

    @Test
    void gatewaydRangeLikeTheRealGatewayd() throws Exception {
        int port = ServiceProcess.freePort();
        Process gw = new ProcessBuilder("systemd-socket-activate", "-l", "127.0.0.1:" + port,
                "/lib/systemd/systemd-journal-gatewayd", "-D", dirs.get(0).toString())
                .redirectErrorStream(true).redirectOutput(root.resolve("gatewayd.log").toFile()).start();
        try {
            java.net.http.HttpClient client = stack.http;
            String base = "http://127.0.0.1:" + port;
            String cursor5 = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (cursor5 == null) {
                try {
                    String all = client.send(HttpRequest.newBuilder(java.net.URI.create(base + "/entries"))
                            .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString()).body();
                    cursor5 = lines(all).get(5).get("__CURSOR").asText();
                } catch (java.io.IOException x) {
                    if (System.nanoTime() > deadline) {
                        throw x;
                    }
                    Thread.sleep(200);
                }
            }
            List<String> ranges = List.of("entries=:-10:10", "entries=:-3", "entries=:5:3", "entries=:1000:2",
                    "entries=:-1000:2", "entries=:-3:", "entries=" + cursor5, "entries=" + cursor5 + ":2:3", "entries=" + cursor5 + ":-2:3",
                    "entries=" + cursor5 + "::4", "entries=:0:1");
            List<String> failures = new ArrayList<>();
            for (String range : ranges) {
                HttpResponse<String> t = client.send(HttpRequest.newBuilder(java.net.URI.create(base + "/entries"))
                        .header("Accept", "application/json").header("Range", range).build(),
                        HttpResponse.BodyHandlers.ofString());
                HttpResponse<String> o = stack.get("/nodes/" + node0 + "/entries", "Accept", "application/json", "Range", range);
                String theirs = t.statusCode() + " " + (t.statusCode() == 200 ? stamps(t.body()) : "");
                String ours = o.statusCode() + " " + (o.statusCode() == 200 ? stamps(o.body()) : "");
                if (!theirs.equals(ours)) {
                    failures.add(range + ": gatewayd " + theirs + " ours " + ours);
                }
            }
            // discrete: the cursor's entry only
            List<String> discrete = stamps(stack.get("/nodes/" + node0 + "/entries?discrete", "Accept", "application/json",
                    "Range", "entries=" + cursor5).body());
            assertEquals(List.of(e.get(5).get("realtime_timestamp").asText()), discrete);
            assertTrue(failures.isEmpty(), String.join("\n", failures));
        } finally {
            gw.destroy();
            gw.waitFor(10, TimeUnit.SECONDS);
        }
        assertEquals(400, stack.get("/entries?discrete").statusCode());
        assertEquals(400, stack.get("/entries", "Range", "entries=::0").statusCode());
        assertEquals(400, stack.get("/entries?bad-name=1").statusCode());
    }

    static List<String> stamps(String ndjson) throws Exception {
        return lines(ndjson).stream().map(x -> x.get("__REALTIME_TIMESTAMP").asText()).toList();
    }

    @Test
    void gatewaydMatchesMachineAndFields() throws Exception {
        String fw = gen.frameworkIds().get(0);
        List<JsonNode> m = lines(stack.get("/entries?FRAMEWORK_ID=" + fw, "Accept", "application/json").body());
        assertTrue(m.size() > 0 && m.stream().allMatch(x -> fw.equals(x.get("FRAMEWORK_ID").asText())));
        JsonNode machine = JSON.readTree(stack.get("/nodes/" + node0 + "/machine").body());
        assertEquals(node0, machine.get("machine_id").asText());
        assertTrue(Long.parseLong(machine.get("usage").asText()) > 0);
        // ?boot = the node's current boot (the reader host's, not the generated journal's: here nothing matches)
        HttpResponse<String> boot = stack.get("/nodes/" + node0 + "/entries?boot", "Accept", "application/json");
        assertEquals(200, boot.statusCode());
        assertEquals(e.stream().filter(x -> machine.get("boot_id").asText().equals(x.get("fields").get("_BOOT_ID").asText())).count(),
                lines(boot.body()).size());
        String genBoot = e.get(0).get("fields").get("_BOOT_ID").asText();
        assertEquals(e.stream().filter(x -> genBoot.equals(x.get("fields").get("_BOOT_ID").asText())).count(),
                lines(stack.get("/nodes/" + node0 + "/entries?_BOOT_ID=" + genBoot, "Accept", "application/json").body()).size());
        JsonNode cluster = JSON.readTree(stack.get("/machine").body());
        assertEquals(2, cluster.get("nodes").size());
        String text = stack.get("/nodes/" + node0 + "/fields/STREAM").body();
        assertEquals("STDERR\nSTDOUT\n", text);
        String first = stack.get("/nodes/" + node0 + "/entries", "Range", "entries=:0:1").body();
        assertTrue(first.matches("[A-Z][a-z]{2} \\d\\d \\d\\d:\\d\\d:\\d\\d .*: .*\n"), first);
    }

    /** systemd-journal-remote pulls a node (and the cluster); the pulled journal equals the source field by field. */
    @Test
    void journalRemotePullsEqualTheSource() throws Exception {
        for (String scope : List.of("node", "cluster")) {
            Path out = Files.createTempDirectory("pulled").resolve("x.journal");
            String url = "http://127.0.0.1:" + stack.port + (scope.equals("node") ? "/nodes/" + node0 : "");
            Process p = new ProcessBuilder(JournalFiles.JOURNAL_REMOTE.toString(), "--url=" + url, "--split-mode=none",
                    "--output=" + out).redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(120, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), log);
            List<String> pulled = export("--file=" + out);
            List<String> source = scope.equals("node") ? export("-D", dirs.get(0).toString()) : export("-D", root.toString());
            assertEquals(scope.equals("node") ? gen.entryCount(0) : gen.totalEntries(), source.size());
            assertEquals(source.size(), pulled.size(), scope + ": " + log);
            Collections.sort(pulled);
            Collections.sort(source);
            for (int i = 0; i < source.size(); i++) {
                assertEquals(source.get(i), pulled.get(i), scope + " entry " + i);
            }
        }
    }

    /**
     * journalctl -o export, one string per entry without __CURSOR (the pulled file's own) and __SEQNUM*, its lines
     * sorted: a journal file orders an entry's fields by where their data objects sit in that file, so a file holding
     * several nodes' entries lists the same fields in another order.
     */
    static List<String> export(String... where) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("journalctl", "--no-pager", "-o", "export"));
        cmd.addAll(List.of(where));
        Process p = new ProcessBuilder(cmd).start();
        byte[] all = p.getInputStream().readAllBytes();
        assertEquals(0, p.waitFor());
        List<String> entries = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        String text = new String(all, StandardCharsets.ISO_8859_1);
        int i = 0;
        while (i < text.length()) {
            int nl = text.indexOf('\n', i);
            String line = text.substring(i, nl);
            if (line.isEmpty()) {
                List<String> fields = new ArrayList<>(List.of(cur.toString().split("\n")));
                Collections.sort(fields);
                entries.add(String.join("\n", fields));
                cur.setLength(0);
                i = nl + 1;
                continue;
            }
            if (line.indexOf('=') < 0) { // binary field: name, le64 length, data, newline
                long len = 0;
                for (int k = 7; k >= 0; k--) {
                    len = (len << 8) | (text.charAt(nl + 1 + k) & 0xFF);
                }
                cur.append(line).append("=<").append(text, nl + 9, nl + 9 + (int) len).append(">\n");
                i = nl + 9 + (int) len + 1;
                continue;
            }
            if (!line.startsWith("__CURSOR=") && !line.startsWith("__SEQNUM")) {
                cur.append(line).append('\n');
            }
            i = nl + 1;
        }
        return entries;
    }
}
