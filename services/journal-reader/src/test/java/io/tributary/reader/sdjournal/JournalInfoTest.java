package io.tributary.reader.sdjournal;

import static io.tributary.reader.sdjournal.Fixtures.bytes;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.testkit.GeneratedEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** unique(), cutoffRealtime(), usage(). */
class JournalInfoTest {

    @Test
    void uniqueValuesAreTheGeneratedSet() {
        Set<String> expected = Fixtures.oneNodeEntries().stream().map(g -> g.text("FRAMEWORK_ID"))
                .filter(v -> v != null).collect(Collectors.toCollection(TreeSet::new));
        try (Journal j = Fixtures.openDir(Fixtures.oneNodeDir())) {
            List<byte[]> values = j.unique("FRAMEWORK_ID");
            assertEquals(expected.size(), values.size(), "no duplicates");
            assertEquals(expected, values.stream().map(Fixtures::bytes).collect(Collectors.toCollection(TreeSet::new)));
        }
    }

    @Test
    void uniqueSpansAllFilesWithoutDuplicates() {
        Set<String> expected = Fixtures.twoNodeEntriesByRealtime().stream().map(g -> g.text("_HOSTNAME"))
                .collect(Collectors.toCollection(TreeSet::new));
        try (Journal j = Fixtures.openDir(Fixtures.twoNodeRoot())) {
            List<byte[]> values = j.unique("_HOSTNAME");
            assertEquals(List.of("agent-000", "agent-001"), values.stream().map(Fixtures::bytes).sorted().toList());
            assertEquals(expected.size(), values.size());
        }
    }

    @Test
    void uniqueIgnoresMatches() {
        try (Journal j = Fixtures.openDir(Fixtures.oneNodeDir())) {
            int all = j.unique("SYSLOG_IDENTIFIER").size();
            j.addMatch("_SYSTEMD_UNIT", "ssh.service".getBytes(UTF_8));
            assertEquals(all, j.unique("SYSLOG_IDENTIFIER").size());
            assertTrue(all > 1);
        }
    }

    @Test
    void uniqueKeepsBinaryValues() {
        GeneratedEntry bad = Fixtures.oneNodeEntries().stream()
                .filter(g -> g.special() == io.tributary.testkit.JournalGenerator.Special.INVALID_UTF8)
                .findFirst().orElseThrow();
        try (Journal j = Fixtures.openDir(Fixtures.oneNodeDir())) {
            assertTrue(j.unique("MESSAGE").stream().anyMatch(v -> bytes(v).equals(bytes(bad.value("MESSAGE")))));
        }
    }

    @Test
    void uniqueOfAnAbsentFieldIsEmpty() {
        try (Journal j = Fixtures.openDir(Fixtures.oneNodeDir())) {
            assertTrue(j.unique("NO_SUCH_FIELD").isEmpty());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"lower", "", "__CURSOR", "FOO=", "A B"})
    void uniqueOfAnInvalidFieldIsEINVAL(String field) {
        try (Journal j = Fixtures.openDir(Fixtures.oneNodeDir())) {
            JournalException e = assertThrows(JournalException.class, () -> j.unique(field));
            assertEquals(Errno.EINVAL, e.errno());
            assertTrue(e.getMessage().startsWith("sd_journal_query_unique: EINVAL (22)"), e.getMessage());
        }
    }

    @Test
    void cutoffIsTheFirstAndLastRealtime() {
        List<GeneratedEntry> g = Fixtures.oneNodeEntries();
        try (Journal j = Fixtures.openDir(Fixtures.oneNodeDir())) {
            assertArrayEquals(new long[] {g.get(0).realtimeUsec(), g.get(g.size() - 1).realtimeUsec()},
                    j.cutoffRealtime().orElseThrow());
        }
    }

    @Test
    void cutoffOfTwoNodesSpansBoth() {
        List<GeneratedEntry> g = Fixtures.twoNodeEntriesByRealtime();
        try (Journal j = Fixtures.openDir(Fixtures.twoNodeRoot())) {
            assertArrayEquals(new long[] {g.get(0).realtimeUsec(), g.get(g.size() - 1).realtimeUsec()},
                    j.cutoffRealtime().orElseThrow());
        }
    }

    /** sd_journal_get_cutoff_realtime_usec() returns 0 ("nothing") for a journal without files: empty, no error. */
    @Test
    void emptyDirectoryHasNoCutoffNoUsageNoEntries() throws IOException {
        Path empty = Fixtures.tempDir("sdjournal-empty");
        try (Journal j = Fixtures.openDir(empty)) {
            assertTrue(j.cutoffRealtime().isEmpty());
            assertEquals(0, j.usage());
            j.seekHead();
            assertFalse(j.next());
            j.seekTail();
            assertFalse(j.previous());
            assertTrue(j.unique("MESSAGE").isEmpty());
        }
    }

    /** usage = the files' allocated blocks (st_blocks * 512), which for journal-remote's file is its size. */
    @Test
    void usageIsTheAllocatedSizeOfTheFiles() throws IOException, InterruptedException {
        List<Path> files = io.tributary.testkit.JournalFiles.journalFiles(Fixtures.twoNodeRoot());
        long allocated = 0;
        for (Path f : files) {
            Process p = new ProcessBuilder("stat", "-c", "%b %B", f.toString()).start();
            String[] out = new String(p.getInputStream().readAllBytes(), UTF_8).strip().split(" ");
            assertEquals(0, p.waitFor());
            allocated += Long.parseLong(out[0]) * Long.parseLong(out[1]);
        }
        try (Journal j = Fixtures.openDir(Fixtures.twoNodeRoot())) {
            assertTrue(j.usage() > 0);
            assertEquals(allocated, j.usage());
        }
        assertTrue(Files.size(files.get(0)) > 0);
    }
}
