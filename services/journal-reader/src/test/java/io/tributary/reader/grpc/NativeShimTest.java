package io.tributary.reader.grpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.proto.common.v1.Entry;
import io.tributary.proto.common.v1.Field;
import io.tributary.proto.journal.v1.ReadResponse;
import io.tributary.reader.sdjournal.EntryBuffer;
import io.tributary.reader.sdjournal.Fixtures;
import io.tributary.reader.sdjournal.Journal;
import io.tributary.testkit.ExportFormat;
import io.tributary.testkit.JournalField;
import io.tributary.testkit.JournalFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The native shim ({@code src/main/c/tributary-sd.c}) and the jnr-ffi path must stream the same bytes: every
 * entry of real journal files is read both ways and encoded into ReadResponse batches, which must be equal byte
 * for byte. The fixtures hold binary values (NUL, invalid UTF-8, escapes), repeated fields and 100 KiB values;
 * {@link #edgeCases} adds empty values, a 300 KiB value, an entry of 200 fields and a value with an '='.
 */
class NativeShimTest {

    private static final byte[] NODE = "node-7".getBytes(StandardCharsets.US_ASCII);

    @Test
    void theShimIsBuiltAndLoaded() {
        assertTrue(Journal.nativeShim(), "libtributary-sd.so was not built (gcc missing?) or did not load: see the log");
    }

    @Test
    void oneNodeFixtureIsByteIdentical() {
        assertEquals(Fixtures.oneNodeEntries().size(), compareAll(Fixtures.oneNodeDir()));
    }

    @Test
    void twoNodeFixtureIsByteIdentical() {
        assertEquals(Fixtures.twoNodeEntriesByRealtime().size(), compareAll(Fixtures.twoNodeRoot()));
    }

    @Test
    void edgeCases() throws IOException {
        byte[] big = new byte[300 * 1024];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31 + 7); // every byte value, NULs and newlines included
        }
        List<JournalField> many = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            many.add(JournalField.of("F" + i, i % 3 == 0 ? "" : "v" + i));
        }
        List<List<JournalField>> entries = List.of(
                List.of(JournalField.of("MESSAGE", ""), JournalField.of("EMPTY", ""), JournalField.of("X", "1")),
                List.of(JournalField.of("MESSAGE", "a=b=c"), new JournalField("BIG", big), JournalField.of("TAG", "a"),
                        JournalField.of("TAG", "")),
                many);
        Path dir = writeJournal(entries);
        assertEquals(entries.size(), compareAll(dir));

        // The shim's bytes are a valid Entry with what was written: the empty values kept, the big one whole.
        try (Journal j = Fixtures.openDir(dir)) {
            EntryBuffer b = new EntryBuffer();
            List<Entry> parsed = new ArrayList<>();
            while (j.next()) {
                j.readEncoded(b);
                parsed.add(parse(batch(b)).getBatch().getEntries(0));
            }
            assertTrue(names(parsed.get(0)).containsAll(List.of("MESSAGE", "EMPTY", "X")), names(parsed.get(0)).toString());
            assertEquals(0, field(parsed.get(0), "EMPTY").getValue().size());
            assertArrayEquals(big, field(parsed.get(1), "BIG").getValue().toByteArray());
            assertEquals("a=b=c", field(parsed.get(1), "MESSAGE").getValue().toStringUtf8());
            assertEquals(200, names(parsed.get(2)).stream().filter(n -> n.startsWith("F")).count());
            assertEquals("node-7", parsed.get(2).getNodeId());
        }
    }

    /** Reads every entry of dir both ways; asserts equal batches and locations; returns the number of entries. */
    private static int compareAll(Path dir) {
        try (Journal j = Fixtures.openDir(dir)) {
            EntryBuffer fields = new EntryBuffer();
            EntryBuffer encoded = new EntryBuffer();
            EntryEncoder.BatchBuilder all1 = new EntryEncoder.BatchBuilder(1024);
            EntryEncoder.BatchBuilder all2 = new EntryEncoder.BatchBuilder(1024);
            int n = 0;
            while (j.next()) {
                j.readFields(fields);
                j.readEncoded(encoded);
                assertArrayEquals(batch(fields), batch(encoded), "entry " + n + " " + fields.cursor());
                assertEquals(fields.location(), encoded.location());
                assertEquals(fields.realtimeUsec(), encoded.realtimeUsec());
                all1.add(fields, NODE);
                all2.add(encoded, NODE);
                n++;
            }
            assertArrayEquals(bytes(all1.build()), bytes(all2.build()));
            return n;
        }
    }

    private static byte[] batch(EntryBuffer e) {
        EntryEncoder.BatchBuilder b = new EntryEncoder.BatchBuilder(1024);
        b.add(e, NODE);
        return bytes(b.build());
    }

    private static byte[] bytes(RawResponses.Encoded e) {
        return Arrays.copyOfRange(e.bytes(), e.offset(), e.offset() + e.length());
    }

    private static ReadResponse parse(byte[] b) {
        try {
            return ReadResponse.parseFrom(b);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> names(Entry e) {
        return e.getFieldsList().stream().map(Field::getName).toList();
    }

    private static Field field(Entry e, String name) {
        return e.getFieldsList().stream().filter(f -> f.getName().equals(name)).findFirst().orElseThrow();
    }

    /** A journal file of the given entries, written by systemd-journal-remote from export format. */
    private static Path writeJournal(List<List<JournalField>> entries) throws IOException {
        Path dir = Fixtures.tempDir("sdjournal-shim");
        Path export = dir.resolve("in.export");
        try (OutputStream out = Files.newOutputStream(export)) {
            ExportFormat.Writer w = new ExportFormat.Writer(out);
            long t = 1_767_225_600_000_000L;
            for (List<JournalField> fields : entries) {
                w.writeEntry(t, t - 1_700_000_000_000_000L, "0123456789abcdef0123456789abcdef", fields);
                t += 1000;
            }
            w.flush();
        }
        Path file = dir.resolve("j/shim.journal");
        Files.createDirectories(file.getParent());
        try {
            Process p = new ProcessBuilder(JournalFiles.JOURNAL_REMOTE.toString(), "--split-mode=none", "--output=" + file, "-")
                    .redirectInput(export.toFile()).redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor(), log);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        Files.delete(export);
        return file.getParent();
    }
}
