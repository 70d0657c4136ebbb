package io.tributary.reader.sdjournal;

import static io.tributary.reader.sdjournal.Fixtures.bytes;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.testkit.GeneratedEntry;
import io.tributary.testkit.JournalGenerator;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Matches: the entries a match expression selects are exactly those the generator says match it. */
class JournalMatchTest {

    private static List<GeneratedEntry> generated;
    private static String fw0;
    private static String fw1;

    private Journal journal;

    @BeforeAll
    static void data() {
        Fixtures.oneNodeDir();
        generated = Fixtures.oneNodeEntries();
        fw0 = Fixtures.ONE_NODE.frameworkIds().get(0);
        fw1 = Fixtures.ONE_NODE.frameworkIds().get(1);
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
    void singleMatch() {
        match("FRAMEWORK_ID", fw0);
        assertSelects(g -> fw0.equals(g.text("FRAMEWORK_ID")));
    }

    @Test
    void sameFieldTwiceIsOr() {
        match("FRAMEWORK_ID", fw0);
        match("FRAMEWORK_ID", fw1);
        assertSelects(g -> fw0.equals(g.text("FRAMEWORK_ID")) || fw1.equals(g.text("FRAMEWORK_ID")));
    }

    @Test
    void differentFieldsAreAnd() {
        match("FRAMEWORK_ID", fw0);
        match("STREAM", "STDERR");
        assertSelects(g -> fw0.equals(g.text("FRAMEWORK_ID")) && "STDERR".equals(g.text("STREAM")));
    }

    @Test
    void disjunctionOrsTheGroups() {
        match("FRAMEWORK_ID", fw0);
        match("STREAM", "STDERR");
        journal.addDisjunction();
        match("_SYSTEMD_UNIT", "ssh.service");
        assertSelects(g -> (fw0.equals(g.text("FRAMEWORK_ID")) && "STDERR".equals(g.text("STREAM")))
                || "ssh.service".equals(g.text("_SYSTEMD_UNIT")));
    }

    @Test
    void conjunctionAndsTheDisjunctions() {
        match("FRAMEWORK_ID", fw0);
        journal.addDisjunction();
        match("_SYSTEMD_UNIT", "ssh.service");
        journal.addConjunction();
        match("STREAM", "STDERR");
        journal.addDisjunction();
        match("PRIORITY", "4");
        assertSelects(g -> (fw0.equals(g.text("FRAMEWORK_ID")) || "ssh.service".equals(g.text("_SYSTEMD_UNIT")))
                && ("STDERR".equals(g.text("STREAM")) || "4".equals(g.text("PRIORITY"))));
    }

    @Test
    void binaryValueMatchesExactlyItsEntry() {
        GeneratedEntry invalid = generated.stream()
                .filter(g -> g.special() == JournalGenerator.Special.INVALID_UTF8).findFirst().orElseThrow();
        byte[] value = invalid.value("MESSAGE");
        journal.addMatch("MESSAGE", value);
        journal.seekHead();
        assertTrue(journal.next());
        assertEquals(bytes(value), bytes(journal.field("MESSAGE").orElseThrow()));
        assertFalse(journal.next(), "exactly one entry has this invalid UTF-8 MESSAGE");
    }

    @Test
    void valueThatNoEntryHasMatchesNothing() {
        match("FRAMEWORK_ID", fw0 + "-nope");
        journal.seekHead();
        assertFalse(journal.next());
    }

    @ParameterizedTest
    @ValueSource(strings = {"lower=x", "FOO", "=x", "__CURSOR=x"})
    void invalidMatchIsEINVAL(String m) {
        JournalException e = assertThrows(JournalException.class, () -> journal.addMatch(m.getBytes(UTF_8)));
        assertEquals(Errno.EINVAL, e.errno());
        assertTrue(e.getMessage().startsWith("sd_journal_add_match: EINVAL (22)"), e.getMessage());
        assertTrue(e.getMessage().contains("'" + m + "'"), e.getMessage());
    }

    @Test
    void emptyValueIsAValidMatch() {
        match("FOO", "");
        journal.seekHead();
        assertFalse(journal.next());
    }

    @Test
    void flushMatchesSelectsEverythingAgain() {
        match("FRAMEWORK_ID", fw0);
        assertSelects(g -> fw0.equals(g.text("FRAMEWORK_ID")));
        journal.flushMatches();
        assertSelects(g -> true);
    }

    private void match(String field, String value) {
        journal.addMatch(field, value.getBytes(UTF_8));
    }

    /** From the head, the journal yields exactly the generated entries the predicate accepts, in order. */
    private void assertSelects(Predicate<GeneratedEntry> expected) {
        List<String> want = generated.stream().filter(expected).map(g -> bytes(g.value("MESSAGE"))).toList();
        assertFalse(want.isEmpty(), "the fixture should have entries for this match");
        List<String> got = Fixtures.readFromHead(journal).stream().map(e -> bytes(e.value("MESSAGE"))).toList();
        assertEquals(want, got);
    }
}
