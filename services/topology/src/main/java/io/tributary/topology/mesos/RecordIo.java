package io.tributary.topology.mesos;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/** Mesos RecordIO framing: {@code <decimal length>\n<length bytes>} repeated. */
public final class RecordIo {

    /** Far above any real event; a corrupt length must not make us allocate gigabytes. */
    private static final long MAX_RECORD = 64L * 1024 * 1024;

    private final InputStream in;

    public RecordIo(InputStream in) {
        this.in = in;
    }

    /** The next record, or null at a clean end of stream (between records). */
    public byte[] next() throws IOException {
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
            if (c < '0' || c > '9' || ++digits > 19) {
                throw new IOException("not RecordIO: unexpected byte " + c + " in a record length");
            }
            length = length * 10 + (c - '0');
        }
        if (digits == 0 || length > MAX_RECORD) {
            throw new IOException("not RecordIO: record length " + (digits == 0 ? "missing" : length));
        }
        byte[] record = in.readNBytes((int) length);
        if (record.length < length) {
            throw new EOFException("stream ended inside a record (" + record.length + " of " + length + " bytes)");
        }
        return record;
    }
}
