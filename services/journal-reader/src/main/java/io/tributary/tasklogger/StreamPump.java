package io.tributary.tasklogger;

import io.tributary.reader.sdjournal.JournalException;
import io.tributary.reader.sdjournal.JournalWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Copies one stream (a child's stdout or stderr, or stdin) line by line into journald, one entry per line, in
 * order. It owns its writer, so the two streams never wait on each other, and it writes synchronously: when
 * journald is slow, the pipe fills and the child waits, rather than lines piling up in memory or being dropped.
 *
 * <p>If a write fails, the pump says so once on the diagnostics stream and from then on copies the stream's bytes
 * (starting with the line that failed) unchanged to its fallback stream (the task logger's own stdout or stderr).
 * It keeps reading to the end, so the child neither blocks on a full pipe nor dies of SIGPIPE, and no line
 * vanishes without a trace.
 */
public final class StreamPump implements Runnable {

    private static final int READ_BUFFER = 64 * 1024;
    private static final byte[] MESSAGE = "MESSAGE=".getBytes(StandardCharsets.US_ASCII);
    static final byte[] LINE_BREAK_LINE_MAX = JournalWriter.field("LINE_BREAK", "line-max");
    static final byte[] LINE_BREAK_EOF = JournalWriter.field("LINE_BREAK", "eof");

    private final String stream;
    private final InputStream in;
    private final JournalWriter writer;
    private final List<byte[]> fields; // the fields every entry of this stream carries, STREAM included
    private final int maxLineBytes;
    private final OutputStream fallback;
    private final PrintStream diagnostics;

    private volatile boolean failed;
    private volatile long entries;

    /**
     * @param stream      STDOUT or STDERR, the value of the STREAM field
     * @param commonFields the task's fields (IDs, SYSLOG_IDENTIFIER, labels) as NAME=value items
     */
    public StreamPump(String stream, InputStream in, JournalWriter writer, List<byte[]> commonFields,
            int maxLineBytes, OutputStream fallback, PrintStream diagnostics) {
        this.stream = stream;
        this.in = in;
        this.writer = writer;
        List<byte[]> f = new ArrayList<>(commonFields);
        f.add(JournalWriter.field("STREAM", stream));
        this.fields = List.copyOf(f);
        this.maxLineBytes = maxLineBytes;
        this.fallback = fallback;
        this.diagnostics = diagnostics;
    }

    @Override
    public void run() {
        LineSplitter splitter = new LineSplitter(maxLineBytes, this::line);
        byte[] buffer = new byte[READ_BUFFER];
        try (writer) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                splitter.feed(buffer, 0, n);
            }
            splitter.finish();
        } catch (IOException e) {
            fail("reading " + stream + " failed: " + e.getMessage() + "; the rest of " + stream + " is lost");
        } catch (RuntimeException e) { // a bug must not leave the task blocked on a pipe nobody reads
            fail("logging " + stream + " failed: " + e);
            drain();
        }
    }

    /** True if a line did not reach journald (or the stream could not be read to its end). */
    public boolean failed() {
        return failed;
    }

    /** Entries written to journald so far. */
    public long entries() {
        return entries;
    }

    private void line(byte[] buffer, int offset, int length, LineSplitter.Break end) {
        if (!failed) {
            try {
                writer.send(entry(buffer, offset, length, end));
                entries++;
                return;
            } catch (JournalException e) {
                fail("writing " + stream + " to journald failed: " + e.getMessage() + "; this and all further "
                        + stream + " lines go to the task logger's " + stream.toLowerCase() + " instead");
            }
        }
        try {
            fallback.write(buffer, offset, length);
            if (end == LineSplitter.Break.NEWLINE) {
                fallback.write('\n');
            }
            fallback.flush();
        } catch (IOException e) {
            // Nowhere left to put it; the failure has been reported already.
        }
    }

    private List<byte[]> entry(byte[] buffer, int offset, int length, LineSplitter.Break end) {
        List<byte[]> entry = new ArrayList<>(fields.size() + 2);
        entry.addAll(fields);
        byte[] message = new byte[MESSAGE.length + length];
        System.arraycopy(MESSAGE, 0, message, 0, MESSAGE.length);
        System.arraycopy(buffer, offset, message, MESSAGE.length, length);
        entry.add(message);
        if (end == LineSplitter.Break.LINE_MAX) {
            entry.add(LINE_BREAK_LINE_MAX);
        } else if (end == LineSplitter.Break.EOF) {
            entry.add(LINE_BREAK_EOF);
        }
        return entry;
    }

    private void fail(String message) {
        if (!failed) {
            failed = true;
            diagnostics.println("task-logger: " + message);
            diagnostics.flush();
        }
    }

    private void drain() {
        byte[] buffer = new byte[READ_BUFFER];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                fallback.write(buffer, 0, n);
            }
            fallback.flush();
        } catch (IOException e) {
            // The stream is gone; nothing more to save.
        }
    }
}
