package io.tributary.reader.sdjournal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

/**
 * The current entry, reusable across entries ({@link Journal#read(EntryBuffer)}): the fast path for streaming many
 * entries, with no allocation per entry. Valid until the next read into it. It holds the entry in one of two forms:
 * <ul>
 * <li>fields (the jnr-ffi path, {@link Journal#readFields}): field i is {@code NAME=value} at
 * {@code bytes()[start(i)] .. start(i) + length(i)};
 * <li>encoded (the native shim, {@link Journal#readEncoded}, {@link #isEncoded()}): the entry's protobuf
 * {@code Entry} without node_id, in native memory, {@link #encodedLength()} bytes, to be copied with
 * {@link #copyEncoded}.
 * </ul>
 * The cursor and what is parsed from it are there in both forms.
 */
public final class EntryBuffer {

    private byte[] bytes = new byte[16 * 1024];
    private int[] starts = new int[32];
    private int[] lengths = new int[32];
    private int count;
    private int size;
    // The cursor as libsystemd wrote it (ASCII) and what the wire encoding needs from it, parsed in place; the
    // String and Location forms are made only when asked for (most streamed entries never need them).
    private byte[] cursor = new byte[160];
    private int cursorLength;
    private long realtimeUsec;
    private long monotonicUsec;
    private long seqnum;
    private int seqnumIdAt;
    private int bootIdAt;
    private String cursorText;
    private Location location;
    // The encoded form: native memory written by the shim (freed with this buffer), its length (-1 when the
    // entry is in the fields form), and the shim's out-parameter for where the cursor is in it.
    private Pointer encoded;
    private int encodedLength = -1;
    private Pointer cursorOut;
    private boolean cursorPending;

    void clear() {
        count = 0;
        size = 0;
        encodedLength = -1;
        cursorPending = false;
    }

    /** The native buffer for the shim to write into, with room for at least size bytes. */
    long encodedBuffer(long size) {
        if (encoded == null || encoded.size() < size) {
            long capacity = Math.max(size, encoded == null ? 16 * 1024 : encoded.size() * 2);
            encoded = Memory.allocateDirect(Runtime.getSystemRuntime(), Math.toIntExact(capacity), false);
        }
        return encoded.address();
    }

    long encodedCapacity() {
        return encoded.size();
    }

    /** The shim's two int64 out-parameters: the cursor's offset and length in the encoded bytes. */
    long cursorOut() {
        if (cursorOut == null) {
            cursorOut = Memory.allocateDirect(Runtime.getSystemRuntime(), 16, false);
        }
        return cursorOut.address();
    }

    /** The shim wrote the entry (length bytes). Its cursor is copied and parsed only when asked for. */
    void encoded(int length) {
        count = 0;
        size = 0;
        encodedLength = length;
        cursorPending = true;
        cursorText = null;
        location = null;
    }

    /** Copies and parses the cursor of an encoded entry, the first time any part of it is asked for. */
    private void cursorReady() {
        if (cursorPending) {
            cursorPending = false;
            cursor(encoded.address() + cursorOut.getLong(0), Math.toIntExact(cursorOut.getLong(8)));
        }
    }

    /** Whether the entry is in the encoded form (the native shim's). */
    public boolean isEncoded() {
        return encodedLength >= 0;
    }

    /** The encoded form's length: an {@code Entry} message without node_id. */
    public int encodedLength() {
        return encodedLength;
    }

    /** Copies the encoded form into target at offset. */
    public void copyEncoded(byte[] target, int offset) {
        if (encodedLength < 0) {
            throw new IllegalStateException("the entry is not in the encoded form");
        }
        NativeCopy.into(encoded.address(), target, offset, encodedLength);
    }

    void add(long address, int length) {
        if (size + length > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + length));
        }
        if (count == starts.length) {
            starts = Arrays.copyOf(starts, count * 2);
            lengths = Arrays.copyOf(lengths, count * 2);
        }
        NativeCopy.into(address, bytes, size, length);
        starts[count] = size;
        lengths[count] = length;
        count++;
        size += length;
    }

    /** The entry's cursor, a NUL-terminated string at address: copied, and its numbers and ids located. */
    void cursor(long address, int length) {
        if (length > cursor.length) {
            cursor = new byte[Math.max(length, cursor.length * 2)];
        }
        NativeCopy.into(address, cursor, 0, length);
        cursorLength = length;
        cursorText = null;
        location = null;
        parseCursor();
    }

    /**
     * Finds s, i, b, m, t in {@code s=<id>;i=<hex>;b=<id>;m=<hex>;t=<hex>;x=<hex>} without making Strings (the
     * strict parse is {@link Location#parse}, used when a Location is asked for).
     */
    private void parseCursor() {
        int s = -1;
        int b = -1;
        long i = -1;
        long m = -1;
        long t = -1;
        int at = 0;
        while (at < cursorLength) {
            int end = at;
            while (end < cursorLength && cursor[end] != ';') {
                end++;
            }
            if (end - at < 3 || cursor[at + 1] != '=') {
                throw new IllegalArgumentException("malformed cursor " + cursor());
            }
            int from = at + 2;
            switch (cursor[at]) {
                case 's' -> s = id(from, end);
                case 'b' -> b = id(from, end);
                case 'i' -> i = hex(from, end);
                case 'm' -> m = hex(from, end);
                case 't' -> t = hex(from, end);
                default -> {
                }
            }
            at = end + 1;
        }
        if (s < 0 || i < 0 || b < 0 || m < 0 || t < 0) {
            throw new IllegalArgumentException("not a complete journald cursor: " + cursor());
        }
        seqnumIdAt = s;
        seqnum = i;
        bootIdAt = b;
        monotonicUsec = m;
        realtimeUsec = t;
    }

    private int id(int from, int end) {
        if (end - from != 32) {
            throw new IllegalArgumentException("malformed cursor " + cursor());
        }
        return from;
    }

    private long hex(int from, int end) {
        if (end - from > 16) {
            throw new IllegalArgumentException("malformed cursor " + cursor());
        }
        long v = 0;
        for (int k = from; k < end; k++) {
            int c = cursor[k];
            int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
            if (d < 0) {
                throw new IllegalArgumentException("malformed cursor " + cursor());
            }
            v = (v << 4) | d;
        }
        return v;
    }

    public int count() {
        return count;
    }

    public byte[] bytes() {
        return bytes;
    }

    public int start(int i) {
        return starts[i];
    }

    public int length(int i) {
        return lengths[i];
    }

    /** The length of field i's name (the position of its '='). */
    public int nameLength(int i) {
        int from = starts[i];
        int end = from + lengths[i];
        for (int k = from; k < end; k++) {
            if (bytes[k] == '=') {
                return k - from;
            }
        }
        return lengths[i];
    }

    public String cursor() {
        cursorReady();
        if (cursorText == null) {
            cursorText = new String(cursor, 0, cursorLength, StandardCharsets.ISO_8859_1);
        }
        return cursorText;
    }

    public Location location() {
        cursorReady();
        if (location == null) {
            location = Location.parse(cursor());
        }
        return location;
    }

    /** The cursor's ASCII bytes: {@code cursorBytes()[0 .. cursorLength())}. */
    public byte[] cursorBytes() {
        cursorReady();
        return cursor;
    }

    public int cursorLength() {
        cursorReady();
        return cursorLength;
    }

    public long realtimeUsec() {
        cursorReady();
        return realtimeUsec;
    }

    public long monotonicUsec() {
        cursorReady();
        return monotonicUsec;
    }

    public long seqnum() {
        cursorReady();
        return seqnum;
    }

    /** Where the 32 hex digits of the seqnum id start in {@link #cursorBytes()}. */
    public int seqnumIdAt() {
        cursorReady();
        return seqnumIdAt;
    }

    /** Where the 32 hex digits of the boot id start in {@link #cursorBytes()}. */
    public int bootIdAt() {
        cursorReady();
        return bootIdAt;
    }

    /** An immutable copy (of the fields form). */
    public JournalEntry toEntry() {
        if (isEncoded()) {
            throw new IllegalStateException("the entry is in the encoded form");
        }
        List<byte[]> data = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            data.add(Arrays.copyOfRange(bytes, starts[i], starts[i] + lengths[i]));
        }
        return new JournalEntry(data, cursor(), location());
    }
}
