package io.tributary.query.cursor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.query.node.Entries;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CompositeCursorTest {

    static final String A = "0123456789abcdef0123456789abcdef";
    static final String B = "node-b-with-a-configured-name";

    @Test
    void roundTripsEveryNodesCursorAndTheKey() {
        Map<String, String> cursors = new LinkedHashMap<>();
        cursors.put(A, Entries.cursor(7, 1000));
        cursors.put(B, Entries.cursor(0xffffffffffL, 1_767_225_600_000_000L));
        CompositeCursor c = new CompositeCursor(new CompositeCursor.Key(1_767_225_600_000_000L, B, 0xffffffffffL), cursors);
        String text = c.encode();
        assertTrue(text.matches("[A-Za-z0-9_-]+"), "URL-safe: " + text);
        CompositeCursor back = CompositeCursor.decode(text);
        assertEquals(c, back);
        int plain = A.length() + B.length() + cursors.get(A).length() + cursors.get(B).length();
        assertTrue(text.length() < plain, "packed: " + text.length() + " < " + plain);
    }

    @Test
    void aTimeOnlyKeyAndAnEmptyCursorRoundTrip() {
        CompositeCursor t = new CompositeCursor(new CompositeCursor.Key(42, "", 0), Map.of());
        assertEquals(t, CompositeCursor.decode(t.encode()));
        CompositeCursor empty = new CompositeCursor(null, Map.of());
        assertNull(CompositeCursor.decode(empty.encode()).last());
    }

    @Test
    void theStateEncodesWhatTheRecordEncodes() {
        CursorState s = new CursorState();
        s.advance(A, Entries.cursor(1, 10), 10, 1);
        s.advance(B, Entries.cursor(5, 12), 12, 5);
        s.advance(A, Entries.cursor(2, 13), 13, 2);
        CompositeCursor snap = s.snapshot();
        assertEquals(Entries.cursor(2, 13), snap.nodeCursors().get(A));
        assertEquals(Entries.cursor(5, 12), snap.nodeCursors().get(B));
        assertEquals(new CompositeCursor.Key(13, A, 2), snap.last());
        assertEquals(snap.encode(), s.encode());
        assertEquals(snap, CompositeCursor.decode(s.encode()));
        s.forget(A);
        assertNull(s.nodeCursor(A));
        assertEquals(Entries.cursor(5, 12), CompositeCursor.decode(s.encode()).nodeCursors().get(B));
        s.advanceTime(100);
        assertEquals(new CompositeCursor.Key(100, "", 0), CompositeCursor.decode(s.encode()).last());
    }

    @Test
    void malformedCursorsAreRejectedWithAReason() {
        String good = new CompositeCursor(new CompositeCursor.Key(1, A, 1), Map.of(A, Entries.cursor(1, 1))).encode();
        byte[] raw = Base64.getUrlDecoder().decode(good);
        for (String bad : new String[] {"", "!!!", "AA", good.substring(0, good.length() - 4),
            Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[] {9, 0, 0}), good + "AAAA"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CompositeCursor.decode(bad), bad);
            assertTrue(e.getMessage().contains("cursor"), e.getMessage());
        }
        raw[2] = 99; // node index out of range... or another malformed byte: still an IllegalArgumentException
        String mangled = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        try {
            CompositeCursor.decode(mangled);
        } catch (IllegalArgumentException expected) {
            assertTrue(expected.getMessage().startsWith("malformed cursor"));
        }
    }

    @Test
    void journaldCursorsArePackedAndValidated() {
        Bytes b = new Bytes(8);
        JournalCursor.pack(Entries.cursor(3, 4), b);
        assertEquals(Entries.cursor(3, 4), JournalCursor.unpack(new Bytes.Reader(b.toArray())));
        assertThrows(IllegalArgumentException.class, () -> JournalCursor.validate("s=zz;i=1"));
        assertThrows(IllegalArgumentException.class, () -> JournalCursor.validate("s=" + A + ";i=1;b=" + A + ";m=1"));
        assertThrows(IllegalArgumentException.class, () -> JournalCursor.validate("s=" + A + ";i=1;b=" + A + ";m=1;t=g"));
    }

    /** A node's entries switch journal file (seqnum id) and boot mid-run: each cursor still packs to itself. */
    @Test
    void idsDecodedOnceStillFollowAChangeOfFileAndBoot() {
        String[] cursors = {Entries.cursor(1, 10), Entries.cursor(2, 11),
            Entries.cursor(3, 12).replace("s=0123456789abcdef", "s=aaaaaaaaaaaaaaaa"),
            Entries.cursor(4, 13).replace("b=fedcba9876543210", "b=bbbbbbbbbbbbbbbb"),
            Entries.cursor(5, 14)};
        CursorState s = new CursorState();
        for (String c : cursors) {
            byte[] b = ("xx" + c + "yy").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            s.advance(A, b, 2, c.length(), 1, 1);
            assertEquals(c, s.nodeCursor(A));
        }
        byte[] bad = Entries.cursor(6, 15).replace("b=fedcba98", "b=fedcba9z").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThrows(IllegalArgumentException.class, () -> s.advance(A, bad, 0, bad.length, 1, 1));
    }
}
