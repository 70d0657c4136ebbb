package io.tributary.tasklogger;

import java.util.Arrays;

/**
 * Cuts a byte stream into lines at '\n', whatever the read chunks were: a line that spans several chunks is
 * emitted once, whole. Bytes are never decoded ('\r', NUL, invalid UTF-8 are data). A line longer than
 * maxLineBytes is emitted in pieces of maxLineBytes, each but the last marked {@link Break#LINE_MAX}; a line of
 * exactly maxLineBytes is not split. Not thread-safe: one splitter per stream.
 */
public final class LineSplitter {

    /** Why a piece ended (journald's own _LINE_BREAK uses the same words for its stdout streams). */
    public enum Break {
        /** A complete line; the '\n' is not part of the piece. */
        NEWLINE,
        /** The line goes on in the next piece. */
        LINE_MAX,
        /** The stream ended without a final '\n'. */
        EOF
    }

    /** Receives each piece; the bytes are only valid during the call. */
    @FunctionalInterface
    public interface Sink {
        void line(byte[] buffer, int offset, int length, Break end);
    }

    private final int maxLineBytes;
    private final Sink sink;
    private byte[] pending = new byte[0]; // grows as needed, never beyond maxLineBytes
    private int pendingLength;

    public LineSplitter(int maxLineBytes, Sink sink) {
        if (maxLineBytes < 1) {
            throw new IllegalArgumentException("maxLineBytes must be positive");
        }
        this.maxLineBytes = maxLineBytes;
        this.sink = sink;
    }

    public void feed(byte[] buffer, int offset, int length) {
        int end = offset + length;
        int at = offset;
        while (at < end) {
            int newline = indexOf(buffer, at, end, (byte) '\n');
            int stop = newline < 0 ? end : newline;
            if (newline >= 0 && pendingLength == 0 && stop - at <= maxLineBytes) {
                sink.line(buffer, at, stop - at, Break.NEWLINE); // common case: no copy
            } else {
                append(buffer, at, stop - at);
                if (newline >= 0) {
                    sink.line(pending, 0, pendingLength, Break.NEWLINE);
                    pendingLength = 0;
                }
            }
            at = newline < 0 ? end : newline + 1;
        }
    }

    /** At end of stream: a last line without '\n' is emitted (an empty remainder is not a line). */
    public void finish() {
        if (pendingLength > 0) {
            sink.line(pending, 0, pendingLength, Break.EOF);
            pendingLength = 0;
        }
    }

    private void append(byte[] buffer, int offset, int length) {
        while (length > 0) {
            // A full piece is only emitted once more bytes of the same line arrive, so a line of exactly
            // maxLineBytes stays whole and no empty last piece is ever emitted.
            if (pendingLength == maxLineBytes) {
                sink.line(pending, 0, pendingLength, Break.LINE_MAX);
                pendingLength = 0;
            }
            int n = Math.min(length, maxLineBytes - pendingLength);
            ensureCapacity(pendingLength + n);
            System.arraycopy(buffer, offset, pending, pendingLength, n);
            pendingLength += n;
            offset += n;
            length -= n;
        }
    }

    private void ensureCapacity(int needed) {
        if (needed > pending.length) {
            long grown = Math.max(needed, Math.max(256L, pending.length * 2L));
            pending = Arrays.copyOf(pending, (int) Math.min(grown, maxLineBytes));
        }
    }

    private static int indexOf(byte[] b, int from, int to, byte value) {
        for (int i = from; i < to; i++) {
            if (b[i] == value) {
                return i;
            }
        }
        return -1;
    }
}
