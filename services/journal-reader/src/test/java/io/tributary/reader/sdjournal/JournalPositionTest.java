package io.tributary.reader.sdjournal;

import static io.tributary.reader.sdjournal.Fixtures.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.testkit.GeneratedEntry;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Seeking and moving on the one-node fixture; entries are identified by their (unique) MESSAGE. */
class JournalPositionTest {

    private static List<GeneratedEntry> generated;
    private static int count;

    private Journal journal;

    @BeforeAll
    static void data() {
        Fixtures.oneNodeDir();
        generated = Fixtures.oneNodeEntries();
        count = generated.size();
    }

    @BeforeEach
    void open() {
        journal = Fixtures.openDir(Fixtures.oneNodeDir());
    }

    @AfterEach
    void close() {
        journal.close();
    }

    @Test
    void headThenNextIsTheFirstEntry() {
        journal.seekHead();
        assertTrue(journal.next());
        assertEquals(expected(0), message(journal));
    }

    @Test
    void headThenPreviousIsAlsoTheFirstEntry() {
        journal.seekHead();
        assertTrue(journal.previous());
        assertEquals(expected(0), message(journal));
        assertFalse(journal.previous(), "nothing before the first entry");
    }

    @Test
    void tailThenPreviousIsTheLastEntry() {
        journal.seekTail();
        assertTrue(journal.previous());
        assertEquals(expected(count - 1), message(journal));
        assertFalse(journal.next(), "nothing after the last entry");
    }

    /** systemd 252 (fixed in 254, where next() returns 0): tail+next lands on the last entry of a one-file journal. */
    @Test
    void tailThenNextIsTheLastEntryOn252() {
        journal.seekTail();
        assertTrue(journal.next());
        assertEquals(expected(count - 1), message(journal));
        assertFalse(journal.next());
    }

    @Test
    void walkingForwardYieldsEveryEntryInOrder() {
        journal.seekHead();
        for (int i = 0; i < count; i++) {
            assertTrue(journal.next(), "entry " + i);
            assertEquals(expected(i), message(journal));
        }
        assertFalse(journal.next());
    }

    @Test
    void walkingBackwardYieldsEveryEntryInReverse() {
        journal.seekTail();
        for (int i = count - 1; i >= 0; i--) {
            assertTrue(journal.previous(), "entry " + i);
            assertEquals(expected(i), message(journal));
        }
        assertFalse(journal.previous());
    }

    @Test
    void seekCursorThenNextLandsOnTheCursorsEntry() {
        String cursor = cursorOf(123);
        journal.seekCursor(cursor);
        assertTrue(journal.next());
        assertEquals(expected(123), message(journal));
        assertTrue(journal.testCursor(cursor));
        assertFalse(journal.testCursor(cursorOf(124)));
    }

    @Test
    void seekCursorThenPreviousLandsOnTheCursorsEntry() {
        String cursor = cursorOf(321);
        journal.seekCursor(cursor);
        assertTrue(journal.previous());
        assertEquals(expected(321), message(journal));
        assertTrue(journal.testCursor(cursor));
    }

    @Test
    void realtimeBetweenTwoEntries() {
        int k = firstGapAfter(200);
        long between = (generated.get(k).realtimeUsec() + generated.get(k + 1).realtimeUsec()) / 2;
        journal.seekRealtime(between);
        assertTrue(journal.next());
        assertEquals(expected(k + 1), message(journal));
        journal.seekRealtime(between);
        assertTrue(journal.previous());
        assertEquals(expected(k), message(journal));
    }

    @Test
    void realtimeOfAnEntryLandsOnIt() {
        journal.seekRealtime(generated.get(77).realtimeUsec());
        assertTrue(journal.next());
        assertEquals(expected(77), message(journal));
        assertEquals(generated.get(77).realtimeUsec(), journal.realtimeUsec());
    }

    @Test
    void nextSkipFromHeadCountsTheFirstEntry() {
        journal.seekHead();
        assertEquals(3, journal.nextSkip(3));
        assertEquals(expected(2), message(journal));
        assertEquals(10, journal.nextSkip(10));
        assertEquals(expected(12), message(journal));
    }

    @Test
    void nextSkipPastTheEndIsShort() {
        journal.seekHead();
        assertEquals(count - 7, journal.nextSkip(count - 7));
        assertEquals(7, journal.nextSkip(100));
        assertEquals(expected(count - 1), message(journal));
        assertFalse(journal.next());
        assertEquals(0, journal.nextSkip(5));
    }

    @Test
    void previousSkipFromTail() {
        journal.seekTail();
        assertEquals(3, journal.previousSkip(3));
        assertEquals(expected(count - 3), message(journal));
    }

    @Test
    void previousSkipPastTheBeginningIsShort() {
        journal.seekTail();
        assertEquals(count, journal.previousSkip(count + 50));
        assertEquals(expected(0), message(journal));
        assertFalse(journal.previous());
        assertEquals(0, journal.previousSkip(5));
    }

    @Test
    void skipBeyondIntMaxIsERANGE() {
        journal.seekHead();
        JournalException e = assertThrows(JournalException.class, () -> journal.nextSkip(1L << 31));
        assertEquals(Errno.ERANGE, e.errno());
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage", "", "s=zz", "t=zz", "i=5", "foo=bar;t=5"})
    void malformedCursorIsEINVAL(String cursor) {
        JournalException e = assertThrows(JournalException.class, () -> journal.seekCursor(cursor));
        assertEquals(Errno.EINVAL, e.errno());
        assertTrue(e.getMessage().startsWith("sd_journal_seek_cursor: EINVAL (22)"), e.getMessage());
    }

    /** journald.md §0.1: a cursor with only t= is accepted (gatewayd's realtime workaround relies on it). */
    @Test
    void realtimeOnlyCursorIsAccepted() {
        long t = generated.get(50).realtimeUsec();
        journal.seekCursor("t=" + Long.toHexString(t));
        assertTrue(journal.next());
        assertEquals(expected(50), message(journal));
    }

    @Test
    void beforeAnyMoveThereIsNoLocation() {
        assertTrue(journal.currentLocation().isEmpty());
        JournalException e = assertThrows(JournalException.class, journal::cursor);
        assertEquals(Errno.EADDRNOTAVAIL, e.errno());
        assertEquals(Errno.EADDRNOTAVAIL, assertThrows(JournalException.class, journal::realtimeUsec).errno());
        assertEquals(Errno.EADDRNOTAVAIL,
                assertThrows(JournalException.class, () -> journal.field("MESSAGE")).errno());
    }

    @Test
    void afterASeekBeforeAMoveThereIsNoLocation() {
        journal.seekHead();
        journal.next();
        journal.seekHead();
        assertTrue(journal.currentLocation().isEmpty());
    }

    @Test
    void afterAMoveTheLocationIsTheEntrys() {
        journal.seekHead();
        journal.nextSkip(5);
        Location l = journal.currentLocation().orElseThrow();
        assertEquals(generated.get(4).realtimeUsec(), l.realtimeUsec());
        assertEquals(Location.parse(journal.cursor()), l);
    }

    @Test
    void addingAMatchResetsThePosition() {
        journal.seekHead();
        journal.nextSkip(10);
        journal.addMatch("PRIORITY", "6".getBytes());
        assertTrue(journal.currentLocation().isEmpty());
    }

    private String expected(int index) {
        return generated.get(index).text("MESSAGE");
    }

    private String cursorOf(int index) {
        try (Journal j = Fixtures.openDir(Fixtures.oneNodeDir())) {
            j.seekHead();
            assertEquals(index + 1, j.nextSkip(index + 1));
            return j.cursor();
        }
    }

    private static int firstGapAfter(int from) {
        for (int k = from; k + 1 < generated.size(); k++) {
            if (generated.get(k + 1).realtimeUsec() - generated.get(k).realtimeUsec() >= 2) {
                return k;
            }
        }
        throw new AssertionError("no two entries at least 2 µs apart");
    }
}
