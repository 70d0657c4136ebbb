package io.tributary.reader.grpc;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import io.tributary.reader.sdjournal.JournalEntry;
import io.tributary.reader.sdjournal.Location;

/**
 * Writes a journal entry straight into the protobuf wire format of {@code tributary.common.v1.Entry}, in one pass
 * into an exactly sized array, without building message objects: on large reads, building and serializing
 * {@code Entry}/{@code Field} objects cost more CPU than reading the journal. The result parses as an ordinary
 * {@code Entry} (EntryEncoderTest checks that).
 */
public final class EntryEncoder {

    // Tags: (field number << 3) | wire type (0 = varint, 2 = length-delimited).
    private static final int FIELDS = 1 << 3 | 2;
    private static final int FIELD_NAME = 1 << 3 | 2;
    private static final int FIELD_VALUE = 2 << 3 | 2;
    private static final int CURSOR = 2 << 3 | 2;
    private static final int REALTIME = 3 << 3;
    private static final int MONOTONIC = 4 << 3;
    private static final int BOOT_ID = 5 << 3 | 2;
    private static final int SEQNUM = 6 << 3;
    private static final int SEQNUM_ID = 7 << 3 | 2;
    private static final int NODE_ID = 8 << 3 | 2;

    private EntryEncoder() {
    }

    /** The wire bytes of an Entry (without its own tag and length). */
    public static byte[] encode(JournalEntry e, byte[] nodeId) {
        Location l = e.location();
        byte[] cursor = e.cursor().getBytes(ISO_8859_1); // cursors are ASCII
        byte[] bootId = l.bootId().getBytes(ISO_8859_1);
        byte[] seqnumId = l.seqnumId().getBytes(ISO_8859_1);
        java.util.List<byte[]> data = e.data();
        int[] names = new int[data.size()];      // name length of each item
        int[] fieldSizes = new int[data.size()]; // encoded size of each Field message
        int size = 0;
        for (int k = 0; k < names.length; k++) {
            byte[] item = data.get(k);
            names[k] = JournalEntry.nameLength(item);
            fieldSizes[k] = fieldSize(names[k], item.length);
            size += 1 + varintSize(fieldSizes[k]) + fieldSizes[k];
        }
        size += bytesSize(cursor) + varintFieldSize(l.realtimeUsec()) + varintFieldSize(l.monotonicUsec())
                + bytesSize(bootId) + varintFieldSize(l.seqnum()) + bytesSize(seqnumId) + bytesSize(nodeId);

        Writer w = new Writer(new byte[size]);
        for (int k = 0; k < names.length; k++) {
            byte[] item = data.get(k);
            int eq = names[k];
            w.varint(FIELDS);
            w.varint(fieldSizes[k]);
            w.bytes(FIELD_NAME, item, 0, eq);
            if (eq < item.length - 1) {
                w.bytes(FIELD_VALUE, item, eq + 1, item.length - eq - 1);
            }
        }
        w.bytes(CURSOR, cursor, 0, cursor.length);
        w.varintField(REALTIME, l.realtimeUsec());
        w.varintField(MONOTONIC, l.monotonicUsec());
        w.bytes(BOOT_ID, bootId, 0, bootId.length);
        w.varintField(SEQNUM, l.seqnum());
        w.bytes(SEQNUM_ID, seqnumId, 0, seqnumId.length);
        w.bytes(NODE_ID, nodeId, 0, nodeId.length);
        if (w.at != size) {
            throw new IllegalStateException("entry encoded to " + w.at + " bytes, expected " + size);
        }
        return w.out;
    }

    /** The wire bytes of ReadResponse{batch: Batch{entries}} for already encoded entries. */
    public static byte[] batchResponse(java.util.List<byte[]> entries) {
        int batch = 0;
        for (byte[] e : entries) {
            batch += 1 + varintSize(e.length) + e.length;
        }
        Writer w = new Writer(new byte[1 + varintSize(batch) + batch]);
        w.varint(1 << 3 | 2); // ReadResponse.batch = 1
        w.varint(batch);
        for (byte[] e : entries) {
            w.varint(1 << 3 | 2); // Batch.entries = 1
            w.varint(e.length);
            System.arraycopy(e, 0, w.out, w.at, e.length);
            w.at += e.length;
        }
        return w.out;
    }

    private static int fieldSize(int eq, int itemLength) {
        int valueLength = Math.max(0, itemLength - eq - 1);
        return 1 + varintSize(eq) + eq + (valueLength == 0 ? 0 : 1 + varintSize(valueLength) + valueLength);
    }

    private static int bytesSize(byte[] b) {
        return b.length == 0 ? 0 : 1 + varintSize(b.length) + b.length;
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
        final byte[] out;
        int at;

        Writer(byte[] out) {
            this.out = out;
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
                System.arraycopy(b, from, out, at, length);
                at += length;
            }
        }
    }
}
