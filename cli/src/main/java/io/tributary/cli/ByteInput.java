package io.tributary.cli;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/** Lines and exact byte counts from a response body; a line cut off by the end of the stream is not a line. */
final class ByteInput {

    private final InputStream in;
    private final byte[] buf = new byte[64 * 1024];
    private int pos;
    private int end;

    ByteInput(InputStream in) {
        this.in = in;
    }

    /** Whether more bytes can be had without blocking (output is flushed when not). */
    boolean ready() throws IOException {
        return pos < end || in.available() > 0;
    }

    /** The next line without its '\n'; null at the end of the stream (a partial last line is dropped). */
    byte[] readLine() throws IOException {
        byte[] line = null;
        int lineLen = 0;
        while (true) {
            if (pos == end && !fill()) {
                return null;
            }
            int nl = -1;
            for (int i = pos; i < end; i++) {
                if (buf[i] == '\n') {
                    nl = i;
                    break;
                }
            }
            int stop = nl < 0 ? end : nl;
            int n = stop - pos;
            if (line == null) {
                line = new byte[Math.max(n, 64)];
            } else if (lineLen + n > line.length) {
                line = Arrays.copyOf(line, Math.max(line.length * 2, lineLen + n));
            }
            System.arraycopy(buf, pos, line, lineLen, n);
            lineLen += n;
            pos = stop;
            if (nl >= 0) {
                pos++;
                return Arrays.copyOf(line, lineLen);
            }
        }
    }

    /** Exactly n bytes; EOFException if the stream ends first. */
    byte[] readExactly(long n) throws IOException {
        if (n > Integer.MAX_VALUE - 16) {
            throw new IOException("field of " + n + " bytes");
        }
        byte[] out = new byte[(int) n];
        int got = 0;
        while (got < n) {
            if (pos == end && !fill()) {
                throw new EOFException("stream ended inside a field");
            }
            int k = Math.min(end - pos, (int) n - got);
            System.arraycopy(buf, pos, out, got, k);
            pos += k;
            got += k;
        }
        return out;
    }

    private boolean fill() throws IOException {
        int n = in.read(buf);
        if (n <= 0) {
            return false;
        }
        pos = 0;
        end = n;
        return true;
    }
}
