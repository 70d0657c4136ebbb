package io.tributary.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalFilesTest {

    /** Fields as a sorted list: journal files store an entry's items sorted, so field order is not kept. */
    private static List<JournalField> sorted(List<JournalField> fields) {
        List<JournalField> r = new ArrayList<>(fields);
        r.sort(Comparator.comparing(JournalField::name).thenComparing(JournalField::value, Arrays::compare));
        return r;
    }

    private static List<ExportFormat.Entry> journalctl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("journalctl", "--no-pager", "-o", "export"));
        cmd.addAll(List.of(args));
        return ExportFormat.readAll(new ByteArrayInputStream(Exec.run(cmd.toArray(String[]::new))));
    }

    @Test
    void writesOneDirectoryPerNodeThatJournalctlReadsBackExactly(@TempDir Path dir) throws Exception {
        JournalGenerator g = JournalGenerator.builder().entries(10_000).nodes(2).specialEvery(100).build();
        List<Path> nodeDirs = JournalFiles.write(g, dir);

        assertEquals(List.of(dir.resolve(g.machineIds().get(0)), dir.resolve(g.machineIds().get(1))), nodeDirs);
        List<Path> files = JournalFiles.journalFiles(dir);
        assertEquals(2, files.size());
        assertEquals(Path.of("remote-agent-001.journal"), files.stream()
                .filter(f -> f.startsWith(nodeDirs.get(1))).findFirst().orElseThrow().getFileName());

        // All nodes merged through the directory, and each node alone through its own directory.
        List<ExportFormat.Entry> all = journalctl("-D", dir.toString());
        assertEquals(10_000, all.size());
        assertEquals(5_000, journalctl("-D", nodeDirs.get(1).toString()).size());
        for (int i = 1; i < all.size(); i++) {
            assertTrue(all.get(i - 1).realtimeUsec() <= all.get(i).realtimeUsec(), "merged in time order");
        }

        // Every entry round-trips byte-exactly (fields, timestamps, boot id), specials included.
        Map<String, ExportFormat.Entry> byKey = new HashMap<>();
        for (ExportFormat.Entry e : all) {
            byKey.put(e.text("_HOSTNAME") + "/" + e.realtimeUsec(), e);
        }
        Set<JournalGenerator.Special> specials = EnumSet.noneOf(JournalGenerator.Special.class);
        int repeated = 0;
        for (int n = 0; n < 2; n++) {
            for (GeneratedEntry want : g.entries(n)) {
                ExportFormat.Entry got = byKey.get(g.hostnames().get(n) + "/" + want.realtimeUsec());
                assertEquals(want.monotonicUsec(), got.monotonicUsec());
                assertEquals(want.bootId(), got.bootId());
                assertEquals(sorted(want.fields()), sorted(got.dataFields()), "entry " + want.index());
                if (want.special() != null) {
                    specials.add(want.special());
                    repeated += want.special() == JournalGenerator.Special.REPEATED_FIELD ? 1 : 0;
                }
            }
        }
        assertEquals(EnumSet.allOf(JournalGenerator.Special.class), specials);

        // Matches work on the written files, e.g. on the repeated field.
        assertEquals(repeated, journalctl("-D", dir.toString(), "TAG=beta").size());
        List<ExportFormat.Entry> large = journalctl("-D", dir.toString(), JournalGenerator.SPECIAL_FIELD + "=large");
        assertFalse(large.isEmpty());
        assertEquals(JournalGenerator.LARGE_VALUE_SIZE, large.get(0).value("MESSAGE").length);
    }

    @Test
    void refusesToAppendToAnExistingFile(@TempDir Path dir) throws IOException {
        JournalGenerator g = JournalGenerator.builder().entries(10).build();
        JournalFiles.write(g, dir);
        assertThrows(FileAlreadyExistsException.class, () -> JournalFiles.write(g, dir));
    }
}
