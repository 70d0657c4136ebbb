package io.tributary.query.http.gatewayd;

import io.tributary.query.cursor.CursorState;
import io.tributary.query.encode.Format;
import io.tributary.query.encode.Out;
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
 * gatewayd's text/plain: journalctl's {@code short} output, {@code Jan 01 00:00:00 host ident[pid]: message} (UTC
 * here; gatewayd used its local zone). Failed nodes end the body as {@code -- } lines.
 */
final class ShortFormat implements Format {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("MMM dd HH:mm:ss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final byte[] HOSTNAME = b("_HOSTNAME");
    private static final byte[] IDENTIFIER = b("SYSLOG_IDENTIFIER");
    private static final byte[] COMM = b("_COMM");
    private static final byte[] PID = b("_PID");
    private static final byte[] SYSLOG_PID = b("SYSLOG_PID");
    private static final byte[] MESSAGE = b("MESSAGE");

    private final FieldReader f = new FieldReader();

    @Override
    public String contentType() {
        return "text/plain";
    }

    @Override
    public void entry(RawEntry e, CursorState cursor, Out out) {
        byte[] host = null;
        byte[] id = null;
        byte[] comm = null;
        byte[] pid = null;
        byte[] spid = null;
        byte[] msg = null;
        f.reset(e);
        while (f.next()) {
            if (host == null && f.nameIs(HOSTNAME)) {
                host = f.value();
            } else if (id == null && f.nameIs(IDENTIFIER)) {
                id = f.value();
            } else if (comm == null && f.nameIs(COMM)) {
                comm = f.value();
            } else if (pid == null && f.nameIs(PID)) {
                pid = f.value();
            } else if (spid == null && f.nameIs(SYSLOG_PID)) {
                spid = f.value();
            } else if (msg == null && f.nameIs(MESSAGE)) {
                msg = f.value();
            }
        }
        out.ascii(TIME.format(Instant.ofEpochSecond(Long.divideUnsigned(e.realtime, 1_000_000))));
        if (host != null) {
            out.b(' ').bytes(host);
        }
        byte[] ident = id != null ? id : comm;
        if (ident != null) {
            out.b(' ').bytes(ident);
        }
        byte[] p = pid != null ? pid : spid;
        if (p != null) {
            out.b('[').bytes(p).b(']');
        }
        out.ascii(": ");
        if (msg != null) {
            out.bytes(msg);
        }
        out.b('\n');
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
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
