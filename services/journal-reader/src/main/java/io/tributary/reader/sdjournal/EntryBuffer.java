package io.tributary.reader.sdjournal;

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
    private String cursor;
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

    void address(String cursor, Location location) {
        this.cursor = cursor;
        this.location = location;
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
        return cursor;
    }

    public Location location() {
        return location;
    }

    /** An immutable copy. */
    public JournalEntry toEntry() {
        List<byte[]> data = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            data.add(Arrays.copyOfRange(bytes, starts[i], starts[i] + lengths[i]));
        }
        return new JournalEntry(data, cursor, location);
    }
}
