package io.tributary.reader.sdjournal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.testkit.JournalField;
import io.tributary.testkit.PrivateJournald;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Following a live journal (a private journald): fd/process/await, rotation while reading, and cursors of rotated
 * and vacuumed entries. Every test tags its entries with its own RUN id and matches on it, because the journal
 * also holds the probe entry and journald's own messages.
 */
class JournalFollowTest {

    private static final long SECOND = 1_000_000;

    private static PrivateJournald journald;

    @BeforeAll
    static void start() {
        journald = Fixtures.startJournald();
    }

    @AfterAll
    static void stop() {
        journald.close();
    }

    @Test
    void fdIsAnInotifyDescriptor() {
        try (Journal j = openNamespace()) {
            int fd = j.fd();
            assertTrue(fd >= 0);
            assertEquals(fd, j.fd(), "the same fd on every call");
        }
    }

    @Test
    void awaitReportsTheWriteAndNextSeesTheNewEntry() throws IOException {
        String run = Fixtures.uniqueId();
        try (Journal j = openAtTail(run)) {
            send(run, 0);
            // await may also report a write of journald's or an earlier test's that was still being flushed: then
            // the entry is not there yet, and the next await reports it
            boolean reported = false;
            boolean found = false;
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (!found && System.nanoTime() < deadline) {
                int r = j.await(SECOND);
                reported |= r == Journal.APPEND || r == Journal.INVALIDATE;
                found = reported && j.next();
            }
            assertTrue(reported, "await never reported a change");
            assertTrue(found, "next() did not see the entry after await reported the change");
            assertEquals("0", text(j, "SEQ"));
            assertFalse(j.next());
        }
    }

    @Test
    void processReportsTheWriteAndNextSeesTheNewEntry() throws IOException, InterruptedException {
        String run = Fixtures.uniqueId();
        try (Journal j = openAtTail(run)) {
            send(run, 0);
            int r = Journal.NOP;
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (r == Journal.NOP && System.nanoTime() < deadline) {
                Thread.sleep(50);
                r = j.process();
            }
            assertTrue(r == Journal.APPEND || r == Journal.INVALIDATE, "process returned " + r);
            assertTrue(j.next());
            assertEquals("0", text(j, "SEQ"));
        }
    }

    @Test
    void awaitTimesOutWithNopWhenNothingIsWritten() {
        try (Journal j = openAtTail(Fixtures.uniqueId())) {
            j.await(0); // may report the setup; later waits only report changes
            int r = Journal.APPEND;
            for (int i = 0; i < 5 && r != Journal.NOP; i++) {
                r = j.await(200_000); // journald may still be flushing earlier tests' entries
            }
            assertEquals(Journal.NOP, r);
        }
    }

    /**
     * systemd 252: seek_tail, then previous() finding nothing (here: no entry matches yet) leaves the handle "at the
     * tail", and a later next() jumps to the LAST matching entry, skipping the ones written in between (the
     * tail+next behaviour of issue #9934). A follower must seek_head instead when previous() returns false.
     */
    @Test
    void tailWithNothingBeforeItThenNextSkipsToTheLastEntryOn252() throws IOException {
        String run = Fixtures.uniqueId();
        try (Journal j = openNamespace()) {
            j.addMatch("RUN", run.getBytes(UTF_8));
            j.seekTail();
            assertFalse(j.previous());
            sendRange(run, 0, 5);
            assertEquals(5, Fixtures.awaitEntries(journald.namespace(), "RUN", run, 5).size());
            assertTrue(j.next());
            assertEquals("4", text(j, "SEQ"), "252 lands on the last entry, not the first new one");
            assertFalse(j.next());
        }
    }

    /** A reader that calls process() learns about the new file after a rotation and loses nothing. */
    @Test
    void readerThatProcessesContinuesIntoTheRotatedFile() throws IOException, InterruptedException {
        String run = Fixtures.uniqueId();
        try (Journal j = openAtTail(run)) {
            sendRange(run, 0, 30);
            List<String> seen = new ArrayList<>();
            readUntil(j, seen, 30);
            assertEquals(30, seen.size());
            journald.rotate();
            sendRange(run, 30, 60);
            List<Integer> results = readUntil(j, seen, 60);
            assertEquals(IntStream.range(0, 60).mapToObj(Integer::toString).toList(), seen, "all, once, in order");
            assertTrue(results.contains(Journal.INVALIDATE), "the rotation shows as INVALIDATE: " + results);
        }
    }

    /** The contrast: without process()/await() a handle never learns of the new file (journald.md §3.4). */
    @Test
    void readerThatNeverProcessesStaysInTheOldFile() throws IOException, InterruptedException {
        String run = Fixtures.uniqueId();
        try (Journal j = openNamespace()) {
            j.addMatch("RUN", run.getBytes(UTF_8));
            sendRange(run, 0, 10);
            j.seekHead();
            List<String> seen = new ArrayList<>();
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (seen.size() < 10 && System.nanoTime() < deadline) {
                while (j.next()) {
                    seen.add(text(j, "SEQ"));
                }
                Thread.sleep(20);
            }
            assertEquals(10, seen.size());
            journald.rotate();
            sendRange(run, 10, 20);
            assertEquals(10, Fixtures.awaitEntries(journald.namespace(), "RUN", run, 20).size() - 10,
                    "a fresh handle sees the new entries");
            assertFalse(j.next(), "the old handle does not");
        }
    }

    @Test
    void cursorStaysValidAcrossRotation() throws IOException {
        String run = Fixtures.uniqueId();
        sendRange(run, 0, 3);
        String cursor = Fixtures.awaitEntries(journald.namespace(), "RUN", run, 3).get(1).cursor();
        journald.rotate();
        sendRange(run, 3, 6);
        Fixtures.awaitEntries(journald.namespace(), "RUN", run, 6);
        try (Journal j = openNamespace()) {
            j.seekCursor(cursor);
            assertTrue(j.next());
            assertTrue(j.testCursor(cursor));
            assertEquals("1", text(j, "SEQ"));
        }
    }

    /** After the entry's file was vacuumed, seek_cursor lands on the next surviving entry and test_cursor is false. */
    @Test
    void cursorOfAVacuumedEntryLandsOnTheNextSurvivingEntry() throws IOException {
        String run = Fixtures.uniqueId();
        sendRange(run, 0, 3);
        String gone = Fixtures.awaitEntries(journald.namespace(), "RUN", run, 3).get(2).cursor();
        journald.rotate();
        sendRange(run, 3, 6);
        assertEquals(6, Fixtures.awaitEntries(journald.namespace(), "RUN", run, 6).size());
        assertFalse(journald.vacuum().isEmpty());
        try (Journal j = openNamespace()) {
            j.addMatch("RUN", run.getBytes(UTF_8));
            j.seekCursor(gone);
            assertTrue(j.next());
            assertFalse(j.testCursor(gone));
            assertEquals("3", text(j, "SEQ"));
            j.seekHead();
            assertTrue(j.next());
            assertEquals("3", text(j, "SEQ"), "entries 0-2 are gone");
        }
    }

    // ---- helpers

    private static Journal openNamespace() {
        return Journal.open(JournalSource.namespace(journald.namespace()));
    }

    /**
     * A handle matching RUN=run, positioned at the tail as a follower must do it (fd first, so waits wait):
     * seek_tail + previous, and seek_head when previous finds nothing (see tailWithNothingBeforeIt...).
     */
    private static Journal openAtTail(String run) {
        Journal j = openNamespace();
        j.addMatch("RUN", run.getBytes(UTF_8));
        j.fd();
        j.seekTail();
        assertFalse(j.previous(), "no entries of this run yet");
        j.seekHead();
        return j;
    }

    private static void send(String run, int seq) throws IOException {
        journald.send(JournalField.of("MESSAGE", "follow " + seq), JournalField.of("RUN", run),
                JournalField.of("SEQ", Integer.toString(seq)));
    }

    private static void sendRange(String run, int from, int to) throws IOException {
        for (int i = from; i < to; i++) {
            send(run, i);
        }
    }

    /** The follow loop: next() until EOF, then process(); returns what process() reported. */
    private static List<Integer> readUntil(Journal j, List<String> seen, int total) throws InterruptedException {
        List<Integer> results = new ArrayList<>();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (seen.size() < total && System.nanoTime() < deadline) {
            while (j.next()) {
                seen.add(text(j, "SEQ"));
            }
            Thread.sleep(20);
            results.add(j.process());
        }
        return results;
    }

    private static String text(Journal j, String field) {
        return new String(j.field(field).orElseThrow(), UTF_8);
    }
}
