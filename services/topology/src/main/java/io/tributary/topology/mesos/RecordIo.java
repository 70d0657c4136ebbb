package io.tributary.topology.mesos;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Mesos RecordIO framing: {@code <decimal length>\n<length bytes>} repeated. A record is handed out as a stream
 * over the connection ({@link #nextRecord}), so a SUBSCRIBED snapshot of hundreds of MB can be parsed as it
 * arrives instead of being held as one array first. A record longer than the cap is refused before anything of
 * it is read or allocated: a corrupt length (or a snapshot beyond what this process should hold) fails the
 * stream with a message naming the limit, and the caller reconnects.
 */
public final class RecordIo {

    /** The default cap on one record: a 100,000-task SUBSCRIBED in Mesos' full JSON shape is ~86 MB. */
    public static final long DEFAULT_MAX_RECORD = 256L * 1024 * 1024;

    /** Thrown for a record over the cap. */
    public static final class RecordTooLarge extends IOException {
        RecordTooLarge(String message) {
            super(message);
        }
    }

    private final InputStream in;
    private final long maxRecord;
    private Record current;

    public RecordIo(InputStream in) {
        this(in, DEFAULT_MAX_RECORD);
    }

    public RecordIo(InputStream in, long maxRecord) {
        this.in = in;
        this.maxRecord = maxRecord;
    }

    /** The next record as an array, or null at a clean end of stream (between records). */
    public byte[] next() throws IOException {
        InputStream r = nextRecord();
        return r == null ? null : r.readAllBytes();
    }

    /**
     * The next record as a stream of exactly its bytes (ending early is an {@link EOFException}), or null at a
     * clean end of stream. What the caller leaves unread is skipped by the next call.
     */
    public InputStream nextRecord() throws IOException {
        if (current != null) {
            current.skipRest();
            current = null;
        }
        long length = 0;
        int digits = 0;
        while (true) {
            int c = in.read();
            if (c < 0) {
                if (digits == 0) {
                    return null;
                }
                throw new EOFException("stream ended inside a RecordIO length");
            }
            if (c == '\n') {
                break;
            }
            if (c < '0' || c > '9' || ++digits > 18) {
                throw new IOException("not RecordIO: unexpected byte " + c + " in a record length");
            }
            length = length * 10 + (c - '0');
        }
        if (digits == 0) {
            throw new IOException("not RecordIO: record length missing");
        }
        if (length > maxRecord) {
            throw new RecordTooLarge("RecordIO record of " + length + " bytes is over the limit of " + maxRecord
                    + " bytes (tributary.topology.mesos.max-record-size)");
        }
        current = new Record(length);
        return current;
    }

    /** One record's bytes, read straight from the connection. */
    private final class Record extends InputStream {
        private final long length;
        private long remaining;

        Record(long length) {
            this.length = length;
            this.remaining = length;
        }

        @Override
        public int read() throws IOException {
            if (remaining == 0) {
                return -1;
            }
            int b = in.read();
            if (b < 0) {
                throw truncated();
            }
            remaining--;
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (remaining == 0) {
                return -1;
            }
            int n = in.read(buf, off, (int) Math.min(len, remaining));
            if (n < 0) {
                throw truncated();
            }
            remaining -= n;
            return n;
        }

        void skipRest() throws IOException {
            while (remaining > 0) {
                long n = in.skip(remaining);
                if (n <= 0) {
                    if (in.read() < 0) {
                        throw truncated();
                    }
                    n = 1;
                }
                remaining -= n;
            }
        }

        @Override
        public void close() {
            // the connection stays open for the next record
        }

        private EOFException truncated() {
            return new EOFException("stream ended inside a record (" + (length - remaining) + " of " + length + " bytes)");
        }
    }
}
