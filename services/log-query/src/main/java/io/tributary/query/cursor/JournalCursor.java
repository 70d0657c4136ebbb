package io.tributary.query.cursor;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A journald cursor ({@code s=<id>;i=<hex>;b=<id>;m=<hex>;t=<hex>;x=<hex>}) packed into 32 bytes of ids plus four
 * varints, and back. Composite cursors hold one per node, so packing keeps them short (~56 instead of ~120 bytes).
 */
public final class JournalCursor {

    private JournalCursor() {
    }

    /** True when the text has the shape of a journald cursor (it still may not parse). */
    public static boolean looksLike(String s) {
        return s.startsWith("s=") && s.contains(";i=");
    }

    /** The realtime timestamp (µs) and seqnum of the entry a (well-formed) journald cursor names: {t, i}. */
    public static long[] realtimeAndSeqnum(String cursor) {
        long[] ti = {0, 0};
        for (String part : cursor.split(";")) {
            if (part.startsWith("t=")) {
                ti[0] = Long.parseUnsignedLong(part.substring(2), 16);
            } else if (part.startsWith("i=")) {
                ti[1] = Long.parseUnsignedLong(part.substring(2), 16);
            }
        }
        return ti;
    }

    /** Packs a journald cursor (text) into out; see {@link #pack(byte[], int, int, Bytes, Ids)}. */
    public static void pack(CharSequence c, Bytes out) {
        byte[] b = new byte[c.length()];
        for (int k = 0; k < b.length; k++) {
            char ch = c.charAt(k);
            b[k] = ch < 0x80 ? (byte) ch : (byte) '?'; // not ASCII: refused below with the text
        }
        pack(b, 0, b.length, out, null);
    }

    /**
     * Packs the journald cursor in c[off, off+len) (ASCII) into out. ids, when given, keeps the last seqnum id and
     * boot id decoded: entries come in runs from one file and one boot, so a run decodes its two ids once (this
     * runs once per entry emitted). IllegalArgumentException names a malformed cursor.
     */
    public static void pack(byte[] c, int off, int len, Bytes out, Ids ids) {
        int s = -1; // where the ids' digits start: validated when decoded
        int b = -1;
        long i = -1;
        long m = -1;
        long t = -1;
        long x = 0;
        int at = off;
        int n = off + len;
        while (at < n) {
            int end = at;
            while (end < n && c[end] != ';') {
                end++;
            }
            if (end - at < 3 || c[at + 1] != '=') {
                throw new IllegalArgumentException("malformed journald cursor part '" + text(c, at, end) + "'");
            }
            byte key = c[at];
            int from = at + 2;
            switch (key) {
                case 's' -> s = id128(c, from, end);
                case 'b' -> b = id128(c, from, end);
                case 'i' -> i = hex(c, from, end);
                case 'm' -> m = hex(c, from, end);
                case 't' -> t = hex(c, from, end);
                case 'x' -> x = hex(c, from, end);
                default -> throw new IllegalArgumentException("unknown journald cursor key '" + (char) (key & 0xFF) + "'");
            }
            at = end + 1;
        }
        if (s < 0 || i < 0 || b < 0 || m < 0 || t < 0) {
            throw new IllegalArgumentException("not a complete journald cursor (needs s, i, b, m and t)");
        }
        decode(c, s, out, ids, 0);
        out.varint(i);
        decode(c, b, out, ids, 1);
        out.varint(m);
        out.varint(t);
        out.varint(x);
    }

    /** The last two 128-bit ids {@link #pack} decoded (0: seqnum id, 1: boot id), as text and as bytes. */
    public static final class Ids {
        private final byte[] text = new byte[64];
        private final byte[] bin = new byte[32];
        private final boolean[] set = new boolean[2];
    }

    /** Reads a packed cursor back into journald's text form. */
    public static String unpack(Bytes.Reader in) {
        String s = in.hex128();
        long i = in.varint();
        String b = in.hex128();
        long m = in.varint();
        long t = in.varint();
        long x = in.varint();
        return "s=" + s + ";i=" + Long.toHexString(i) + ";b=" + b + ";m=" + Long.toHexString(m) + ";t="
                + Long.toHexString(t) + ";x=" + Long.toHexString(x);
    }

    /** Validates a journald cursor (IllegalArgumentException naming the problem). */
    public static void validate(String cursor) {
        pack(cursor, new Bytes(64));
    }

    private static final byte[] HEX = new byte[256];

    static {
        Arrays.fill(HEX, (byte) -1);
        for (int d = 0; d < 16; d++) {
            HEX["0123456789abcdef".charAt(d)] = (byte) d;
            HEX["0123456789ABCDEF".charAt(d)] = (byte) d;
        }
    }

    /** Checks the length only: the digits are checked when decoded (a cached id was checked before). */
    private static int id128(byte[] c, int from, int end) {
        if (end - from != 32) {
            throw new IllegalArgumentException("'" + text(c, from, end) + "' is not a 128-bit id");
        }
        return from;
    }

    /** The 32 hex digits at c[from..] as 16 bytes into out, from ids' slot when it holds the same text. */
    private static void decode(byte[] c, int from, Bytes out, Ids ids, int slot) {
        if (ids != null && ids.set[slot]
                && Arrays.equals(c, from, from + 32, ids.text, slot * 32, slot * 32 + 32)) {
            out.put(ids.bin, slot * 16, 16);
            return;
        }
        byte[] v = new byte[16];
        for (int k = 0; k < 16; k++) {
            int hi = HEX[c[from + 2 * k] & 0xFF];
            int lo = HEX[c[from + 2 * k + 1] & 0xFF];
            if ((hi | lo) < 0) {
                throw new IllegalArgumentException("'" + text(c, from, from + 32) + "' is not a 128-bit id");
            }
            v[k] = (byte) (hi << 4 | lo);
        }
        out.put(v, 0, 16);
        if (ids != null) {
            System.arraycopy(c, from, ids.text, slot * 32, 32);
            System.arraycopy(v, 0, ids.bin, slot * 16, 16);
            ids.set[slot] = true;
        }
    }

    private static long hex(byte[] c, int from, int end) {
        if (end - from > 16) {
            throw new IllegalArgumentException("journald cursor number too long: " + text(c, from, end));
        }
        long v = 0;
        for (int k = from; k < end; k++) {
            int d = HEX[c[k] & 0xFF];
            if (d < 0) {
                throw new IllegalArgumentException("malformed journald cursor number: " + text(c, from, end));
            }
            v = (v << 4) | d;
        }
        return v;
    }

    private static String text(byte[] c, int from, int end) {
        return new String(c, from, end - from, StandardCharsets.ISO_8859_1);
    }

    static byte[] packed(String cursor) {
        Bytes b = new Bytes(64);
        pack(cursor, b);
        return b.toArray();
    }
}
