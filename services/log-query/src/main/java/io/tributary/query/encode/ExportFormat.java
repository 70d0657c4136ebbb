package io.tributary.query.encode;

import io.tributary.query.cursor.CursorState;
import io.tributary.query.merge.NodeFailure;
import io.tributary.query.node.FieldReader;
import io.tributary.query.node.RawEntry;
import java.util.List;

/**
 * systemd's Journal Export Format, lossless and binary-safe, as {@code journalctl -o export} writes it: the address
 * fields ({@code __CURSOR} here the composite cursor), then every data field in journal order (except
 * {@code _BOOT_ID}, given by the header), {@code NAME=value} when the value is printable UTF-8 without newline, else
 * {@code NAME\n<le64 length><bytes>}; a blank line ends each entry. Failures end the stream with one more entry from
 * {@code SYSLOG_IDENTIFIER=tributary-log-query} naming them in {@code TRIBUTARY_FAILED_NODE} (the format has no other
 * place for them).
 */
public final class ExportFormat implements Format {

    private final FieldReader f = new FieldReader();

    @Override
    public String contentType() {
        return "application/vnd.fdo.journal";
    }

    @Override
    public void entry(RawEntry e, CursorState cursor, Out out) {
        byte[] b = e.buf;
        out.ascii("__CURSOR=").ascii(cursor.encode()).ascii("\n__REALTIME_TIMESTAMP=").decimal(e.realtime)
                .ascii("\n__MONOTONIC_TIMESTAMP=").decimal(e.monotonic).ascii("\n_BOOT_ID=").bytes(b, e.bootOff, e.bootLen)
                .b('\n');
        f.reset(e);
        while (f.next()) {
            if (f.nameIs(JsonFormat.BOOT_ID)) {
                continue;
            }
            out.bytes(b, f.nameOff, f.nameLen);
            if (Utf8.printable(b, f.valueOff, f.valueLen, false)) {
                out.b('=').bytes(b, f.valueOff, f.valueLen);
            } else {
                out.b('\n').le64(f.valueLen).bytes(b, f.valueOff, f.valueLen);
            }
            out.b('\n');
        }
        out.b('\n');
    }

    @Override
    public void end(List<NodeFailure> failures, String cursor, String closeReason, Out out) {
        if (failures.isEmpty() && closeReason == null) {
            return;
        }
        out.ascii("__CURSOR=").ascii(cursor).ascii("\n__REALTIME_TIMESTAMP=").decimal(System.currentTimeMillis() * 1000)
                .ascii("\n__MONOTONIC_TIMESTAMP=0\nSYSLOG_IDENTIFIER=tributary-log-query\nPRIORITY=3\n");
        StringBuilder m = new StringBuilder("tributary: incomplete result");
        for (NodeFailure x : failures) {
            out.ascii("TRIBUTARY_FAILED_NODE=").utf8(x.nodeId()).b('\n');
            m.append("; node ").append(x.nodeId()).append(" (").append(x.endpoint()).append(") failed: ")
                    .append(x.code()).append(": ").append(x.message().replace('\n', ' '));
        }
        if (closeReason != null) {
            m.append("; closed: ").append(closeReason);
        }
        out.ascii("MESSAGE=").utf8(m.toString()).ascii("\n\n");
    }
}
