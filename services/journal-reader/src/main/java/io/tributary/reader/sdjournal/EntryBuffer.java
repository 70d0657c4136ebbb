package io.tributary.reader.sdjournal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The current entry's fields copied into one reusable array ({@link Journal#read(EntryBuffer)}): the fast path
 * for streaming many entries, with no allocation per field. Field i is {@code NAME=value} at
 * {@code bytes()[start(i)] .. start(i) + length(i)}. Valid until the next read into it.
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

    void clear() {
        count = 0;
        size = 0;
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
        if (cursorText == null) {
            cursorText = new String(cursor, 0, cursorLength, StandardCharsets.ISO_8859_1);
        }
        return cursorText;
    }

    public Location location() {
        if (location == null) {
            location = Location.parse(cursor());
        }
        return location;
    }

    /** The cursor's ASCII bytes: {@code cursorBytes()[0 .. cursorLength())}. */
    public byte[] cursorBytes() {
        return cursor;
    }

    public int cursorLength() {
        return cursorLength;
    }

    public long realtimeUsec() {
        return realtimeUsec;
    }

    public long monotonicUsec() {
        return monotonicUsec;
    }

    public long seqnum() {
        return seqnum;
    }

    /** Where the 32 hex digits of the seqnum id start in {@link #cursorBytes()}. */
    public int seqnumIdAt() {
        return seqnumIdAt;
    }

    /** Where the 32 hex digits of the boot id start in {@link #cursorBytes()}. */
    public int bootIdAt() {
        return bootIdAt;
    }

    /** An immutable copy. */
    public JournalEntry toEntry() {
        List<byte[]> data = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            data.add(Arrays.copyOfRange(bytes, starts[i], starts[i] + lengths[i]));
        }
        return new JournalEntry(data, cursor(), location());
    }
}
