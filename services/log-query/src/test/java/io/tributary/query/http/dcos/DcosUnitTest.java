package io.tributary.query.http.dcos;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.query.encode.Out;
import io.tributary.query.query.ApiException;
import io.vertx.core.MultiMap;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DcosUnitTest {

    static String go(byte[] b) {
        Out o = new Out(16);
        DcosFormat.goString(b, 0, b.length, o);
        return new String(o.toArray(), StandardCharsets.UTF_8);
    }

    @Test
    void stringsAreEscapedLikeGoEncodingJson() {
        assertEquals("\"a\\\"b\\\\c\\n\\r\\t\"", go("a\"b\\c\n\r\t".getBytes(StandardCharsets.UTF_8)));
        assertEquals("\"\\u003cx\\u003e \\u0026 \\u0001\\u001f\"", go("<x> & \u0001\u001f".getBytes(StandardCharsets.UTF_8)));
        assertEquals("\"Grüße 日本 🚀\"", go("Grüße 日本 🚀".getBytes(StandardCharsets.UTF_8)));
        assertEquals("\"\\u2028\\u2029\"", go("\u2028\u2029".getBytes(StandardCharsets.UTF_8)));
        // each invalid byte is one U+FFFD; overlongs and surrogates are invalid
        assertEquals("\"a\\ufffd\\ufffdb\"", go(new byte[] {'a', (byte) 0xff, (byte) 0xfe, 'b'}));
        assertEquals("\"\\ufffd\\ufffd\"", go(new byte[] {(byte) 0xc0, (byte) 0x80}));
        assertEquals("\"\\ufffd\\ufffd\\ufffd\"", go(new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}));
        assertEquals("\"\\ufffd\"", go(new byte[] {(byte) 0xe6}));
    }

    @Test
    void contentNegotiation() {
        assertEquals(DcosFormat.Kind.TEXT, DcosRoutes.kind(null));
        assertEquals(DcosFormat.Kind.TEXT, DcosRoutes.kind("image/png"));
        assertEquals(DcosFormat.Kind.JSON, DcosRoutes.kind("application/json"));
        assertEquals(DcosFormat.Kind.SSE, DcosRoutes.kind("text/event-stream"));
        assertEquals(DcosFormat.Kind.JSON, DcosRoutes.kind("text/plain;q=0.5, application/json"));
    }

    static MultiMap params(String... kv) {
        MultiMap m = MultiMap.caseInsensitiveMultiMap();
        for (int i = 0; i < kv.length; i += 2) {
            m.add(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void v1Parameters() {
        DcosRequest r = DcosRequest.v1(params("filter", "stream:a:b", "filter", "x_y:1", "skip_next", "3", "skip_prev", "2",
                "limit", "7", "cursor", "c1", "read_reverse", "T"), null, false, DcosFormat.Kind.JSON);
        assertArrayEquals(new String[] {"STREAM", "a:b"}, r.filters.get(0));
        assertArrayEquals(new String[] {"X_Y", "1"}, r.filters.get(1));
        assertEquals(3, r.skipNext);
        assertEquals(2, r.skipPrev);
        assertEquals(7, r.limit);
        assertEquals("c1", r.cursor);
        assertTrue(r.readReverse);
        // Last-Event-ID on a stream replaces the cursor and zeroes the skips; on a range it is ignored
        DcosRequest s = DcosRequest.v1(params("skip_prev", "5", "cursor", "c1"), "c9", true, DcosFormat.Kind.SSE);
        assertEquals("c9", s.cursor);
        assertEquals(0, s.skipPrev);
        assertEquals("c1", DcosRequest.v1(params("cursor", "c1"), "c9", false, DcosFormat.Kind.SSE).cursor);
        for (String[] bad : new String[][] {{"filter", "nocolon"}, {"filter", "bad-field:1"}, {"limit", "-1"},
            {"skip_next", "x"}, {"skip_prev", "-2"}, {"read_reverse", "yes"}}) {
            ApiException e = assertThrows(ApiException.class, () -> DcosRequest.v1(params(bad), null, false, DcosFormat.Kind.TEXT));
            assertEquals(400, e.status());
        }
        assertEquals(400, assertThrows(ApiException.class,
                () -> DcosRequest.v1(params("read_reverse", "true"), null, true, DcosFormat.Kind.TEXT)).status());
    }

    @Test
    void v2Parameters() {
        DcosRequest r = DcosRequest.v2(params("skip", "-10", "cursor", "END"), null, DcosFormat.Kind.SSE);
        assertTrue(r.follow);
        assertTrue(r.atEnd);
        assertEquals(10, r.skipPrev);
        DcosRequest n = DcosRequest.v2(params("skip", "4", "cursor", "BEG"), null, DcosFormat.Kind.JSON);
        assertEquals(4, n.skipNext);
        assertNull(n.cursor);
        // Last-Event-ID: skip ignored (dcos-log replayed entries here)
        DcosRequest l = DcosRequest.v2(params("skip", "-10", "cursor", "END"), "c5", DcosFormat.Kind.SSE);
        assertEquals("c5", l.cursor);
        assertEquals(0, l.skipPrev);
        assertTrue(!l.atEnd);
        assertEquals(400, assertThrows(ApiException.class,
                () -> DcosRequest.v2(params("skip", "1.5"), null, DcosFormat.Kind.TEXT)).status());
    }
}
