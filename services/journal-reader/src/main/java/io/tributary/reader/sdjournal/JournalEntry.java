package io.tributary.reader.sdjournal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One entry, copied out of the journal's memory: every data field as raw {@code NAME=value} bytes, in journal
 * order (fields may repeat), plus the entry's address (its cursor, which holds its timestamps and boot id).
 * Immutable by convention: nobody writes into the arrays.
 */
public record JournalEntry(List<byte[]> data, String cursor, Location location) {

    public long realtimeUsec() {
        return location.realtimeUsec();
    }

    public long monotonicUsec() {
        return location.monotonicUsec();
    }

    public String bootId() {
        return location.bootId();
    }

    /** The position of '=' in a data item (the name's length). */
    public static int nameLength(byte[] item) {
        for (int i = 0; i < item.length; i++) {
            if (item[i] == '=') {
                return i;
            }
        }
        return item.length;
    }

    /** The first value of a field, or null. */
    public byte[] value(String name) {
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        for (byte[] item : data) {
            if (hasName(item, n)) {
                return java.util.Arrays.copyOfRange(item, n.length + 1, item.length);
            }
        }
        return null;
    }

    /** Every value of a field, in order. */
    public List<byte[]> values(String name) {
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        List<byte[]> out = new ArrayList<>(1);
        for (byte[] item : data) {
            if (hasName(item, n)) {
                out.add(java.util.Arrays.copyOfRange(item, n.length + 1, item.length));
            }
        }
        return out;
    }

    /** The first value as UTF-8 text, or null. */
    public String text(String name) {
        byte[] v = value(name);
        return v == null ? null : new String(v, StandardCharsets.UTF_8);
    }

    private static boolean hasName(byte[] item, byte[] name) {
        if (item.length <= name.length || item[name.length] != '=') {
            return false;
        }
        for (int i = 0; i < name.length; i++) {
            if (item[i] != name[i]) {
                return false;
            }
        }
        return true;
    }
}
