package io.tributary.query.encode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.query.cursor.CursorState;
import io.tributary.query.merge.NodeFailure;
import io.tributary.query.node.Entries;
import io.tributary.query.node.RawEntry;
import io.tributary.query.query.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class FormatsTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String NODE = "0123456789abcdef0123456789abcdef";

    static RawEntry sample() {
        byte[] binary = {'b', 'a', 'd', (byte) 0xff, 0, 'x'};
        byte[] c1 = {(byte) 0xc2, (byte) 0x85}; // U+0085, a C1 control character
        return Entries.raw(NODE, 1_767_225_600_000_001L, 7, "MESSAGE", "multi\nline\ttab \"q\" \\ ü", "BIN", binary,
                "TAG", "a", "TAG", "b", "_BOOT_ID", "fedcba9876543210fedcba9876543210", "C1", c1, "EMPTY", "",
                "_HOSTNAME", "host-1", "SYSLOG_IDENTIFIER", "app", "_PID", "42");
    }

    static CursorState cursor(RawEntry e) {
        CursorState c = new CursorState();
        c.advance(e.node, e.buf, e.cursorOff, e.cursorLen, e.realtime, e.seqnum);
        return c;
    }

    /** Names are grouped by exact bytes: "Aa" and "BB" have the same hash (so the same bucket) and stay apart. */
    @Test
    void jsonGroupsRepeatedNamesOnlyWhenEqual() throws Exception {
        RawEntry e = Entries.raw(NODE, 1_767_225_600_000_001L, 7, "Aa", "1", "BB", "2", "X", "3", "Aa", "4", "BB", "5",
                "Y", "6", "Aa", "7");
        Out out = new Out(16);
        new JsonFormat("application/json").entry(e, cursor(e), out);
        JsonNode o = JSON.readTree(new String(out.toArray(), StandardCharsets.UTF_8));
        assertEquals("[\"1\",\"4\",\"7\"]", o.get("Aa").toString());
        assertEquals("[\"2\",\"5\"]", o.get("BB").toString());
        assertEquals("\"3\"", o.get("X").toString());
        assertEquals("\"6\"", o.get("Y").toString());
        // the per-entry buckets are cleared: the next entry's lone "Aa" is a plain string again
        RawEntry next = Entries.raw(NODE, 1_767_225_600_000_002L, 8, "Aa", "8", "BB", "9");
        JsonFormat reused = new JsonFormat("application/json");
        Out twice = new Out(16);
        reused.entry(e, cursor(e), twice);
        twice.reset();
        reused.entry(next, cursor(next), twice);
        JsonNode n = JSON.readTree(new String(twice.toArray(), StandardCharsets.UTF_8));
        assertEquals("\"8\"", n.get("Aa").toString());
        assertEquals("\"9\"", n.get("BB").toString());
    }

    @Test
    void jsonHasJournalctlsShapeAndTheNode() throws Exception {
        RawEntry e = sample();
        Out out = new Out(16);
        new JsonFormat("application/json").entry(e, cursor(e), out);
        String line = new String(out.toArray(), StandardCharsets.UTF_8);
        assertTrue(line.endsWith("}\n") && line.indexOf('\n') == line.length() - 1, "one line: " + line);
        JsonNode o = JSON.readTree(line);
        assertEquals(cursor(e).encode(), o.get("__CURSOR").asText());
        assertEquals("1767225600000001", o.get("__REALTIME_TIMESTAMP").asText());
        assertEquals("1767225600000001", o.get("__MONOTONIC_TIMESTAMP").asText());
        assertEquals("fedcba9876543210fedcba9876543210", o.get("_BOOT_ID").asText());
        assertEquals("multi\nline\ttab \"q\" \\ ü", o.get("MESSAGE").asText());
        assertEquals("[98,97,100,255,0,120]", o.get("BIN").toString());
        assertEquals("[194,133]", o.get("C1").toString(), "C1 controls are not printable");
        assertEquals("[\"a\",\"b\"]", o.get("TAG").toString());
        assertEquals("", o.get("EMPTY").asText());
        assertEquals(NODE, o.get("__NODE_ID").asText());
        assertEquals(13, o.size(), "the header's _BOOT_ID only once: " + o);
    }

    @Test
    void exportIsBinarySafe() {
        RawEntry e = sample();
        Out out = new Out(16);
        new ExportFormat().entry(e, cursor(e), out);
        String s = new String(out.toArray(), StandardCharsets.ISO_8859_1);
        assertTrue(s.startsWith("__CURSOR=" + cursor(e).encode() + "\n__REALTIME_TIMESTAMP=1767225600000001\n"
                + "__MONOTONIC_TIMESTAMP=1767225600000001\n_BOOT_ID=fedcba9876543210fedcba9876543210\nMESSAGE\n"), s);
        assertTrue(s.contains("\nBIN\n\u0006\0\0\0\0\0\0\0bad\u00ff\0x\nTAG=a\nTAG=b\n"), s);
        assertTrue(s.endsWith("\nEMPTY=\n_HOSTNAME=host-1\nSYSLOG_IDENTIFIER=app\n_PID=42\n\n"), s);
        assertFalse(s.contains("\n_BOOT_ID=fedcba9876543210fedcba9876543210\n_BOOT_ID"), "not twice");
    }

    @Test
    void textIsShortWithTheNodeAndIndentedContinuations() {
        RawEntry e = sample();
        Out out = new Out(16);
        new TextFormat().entry(e, cursor(e), out);
        String s = new String(out.toArray(), StandardCharsets.UTF_8);
        String prefix = "2026-01-01T00:00:00.000001Z " + NODE + " host-1 app[42]: ";
        assertEquals(prefix + "multi\n" + " ".repeat(prefix.length()) + "line\ttab \"q\" \\ ü\n", s);
    }

    @Test
    void sseCarriesTheCursorAsIdAndReportsFailuresAtOnce() {
        RawEntry e = sample();
        SseFormat sse = new SseFormat();
        Out out = new Out(16);
        sse.entry(e, cursor(e), out);
        sse.failure(new NodeFailure("n2", "h:1", "UNAVAILABLE", "down"), out);
        sse.keepAlive(out);
        sse.end(List.of(), "CUR", "client too slow", out);
        String s = new String(out.toArray(), StandardCharsets.UTF_8);
        assertTrue(s.startsWith("id: " + cursor(e).encode() + "\ndata: {\"__CURSOR\":"), s);
        assertTrue(s.contains("\n\nevent: error\ndata: {\"node_id\":\"n2\",\"endpoint\":\"h:1\",\"code\":\"UNAVAILABLE\",\"message\":\"down\"}\n\n: ping\n\n"), s);
        assertTrue(s.endsWith("event: close\nid: CUR\ndata: {\"complete\":false,\"failures\":[],\"closed\":\"client too slow\",\"cursor\":\"CUR\"}\n\n"), s);
    }

    @Test
    void trailersNameFailedNodesOnlyWhenSomethingFailed() throws Exception {
        Out out = new Out(16);
        JsonFormat json = new JsonFormat("application/json");
        json.end(List.of(), "C", null, out);
        assertEquals(0, out.size());
        json.end(List.of(new NodeFailure("n2", "h:1", "DEADLINE_EXCEEDED", "slow")), "C", null, out);
        JsonNode t = JSON.readTree(new String(out.toArray(), StandardCharsets.UTF_8)).get("__TRAILER");
        assertEquals("n2", t.get("failures").get(0).get("node_id").asText());
        assertEquals("C", t.get("cursor").asText());
        Out text = new Out(16);
        new TextFormat().end(List.of(new NodeFailure("n2", "h:1", "UNAVAILABLE", "down")), "C", null, text);
        assertEquals("-- node n2 (h:1) failed: UNAVAILABLE: down\n-- resume with cursor=C\n",
                new String(text.toArray(), StandardCharsets.UTF_8));
    }

    @Test
    void acceptIsNegotiatedWithQualities() {
        List<String> offered = Formats.ENTRY_TYPES;
        assertEquals("application/json", Formats.negotiate(null, offered));
        assertEquals("application/json", Formats.negotiate("*/*", offered));
        assertEquals("text/event-stream", Formats.negotiate("text/event-stream", offered));
        assertEquals("text/plain", Formats.negotiate("text/*;q=0.9, application/json;q=0.5", offered));
        assertEquals("application/x-ndjson", Formats.negotiate("application/x-ndjson", offered));
        assertEquals("application/vnd.fdo.journal", Formats.negotiate("application/vnd.fdo.journal, */*;q=0.1", offered));
        assertEquals("text/plain", Formats.negotiate("text/html, text/plain;q=0.2", offered));
        ApiException e = assertThrows(ApiException.class, () -> Formats.negotiate("image/png", offered));
        assertEquals(406, e.status());
        assertEquals(406, assertThrows(ApiException.class, () -> Formats.negotiate("application/json;q=0", offered)).status());
        // found by FuzzIT: an Accept of separators only was an ArrayIndexOutOfBoundsException (500)
        assertEquals(406, assertThrows(ApiException.class, () -> Formats.negotiate(";;;", offered)).status());
        assertEquals("application/json", Formats.negotiate(";, */*", offered));
    }

    @Test
    void utf8PrintabilityFollowsSystemd() {
        byte[] text = "tab\there ü €".getBytes(StandardCharsets.UTF_8);
        assertTrue(Utf8.printable(text, 0, text.length, false));
        byte[] nl = "a\nb".getBytes(StandardCharsets.UTF_8);
        assertTrue(Utf8.printable(nl, 0, 3, true));
        assertFalse(Utf8.printable(nl, 0, 3, false));
        assertFalse(Utf8.printable(new byte[] {(byte) 0xe2, (byte) 0x82}, 0, 2, true), "truncated sequence");
        assertFalse(Utf8.printable(new byte[] {(byte) 0xc0, (byte) 0x80}, 0, 2, true), "overlong");
        assertFalse(Utf8.printable(new byte[] {0x1b}, 0, 1, true), "ESC");
        assertFalse(Utf8.printable(new byte[] {0x7f}, 0, 1, true), "DEL");
    }
}
