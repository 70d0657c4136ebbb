package io.tributary.query.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.tributary.proto.common.v1.Entry;
import io.tributary.proto.common.v1.Position;
import io.tributary.proto.logs.v1.LogQueryGrpc;
import io.tributary.proto.logs.v1.QueryRequest;
import io.tributary.proto.logs.v1.QueryResponse;
import io.tributary.testkit.GeneratedEntry;
import io.tributary.testkit.JournalFiles;
import io.tributary.testkit.JournalGenerator;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Range queries over three packaged readers on three generated journals, through topology and log-query. */
class RangeIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Pattern SEQ = Pattern.compile("seq=(\\d+)-(\\d+)");
    static JournalGenerator gen;
    static List<Path> dirs;
    static Stack stack;
    static List<JsonNode> all;

    @BeforeAll
    static void start() throws Exception {
        gen = JournalGenerator.builder().nodes(3).entries(3000).frameworks(3).executorsPerFramework(2).specialEvery(40)
                .seed(11).build();
        dirs = JournalFiles.write(gen, Files.createTempDirectory("log-query-range"));
        Map<String, java.util.function.Consumer<io.tributary.testkit.ServiceProcess.Builder>> readers = Stack.readers();
        for (int i = 0; i < 3; i++) {
            Path d = dirs.get(i);
            readers.put(gen.node(i).machineId(), b -> b.systemProperty("tributary.journal.directory", d));
        }
        stack = new Stack("range", readers, Map.of("tributary.query.client-stall-timeout", "2s"));
        all = ndjson(stack.get("/api/v1/entries").body());
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    static List<JsonNode> ndjson(String body) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (!line.isEmpty()) {
                out.add(JSON.readTree(line));
            }
        }
        return out;
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static long rt(JsonNode e) {
        return Long.parseLong(e.get("__REALTIME_TIMESTAMP").asText());
    }

    /** "node-index" from the generator's unique MESSAGE part (binary messages are byte arrays). */
    static String seq(JsonNode e) {
        JsonNode m = e.get("MESSAGE");
        String text;
        if (m.isArray()) {
            byte[] b = new byte[m.size()];
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) m.get(i).asInt();
            }
            text = new String(b, StandardCharsets.ISO_8859_1);
        } else {
            text = m.asText();
        }
        Matcher x = SEQ.matcher(text);
        assertTrue(x.find(), text);
        return x.group(1) + "-" + x.group(2);
    }

    @Test
    void everyEntryOfEveryNodeInMergedOrder() {
        assertEquals(gen.totalEntries(), all.size());
        Map<String, Long> next = new HashMap<>();
        JsonNode prev = null;
        for (JsonNode e : all) {
            if (prev != null) {
                int c = Long.compare(rt(prev), rt(e));
                if (c == 0) {
                    c = prev.get("__NODE_ID").asText().compareTo(e.get("__NODE_ID").asText());
                }
                assertTrue(c < 0, "order broken at " + e);
            }
            prev = e;
            String[] s = seq(e).split("-");
            assertEquals(gen.node(Integer.parseInt(s[0])).machineId(), e.get("__NODE_ID").asText());
            long expected = next.getOrDefault(s[0], 0L);
            assertEquals(expected, Long.parseLong(s[1]), "node " + s[0] + " in journal order");
            next.put(s[0], expected + 1);
        }
    }

    @Test
    void ndjsonIsJournalctlJsonPlusTheNode() throws Exception {
        String node = gen.node(1).machineId();
        List<JsonNode> mine = ndjson(stack.get("/api/v1/entries?node=" + node).body());
        Process p = new ProcessBuilder("journalctl", "-D", dirs.get(1).toString(), "-o", "json", "--all", "--no-pager")
                .redirectErrorStream(false).start();
        List<JsonNode> theirs = ndjson(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        assertEquals(0, p.waitFor());
        assertEquals(theirs.size(), mine.size());
        boolean sawArray = false;
        boolean sawRepeated = false;
        for (int i = 0; i < mine.size(); i++) {
            Map<String, JsonNode> a = fields(mine.get(i));
            Map<String, JsonNode> b = fields(theirs.get(i));
            assertEquals(node, a.remove("__NODE_ID").asText());
            assertTrue(a.remove("__CURSOR").asText().matches("[A-Za-z0-9_-]+"), "composite cursor is URL-safe");
            b.remove("__CURSOR");
            assertEquals(b, a, "entry " + i);
            sawArray |= a.get("MESSAGE").isArray();
            sawRepeated |= a.containsKey("TAG") && a.get("TAG").isArray();
        }
        assertTrue(sawArray && sawRepeated, "the journal has binary and repeated fields");
    }

    static Map<String, JsonNode> fields(JsonNode o) {
        Map<String, JsonNode> m = new HashMap<>();
        o.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue()));
        return m;
    }

    @Test
    void exportIsJournalctlExportByteForByteButTheCursor() throws Exception {
        String node = gen.node(2).machineId();
        HttpResponse<byte[]> r = stack.getBytes("/api/v1/entries?node=" + node, "Accept", "application/vnd.fdo.journal");
        assertEquals(200, r.statusCode());
        assertEquals("application/vnd.fdo.journal", r.headers().firstValue("Content-Type").orElseThrow());
        Process p = new ProcessBuilder("journalctl", "-D", dirs.get(2).toString(), "-o", "export", "--no-pager").start();
        byte[] theirs = p.getInputStream().readAllBytes();
        assertEquals(0, p.waitFor());
        assertArrayEquals(withoutCursors(theirs), withoutCursors(r.body()));
    }

    /** Drops every line starting with __CURSOR= at the start of an entry (binary values never start a line there). */
    static byte[] withoutCursors(byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        boolean entryStart = true;
        while (i < b.length) {
            if (entryStart && startsWith(b, i, "__CURSOR=")) {
                while (b[i] != '\n') {
                    i++;
                }
                i++;
                entryStart = false;
                continue;
            }
            entryStart = false;
            // copy one field: text line, or NAME\n<le64><bytes>\n
            int lineEnd = i;
            while (b[lineEnd] != '\n' && b[lineEnd] != '=') {
                lineEnd++;
            }
            if (lineEnd == i) { // blank line: end of entry
                out.write('\n');
                i++;
                entryStart = true;
                continue;
            }
            if (b[lineEnd] == '=') {
                while (b[lineEnd] != '\n') {
                    lineEnd++;
                }
                out.write(b, i, lineEnd + 1 - i);
                i = lineEnd + 1;
            } else {
                long len = 0;
                for (int k = 0; k < 8; k++) {
                    len |= (long) (b[lineEnd + 1 + k] & 0xFF) << (8 * k);
                }
                int end = lineEnd + 1 + 8 + (int) len + 1;
                out.write(b, i, end - i);
                i = end;
            }
        }
        return out.toByteArray();
    }

    static boolean startsWith(byte[] b, int at, String s) {
        if (at + s.length() > b.length) {
            return false;
        }
        for (int k = 0; k < s.length(); k++) {
            if (b[at + k] != s.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    @Test
    void aCompositeCursorResumesTheMergedStreamWithNothingLostOrRepeated() throws Exception {
        List<JsonNode> page1 = ndjson(stack.get("/api/v1/entries?limit=700").body());
        assertEquals(700, page1.size());
        String cursor = page1.get(699).get("__CURSOR").asText();
        List<JsonNode> page2 = ndjson(stack.get("/api/v1/entries?limit=700&after_cursor=" + cursor).body());
        List<JsonNode> inclusive = ndjson(stack.get("/api/v1/entries?limit=2&cursor=" + cursor).body());
        for (int i = 0; i < 700; i++) {
            assertEquals(seq(all.get(i)), seq(page1.get(i)));
            assertEquals(seq(all.get(700 + i)), seq(page2.get(i)), "page 2 entry " + i);
            assertEquals(all.get(700 + i).get("__CURSOR"), page2.get(i).get("__CURSOR"), "the same position, whichever way it was reached");
        }
        assertEquals(seq(all.get(699)), seq(inclusive.get(0)), "cursor= starts at the entry itself");
        assertEquals(seq(all.get(700)), seq(inclusive.get(1)));
    }

    @Test
    void skipLimitAndDirectionApplyToTheMergedStream() throws Exception {
        List<JsonNode> last = ndjson(stack.get("/api/v1/entries?skip=-25").body());
        assertEquals(25, last.size());
        for (int i = 0; i < 25; i++) {
            assertEquals(seq(all.get(all.size() - 25 + i)), seq(last.get(i)));
        }
        List<JsonNode> skipped = ndjson(stack.get("/api/v1/entries?skip=10&limit=5").body());
        for (int i = 0; i < 5; i++) {
            assertEquals(seq(all.get(10 + i)), seq(skipped.get(i)));
        }
        List<JsonNode> back = ndjson(stack.get("/api/v1/entries?direction=backward&limit=30").body());
        for (int i = 0; i < 30; i++) {
            assertEquals(seq(all.get(all.size() - 1 - i)), seq(back.get(i)));
        }
        // the 10 entries before a cursor, then on from it
        String c = all.get(1500).get("__CURSOR").asText();
        List<JsonNode> before = ndjson(stack.get("/api/v1/entries?after_cursor=" + c + "&skip=-10&limit=12").body());
        for (int i = 0; i < 12; i++) {
            assertEquals(seq(all.get(1491 + i)), seq(before.get(i)), "entry " + i + " around the cursor");
        }
    }

    @Test
    void backwardQueriesResumeFromCompositeCursorsAndSkipAgainstTheirDirection() throws Exception {
        int n = all.size();
        // newest first, page by page: the second page resumes just past the first page's last (oldest) entry
        List<JsonNode> page1 = ndjson(stack.get("/api/v1/entries?direction=backward&limit=50").body());
        String c = page1.get(49).get("__CURSOR").asText();
        List<JsonNode> page2 = ndjson(stack.get("/api/v1/entries?direction=backward&limit=50&after_cursor=" + c).body());
        List<JsonNode> inclusive = ndjson(stack.get("/api/v1/entries?direction=backward&limit=2&cursor=" + c).body());
        for (int i = 0; i < 50; i++) {
            assertEquals(seq(all.get(n - 1 - i)), seq(page1.get(i)), "page 1 entry " + i);
            assertEquals(seq(all.get(n - 51 - i)), seq(page2.get(i)), "page 2 entry " + i);
        }
        assertEquals(seq(all.get(n - 50)), seq(inclusive.get(0)), "cursor= starts at the entry itself, backward too");
        assertEquals(seq(all.get(n - 51)), seq(inclusive.get(1)));
        // a cursor taken reading forward, resumed backward: the entries before it, newest first
        String fwd = all.get(1500).get("__CURSOR").asText();
        List<JsonNode> before = ndjson(stack.get("/api/v1/entries?direction=backward&limit=5&after_cursor=" + fwd).body());
        for (int i = 0; i < 5; i++) {
            assertEquals(seq(all.get(1499 - i)), seq(before.get(i)), "before the cursor, entry " + i);
        }
        // positive skip moves the start later, against a backward read (a pre-pass reads forward first)
        List<JsonNode> skipped = ndjson(stack.get("/api/v1/entries?direction=backward&limit=12&skip=10&after_cursor="
                + fwd).body());
        assertEquals(12, skipped.size(), skipped.toString());
        for (int i = 0; i < 12; i++) {
            assertEquals(seq(all.get(1509 - i)), seq(skipped.get(i)), "skip=10 backward, entry " + i);
        }
    }

    @Test
    void timeWindowPriorityAndGrep() throws Exception {
        long since = rt(all.get(100));
        long until = rt(all.get(199));
        List<JsonNode> window = ndjson(stack.get("/api/v1/entries?since=" + since + "&until=" + until).body());
        assertEquals(100, window.size());
        assertEquals(seq(all.get(100)), seq(window.get(0)));
        List<JsonNode> errs = ndjson(stack.get("/api/v1/entries?priority=err").body());
        long expected = all.stream().filter(e -> e.get("PRIORITY").asInt() <= 3).count();
        assertEquals(expected, errs.size());
        List<JsonNode> grep = ndjson(stack.get("/api/v1/entries?grep=" + enc("seq=1-1[0-9]( |$)")).body());
        assertEquals(10, grep.size(), grep.toString());
        assertTrue(grep.stream().allMatch(e -> seq(e).matches("1-1[0-9]")), grep.toString());
    }

    @Test
    void aTaskIsResolvedThroughTopologyAndItsStreamsSelectable() throws Exception {
        JournalGenerator.Executor ex = gen.executors().get(1);
        List<GeneratedEntry> expected = new ArrayList<>();
        for (int n = 0; n < 3; n++) {
            for (GeneratedEntry e : gen.entries(n)) {
                if (e.isTask() && ex.taskId().equals(text(e, "TASK_ID"))) {
                    expected.add(e);
                }
            }
        }
        List<JsonNode> got = ndjson(stack.get("/api/v1/tasks/" + ex.taskId() + "/entries").body());
        assertEquals(expected.size(), got.size());
        assertTrue(got.stream().allMatch(e -> e.get("TASK_ID").asText().equals(ex.taskId())));
        List<JsonNode> err = ndjson(stack.get("/api/v1/tasks/" + ex.taskId() + "/entries?stream=stderr").body());
        assertEquals(expected.stream().filter(e -> "STDERR".equals(text(e, "STREAM"))).count(), err.size());
        assertTrue(err.size() > 0);
    }

    static String text(GeneratedEntry e, String field) {
        return e.fields().stream().filter(f -> f.name().equals(field)).map(f -> f.text()).findFirst().orElse(null);
    }

    @Test
    void fieldsAreMergedAcrossNodesAndNodesListed() throws Exception {
        JsonNode f = JSON.readTree(stack.get("/api/v1/fields/FRAMEWORK_ID").body());
        Set<String> values = new TreeSet<>();
        f.get("values").forEach(v -> values.add(v.asText()));
        assertEquals(new TreeSet<>(gen.frameworkIds()), values);
        assertEquals(0, f.get("failures").size());
        JsonNode nodes = JSON.readTree(stack.get("/api/v1/nodes").body());
        assertEquals(3, nodes.get("nodes").size());
    }

    @Test
    void textIsShortWithTheNode() throws Exception {
        HttpResponse<String> r = stack.get("/api/v1/entries?limit=3&node=" + gen.node(0).machineId(), "Accept", "text/plain");
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElseThrow().startsWith("text/plain"));
        String[] lines = r.body().split("\n");
        assertEquals(3, lines.length);
        assertTrue(lines[0].matches("20\\d\\d-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z " + gen.node(0).machineId()
                + " agent-000 \\S+(\\[\\d+])?: .*seq=0-0.*"), lines[0]);
    }

    @Test
    void grpcQueryMergesAndResumesWithTheCompositeCursor() throws Exception {
        ManagedChannel ch = ManagedChannelBuilder.forAddress("127.0.0.1", stack.port).usePlaintext().build();
        try {
            LogQueryGrpc.LogQueryBlockingStub stub = LogQueryGrpc.newBlockingStub(ch).withDeadlineAfter(30, TimeUnit.SECONDS);
            List<Entry> got = new ArrayList<>();
            Iterator<QueryResponse> it = stub.query(QueryRequest.newBuilder().setLimit(500).build());
            it.forEachRemaining(r -> got.addAll(r.getEntries().getEntriesList()));
            assertEquals(500, got.size());
            for (int i = 0; i < 500; i++) {
                assertEquals(all.get(i).get("__CURSOR").asText(), got.get(i).getCursor());
                assertEquals(all.get(i).get("__NODE_ID").asText(), got.get(i).getNodeId());
            }
            List<Entry> rest = new ArrayList<>();
            LogQueryGrpc.newBlockingStub(ch).withDeadlineAfter(30, TimeUnit.SECONDS).query(QueryRequest.newBuilder()
                    .setStart(Position.newBuilder().setAfterCursor(got.get(499).getCursor())).build())
                    .forEachRemaining(r -> rest.addAll(r.getEntries().getEntriesList()));
            assertEquals(all.size() - 500, rest.size());
            assertEquals(all.get(500).get("__CURSOR").asText(), rest.get(0).getCursor());
        } finally {
            ch.shutdownNow();
        }
    }

    /**
     * A client that stops reading: log-query stops pulling, and once the client has taken nothing for
     * client-stall-timeout (2 s here) ends the response with a trailer carrying a resume cursor; resuming from it
     * loses and repeats nothing.
     */
    @Test
    void aStalledClientIsCutOffWithAResumableCursor() throws Exception {
        byte[] body;
        try (java.net.Socket s = new java.net.Socket()) {
            s.setReceiveBufferSize(16 * 1024);
            s.connect(new java.net.InetSocketAddress("127.0.0.1", stack.port));
            s.getOutputStream().write("GET /api/v1/entries HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            Thread.sleep(4000); // stalled past the timeout (the range is ~13 MB); read before the 5 s grace ends
            s.setSoTimeout(30_000);
            body = s.getInputStream().readAllBytes();
        }
        String text = new String(body, StandardCharsets.ISO_8859_1);
        assertTrue(text.startsWith("HTTP/1.1 200"), text.substring(0, Math.min(200, text.length())));
        String payload = new String(dechunk(body, text.indexOf("\r\n\r\n") + 4), StandardCharsets.UTF_8);
        List<JsonNode> got = ndjson(payload);
        JsonNode trailer = got.remove(got.size() - 1).get("__TRAILER");
        assertTrue(trailer != null && trailer.get("closed").asText().contains("too slow"), String.valueOf(trailer));
        assertTrue(got.size() < all.size(), "cut off before the end: " + got.size());
        for (int i = 0; i < got.size(); i++) {
            assertEquals(seq(all.get(i)), seq(got.get(i)), "entry " + i + " before the cut");
        }
        List<JsonNode> rest = ndjson(stack.get("/api/v1/entries?after_cursor=" + trailer.get("cursor").asText()).body());
        assertEquals(all.size(), got.size() + rest.size(), "nothing lost or repeated across the cut");
        for (int i = 0; i < rest.size(); i++) {
            assertEquals(seq(all.get(got.size() + i)), seq(rest.get(i)), "entry " + (got.size() + i) + " after the cut");
        }
    }

    /** The body of a chunked HTTP/1.1 response starting at off. */
    static byte[] dechunk(byte[] b, int off) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = off;
        while (i < b.length) {
            int lineEnd = i;
            while (b[lineEnd] != '\r') {
                lineEnd++;
            }
            int n = Integer.parseInt(new String(b, i, lineEnd - i, StandardCharsets.US_ASCII).split(";")[0].strip(), 16);
            if (n == 0) {
                break;
            }
            out.write(b, lineEnd + 2, n);
            i = lineEnd + 2 + n + 2;
        }
        return out.toByteArray();
    }

    /** Runs src/test/python/logquery_client.py (Debian's python3-grpcio; message types from server reflection). */
    static List<JsonNode> python(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3", "src/test/python/logquery_client.py",
                "127.0.0.1:" + stack.port));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(90, TimeUnit.SECONDS), "the python client ended");
        assertEquals(0, p.exitValue(), out);
        List<JsonNode> lines = ndjson(out);
        JsonNode end = lines.remove(lines.size() - 1);
        assertEquals(args[0].equals("follow") ? "CANCELLED" : "OK", end.get("status").asText(), out);
        return lines;
    }

    static String pySeq(JsonNode e) {
        Matcher x = SEQ.matcher(e.get("message").asText());
        assertTrue(x.find(), e.toString());
        return x.group(1) + "-" + x.group(2);
    }

    @Test
    void anIndependentPythonGrpcClientReadsFollowsAndResumesWithTheCompositeCursor() throws Exception {
        List<JsonNode> first = python("range", "300");
        assertEquals(300, first.size());
        for (int i = 0; i < 300; i++) {
            assertEquals(all.get(i).get("__CURSOR").asText(), first.get(i).get("cursor").asText(), "entry " + i);
            assertEquals(all.get(i).get("__NODE_ID").asText(), first.get(i).get("node_id").asText());
            assertEquals(seq(all.get(i)), pySeq(first.get(i)));
        }
        List<JsonNode> next = python("range", "300", first.get(299).get("cursor").asText());
        assertEquals(300, next.size());
        for (int i = 0; i < 300; i++) {
            assertEquals(seq(all.get(300 + i)), pySeq(next.get(i)), "resumed entry " + i);
        }
        List<JsonNode> followed = python("follow", "50");
        assertTrue(followed.size() >= 50, "a follow from the head streams the journal: " + followed.size());
        for (int i = 0; i < 50; i++) {
            assertEquals(seq(all.get(i)), pySeq(followed.get(i)), "followed entry " + i);
        }
    }

    @Test
    void badInputIsA4xxWithAJsonBodyNeverA500() throws Exception {
        String node = gen.node(0).machineId();
        Object[][] cases = {
            {"/api/v1/entries?cursor=bm90LWEtY3Vyc29y", 400, "cursor"},
            {"/api/v1/entries?cursor=" + enc("s=zz;i=1"), 400, "cursor"},
            {"/api/v1/entries?match=lower=x", 400, "field"},
            {"/api/v1/entries?match=NOEQUALS", 400, "FIELD=value"},
            {"/api/v1/entries?grep=" + enc("(unclosed"), 400, "grep"},
            {"/api/v1/entries?since=2026-01-02T00:00:00Z&until=2026-01-01T00:00:00Z", 400, "since"},
            {"/api/v1/entries?since=yesterday", 400, "since"},
            {"/api/v1/entries?limit=-1", 400, "limit"},
            {"/api/v1/entries?limit=999999999999", 400, "limit"},
            {"/api/v1/entries?limit=ten", 400, "limit"},
            {"/api/v1/entries?priority=9", 400, "priority"},
            {"/api/v1/entries?direction=sideways", 400, "direction"},
            {"/api/v1/entries?follow=true&direction=backward", 400, "follow"},
            {"/api/v1/entries?cursor=abc&after_cursor=abc", 400, "only one"},
            {"/api/v1/entries?bogus=1", 400, "bogus"},
            {"/api/v1/entries?node=0123456789abcdef0123456789abcdef", 404, "0123456789abcdef0123456789abcdef"},
            {"/api/v1/entries?agent=no-such-agent", 404, "no-such-agent"},
            {"/api/v1/tasks/no-such-task/entries", 404, "no-such-task"},
            {"/api/v1/tasks/x/entries?stream=stdin", 400, "stream"},
            {"/api/v1/entries?cursor=" + enc("s=0123456789abcdef0123456789abcdef;i=1;b=0123456789abcdef0123456789abcdef;m=1;t=1;x=1"), 400, "journald cursor"},
            {"/api/v1/fields/lower", 400, "field"},
        };
        for (Object[] c : cases) {
            HttpResponse<String> r = stack.get((String) c[0]);
            assertEquals(c[1], r.statusCode(), c[0] + " → " + r.body());
            JsonNode body = JSON.readTree(r.body());
            assertTrue(body.has("error") && body.get("detail").asText().contains((String) c[2]), c[0] + " → " + r.body());
        }
        HttpResponse<String> notAcceptable = stack.get("/api/v1/entries", "Accept", "image/png");
        assertEquals(406, notAcceptable.statusCode());
        assertTrue(JSON.readTree(notAcceptable.body()).has("detail"));
        // a journald cursor is fine for one node
        String journald = "s=0123456789abcdef0123456789abcdef;i=1;b=0123456789abcdef0123456789abcdef;m=1;t=1;x=1";
        assertEquals(200, stack.get("/api/v1/entries?limit=1&node=" + node + "&cursor=" + enc(journald)).statusCode());
        assertFalse(stack.get("/api/v1/entries?limit=1").body().isEmpty(), "still serving");
    }

}
