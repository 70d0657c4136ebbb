package io.tributary.reader.sdjournal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** errno values are named in messages: "call: NAME (number): detail". */
class JournalExceptionTest {

    @Test
    void messageNamesCallErrnoAndDetail() {
        JournalException e = new JournalException("sd_journal_next", Errno.EBADMSG, "corrupt file");
        assertEquals("sd_journal_next: EBADMSG (74): corrupt file", e.getMessage());
        assertEquals(74, e.errno());
    }

    @Test
    void messageWithoutDetail() {
        assertEquals("sd_journal_wait: ECHILD (10)", new JournalException("sd_journal_wait", Errno.ECHILD).getMessage());
    }

    @Test
    void unknownErrnoKeepsTheNumber() {
        assertEquals("x: errno (4095)", new JournalException("x", 4095).getMessage());
    }

    @Test
    void namesOfTheErrnosTheBindingMeets() {
        assertEquals("ENOENT", Errno.name(2));
        assertEquals("EACCES", Errno.name(13));
        assertEquals("EINVAL", Errno.name(22));
        assertEquals("ERANGE", Errno.name(34));
        assertEquals("EBADMSG", Errno.name(74));
        assertEquals("EMSGSIZE", Errno.name(90));
        assertEquals("EADDRNOTAVAIL", Errno.name(99));
        assertEquals("ENOBUFS", Errno.name(105));
        assertEquals("ECONNREFUSED", Errno.name(111));
        assertEquals("ESTALE", Errno.name(116));
        assertEquals("EBADF", Errno.name(9));
    }

    @Test
    void checkPassesCountsAndThrowsForNegative() {
        assertEquals(3, JournalException.check("c", 3));
        assertEquals(0, JournalException.check("c", 0));
        assertEquals(Errno.EINVAL, assertThrows(JournalException.class, () -> JournalException.check("c", -22)).errno());
    }

    /** A real failure from libsystemd, end to end: -EINVAL becomes "EINVAL (22)" with the call and the argument. */
    @Test
    void realCallFailureIsMapped() {
        try (Journal j = Fixtures.openDir(Fixtures.oneNodeDir())) {
            JournalException e = assertThrows(JournalException.class, () -> j.seekCursor("garbage"));
            assertEquals("sd_journal_seek_cursor: EINVAL (22): 'garbage'", e.getMessage());
            assertEquals(Errno.EINVAL, e.errno());
        }
    }
}
