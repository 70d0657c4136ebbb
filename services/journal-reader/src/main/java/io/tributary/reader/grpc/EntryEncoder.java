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
 * messages (EntryEncoderTest checks that). Entries read by the native shim arrive encoded already (the same bytes,
 * NativeShimTest), all but node_id.
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
        Fields f = new Fields().of(e);
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
        private final Fields fields;
        private int entries;

        public BatchBuilder(int capacityHint) {
            this(capacityHint, new Fields(), null);
        }

        private BatchBuilder(int capacityHint, Fields fields, byte[] spare) {
            int capacity = Math.max(HEADER + 1024, capacityHint);
            w = new Writer(spare != null && spare.length >= capacity ? spare : new byte[capacity]);
            w.at = HEADER;
            this.fields = fields;
        }

        /**
         * The next batch of the same stream: reuses this one's per-entry scratch arrays, and spare (an array of a
         * batch already sent, or null) if it is large enough.
         */
        public BatchBuilder next(int capacityHint, byte[] spare) {
            return new BatchBuilder(capacityHint, fields, spare);
        }

        public void add(EntryBuffer entry, byte[] nodeId) {
            if (entry.isEncoded()) { // the native shim wrote everything but node_id, the last field
                int encoded = entry.encodedLength();
                int size = encoded + bytesSize(nodeId.length);
                w.ensure(1 + 5 + size);
                w.tag(BATCH_ENTRIES);
                w.varint(size);
                entry.copyEncoded(w.out, w.at);
                w.at += encoded;
                w.bytes(NODE_ID, nodeId, 0, nodeId.length);
                entries++;
                return;
            }
            Fields f = fields.of(entry);
            int size = f.size(nodeId);
            w.ensure(1 + 5 + size);
            w.tag(BATCH_ENTRIES);
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

    /**
     * One entry's fields and address, from either representation, with the sizes the wire format needs. Reusable:
     * {@code of} refills it (its arrays grow to the largest entry seen), so the streaming path allocates nothing
     * per entry.
     */
    private static final class Fields {
        int count;
        byte[][] arrays = new byte[32][]; // per field: the array holding it (one shared array for an EntryBuffer)
        int[] starts = new int[32];
        int[] lengths = new int[32];
        int[] names = new int[32];       // name length of each field
        int[] sizes = new int[32];       // encoded size of each Field message
        byte[] cursor;                   // cursor[0 .. cursorLength): ASCII
        int cursorLength;
        byte[] seqnumId;                 // 32 hex digits at seqnumIdAt
        int seqnumIdAt;
        byte[] bootId;                   // 32 hex digits at bootIdAt
        int bootIdAt;
        long realtime;
        long monotonic;
        long seqnum;

        Fields of(JournalEntry e) {
            reset(e.data().size());
            for (int i = 0; i < count; i++) {
                byte[] item = e.data().get(i);
                set(i, item, 0, item.length, JournalEntry.nameLength(item));
            }
            Location l = e.location();
            cursor = e.cursor().getBytes(ISO_8859_1); // cursors are ASCII
            cursorLength = cursor.length;
            seqnumId = l.seqnumId().getBytes(ISO_8859_1);
            seqnumIdAt = 0;
            bootId = l.bootId().getBytes(ISO_8859_1);
            bootIdAt = 0;
            realtime = l.realtimeUsec();
            monotonic = l.monotonicUsec();
            seqnum = l.seqnum();
            return this;
        }

        Fields of(EntryBuffer e) {
            reset(e.count());
            byte[] bytes = e.bytes();
            for (int i = 0; i < count; i++) {
                set(i, bytes, e.start(i), e.length(i), e.nameLength(i));
            }
            cursor = e.cursorBytes();
            cursorLength = e.cursorLength();
            seqnumId = cursor;
            seqnumIdAt = e.seqnumIdAt();
            bootId = cursor;
            bootIdAt = e.bootIdAt();
            realtime = e.realtimeUsec();
            monotonic = e.monotonicUsec();
            seqnum = e.seqnum();
            return this;
        }

        private void reset(int n) {
            count = n;
            if (n > starts.length) {
                int m = Math.max(n, starts.length * 2);
                arrays = new byte[m][];
                starts = new int[m];
                lengths = new int[m];
                names = new int[m];
                sizes = new int[m];
            }
        }

        private void set(int i, byte[] array, int start, int length, int name) {
            arrays[i] = array;
            starts[i] = start;
            lengths[i] = length;
            names[i] = name;
            int value = Math.max(0, length - name - 1);
            sizes[i] = bytesSize(name) + bytesSize(value); // an empty name or value is left out, as bytes() does
        }

        int size(byte[] nodeId) {
            int size = 0;
            for (int i = 0; i < count; i++) {
                size += 1 + varintSize(sizes[i]) + sizes[i];
            }
            return size + bytesSize(cursorLength) + varintFieldSize(realtime) + varintFieldSize(monotonic)
                    + bytesSize(32) + varintFieldSize(seqnum) + bytesSize(32) + bytesSize(nodeId.length);
        }

        void writeTo(Writer w, byte[] nodeId) {
            for (int i = 0; i < count; i++) {
                int name = names[i];
                int value = lengths[i] - name - 1;
                w.tag(FIELDS);
                w.varint(sizes[i]);
                w.bytes(FIELD_NAME, arrays[i], starts[i], name);
                if (value > 0) {
                    w.bytes(FIELD_VALUE, arrays[i], starts[i] + name + 1, value);
                }
            }
            w.bytes(CURSOR, cursor, 0, cursorLength);
            w.varintField(REALTIME, realtime);
            w.varintField(MONOTONIC, monotonic);
            w.bytes(BOOT_ID, bootId, bootIdAt, 32);
            w.varintField(SEQNUM, seqnum);
            w.bytes(SEQNUM_ID, seqnumId, seqnumIdAt, 32);
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

        /** A field tag: every tag here is below 128, i.e. one byte. */
        void tag(int tag) {
            out[at++] = (byte) tag;
        }

        void varint(long v) {
            if ((v & ~0x7FL) == 0) { // most lengths here: one byte
                out[at++] = (byte) v;
                return;
            }
            while ((v & ~0x7FL) != 0) {
                out[at++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            out[at++] = (byte) v;
        }

        void varintField(int tag, long v) {
            if (v != 0) { // proto3 leaves out default values
                tag(tag);
                varint(v);
            }
        }

        void bytes(int tag, byte[] b, int from, int length) {
            if (length > 0) {
                tag(tag);
                varint(length);
                raw(b, from, length);
            }
        }

        void raw(byte[] b, int from, int length) {
            System.arraycopy(b, from, out, at, length);
            at += length;
        }
    }
}
