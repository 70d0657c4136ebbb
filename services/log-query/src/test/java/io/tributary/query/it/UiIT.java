package io.tributary.query.it;

import static io.tributary.query.it.Browser.js;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.testkit.AuthProcess;
import io.tributary.testkit.JournalField;
import io.tributary.testkit.JournalFiles;
import io.tributary.testkit.JournalGenerator;
import io.tributary.testkit.PrivateJournald;
import io.tributary.testkit.ServiceProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The browser UI (/ui/) in a real headless Chromium against a real stack: auth with the embedded issuer, two readers
 * on private journald namespaces written during the test, one reader on a generated journal of 102,000 entries,
 * topology and log-query enforcing auth. Checks what an operator does: log in, filter (every filter of the form), copy
 * the link, tail live with a small lag, pause and resume without loss (per-node sequence numbers), survive log-query
 * going away (killed, then stopped cleanly) and come back by itself without loss, scroll back into history, open an
 * entry's fields (binary and markup shown safely), see a failed node, and stay responsive while 100,000 lines arrive.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UiIT {

    static final String PASSWORD = "ui-admin-pw";
    static final int BIG = 102_000;
    static final int HISTORY = 1_100;
    static final PrivateJournald[] journals = new PrivateJournald[2];
    static final List<String> ids = new ArrayList<>();
    static String bigNode;
    static String token;
    static AuthProcess auth;
    static Stack stack;
    static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        auth = AuthProcess.builder(Path.of("../auth")).logFile(Path.of("target/it-ui-auth.log"))
                .property("tributary.auth.bootstrap-admin.password", PASSWORD).start();
        Map<String, Consumer<ServiceProcess.Builder>> readers = Stack.readers();
        for (int i = 0; i < 2; i++) {
            journals[i] = PrivateJournald.builder().storage(PrivateJournald.Storage.VOLATILE).start();
            String ns = journals[i].namespace();
            String id = HexFormat.of().formatHex(UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII))
                    .substring(0, 32);
            ids.add(id);
            readers.put(id, b -> b.systemProperty("tributary.journal.namespace", ns));
        }
        JournalGenerator gen = JournalGenerator.builder().nodes(1).entries(BIG).frameworks(2).executorsPerFramework(2)
                .seed(7).build();
        Path bigDir = JournalFiles.write(gen, Files.createTempDirectory("log-query-ui")).get(0);
        bigNode = gen.node(0).machineId();
        readers.put(bigNode, b -> b.systemProperty("tributary.journal.directory", bigDir));
        for (int node = 0; node < 2; node++) {
            for (int seq = 0; seq < 10; seq++) {
                write("filter", node, seq, seq % 2 == 0 ? "3" : "6");
            }
        }
        for (int seq = 0; seq < HISTORY; seq++) {
            write("history", 0, seq, "6");
        }
        stack = new Stack("ui", readers, Map.of("tributary.query.auth.url", "127.0.0.1:" + auth.port(),
                "tributary.query.keep-alive", "1s", "tributary.query.node-silence-timeout", "5s"),
                Stack.Options.defaults(readers.size()).withAuthorization("Bearer " + (token = login())));
        browser = new Browser();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (stack != null) {
            stack.close();
        }
        for (PrivateJournald j : journals) {
            if (j != null) {
                j.close();
            }
        }
        if (auth != null) {
            auth.close();
        }
    }

    static String login() throws Exception {
        HttpRequest login = HttpRequest.newBuilder(URI.create(auth.url() + "/acs/api/v1/auth/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"uid\":\"admin\",\"password\":\"" + PASSWORD + "\"}")).build();
        HttpResponse<String> r = HttpClient.newHttpClient().send(login, HttpResponse.BodyHandlers.ofString());
        return Browser.JSON.readTree(r.body()).path("token").asText();
    }

    static void write(String run, int node, int seq, String priority) throws Exception {
        journals[node].send(JournalField.of("MESSAGE", "node " + node + " " + run + " " + seq), JournalField.of("TEST_RUN", run),
                JournalField.of("SEQ", Integer.toString(seq)), JournalField.of("PRIORITY", priority),
                JournalField.of("SYSLOG_IDENTIFIER", "ui-it"));
    }

    JsonNode run(String script) throws Exception {
        return browser.run(script);
    }

    /** The value of a JS expression evaluated in the page (run's scripts run in node, beside the page). */
    JsonNode inPage(String expression) throws Exception {
        return browser.run("return await page.evaluate(() => " + expression + ");");
    }

    /** Polls a JS expression in the page until it is truthy (page.waitForFunction), failing after the timeout. */
    void waitFor(String expression, Duration timeout) throws Exception {
        try {
            browser.run("await page.waitForFunction(() => " + expression + ", null, {timeout: " + timeout.toMillis()
                    + "}); return true;", timeout.plusSeconds(30));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\npage error: " + inPage("document.getElementById('error')"
                    + ".textContent") + ", status: " + inPage("document.getElementById('status').textContent"), e);
        }
    }

    /** Sets the filter form (match, nodes, live) and submits it. */
    void show(String match, List<String> nodes, boolean live) throws Exception {
        run("await page.fill('#f-match', " + js(match) + ");"
                + "const want = " + Browser.JSON.writeValueAsString(nodes) + ";"
                + "for (const id of await page.$$eval('#nodes input', l => l.map(i => i.value)))"
                + "  await page.locator(`#nodes input[value=\"${id}\"]`).setChecked(want.includes(id));"
                + "if (await page.isChecked('#f-live') !== " + live + ") await page.click('#f-live');"
                + "await page.click('#apply'); return true;");
    }

    /** Fills these filter inputs (id without the f- prefix → value; "" clears), leaving the others as they are. */
    void fill(Map<String, String> fields) throws Exception {
        StringBuilder script = new StringBuilder();
        fields.forEach((id, v) -> script.append("await page.fill('#f-").append(id).append("', ").append(js(v)).append(");"));
        run(script + "return true;");
    }

    /** SEQ values per node of the lines on the page, in page order. */
    Map<String, List<Integer>> seqs() throws Exception {
        JsonNode lines = inPage("window.tributaryUi.list.lines.map(l => { const e = JSON.parse(l); return [e.__NODE_ID, e.SEQ]; })");
        Map<String, List<Integer>> out = new TreeMap<>();
        for (JsonNode l : lines) {
            out.computeIfAbsent(l.get(0).asText(), k -> new ArrayList<>()).add(Integer.parseInt(l.get(1).asText()));
        }
        return out;
    }

    static List<Integer> range(int from, int to) {
        return IntStream.range(from, to).boxed().toList();
    }

    @Test
    @Order(1)
    void loginWithTheEmbeddedIssuer() throws Exception {
        String url = "http://127.0.0.1:" + stack.port + "/ui/";
        // the page itself is public; the API behind it is not
        assertEquals(200, stack.get("/ui/").statusCode());
        assertEquals(401, stack.get("/api/v1/nodes").statusCode());
        run("await page.goto(" + js(url) + "); await page.waitForSelector('#login-form', {state: 'visible'});"
                + "await page.fill('#login-uid', 'admin'); await page.fill('#login-password', 'wrong');"
                + "await page.click('#login-submit'); return true;");
        waitFor("document.getElementById('login-error').textContent.length > 0", Duration.ofSeconds(10));
        assertTrue(run("return await page.isVisible('#login-form');").asBoolean());
        run("await page.fill('#login-password', " + js(PASSWORD) + "); await page.click('#login-submit');"
                + "await page.waitForSelector('#viewer', {state: 'visible'}); return true;");
        waitFor("document.querySelectorAll('#nodes input').length === 3", Duration.ofSeconds(10));
        JsonNode nodes = inPage("[...document.querySelectorAll('#nodes input')].map(i => i.value).sort()");
        List<String> all = new ArrayList<>(ids);
        all.add(bigNode);
        assertEquals(all.stream().sorted().toList(), Browser.JSON.convertValue(nodes, List.class));
    }

    @Test
    @Order(2)
    void filteredQuery() throws Exception {
        run("await page.selectOption('#f-priority', '3'); return true;");
        show("TEST_RUN=filter", List.of(ids.get(0)), false);
        waitFor("window.tributaryUi.view.paused && window.tributaryUi.list.length === 5", Duration.ofSeconds(20));
        // node 0's err entries only (even SEQ), each row naming its node, coloured as err
        assertEquals(Map.of(ids.get(0), List.of(0, 2, 4, 6, 8)), seqs());
        JsonNode rows = inPage("[...document.querySelectorAll('#log-rows .row:not([hidden])')]"
                + ".map(r => [r.dataset.node, r.className, r.querySelector('.n').textContent])");
        assertEquals(5, rows.size());
        for (JsonNode r : rows) {
            assertEquals(ids.get(0), r.get(0).asText());
            assertTrue(r.get(1).asText().contains("p3"), r.toString());
            assertEquals(ids.get(0).substring(0, 8), r.get(2).asText());
        }
        // the link reopens the same view: the filters and the cursor are in the URL, and Copy link puts it on the clipboard
        run("await context.grantPermissions(['clipboard-read', 'clipboard-write'], {origin: new URL(page.url()).origin});"
                + "await page.click('#copy-link'); return true;");
        waitFor("document.getElementById('status').textContent === 'link copied'", Duration.ofSeconds(10));
        String link = run("return page.url();").asText();
        assertTrue(link.contains("match=TEST_RUN%3Dfilter") && link.contains("priority=3") && link.contains("cursor="), link);
        assertEquals(link, inPage("navigator.clipboard.readText()").asText());
        run("await page.goto('about:blank'); await page.goto(" + js(link) + "); return true;");
        waitFor("window.tributaryUi.view.paused && window.tributaryUi.list.length === 5", Duration.ofSeconds(20));
        assertEquals(Map.of(ids.get(0), List.of(0, 2, 4, 6, 8)), seqs());
        assertEquals("3", inPage("document.getElementById('f-priority').value").asText());
        run("await page.selectOption('#f-priority', ''); return true;");
    }

    @Test
    @Order(3)
    void everyFilterOfTheForm() throws Exception {
        // since/until (µs, inclusive) and two of the three nodes: node 1's entries in the window are not asked for.
        // Both bounds from node 0: each journald stamps an entry when it gets to it, so under load node 1's entries
        // need not be stamped after node 0's even though they were sent after them.
        String since = timestamp(ids.get(0), "filter", 3);
        String until = timestamp(ids.get(0), "filter", 9);
        fill(Map.of("since", since, "until", until));
        show("TEST_RUN=filter", List.of(ids.get(0), bigNode), false);
        waitFor("window.tributaryUi.view.paused && window.tributaryUi.list.length === 7", Duration.ofSeconds(20));
        assertEquals(Map.of(ids.get(0), range(3, 10)), seqs());
        String link = run("return page.url();").asText();
        assertTrue(link.contains("since=" + since) && link.contains("until=" + until) && link.contains(ids.get(0))
                && link.contains(bigNode) && !link.contains(ids.get(1)), link);
        // the regex (grep=) on top of them
        fill(Map.of("grep", "filter [0-5]$"));
        run("await page.click('#apply'); return true;");
        waitFor("window.tributaryUi.view.paused && window.tributaryUi.list.length === 3", Duration.ofSeconds(20));
        assertEquals(Map.of(ids.get(0), List.of(3, 4, 5)), seqs());
        // a bad regex: the API's 400 is shown
        fill(Map.of("grep", "filter ("));
        run("await page.click('#apply'); return true;");
        waitFor("document.getElementById('error').textContent.includes('grep')", Duration.ofSeconds(20));
        assertEquals(0, inPage("window.tributaryUi.list.length").asInt());
        // unit= (UNIT or _SYSTEMD_UNIT): only this unit's entries, from every node
        String unit = "ui-it-" + Long.toHexString(System.nanoTime()) + ".service";
        for (int node = 0; node < 2; node++) {
            for (int seq = 0; seq < 3; seq++) {
                journals[node].send(JournalField.of("MESSAGE", "unit line " + seq), JournalField.of("UNIT", unit),
                        JournalField.of("SEQ", Integer.toString(seq)));
            }
            journals[node].send(JournalField.of("MESSAGE", "other unit"), JournalField.of("UNIT", "other-" + unit),
                    JournalField.of("SEQ", "99"));
        }
        fill(Map.of("since", "", "until", "", "grep", "", "unit", unit));
        show("", List.of(), false);
        waitFor("window.tributaryUi.view.paused && window.tributaryUi.list.length === 6", Duration.ofSeconds(20));
        assertEquals(Map.of(ids.get(0), range(0, 3), ids.get(1), range(0, 3)), seqs());
        assertEquals("", inPage("document.getElementById('error').textContent").asText());
        fill(Map.of("unit", ""));
    }

    /** The __REALTIME_TIMESTAMP (µs) of one entry a test wrote, from the API. */
    static String timestamp(String node, String run, int seq) throws Exception {
        HttpResponse<String> r = stack.get("/api/v1/entries?node=" + node + "&match=TEST_RUN=" + run + "&match=SEQ=" + seq,
                "Authorization", "Bearer " + token);
        assertEquals(200, r.statusCode(), r.body());
        List<String> lines = r.body().lines().toList();
        assertEquals(1, lines.size(), r.body());
        return Browser.JSON.readTree(lines.get(0)).path("__REALTIME_TIMESTAMP").asText();
    }

    @Test
    @Order(4)
    void liveTailThenPauseAndResumeWithoutLoss() throws Exception {
        show("TEST_RUN=live", List.of(), true);
        waitFor("window.tributaryUi.view.connected", Duration.ofSeconds(20));
        Thread.sleep(500);
        for (int seq = 0; seq < 20; seq++) {
            write("live", 0, seq, seq % 6 == 3 ? "3" : seq == 10 ? "7" : "6");
            write("live", 1, seq, seq % 5 == 2 ? "4" : seq == 13 ? "5" : "6");
        }
        waitFor("window.tributaryUi.list.length >= 40", Duration.ofSeconds(20));
        assertEquals(Map.of(ids.get(0), range(0, 20), ids.get(1), range(0, 20)), seqs());
        // the lag of entries just written is small (arrival − their time)
        waitFor("document.getElementById('lag').textContent.startsWith('lag ')", Duration.ofSeconds(5));
        String lag = inPage("document.getElementById('lag').textContent").asText();
        assertTrue(Double.parseDouble(lag.split(" ")[1]) < 5, lag);
        assertEquals("live", inPage("document.getElementById('status').textContent").asText());
        run("await page.screenshot({path: 'ui.png'}); return true;");

        run("await page.click('#pause'); return true;");
        assertEquals("paused", inPage("document.getElementById('status').textContent").asText());
        writeBoth("live", 20, 50);
        Thread.sleep(1500);
        assertEquals(40, inPage("window.tributaryUi.list.length").asInt(), "a paused view takes nothing");
        run("await page.click('#pause'); return true;");
        waitFor("window.tributaryUi.list.length >= 100", Duration.ofSeconds(20));
        writeBoth("live", 50, 60);
        waitFor("window.tributaryUi.list.length >= 120", Duration.ofSeconds(20));
        Thread.sleep(500);
        assertEquals(Map.of(ids.get(0), range(0, 60), ids.get(1), range(0, 60)), seqs(), "nothing lost or repeated");

        // a new view starts without a lag: its range's entries (old) are no measure of the tail
        waitFor("document.getElementById('lag').textContent.startsWith('lag ')", Duration.ofSeconds(5));
        show("TEST_RUN=filter", List.of(), true);
        waitFor("window.tributaryUi.view.connected && window.tributaryUi.list.length === 20", Duration.ofSeconds(20));
        Thread.sleep(1200); // the indicator is redrawn every 0.5 s
        assertEquals("", inPage("document.getElementById('lag').textContent").asText());
    }

    @Test
    @Order(5)
    void reconnectsByItselfWithoutLoss() throws Exception {
        show("TEST_RUN=reconnect", List.of(), true);
        waitFor("window.tributaryUi.view.connected", Duration.ofSeconds(20));
        // every state the indicator shows from now on
        inPage("(() => { window.states = []; const s = document.getElementById('status');"
                + " new MutationObserver(() => window.states.push(s.textContent)).observe(s, {childList: true, characterData: true, subtree: true});"
                + " return true; })()");
        assertTrue(inPage("window.tributaryUi.view.bottomCursor === null").asBoolean(), "nothing received yet");

        // log-query killed while the view has received nothing: it resumes from the head of its filters, not "now"
        outage(true, 0, 10);
        waitFor("window.tributaryUi.view.connected && window.tributaryUi.list.length >= 20", Duration.ofSeconds(60));
        writeBoth("reconnect", 10, 15);
        waitFor("window.tributaryUi.list.length >= 30", Duration.ofSeconds(20));
        assertEquals("live", inPage("document.getElementById('status').textContent").asText());

        // stopped cleanly (SIGTERM: event: close with the resume cursor), written to meanwhile, started again
        outage(false, 15, 30);
        waitFor("window.tributaryUi.view.connected && window.tributaryUi.list.length >= 60", Duration.ofSeconds(60));
        Thread.sleep(500);
        assertEquals(Map.of(ids.get(0), range(0, 30), ids.get(1), range(0, 30)), seqs(), "nothing lost or repeated");
        assertEquals("live", inPage("document.getElementById('status').textContent").asText());
        assertEquals("", inPage("document.getElementById('error').textContent").asText());
    }

    /**
     * log-query goes away (SIGKILL when abrupt, else SIGTERM), both nodes get SEQ from..to-1 meanwhile, the page shows
     * that it is reconnecting, and log-query starts again on the same port.
     */
    void outage(boolean abrupt, int from, int to) throws Exception {
        inPage("(window.states = [], true)");
        stack.stopLogQuery(abrupt);
        writeBoth("reconnect", from, to);
        waitFor("window.states.some(s => s.startsWith('reconnecting'))", Duration.ofSeconds(10));
        stack.startLogQuery();
    }

    static void writeBoth(String run, int from, int to) throws Exception {
        for (int seq = from; seq < to; seq++) {
            write(run, 0, seq, "6");
            write(run, 1, seq, "6");
        }
    }

    @Test
    @Order(6)
    void olderEntriesArePrependedUpToTheFirst() throws Exception {
        show("TEST_RUN=history", List.of(ids.get(0)), false);
        waitFor("window.tributaryUi.view.paused && window.tributaryUi.list.length === 500", Duration.ofSeconds(20));
        assertEquals(Map.of(ids.get(0), range(HISTORY - 500, HISTORY)), seqs());
        String topInView = "window.tributaryUi.list.entry(window.tributaryUi.list.firstVisible()).SEQ";
        String before = inPage(topInView).asText();
        // Older: the 500 before the top line, in order, the top line not repeated; the same lines stay in view
        run("await page.click('#older'); return true;");
        waitFor("window.tributaryUi.list.length === 1000", Duration.ofSeconds(20));
        assertEquals(Map.of(ids.get(0), range(HISTORY - 1000, HISTORY)), seqs());
        assertEquals(before, inPage(topInView).asText());
        // scrolling to the top loads the rest: the journal's first entries
        inPage("(document.getElementById('log').scrollTop = 0, true)");
        waitFor("window.tributaryUi.list.length === " + HISTORY, Duration.ofSeconds(20));
        assertEquals(Map.of(ids.get(0), range(0, HISTORY)), seqs());
        // and no further
        run("await page.click('#older'); return true;");
        waitFor("document.getElementById('status').textContent === 'beginning reached'", Duration.ofSeconds(20));
        assertEquals(HISTORY, inPage("window.tributaryUi.list.length").asInt());
    }

    @Test
    @Order(7)
    void fieldViewShowsBinaryAndMarkupSafely() throws Exception {
        byte[] binary = {'o', 'k', 0, (byte) 0xff, 0x1b, '[', '3', '1', 'm'};
        journals[0].send(JournalField.of("MESSAGE", "<img src=x onerror=\"window.pwned=1\"> fields"),
                JournalField.of("TEST_RUN", "fields"), new JournalField("BLOB", binary), JournalField.of("SEQ", "0"),
                JournalField.of("TAG", "alpha"), JournalField.of("TAG", "beta"));
        show("TEST_RUN=fields", List.of(), false);
        waitFor("window.tributaryUi.list.length === 1", Duration.ofSeconds(20));
        run("await page.click('#log-rows .row:not([hidden])'); await page.waitForSelector('#fields', {state: 'visible'}); return true;");
        // the clicked line is marked, and keeps its priority colour
        String rowClass = inPage("(async () => { await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));"
                + " return document.querySelector('#log-rows .row:not([hidden])').className; })()").asText();
        assertTrue(rowClass.matches("row p\\d selected"), rowClass);
        JsonNode fields = inPage("[...document.querySelectorAll('#fields tbody tr')].map(tr => [...tr.children].map(td => td.textContent))");
        Map<String, List<String>> byName = new TreeMap<>();
        for (JsonNode f : fields) {
            byName.computeIfAbsent(f.get(0).asText(), k -> new ArrayList<>()).add(f.get(1).asText());
        }
        assertEquals(List.of("<img src=x onerror=\"window.pwned=1\"> fields"), byName.get("MESSAGE"));
        assertEquals(List.of("alpha", "beta"), byName.get("TAG"));
        assertEquals(List.of(ids.get(0)), byName.get("__NODE_ID"));
        String blob = byName.get("BLOB").get(0);
        assertTrue(blob.startsWith("[binary, 9 bytes]") && blob.contains("6f 6b 00 ff 1b 5b 33 31 6d"), blob);
        assertTrue(byName.containsKey("__CURSOR") && byName.containsKey("_BOOT_ID"), byName.keySet().toString());
        assertFalse(inPage("document.querySelector('#fields img, #log img') !== null || window.pwned === 1").asBoolean(),
                "markup in a value is shown, never interpreted");
        run("await page.click('#fields-close'); return true;");
    }

    @Test
    @Order(8)
    void hundredThousandLinesStayResponsive() throws Exception {
        // jump to the big node's first entry, then resume: the tail catches up through all 102,000 entries
        String first = bigEntry("limit=1");
        String last = bigEntry("skip=-1");
        show("", List.of(bigNode), false);
        waitFor("window.tributaryUi.view.paused && window.tributaryUi.list.length === 500", Duration.ofSeconds(30));
        run("await page.fill('#jump', '2026-01-01T00:00:00Z'); await page.press('#jump', 'Enter'); return true;");
        waitFor("window.tributaryUi.view.paused && window.tributaryUi.list.length === 500"
                + " && window.tributaryUi.list.entry(0).__REALTIME_TIMESTAMP === '" + first + "'",
                Duration.ofSeconds(30));
        // while the lines arrive, the page's main thread is never blocked long (the longest gap between 50 ms ticks),
        // typing is quick and a scroll draws its rows at once
        inPage("(() => { const p = window.probe = {maxGapMs: 0, last: performance.now()};"
                + " p.timer = setInterval(() => { const now = performance.now(); p.maxGapMs = Math.max(p.maxGapMs, now - p.last);"
                + " p.last = now; }, 50); return true; })()");
        run("await page.click('#pause'); return true;");
        waitFor("window.tributaryUi.list.length >= 1000", Duration.ofSeconds(60));
        // two frames first: the scroll height is the one last drawn, and lines may have arrived since
        JsonNode during = run("return await page.evaluate(async () => {"
                + " await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));"
                + " const lines = window.tributaryUi.list.length;"
                + " const t0 = performance.now(); const box = document.getElementById('log'); box.scrollTop = 500 * 18;"
                + " await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));"
                + " const row = document.querySelector('#log-rows .row[data-index=\"510\"]');"
                + " return {ms: performance.now() - t0, shown: row !== null && !row.hidden, lines}; });");
        long t1 = System.nanoTime();
        try {
            run("await page.click('#f-grep'); await page.keyboard.type('typing while loading'); return true;");
            long typingWhileLoadingMs = (System.nanoTime() - t1) / 1_000_000;
            assertTrue(during.get("lines").asInt() < 100_000, "still arriving: " + during);
            assertTrue(during.get("shown").asBoolean() && during.get("ms").asDouble() < 1000, during.toString());
            assertEquals("typing while loading", inPage("document.getElementById('f-grep').value").asText());
            assertTrue(typingWhileLoadingMs < 5000, "typing while loading took " + typingWhileLoadingMs + " ms");
        } finally {
            run("await page.fill('#f-grep', ''); return true;"); // the next tests' filters
        }
        waitFor("window.tributaryUi.list.length === 100000 && window.tributaryUi.list.entry(99999).__REALTIME_TIMESTAMP"
                + " === '" + last + "'", Duration.ofSeconds(240));
        JsonNode probe = inPage("(clearInterval(window.probe.timer), window.probe)");
        System.out.println("UiIT while loading: " + during + ", main thread " + probe);
        // The gap includes waiting for a core on two cores shared with the whole stack streaming these lines: 0.18-0.38 s
        // run alone here since rows are written only when they change, 1.4 s in a full CI run (before: 0.4-0.95 s
        // alone, 1.8-2.1 s in CI); a page that stopped yielding would show the whole load.
        assertTrue(probe.get("maxGapMs").asDouble() < 3000, "main thread blocked while loading: " + probe);
        // bounded: the oldest 2,000 left the page, the rows in the DOM are the visible ones
        JsonNode m = inPage("({rows: document.querySelectorAll('#log-rows .row').length,"
                + " dom: document.getElementsByTagName('*').length, heap: performance.memory ? performance.memory.usedJSHeapSize : 0})");
        assertTrue(m.get("rows").asInt() < 150, m.toString());
        assertTrue(m.get("dom").asInt() < 1500, m.toString());
        assertTrue(m.get("heap").asLong() < 400L * 1024 * 1024, m.toString());
        // scrolling to the middle and back draws the right rows at once
        JsonNode scroll = run("return await page.evaluate(async () => { const t0 = performance.now();"
                + " const box = document.getElementById('log'); box.scrollTop = 50000 * 18;"
                + " await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));"
                + " const row = document.querySelector('#log-rows .row[data-index=\"50010\"]');"
                + " return {ms: performance.now() - t0, shown: row !== null && !row.hidden}; });");
        assertTrue(scroll.get("shown").asBoolean(), scroll.toString());
        assertTrue(scroll.get("ms").asDouble() < 1000, scroll.toString());
        long t0 = System.nanoTime();
        run("await page.click('#f-grep'); await page.keyboard.type('responsive typing'); return true;");
        long typingMs = (System.nanoTime() - t0) / 1_000_000;
        assertEquals("responsive typing", inPage("document.getElementById('f-grep').value").asText());
        assertTrue(typingMs < 5000, "typing took " + typingMs + " ms");
        run("await page.fill('#f-grep', ''); return true;");
        // the view was scrolled up while the oldest lines left: their leaving moved it to the top, which is not the
        // user asking for older lines (those would push out the newest and pause the tail)
        assertEquals(List.of(false, last), List.of(inPage("window.tributaryUi.view.paused").asBoolean(),
                inPage("window.tributaryUi.list.entry(99999).__REALTIME_TIMESTAMP").asText()));
    }

    /** The __REALTIME_TIMESTAMP of one entry of the big node, straight from the API. */
    static String bigEntry(String position) throws Exception {
        HttpResponse<String> r = stack.get("/api/v1/entries?node=" + bigNode + "&" + position, "Authorization", "Bearer " + token);
        assertEquals(200, r.statusCode(), r.body());
        return Browser.JSON.readTree(r.body().lines().findFirst().orElseThrow()).path("__REALTIME_TIMESTAMP").asText();
    }

    @Test
    @Order(9)
    void failedNodeIsShown() throws Exception {
        show("TEST_RUN=failing", List.of(), true);
        waitFor("window.tributaryUi.view.connected", Duration.ofSeconds(20));
        stack.stopReader(1);
        waitFor("document.getElementById('failed').textContent.includes('" + ids.get(1).substring(0, 8) + "')",
                Duration.ofSeconds(30));
        String failed = inPage("document.getElementById('failed').textContent").asText();
        assertTrue(failed.contains("failed"), failed);
        // the node list marks it too (topology's health)
        waitFor("document.querySelector('#nodes label[data-node=\"" + ids.get(1) + "\"]').classList.contains('down')",
                Duration.ofSeconds(30));
        // the other nodes keep delivering
        write("failing", 0, 0, "6");
        waitFor("window.tributaryUi.list.length >= 1", Duration.ofSeconds(20));
    }

    @Test
    @Order(10)
    void taskSuggestionsAndTaskFilter() throws Exception {
        String task = "ui-suggest_web." + Long.toHexString(System.nanoTime());
        String other = "ui-suggest_db." + Long.toHexString(System.nanoTime());
        // as the task logger writes a command task's lines: its executor id is the task id
        for (String t : List.of(task, other)) {
            journals[0].send(JournalField.of("MESSAGE", "task line " + t), JournalField.of("TASK_ID", t),
                    JournalField.of("EXECUTOR_ID", t), JournalField.of("SYSLOG_IDENTIFIER", "ui-it"));
        }
        // topology learns journal task ids from the readers' Unique (every 2 s here); GET /api/v1/tasks lists them
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!stack.get("/api/v1/tasks?prefix=ui-suggest", "Authorization", "Bearer " + token).body().contains(task)) {
            assertTrue(System.nanoTime() < deadline, "topology never listed " + task);
            Thread.sleep(200);
        }
        run("await page.fill('#f-task', 'ui-sugg'); await page.dispatchEvent('#f-task', 'input'); return true;");
        waitFor("[...document.querySelectorAll('#task-suggestions option')].some(o => o.value === '" + task + "')",
                Duration.ofSeconds(10));
        // the task as a filter (here by a unique prefix): its lines only
        fill(Map.of("task", "ui-suggest_web"));
        show("", List.of(), false);
        waitFor("window.tributaryUi.view.paused && window.tributaryUi.list.length >= 1", Duration.ofSeconds(20));
        Thread.sleep(300);
        assertEquals(List.of("task line " + task),
                Browser.JSON.convertValue(inPage("window.tributaryUi.list.lines.map(l => JSON.parse(l).MESSAGE)"), List.class));
        assertTrue(run("return page.url();").asText().contains("task=ui-suggest_web"));
    }
}
