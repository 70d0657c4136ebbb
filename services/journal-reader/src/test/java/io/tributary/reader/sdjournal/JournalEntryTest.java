package io.tributary.reader.sdjournal;

import static io.tributary.reader.sdjournal.Fixtures.bytes;
import static io.tributary.reader.sdjournal.Fixtures.sortedItems;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.testkit.GeneratedEntry;
import io.tributary.testkit.JournalField;
import io.tributary.testkit.JournalGenerator;
import io.tributary.testkit.JournalGenerator.Special;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** entry(), field(), timestamps and cursors against what the generator wrote; Location against journal order. */
class JournalEntryTest {

    private static List<GeneratedEntry> generated;
    private static List<JournalEntry> read;
    private static List<JournalEntry> mergedRead;

    @BeforeAll
    static void readEverything() {
        generated = Fixtures.oneNodeEntries();
        try (Journal j = Fixtures.openDir(Fixtures.oneNodeDir())) {
            read = Fixtures.readFromHead(j);
        }
        try (Journal j = Fixtures.openDir(Fixtures.twoNodeRoot())) {
            mergedRead = Fixtures.readFromHead(j);
        }
    }

    @Test
    void everyEntryHasExactlyTheGeneratedFields() {
        assertEquals(generated.size(), read.size());
        for (int i = 0; i < generated.size(); i++) {
            assertEquals(expectedItems(generated.get(i)), sortedItems(read.get(i)), "entry " + i);
        }
    }

    @Test
    void timestampsAndBootIdAreTheGenerated() {
        for (int i = 0; i < generated.size(); i++) {
            GeneratedEntry g = generated.get(i);
            JournalEntry e = read.get(i);
            assertEquals(g.realtimeUsec(), e.realtimeUsec(), "realtime of entry " + i);
            assertEquals(g.monotonicUsec(), e.monotonicUsec(), "monotonic of entry " + i);
            assertEquals(g.bootId(), e.bootId(), "boot id of entry " + i);
        }
    }

    @Test
    void handleAccessorsAgreeWithEntry() {
        try (Journal j = Fixtures.openDir(Fixtures.oneNodeDir())) {
            j.seekHead();
            j.nextSkip(42);
            JournalEntry e = j.entry();
            assertEquals(generated.get(41).realtimeUsec(), j.realtimeUsec());
            assertEquals(generated.get(41).monotonicUsec(), j.monotonicUsec());
            assertEquals(e.cursor(), j.cursor());
        }
    }

    /** Each special kind: the MESSAGE (and for REPEATED_FIELD both TAG values) arrive byte-exact. */
    @ParameterizedTest
    @EnumSource(Special.class)
    void specialEntriesAreByteExact(Special kind) {
        int checked = 0;
        for (int i = 0; i < generated.size(); i++) {
            GeneratedEntry g = generated.get(i);
            if (g.special() != kind) {
                continue;
            }
            JournalEntry e = read.get(i);
            assertEquals(kind.label(), e.text(JournalGenerator.SPECIAL_FIELD));
            assertArrayEquals(g.value("MESSAGE"), e.value("MESSAGE"), kind + " entry " + i);
            assertEquals(g.values("TAG").stream().map(Fixtures::bytes).sorted().toList(),
                    e.values("TAG").stream().map(Fixtures::bytes).sorted().toList());
            checked++;
        }
        assertEquals(10, checked, "the fixture has 10 entries of each kind");
    }

    @Test
    void largeValueIsNotTruncated() {
        int i = indexOf(Special.LARGE);
        assertEquals(JournalGenerator.LARGE_VALUE_SIZE, read.get(i).value("MESSAGE").length);
        try (Journal j = Fixtures.openDir(Fixtures.oneNodeDir())) {
            j.seekHead();
            j.nextSkip(i + 1);
            assertEquals(JournalGenerator.LARGE_VALUE_SIZE, j.field("MESSAGE").orElseThrow().length);
        }
    }

    @Test
    void repeatedFieldKeepsBothValues() {
        JournalEntry e = read.get(indexOf(Special.REPEATED_FIELD));
        assertEquals(List.of("alpha", "beta"), e.values("TAG").stream().map(Fixtures::bytes).sorted().toList());
    }

    @Test
    void invalidUtf8SurvivesAsBytes() {
        int i = indexOf(Special.INVALID_UTF8);
        byte[] v = read.get(i).value("MESSAGE");
        assertArrayEquals(generated.get(i).value("MESSAGE"), v);
        assertTrue(bytes(v).contains("\u00ff\u00fe\u0000\u0001"), "0xff 0xfe NUL 0x01 kept");
    }

    @Test
    void unicodeIsUtf8() {
        int i = indexOf(Special.UNICODE);
        assertTrue(read.get(i).text("MESSAGE").startsWith("Grüße aus Köln — 日本語のログ ✓ 🚀 "));
    }

    @Test
    void fieldGivesTheFirstValueOrEmpty() {
        int i = indexOf(Special.REPEATED_FIELD);
        try (Journal j = Fixtures.openDir(Fixtures.oneNodeDir())) {
            j.seekHead();
            j.nextSkip(i + 1);
            String tag = bytes(j.field("TAG").orElseThrow());
            assertTrue(tag.equals("alpha") || tag.equals("beta"), tag);
            assertEquals(generated.get(i).text("MESSAGE"), bytes(j.field("MESSAGE").orElseThrow()));
            assertTrue(j.field("NO_SUCH_FIELD").isEmpty());
            assertTrue(j.field("FRAMEWORK_ID").isPresent() == (generated.get(i).value("FRAMEWORK_ID") != null));
        }
    }

    @Test
    void entryValueHelpersOnAbsentField() {
        JournalEntry e = read.get(0);
        assertNull(e.value("NO_SUCH_FIELD"));
        assertNull(e.text("NO_SUCH_FIELD"));
        assertTrue(e.values("NO_SUCH_FIELD").isEmpty());
    }

    @Test
    void locationOfTheCursorHasTheEntrysAddress() {
        String seqnumId = read.get(0).location().seqnumId();
        for (int i = 0; i < read.size(); i++) {
            JournalEntry e = read.get(i);
            Location l = Location.parse(e.cursor());
            assertEquals(i + 1, l.seqnum(), "journal-remote numbers one file's entries from 1");
            assertEquals(seqnumId, l.seqnumId());
            assertEquals(e.realtimeUsec(), l.realtimeUsec());
            assertEquals(e.monotonicUsec(), l.monotonicUsec());
            assertEquals(e.bootId(), l.bootId());
        }
    }

    @Test
    void locationOrderIsJournalOrderForOneFile() {
        assertOrderedLikeTheJournal(read);
    }

    @Test
    void locationOrderIsJournalOrderForTwoMergedNodes() {
        assertEquals(Fixtures.TWO_NODES.totalEntries(), mergedRead.size());
        assertEquals(2, mergedRead.stream().map(e -> e.location().seqnumId()).distinct().count(),
                "each node file has its own seqnum id, so the order falls back to realtime across nodes");
        assertOrderedLikeTheJournal(mergedRead);
    }

    @Test
    void mergedDirectoryIsInRealtimeOrderWithEveryEntryOnce() {
        List<GeneratedEntry> expected = Fixtures.twoNodeEntriesByRealtime();
        assertEquals(expected.stream().map(g -> g.text("MESSAGE")).sorted().toList(),
                mergedRead.stream().map(e -> e.text("MESSAGE")).sorted().toList());
        for (int i = 1; i < mergedRead.size(); i++) {
            assertTrue(mergedRead.get(i - 1).realtimeUsec() <= mergedRead.get(i).realtimeUsec(), "entry " + i);
        }
    }

    @Test
    void toCursorIsTheJournalsCursor() {
        for (JournalEntry e : read) {
            assertEquals(e.cursor(), e.location().toCursor());
        }
    }

    @Test
    void toCursorRoundTripsThroughSeekCursor() {
        try (Journal j = Fixtures.openDir(Fixtures.twoNodeRoot())) {
            for (int i = 0; i < mergedRead.size(); i += 37) {
                JournalEntry e = mergedRead.get(i);
                j.seekCursor(e.location().toCursor());
                assertTrue(j.next());
                assertTrue(j.testCursor(e.cursor()), "entry " + i);
                assertEquals(e.text("MESSAGE"), bytes(j.field("MESSAGE").orElseThrow()));
            }
        }
    }

    @Test
    void parseRejectsWhatIsNotACursor() {
        for (String bad : List.of("", "garbage", "t=5", "s=xyz;i=1;b=00;m=1;t=1", "q=1")) {
            try {
                Location.parse(bad);
                throw new AssertionError("parsed '" + bad + "'");
            } catch (IllegalArgumentException expected) {
                // fine
            }
        }
    }

    /** Pairwise order of neighbours, and a shuffled copy sorts back into journal order. */
    private static void assertOrderedLikeTheJournal(List<JournalEntry> entries) {
        List<Location> inJournalOrder = entries.stream().map(JournalEntry::location).toList();
        for (int i = 1; i < inJournalOrder.size(); i++) {
            Location a = inJournalOrder.get(i - 1);
            Location b = inJournalOrder.get(i);
            assertTrue(a.compareTo(b) < 0, "entry " + (i - 1) + " before " + i);
            assertTrue(b.isAfter(a));
            assertFalse(a.isAfter(b));
        }
        List<Location> shuffled = new ArrayList<>(inJournalOrder);
        Collections.shuffle(shuffled, new Random(5));
        Collections.sort(shuffled);
        assertEquals(inJournalOrder, shuffled);
    }

    /** The generator's fields, plus _BOOT_ID, which the export format carries as a field. */
    private static List<String> expectedItems(GeneratedEntry g) {
        List<JournalField> f = new ArrayList<>(g.fields());
        f.add(JournalField.of("_BOOT_ID", g.bootId()));
        return sortedItems(f);
    }

    private static int indexOf(Special kind) {
        for (int i = 0; i < generated.size(); i++) {
            if (generated.get(i).special() == kind) {
                return i;
            }
        }
        throw new AssertionError("no " + kind + " entry");
    }
}
