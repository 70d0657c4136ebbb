package io.tributary.query.encode;

import io.tributary.query.cursor.CursorState;
import io.tributary.query.merge.NodeFailure;
import io.tributary.query.node.FieldReader;
import io.tributary.query.node.RawEntry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * journalctl's {@code short} layout with the node, in UTC with µs (merged nodes interleave within a second):
 * {@code 2026-01-01T00:00:00.123456Z <node id> <hostname> <identifier>[<pid>]: <message>}. Continuation lines of a
 * multi-line message are indented; a value that is not printable UTF-8 shows as {@code [N B blob data]}. Failures
 * end the body as lines starting with {@code -- }.
 */
public final class TextFormat implements Format {

    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final byte[] HOSTNAME = b("_HOSTNAME");
    private static final byte[] IDENTIFIER = b("SYSLOG_IDENTIFIER");
    private static final byte[] COMM = b("_COMM");
    private static final byte[] PID = b("_PID");
    private static final byte[] SYSLOG_PID = b("SYSLOG_PID");
    private static final byte[] MESSAGE = b("MESSAGE");

    private final FieldReader f = new FieldReader();
    private long cachedSecond = -1;
    private String cachedText;

    @Override
    public String contentType() {
        return "text/plain; charset=utf-8";
    }

    @Override
    public void entry(RawEntry e, CursorState cursor, Out out) {
        int hostOff = -1, hostLen = 0, idOff = -1, idLen = 0, commOff = -1, commLen = 0, pidOff = -1, pidLen = 0;
        int msgOff = -1, msgLen = 0;
        f.reset(e);
        while (f.next()) {
            if (hostOff < 0 && f.nameIs(HOSTNAME)) {
                hostOff = f.valueOff;
                hostLen = f.valueLen;
            } else if (idOff < 0 && f.nameIs(IDENTIFIER)) {
                idOff = f.valueOff;
                idLen = f.valueLen;
            } else if (commOff < 0 && f.nameIs(COMM)) {
                commOff = f.valueOff;
                commLen = f.valueLen;
            } else if ((pidOff < 0 && f.nameIs(PID)) || (pidOff < 0 && f.nameIs(SYSLOG_PID))) {
                pidOff = f.valueOff;
                pidLen = f.valueLen;
            } else if (msgOff < 0 && f.nameIs(MESSAGE)) {
                msgOff = f.valueOff;
                msgLen = f.valueLen;
            }
        }
        int start = out.size();
        long sec = Long.divideUnsigned(e.realtime, 1_000_000);
        if (sec != cachedSecond) {
            cachedSecond = sec;
            cachedText = SECONDS.format(Instant.ofEpochSecond(sec));
        }
        long micros = Long.remainderUnsigned(e.realtime, 1_000_000);
        out.ascii(cachedText).b('.');
        String us = Long.toString(micros);
        for (int i = us.length(); i < 6; i++) {
            out.b('0');
        }
        out.ascii(us).ascii("Z ").utf8(e.node).b(' ');
        byte[] buf = e.buf;
        if (hostOff >= 0) {
            safe(buf, hostOff, hostLen, out);
        } else {
            out.ascii("localhost");
        }
        out.b(' ');
        if (idOff >= 0) {
            safe(buf, idOff, idLen, out);
        } else if (commOff >= 0) {
            safe(buf, commOff, commLen, out);
        } else {
            out.ascii("unknown");
        }
        if (pidOff >= 0) {
            out.b('[');
            safe(buf, pidOff, pidLen, out);
            out.b(']');
        }
        out.ascii(": ");
        int indent = out.size() - start;
        if (msgOff >= 0) {
            if (Utf8.printable(buf, msgOff, msgLen, true)) {
                int run = msgOff;
                int end = msgOff + msgLen;
                for (int i = msgOff; i < end; i++) {
                    if (buf[i] == '\n') {
                        out.bytes(buf, run, i + 1 - run);
                        for (int k = 0; k < indent; k++) {
                            out.b(' ');
                        }
                        run = i + 1;
                    }
                }
                out.bytes(buf, run, end - run);
            } else {
                out.b('[').ascii(blobSize(msgLen)).ascii(" blob data]");
            }
        }
        out.b('\n');
    }

    private static void safe(byte[] b, int off, int len, Out out) {
        if (Utf8.printable(b, off, len, false)) {
            out.bytes(b, off, len);
        } else {
            out.b('[').ascii(blobSize(len)).ascii(" blob data]");
        }
    }

    static String blobSize(int n) {
        if (n < 1024) {
            return n + "B";
        }
        return String.format(Locale.ROOT, "%.1fK", n / 1024.0);
    }

    @Override
    public void keepAlive(Out out) {
        // nothing: an empty line would read as an entry; follow streams stay open through proxies by other means
    }

    @Override
    public void end(List<NodeFailure> failures, String cursor, String closeReason, Out out) {
        for (NodeFailure x : failures) {
            out.ascii("-- node ").utf8(x.nodeId()).ascii(" (").utf8(x.endpoint()).ascii(") failed: ").ascii(x.code())
                    .ascii(": ").utf8(x.message().replace('\n', ' ')).b('\n');
        }
        if (closeReason != null) {
            out.ascii("-- closed: ").utf8(closeReason).b('\n');
        }
        if (!failures.isEmpty() || closeReason != null) {
            out.ascii("-- resume with cursor=").ascii(cursor).b('\n');
        }
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
