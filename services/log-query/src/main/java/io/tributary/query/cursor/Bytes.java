package io.tributary.query.cursor;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable byte array with the few encodings cursors need (varints, 128-bit ids, short strings). */
public final class Bytes {

    private byte[] buf;
    private int size;

    public Bytes(int capacity) {
        buf = new byte[capacity];
    }

    public void reset() {
        size = 0;
    }

    public int size() {
        return size;
    }

    public byte[] array() {
        return buf;
    }

    public byte[] toArray() {
        return Arrays.copyOf(buf, size);
    }

    private void ensure(int more) {
        if (size + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
        }
    }

    public void put(int b) {
        ensure(1);
        buf[size++] = (byte) b;
    }

    public void put(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, size, len);
        size += len;
    }

    public void varint(long v) {
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            buf[size++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[size++] = (byte) v;
    }

    /** 32 lowercase hex digits as 16 bytes (the caller has validated them). */
    public void hex128(String hex) {
        hex128(hex, 0);
    }

    /** The 32 lowercase hex digits at hex[from..] as 16 bytes (validated by the caller). */
    public void hex128(CharSequence hex, int from) {
        ensure(16);
        for (int k = from; k < from + 32; k += 2) {
            buf[size++] = (byte) (Character.digit(hex.charAt(k), 16) << 4 | Character.digit(hex.charAt(k + 1), 16));
        }
    }

    public void string(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        varint(b.length);
        put(b, 0, b.length);
    }

    /** Reads what a {@link Bytes} wrote; IllegalArgumentException on truncated or malformed input. */
    public static final class Reader {
        private static final char[] HEX = "0123456789abcdef".toCharArray();
        private final byte[] b;
        private int at;

        public Reader(byte[] b) {
            this.b = b;
        }

        public boolean atEnd() {
            return at == b.length;
        }

        public int u8() {
            if (at >= b.length) {
                throw new IllegalArgumentException("truncated");
            }
            return b[at++] & 0xFF;
        }

        public long varint() {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                int x = u8();
                v |= (long) (x & 0x7F) << shift;
                if ((x & 0x80) == 0) {
                    return v;
                }
            }
            throw new IllegalArgumentException("malformed varint");
        }

        public String hex128() {
            if (at + 16 > b.length) {
                throw new IllegalArgumentException("truncated");
            }
            char[] c = new char[32];
            for (int k = 0; k < 16; k++) {
                int x = b[at++] & 0xFF;
                c[2 * k] = HEX[x >>> 4];
                c[2 * k + 1] = HEX[x & 15];
            }
            return new String(c);
        }

        public String string() {
            long n = varint();
            if (n < 0 || n > b.length - at) {
                throw new IllegalArgumentException("truncated");
            }
            String s = new String(b, at, (int) n, StandardCharsets.UTF_8);
            at += (int) n;
            return s;
        }
    }
}
