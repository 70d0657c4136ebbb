package io.tributary.reader.grpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.proto.common.v1.Entry;
import io.tributary.proto.journal.v1.ReadResponse;
import io.tributary.reader.sdjournal.EntryBuffer;
import io.tributary.reader.sdjournal.Journal;
import io.tributary.reader.sdjournal.JournalEntry;
import io.tributary.reader.sdjournal.JournalSource;
import io.tributary.testkit.JournalFiles;
import io.tributary.testkit.JournalGenerator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hand-written wire encoding parses as the generated Entry/ReadResponse messages, for every kind of entry. */
class EntryEncoderTest {

    @Test
    void encodedEntriesParseBackToTheJournalEntries() throws Exception {
        JournalGenerator gen = JournalGenerator.builder().entries(300).specialEvery(7).seed(3).build();
        Path dir = JournalFiles.writeNode(gen, 0, Files.createTempDirectory("encoder"));
        byte[] node = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        List<JournalEntry> entries = new ArrayList<>();
        List<byte[]> encoded = new ArrayList<>();
        EntryEncoder.BatchBuilder built = new EntryEncoder.BatchBuilder(16); // forces the builder to grow
        // A batch built in an array of a batch already sent (as a Read stream does): its old bytes must not leak.
        byte[] spare = new byte[16 << 20];
        Arrays.fill(spare, (byte) 0x5a);
        EntryEncoder.BatchBuilder reused = new EntryEncoder.BatchBuilder(16).next(16, spare);
        try (Journal j = Journal.open(JournalSource.directory(dir))) {
            EntryBuffer buffer = new EntryBuffer();
            j.seekHead();
            while (j.next()) {
                JournalEntry e = j.entry();
                entries.add(e);
                encoded.add(EntryEncoder.encode(e, node));
                j.read(buffer);
                built.add(buffer, node);
                reused.add(buffer, node);
            }
        }
        assertEquals(300, entries.size());
        for (int i = 0; i < entries.size(); i++) {
            assertSame(entries.get(i), Entry.parseFrom(encoded.get(i)));
        }
        ReadResponse batch = ReadResponse.parseFrom(EntryEncoder.batchResponse(encoded));
        RawResponses.Encoded raw = built.build();
        ReadResponse direct = ReadResponse.parser().parseFrom(raw.bytes(), raw.offset(), raw.length());
        assertEquals(300, batch.getBatch().getEntriesCount());
        assertEquals(batch, direct, "a batch built while reading equals one made of encoded entries");
        RawResponses.Encoded again = reused.build();
        assertTrue(again.bytes() == spare, "the spare array was used");
        assertArrayEquals(Arrays.copyOfRange(raw.bytes(), raw.offset(), raw.offset() + raw.length()),
                Arrays.copyOfRange(again.bytes(), again.offset(), again.offset() + again.length()));
        for (int i = 0; i < entries.size(); i++) {
            assertSame(entries.get(i), batch.getBatch().getEntries(i));
        }
    }

    @Test
    void varintSizesMatchProtobuf() {
        for (long v : new long[] {0, 1, 127, 128, 16383, 16384, Long.MAX_VALUE, -1}) {
            assertEquals(com.google.protobuf.CodedOutputStream.computeUInt64SizeNoTag(v), EntryEncoder.varintSize(v), "varint " + v);
        }
    }

    private static void assertSame(JournalEntry want, Entry got) {
        assertEquals(want.cursor(), got.getCursor());
        assertEquals(want.realtimeUsec(), got.getRealtimeUsec());
        assertEquals(want.monotonicUsec(), got.getMonotonicUsec());
        assertEquals(want.bootId(), got.getBootId());
        assertEquals(want.location().seqnum(), got.getSeqnum());
        assertEquals(want.location().seqnumId(), got.getSeqnumId());
        assertEquals("0123456789abcdef0123456789abcdef", got.getNodeId());
        assertEquals(want.data().size(), got.getFieldsCount());
        for (int k = 0; k < want.data().size(); k++) {
            byte[] item = want.data().get(k);
            int eq = JournalEntry.nameLength(item);
            assertEquals(new String(item, 0, eq, StandardCharsets.US_ASCII), got.getFields(k).getName());
            assertArrayEquals(Arrays.copyOfRange(item, eq + 1, item.length), got.getFields(k).getValue().toByteArray());
        }
    }
}
