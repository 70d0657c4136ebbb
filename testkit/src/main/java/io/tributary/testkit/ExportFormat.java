package io.tributary.testkit;

import java.io.Closeable;
import java.io.EOFException;
import java.io.Flushable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * systemd's Journal Export Format (docs/JOURNAL_EXPORT_FORMATS.md; {@code journalctl -o export}, the
 * input of systemd-journal-remote): a {@link Writer} and a {@link Reader}.
 *
 * <p>Entries are separated by an empty line. A field is either text, {@code NAME=value\n}, or binary,
 * {@code NAME\n} + uint64 little-endian length + bytes + {@code \n}. Like systemd 252 we write the binary
 * form whenever the value is not printable UTF-8 (controls other than TAB, newline, invalid UTF-8, NUL);
 * the reader accepts both forms for any field.
 *
 * <p>Both sides use their own byte buffer instead of Buffered*Stream: those synchronize every single-byte
 * call, which costs seconds at the 600 MB a 1M-entry stream has.
 */
public final class ExportFormat {

    private ExportFormat() {
    }

    /**
     * True when systemd would write {@code value} in text form: valid UTF-8 without control characters
     * (C0 except TAB, DEL, C1). Mirrors 252's {@code utf8_is_printable_newline(..., false)}.
     */
    public static boolean isTextSafe(byte[] value) {
        for (int i = 0; i < value.length; i++) {
            int b = value[i];
            if (b < 0) {
                return isPrintableUtf8(value, i); // slow path only for non-ASCII values
            }
            if ((b < 0x20 && b != '\t') || b == 0x7f) {
                return false;
            }
        }
        return true;
    }

    private static boolean isPrintableUtf8(byte[] v, int from) {
        int i = from;
        while (i < v.length) {
            int b = v[i] & 0xff;
            int cp;
            int n;
            if (b < 0x80) {
                cp = b;
                n = 1;
            } else if (b >= 0xc2 && b <= 0xdf) {
                cp = b & 0x1f;
                n = 2;
            } else if (b >= 0xe0 && b <= 0xef) {
                cp = b & 0x0f;
                n = 3;
            } else if (b >= 0xf0 && b <= 0xf4) {
                cp = b & 0x07;
                n = 4;
            } else {
                return false;
            }
            if (i + n > v.length) {
                return false;
            }
            for (int k = 1; k < n; k++) {
                int c = v[i + k] & 0xff;
                if ((c & 0xc0) != 0x80) {
                    return false;
                }
                cp = (cp << 6) | (c & 0x3f);
            }
            boolean overlong = (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000);
            if (overlong || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
                return false;
            }
            if ((cp < 0x20 && cp != '\t') || (cp >= 0x7f && cp <= 0x9f)) {
                return false;
            }
            i += n;
        }
        return true;
    }

    /** Writes entries in export format to an {@link OutputStream}. Not thread-safe. */
    public static final class Writer implements Flushable, Closeable {
        private final OutputStream out;
        private final byte[] buf = new byte[1 << 16];
        private int pos;

        public Writer(OutputStream out) {
            this.out = out;
        }

        /**
         * Writes one entry: the metadata that export format puts first ({@code __REALTIME_TIMESTAMP},
         * {@code __MONOTONIC_TIMESTAMP}, {@code _BOOT_ID}), then {@code fields} in order, then the empty line.
         */
        public void writeEntry(long realtimeUsec, long monotonicUsec, String bootId, List<JournalField> fields)
                throws IOException {
            ascii("__REALTIME_TIMESTAMP=");
            decimal(realtimeUsec);
            put('\n');
            ascii("__MONOTONIC_TIMESTAMP=");
            decimal(monotonicUsec);
            put('\n');
            ascii("_BOOT_ID=");
            ascii(bootId);
            put('\n');
            for (JournalField f : fields) {
                writeField(f.name(), f.value());
            }
            put('\n');
        }

        /** Writes a whole entry given as fields only (e.g. one read by {@link Reader}), then the empty line. */
        public void writeEntry(List<JournalField> fields) throws IOException {
            for (JournalField f : fields) {
                writeField(f.name(), f.value());
            }
            put('\n');
        }

        private void writeField(String name, byte[] value) throws IOException {
            ascii(name);
            if (isTextSafe(value)) {
                put('=');
                bytes(value);
            } else {
                put('\n');
                long len = value.length;
                for (int i = 0; i < 8; i++) {
                    put((int) (len >>> (8 * i)));
                }
                bytes(value);
            }
            put('\n');
        }

        private void put(int b) throws IOException {
            if (pos == buf.length) {
                flushBuffer();
            }
            buf[pos++] = (byte) b;
        }

        private void ascii(String s) throws IOException {
            int n = s.length();
            if (buf.length - pos < n) {
                flushBuffer();
            }
            if (n > buf.length) {
                bytes(s.getBytes(StandardCharsets.UTF_8));
                return;
            }
            for (int i = 0; i < n; i++) {
                buf[pos++] = (byte) s.charAt(i); // field names and ids are ASCII
            }
        }

        private void decimal(long v) throws IOException {
            ascii(Long.toString(v));
        }

        private void bytes(byte[] b) throws IOException {
            if (b.length > buf.length - pos) {
                flushBuffer();
                if (b.length > buf.length) {
                    out.write(b);
                    return;
                }
            }
            System.arraycopy(b, 0, buf, pos, b.length);
            pos += b.length;
        }

        private void flushBuffer() throws IOException {
            out.write(buf, 0, pos);
            pos = 0;
        }

        @Override
        public void flush() throws IOException {
            flushBuffer();
            out.flush();
        }

        @Override
        public void close() throws IOException {
            flush();
            out.close();
        }
    }

    /** One parsed entry: all fields in stream order, including {@code __CURSOR} and the other metadata. */
    public record Entry(List<JournalField> fields) implements FieldAccess {

        public long realtimeUsec() {
            return Long.parseLong(text("__REALTIME_TIMESTAMP"));
        }

        public long monotonicUsec() {
            return Long.parseLong(text("__MONOTONIC_TIMESTAMP"));
        }

        public String bootId() {
            return text("_BOOT_ID");
        }

        /** The fields that are not export metadata ({@code __*} and {@code _BOOT_ID}). */
        public List<JournalField> dataFields() {
            List<JournalField> r = new ArrayList<>();
            for (JournalField f : fields) {
                if (!f.name().startsWith("__") && !f.name().equals("_BOOT_ID")) {
                    r.add(f);
                }
            }
            return r;
        }
    }

    /** Reads the whole stream. For large streams use {@link Reader#next()} instead. */
    public static List<Entry> readAll(InputStream in) throws IOException {
        List<Entry> entries = new ArrayList<>();
        Reader r = new Reader(in);
        for (Entry e = r.next(); e != null; e = r.next()) {
            entries.add(e);
        }
        return entries;
    }

    /** Streaming export-format parser. Does not close the stream. Not thread-safe. */
    public static final class Reader {
        private final InputStream in;
        private final byte[] buf = new byte[1 << 16];
        private int pos;
        private int limit;
        private byte[] line = new byte[256];
        private int lineLen;

        public Reader(InputStream in) {
            this.in = in;
        }

        /** The next entry, or null at the end of the stream. */
        public Entry next() throws IOException {
            List<JournalField> fields = new ArrayList<>();
            while (true) {
                if (!readLine()) {
                    if (lineLen > 0) {
                        throw new EOFException("export stream ends inside a field line");
                    }
                    return fields.isEmpty() ? null : new Entry(fields); // tolerate a missing final blank line
                }
                if (lineLen == 0) {
                    if (fields.isEmpty()) {
                        continue; // extra blank lines between entries
                    }
                    return new Entry(fields);
                }
                int eq = indexOf(line, lineLen, (byte) '=');
                if (eq >= 0) {
                    String name = new String(line, 0, eq, StandardCharsets.US_ASCII);
                    fields.add(new JournalField(name, Arrays.copyOfRange(line, eq + 1, lineLen)));
                } else {
                    String name = new String(line, 0, lineLen, StandardCharsets.US_ASCII);
                    long len = 0;
                    for (int i = 0; i < 8; i++) {
                        len |= (long) readByte() << (8 * i);
                    }
                    if (len < 0 || len > Integer.MAX_VALUE - 8) {
                        throw new IOException("binary field " + name + " too large: " + len);
                    }
                    byte[] v = new byte[(int) len];
                    readFully(v);
                    if (readByte() != '\n') {
                        throw new IOException("binary field " + name + " not followed by newline");
                    }
                    fields.add(new JournalField(name, v));
                }
            }
        }

        /** Reads up to '\n' into line/lineLen; false at end of stream. */
        private boolean readLine() throws IOException {
            lineLen = 0;
            while (true) {
                if (pos == limit && !fill()) {
                    return false;
                }
                int start = pos;
                while (pos < limit && buf[pos] != '\n') {
                    pos++;
                }
                append(start, pos - start);
                if (pos < limit) {
                    pos++; // skip '\n'
                    return true;
                }
            }
        }

        private void append(int from, int n) {
            if (lineLen + n > line.length) {
                line = Arrays.copyOf(line, Math.max(line.length * 2, lineLen + n));
            }
            System.arraycopy(buf, from, line, lineLen, n);
            lineLen += n;
        }

        private int readByte() throws IOException {
            if (pos == limit && !fill()) {
                throw new EOFException("export stream ends inside a binary field");
            }
            return buf[pos++] & 0xff;
        }

        private void readFully(byte[] v) throws IOException {
            int off = 0;
            while (off < v.length) {
                if (pos == limit && !fill()) {
                    throw new EOFException("export stream ends inside a binary field");
                }
                int n = Math.min(limit - pos, v.length - off);
                System.arraycopy(buf, pos, v, off, n);
                pos += n;
                off += n;
            }
        }

        private boolean fill() throws IOException {
            int n = in.read(buf);
            if (n <= 0) {
                return false;
            }
            pos = 0;
            limit = n;
            return true;
        }

        private static int indexOf(byte[] a, int len, byte b) {
            for (int i = 0; i < len; i++) {
                if (a[i] == b) {
                    return i;
                }
            }
            return -1;
        }
    }
}
