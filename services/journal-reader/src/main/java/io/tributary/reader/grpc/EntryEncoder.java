package io.tributary.reader.grpc;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import io.tributary.reader.sdjournal.EntryBuffer;
import io.tributary.reader.sdjournal.JournalEntry;
import io.tributary.reader.sdjournal.Location;
import java.util.Arrays;
import java.util.List;

/**
 * Writes journal entries straight into the protobuf wire format of {@code tributary.common.v1.Entry} and
 * {@code ReadResponse{batch}}, without building message objects: on large reads, building and serializing
 * {@code Entry}/{@code Field} objects cost more CPU than reading the journal. The output parses as the ordinary
 * messages (EntryEncoderTest checks that).
 */
public final class EntryEncoder {

    // Tags: (field number << 3) | wire type (0 = varint, 2 = length-delimited).
    private static final int LEN = 2;
    private static final int FIELDS = 1 << 3 | LEN;
    private static final int FIELD_NAME = 1 << 3 | LEN;
    private static final int FIELD_VALUE = 2 << 3 | LEN;
    private static final int CURSOR = 2 << 3 | LEN;
    private static final int REALTIME = 3 << 3;
    private static final int MONOTONIC = 4 << 3;
    private static final int BOOT_ID = 5 << 3 | LEN;
    private static final int SEQNUM = 6 << 3;
    private static final int SEQNUM_ID = 7 << 3 | LEN;
    private static final int NODE_ID = 8 << 3 | LEN;
    private static final int RESPONSE_BATCH = 1 << 3 | LEN; // ReadResponse.batch
    private static final int BATCH_ENTRIES = 1 << 3 | LEN;  // Batch.entries

    private EntryEncoder() {
    }

    /** The wire bytes of one Entry (without its own tag and length): for entries shared by several followers. */
    public static byte[] encode(JournalEntry e, byte[] nodeId) {
        Fields f = Fields.of(e);
        Writer w = new Writer(new byte[f.size(nodeId)]);
        f.writeTo(w, nodeId);
        return w.out;
    }

    /** The wire bytes of ReadResponse{batch: Batch{entries}} for entries encoded by {@link #encode}. */
    public static byte[] batchResponse(List<byte[]> entries) {
        int batch = 0;
        for (byte[] e : entries) {
            batch += 1 + varintSize(e.length) + e.length;
        }
        Writer w = new Writer(new byte[1 + varintSize(batch) + batch]);
        w.varint(RESPONSE_BATCH);
        w.varint(batch);
        for (byte[] e : entries) {
            w.varint(BATCH_ENTRIES);
            w.varint(e.length);
            w.raw(e, 0, e.length);
        }
        return w.out;
    }

    /** Builds one ReadResponse{batch} in a single array while entries are read. */
    public static final class BatchBuilder {
        private static final int HEADER = 6; // room for the response tag and the batch length (varint, <= 5 bytes)
        private final Writer w;
        private int entries;

        public BatchBuilder(int capacityHint) {
            w = new Writer(new byte[Math.max(HEADER + 1024, capacityHint)]);
            w.at = HEADER;
        }

        public void add(EntryBuffer entry, byte[] nodeId) {
            Fields f = Fields.of(entry);
            int size = f.size(nodeId);
            w.ensure(1 + 5 + size);
            w.varint(BATCH_ENTRIES);
            w.varint(size);
            f.writeTo(w, nodeId);
            entries++;
        }

        public int entries() {
            return entries;
        }

        /** Bytes of entries so far. */
        public int bytes() {
            return w.at - HEADER;
        }

        /** The finished ReadResponse; the builder must not be used afterwards. */
        public RawResponses.Encoded build() {
            int body = w.at - HEADER;
            int start = HEADER - 1 - varintSize(body);
            Writer header = new Writer(w.out);
            header.at = start;
            header.varint(RESPONSE_BATCH);
            header.varint(body);
            return new RawResponses.Encoded(w.out, start, w.at - start);
        }
    }

    /** One entry's fields and address, from either representation, with the sizes the wire format needs. */
    private static final class Fields {
        final int count;
        final byte[][] arrays; // per field: the array holding it (one shared array for an EntryBuffer)
        final int[] starts;
        final int[] lengths;
        final int[] names;     // name length of each field
        final int[] sizes;     // encoded size of each Field message
        final byte[] cursor;
        final Location location;

        private Fields(int count, String cursor, Location location) {
            this.count = count;
            this.arrays = new byte[count][];
            this.starts = new int[count];
            this.lengths = new int[count];
            this.names = new int[count];
            this.sizes = new int[count];
            this.cursor = cursor.getBytes(ISO_8859_1); // cursors are ASCII
            this.location = location;
        }

        static Fields of(JournalEntry e) {
            Fields f = new Fields(e.data().size(), e.cursor(), e.location());
            for (int i = 0; i < f.count; i++) {
                byte[] item = e.data().get(i);
                f.set(i, item, 0, item.length, JournalEntry.nameLength(item));
            }
            return f;
        }

        static Fields of(EntryBuffer e) {
            Fields f = new Fields(e.count(), e.cursor(), e.location());
            for (int i = 0; i < f.count; i++) {
                f.set(i, e.bytes(), e.start(i), e.length(i), e.nameLength(i));
            }
            return f;
        }

        private void set(int i, byte[] array, int start, int length, int name) {
            arrays[i] = array;
            starts[i] = start;
            lengths[i] = length;
            names[i] = name;
            int value = Math.max(0, length - name - 1);
            sizes[i] = 1 + varintSize(name) + name + (value == 0 ? 0 : 1 + varintSize(value) + value);
        }

        int size(byte[] nodeId) {
            int size = 0;
            for (int i = 0; i < count; i++) {
                size += 1 + varintSize(sizes[i]) + sizes[i];
            }
            Location l = location;
            return size + bytesSize(cursor.length) + varintFieldSize(l.realtimeUsec()) + varintFieldSize(l.monotonicUsec())
                    + bytesSize(32) + varintFieldSize(l.seqnum()) + bytesSize(32) + bytesSize(nodeId.length);
        }

        void writeTo(Writer w, byte[] nodeId) {
            for (int i = 0; i < count; i++) {
                int name = names[i];
                int value = lengths[i] - name - 1;
                w.varint(FIELDS);
                w.varint(sizes[i]);
                w.bytes(FIELD_NAME, arrays[i], starts[i], name);
                if (value > 0) {
                    w.bytes(FIELD_VALUE, arrays[i], starts[i] + name + 1, value);
                }
            }
            Location l = location;
            w.bytes(CURSOR, cursor, 0, cursor.length);
            w.varintField(REALTIME, l.realtimeUsec());
            w.varintField(MONOTONIC, l.monotonicUsec());
            w.ascii(BOOT_ID, l.bootId());
            w.varintField(SEQNUM, l.seqnum());
            w.ascii(SEQNUM_ID, l.seqnumId());
            w.bytes(NODE_ID, nodeId, 0, nodeId.length);
        }
    }

    private static int bytesSize(int length) {
        return length == 0 ? 0 : 1 + varintSize(length) + length;
    }

    private static int varintFieldSize(long v) {
        return v == 0 ? 0 : 1 + varintSize(v);
    }

    static int varintSize(long v) {
        int n = 1;
        while ((v & ~0x7FL) != 0) {
            v >>>= 7;
            n++;
        }
        return n;
    }

    private static final class Writer {
        byte[] out;
        int at;

        Writer(byte[] out) {
            this.out = out;
        }

        void ensure(int more) {
            if (at + more > out.length) {
                out = Arrays.copyOf(out, Math.max(out.length * 2, at + more));
            }
        }

        void varint(long v) {
            while ((v & ~0x7FL) != 0) {
                out[at++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            out[at++] = (byte) v;
        }

        void varintField(int tag, long v) {
            if (v != 0) { // proto3 leaves out default values
                varint(tag);
                varint(v);
            }
        }

        void bytes(int tag, byte[] b, int from, int length) {
            if (length > 0) {
                varint(tag);
                varint(length);
                raw(b, from, length);
            }
        }

        /** A 32-character id (boot id, seqnum id): ASCII, written without an intermediate array. */
        void ascii(int tag, String s) {
            varint(tag);
            varint(s.length());
            for (int i = 0; i < s.length(); i++) {
                out[at++] = (byte) s.charAt(i);
            }
        }

        void raw(byte[] b, int from, int length) {
            System.arraycopy(b, from, out, at, length);
            at += length;
        }
    }
}
