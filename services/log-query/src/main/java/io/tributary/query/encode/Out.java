package io.tributary.query.encode;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable byte buffer that encoders write into; the front door ships it out in chunks. */
public final class Out {

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    byte[] buf;
    int size;
    private final int capacity;

    public Out(int capacity) {
        this.capacity = capacity;
        buf = new byte[capacity];
    }

    public int size() {
        return size;
    }

    public byte[] array() {
        return buf;
    }

    public void reset() {
        size = 0;
    }

    /**
     * Hands the written bytes over without copying — the returned array, valid from 0 to the {@link #size()} read
     * before — and continues in a fresh, empty array of the initial capacity.
     */
    public byte[] detach() {
        byte[] b = buf;
        buf = new byte[capacity];
        size = 0;
        return b;
    }

    public byte[] toArray() {
        return Arrays.copyOf(buf, size);
    }

    void ensure(int more) {
        if (size + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
        }
    }

    public Out b(int c) {
        ensure(1);
        buf[size++] = (byte) c;
        return this;
    }

    public Out bytes(byte[] b) {
        return bytes(b, 0, b.length);
    }

    public Out bytes(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, size, len);
        size += len;
        return this;
    }

    /** Characters below 256 as one byte each (ASCII texts, cursors, numbers). */
    public Out ascii(CharSequence s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[size++] = (byte) s.charAt(i);
        }
        return this;
    }

    public Out utf8(String s) {
        return bytes(s.getBytes(StandardCharsets.UTF_8));
    }

    /** An unsigned decimal. */
    public Out decimal(long v) {
        if (v < 0) {
            return ascii(Long.toUnsignedString(v));
        }
        int digits = 1;
        for (long x = v; x >= 10; x /= 10) {
            digits++;
        }
        ensure(digits);
        for (int i = size + digits - 1; i >= size; i--) {
            buf[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        size += digits;
        return this;
    }

    private static final byte[] BASE64_URL =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".getBytes(StandardCharsets.US_ASCII);

    /** URL-safe base64 without padding ({@code Base64.getUrlEncoder().withoutPadding()}'s output). */
    public Out base64Url(byte[] b, int off, int len) {
        ensure((len + 2) / 3 * 4);
        int end = off + len;
        int i = off;
        for (; i + 3 <= end; i += 3) {
            int x = (b[i] & 0xFF) << 16 | (b[i + 1] & 0xFF) << 8 | (b[i + 2] & 0xFF);
            buf[size++] = BASE64_URL[x >>> 18];
            buf[size++] = BASE64_URL[x >>> 12 & 63];
            buf[size++] = BASE64_URL[x >>> 6 & 63];
            buf[size++] = BASE64_URL[x & 63];
        }
        if (end - i == 1) {
            int x = b[i] & 0xFF;
            buf[size++] = BASE64_URL[x >>> 2];
            buf[size++] = BASE64_URL[x << 4 & 63];
        } else if (end - i == 2) {
            int x = (b[i] & 0xFF) << 8 | (b[i + 1] & 0xFF);
            buf[size++] = BASE64_URL[x >>> 10];
            buf[size++] = BASE64_URL[x >>> 4 & 63];
            buf[size++] = BASE64_URL[x << 2 & 63];
        }
        return this;
    }

    /** A protobuf varint. */
    public Out varint(long v) {
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            buf[size++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[size++] = (byte) v;
        return this;
    }

    public static int varintSize(long v) {
        return v == 0 ? 1 : (63 - Long.numberOfLeadingZeros(v)) / 7 + 1;
    }

    /** Little-endian 64-bit (export format's binary field length). */
    public Out le64(long v) {
        ensure(8);
        for (int i = 0; i < 8; i++) {
            buf[size++] = (byte) (v >>> (8 * i));
        }
        return this;
    }

    /**
     * A JSON string of bytes known to be valid, printable UTF-8 (tab and newline allowed): quotes, backslashes and the
     * remaining control characters are escaped, the rest copied as is.
     */
    public Out jsonString(byte[] b, int off, int len) {
        ensure(len + 2);
        buf[size++] = '"';
        int end = off + len;
        int run = off;
        for (int i = off; i < end; i++) {
            int c = b[i] & 0xFF;
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            bytes(b, run, i - run);
            switch (c) {
                case '"' -> b('\\').b('"');
                case '\\' -> b('\\').b('\\');
                case '\n' -> b('\\').b('n');
                case '\t' -> b('\\').b('t');
                case '\r' -> b('\\').b('r');
                default -> b('\\').b('u').b('0').b('0').b(HEX[c >>> 4]).b(HEX[c & 15]);
            }
            run = i + 1;
        }
        bytes(b, run, end - run);
        return b('"');
    }

    /**
     * A JSON string of the bytes if they are printable UTF-8 in {@link Utf8#printable}'s sense with newlines allowed
     * (what {@code Utf8.printable(b, off, len, true)} then {@link #jsonString(byte[], int, int)} give), in one pass;
     * otherwise writes nothing and returns false. Plain ASCII is copied in runs.
     */
    public boolean jsonPrintable(byte[] b, int off, int len) {
        int start = size;
        ensure(len + 2);
        buf[size++] = '"';
        int end = off + len;
        int run = off;
        int i = off;
        while (i < end) {
            if (end - i >= 8 && plainAscii8(b, i)) {
                i += 8;
                continue;
            }
            int c = b[i];
            if (c >= 0x20 && c != '"' && c != '\\' && c != 0x7F) { // printable ASCII (c is signed: >= 0x80 is < 0)
                i++;
                continue;
            }
            if (c < 0) {
                int n = Utf8.sequence(b, i, end);
                if (n == 0) {
                    size = start;
                    return false;
                }
                i += n;
                continue;
            }
            byte esc;
            switch (c) {
                case '"' -> esc = '"';
                case '\\' -> esc = '\\';
                case '\n' -> esc = 'n';
                case '\t' -> esc = 't';
                default -> { // other control characters and DEL: not printable
                    size = start;
                    return false;
                }
            }
            bytes(b, run, i - run);
            ensure(2);
            buf[size++] = '\\';
            buf[size++] = esc;
            run = ++i;
        }
        bytes(b, run, end - run);
        b('"');
        return true;
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    /**
     * Whether b[i..i+8) is printable ASCII needing no JSON escape (0x20-0x7E without '"' and '\\'), tested eight
     * bytes at a time: values are mostly plain text, and a byte-by-byte test was the largest cost of JSON output.
     */
    private static boolean plainAscii8(byte[] b, int i) {
        long x = (long) LONGS.get(b, i);
        long special = (x - 0x2020202020202020L) & ~x        // a byte below 0x20 (or >= 0x80, also caught below)
                | zeroByte(x ^ 0x2222222222222222L)          // '"'
                | zeroByte(x ^ 0x5C5C5C5C5C5C5C5CL)          // '\\'
                | zeroByte(x ^ 0x7F7F7F7F7F7F7F7FL)          // DEL
                | x;                                         // a byte >= 0x80
        return (special & HIGHS) == 0;
    }

    /** High bit set in every byte of the result whose byte in v is zero (may also flag a byte after a zero one). */
    private static long zeroByte(long v) {
        return (v - ONES) & ~v;
    }

    public Out jsonString(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return jsonString(b, 0, b.length);
    }

    /** A JSON array of the byte values (journalctl's form for binary values). */
    public Out jsonBytes(byte[] b, int off, int len) {
        ensure(len * 4 + 2);
        buf[size++] = '[';
        for (int i = 0; i < len; i++) {
            if (i > 0) {
                buf[size++] = ',';
            }
            int v = b[off + i] & 0xFF;
            if (v >= 100) {
                buf[size++] = (byte) ('0' + v / 100);
            }
            if (v >= 10) {
                buf[size++] = (byte) ('0' + v / 10 % 10);
            }
            buf[size++] = (byte) ('0' + v % 10);
        }
        buf[size++] = ']';
        return this;
    }
}
