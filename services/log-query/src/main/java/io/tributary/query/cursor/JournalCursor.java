package io.tributary.query.cursor;

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

    /** Packs a journald cursor; IllegalArgumentException when it is not one. */
    public static void pack(CharSequence c, Bytes out) {
        int s = -1; // where the ids' digits start (validated): no Strings made, this runs once per entry
        int b = -1;
        long i = -1;
        long m = -1;
        long t = -1;
        long x = 0;
        int at = 0;
        int n = c.length();
        while (at < n) {
            int end = at;
            while (end < n && c.charAt(end) != ';') {
                end++;
            }
            if (end - at < 3 || c.charAt(at + 1) != '=') {
                throw new IllegalArgumentException("malformed journald cursor part '" + c.subSequence(at, end) + "'");
            }
            char key = c.charAt(at);
            int from = at + 2;
            switch (key) {
                case 's' -> s = id128(c, from, end);
                case 'b' -> b = id128(c, from, end);
                case 'i' -> i = hex(c, from, end);
                case 'm' -> m = hex(c, from, end);
                case 't' -> t = hex(c, from, end);
                case 'x' -> x = hex(c, from, end);
                default -> throw new IllegalArgumentException("unknown journald cursor key '" + key + "'");
            }
            at = end + 1;
        }
        if (s < 0 || i < 0 || b < 0 || m < 0 || t < 0) {
            throw new IllegalArgumentException("not a complete journald cursor (needs s, i, b, m and t)");
        }
        out.hex128(c, s);
        out.varint(i);
        out.hex128(c, b);
        out.varint(m);
        out.varint(t);
        out.varint(x);
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

    private static int id128(CharSequence c, int from, int end) {
        if (end - from != 32) {
            throw new IllegalArgumentException("'" + c.subSequence(from, end) + "' is not a 128-bit id");
        }
        for (int k = from; k < end; k++) {
            char ch = c.charAt(k);
            if (!((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f'))) {
                throw new IllegalArgumentException("'" + c.subSequence(from, end) + "' is not a 128-bit id");
            }
        }
        return from;
    }

    private static long hex(CharSequence c, int from, int end) {
        if (end - from > 16) {
            throw new IllegalArgumentException("journald cursor number too long: " + c.subSequence(from, end));
        }
        long v = 0;
        for (int k = from; k < end; k++) {
            char ch = c.charAt(k);
            int d = ch >= '0' && ch <= '9' ? ch - '0' : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10 : Character.digit(ch, 16);
            if (d < 0) {
                throw new IllegalArgumentException("malformed journald cursor number: " + c.subSequence(from, end));
            }
            v = (v << 4) | d;
        }
        return v;
    }

    static byte[] packed(String cursor) {
        Bytes b = new Bytes(64);
        pack(cursor, b);
        return b.toArray();
    }
}
