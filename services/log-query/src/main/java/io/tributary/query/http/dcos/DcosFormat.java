package io.tributary.query.http.dcos;

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
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * dcos-log's three bodies, byte for byte as its Go encoder wrote them:
 * <ul>
 * <li>TEXT: {@code 2006-01-02 15:04:05: MESSAGE} per entry (UTC; entries without MESSAGE print nothing);
 * <li>JSON: one {@code {"fields":{...},"cursor":"...","monotonic_timestamp":N,"realtime_timestamp":N}} per line —
 * fields sorted by name, a repeated field's last value (Go map semantics), strings escaped like Go's
 * encoding/json ({@code <>&} as backslash-u003c.., invalid UTF-8 as U+FFFD);
 * <li>SSE: {@code id: <cursor>} and {@code data: <the JSON object>} per entry.
 * </ul>
 * The cursor is the node's journald cursor when the route reads one node (dcos-log's own cursors), else the
 * composite cursor. Follows get keep-alives ({@code : ping} on SSE, an empty line on text and JSON); failed nodes
 * end text and JSON with one more entry-shaped line naming them, SSE gets {@code event: error} at once.
 */
public final class DcosFormat implements Format {

    public enum Kind { TEXT, JSON, SSE }

    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final byte[] MESSAGE = "MESSAGE".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] BOOT_ID = "_BOOT_ID".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private final Kind kind;
    private final boolean journaldCursors;
    private final boolean follow;
    private final FieldReader f = new FieldReader();
    private int[] nameOff = new int[64];
    private int[] nameLen = new int[64];
    private int[] valueOff = new int[64];
    private int[] valueLen = new int[64];
    private Integer[] order = new Integer[64];
    private long cachedSecond = -1;
    private String cachedText;

    public DcosFormat(Kind kind, boolean journaldCursors, boolean follow) {
        this.kind = kind;
        this.journaldCursors = journaldCursors;
        this.follow = follow;
    }

    public Kind kind() {
        return kind;
    }

    @Override
    public String contentType() {
        return switch (kind) {
            case TEXT -> "text/plain";
            case JSON -> "application/json";
            case SSE -> "text/event-stream";
        };
    }

    @Override
    public void entry(RawEntry e, CursorState cursor, Out out) {
        switch (kind) {
            case TEXT -> text(e, out);
            case JSON -> {
                json(e, cursor(e, cursor), out);
                out.b('\n');
            }
            case SSE -> {
                String c = cursor(e, cursor);
                out.ascii("id: ").ascii(c).ascii("\ndata: ");
                json(e, c, out);
                out.ascii("\n\n");
            }
            default -> throw new IllegalStateException();
        }
    }

    private String cursor(RawEntry e, CursorState cursor) {
        return journaldCursors ? e.cursorString() : cursor.encode();
    }

    private void text(RawEntry e, Out out) {
        byte[] msg = null;
        int off = 0;
        int len = 0;
        f.reset(e);
        while (f.next()) {
            if (f.nameIs(MESSAGE)) { // the last one, as a Go map keeps it
                msg = e.buf;
                off = f.valueOff;
                len = f.valueLen;
            }
        }
        if (msg == null) {
            return;
        }
        out.ascii(time(e.realtime)).ascii(": ").bytes(msg, off, len).b('\n');
    }

    private String time(long realtimeUsec) {
        long sec = Long.divideUnsigned(realtimeUsec, 1_000_000);
        if (sec != cachedSecond) {
            cachedSecond = sec;
            cachedText = SECONDS.format(Instant.ofEpochSecond(sec));
        }
        return cachedText;
    }

    /** The JSON object of one entry, no newline. */
    void json(RawEntry e, String cursor, Out out) {
        byte[] b = e.buf;
        int n = 0;
        boolean boot = false;
        f.reset(e);
        while (f.next()) {
            if (n == nameOff.length) {
                grow();
            }
            nameOff[n] = f.nameOff;
            nameLen[n] = f.nameLen;
            valueOff[n] = f.valueOff;
            valueLen[n] = f.valueLen;
            boot |= f.nameIs(BOOT_ID);
            order[n] = n;
            n++;
        }
        Arrays.sort(order, 0, n, (x, y) -> {
            int c = Arrays.compareUnsigned(b, nameOff[x], nameOff[x] + nameLen[x], b, nameOff[y], nameOff[y] + nameLen[y]);
            return c != 0 ? c : Integer.compare(x, y);
        });
        out.ascii("{\"fields\":{");
        boolean first = true;
        boolean bootWritten = boot;
        for (int k = 0; k < n; k++) {
            int i = order[k];
            if (k + 1 < n && sameName(b, i, order[k + 1])) {
                continue; // a later value of the same field wins
            }
            if (!bootWritten && Arrays.compareUnsigned(BOOT_ID, 0, BOOT_ID.length, b, nameOff[i], nameOff[i] + nameLen[i]) < 0) {
                first = bootField(e, first, out);
                bootWritten = true;
            }
            if (!first) {
                out.b(',');
            }
            first = false;
            goString(b, nameOff[i], nameLen[i], out);
            out.b(':');
            goString(b, valueOff[i], valueLen[i], out);
        }
        if (!bootWritten) {
            bootField(e, first, out);
        }
        out.ascii("},\"cursor\":");
        byte[] c = cursor.getBytes(StandardCharsets.UTF_8);
        goString(c, 0, c.length, out);
        out.ascii(",\"monotonic_timestamp\":").decimal(e.monotonic).ascii(",\"realtime_timestamp\":").decimal(e.realtime)
                .b('}');
    }

    /** _BOOT_ID from the entry header when the reader did not send it as a field (journald stores it as one). */
    private static boolean bootField(RawEntry e, boolean first, Out out) {
        if (e.bootLen == 0) {
            return first;
        }
        if (!first) {
            out.b(',');
        }
        out.ascii("\"_BOOT_ID\":");
        goString(e.buf, e.bootOff, e.bootLen, out);
        return false;
    }

    private boolean sameName(byte[] b, int i, int k) {
        return nameLen[i] == nameLen[k]
                && Arrays.equals(b, nameOff[i], nameOff[i] + nameLen[i], b, nameOff[k], nameOff[k] + nameLen[k]);
    }

    private void grow() {
        int m = nameOff.length * 2;
        nameOff = Arrays.copyOf(nameOff, m);
        nameLen = Arrays.copyOf(nameLen, m);
        valueOff = Arrays.copyOf(valueOff, m);
        valueLen = Arrays.copyOf(valueLen, m);
        order = Arrays.copyOf(order, m);
    }

    /**
     * A JSON string exactly as Go's encoding/json writes it: \" \\ \n \r \t, other control characters and {@code <>&}
     * as backslash-u00xx, U+2028/U+2029 escaped, each byte of invalid UTF-8 as backslash-ufffd, everything else as is.
     */
    static void goString(byte[] b, int off, int len, Out out) {
        out.b('"');
        int end = off + len;
        int i = off;
        while (i < end) {
            int c = b[i] & 0xFF;
            if (c < 0x80) {
                switch (c) {
                    case '"' -> out.b('\\').b('"');
                    case '\\' -> out.b('\\').b('\\');
                    case '\n' -> out.b('\\').b('n');
                    case '\r' -> out.b('\\').b('r');
                    case '\t' -> out.b('\\').b('t');
                    default -> {
                        if (c < 0x20 || c == '<' || c == '>' || c == '&') {
                            out.ascii("\\u00").b(HEX[c >>> 4]).b(HEX[c & 15]);
                        } else {
                            out.b(c);
                        }
                    }
                }
                i++;
                continue;
            }
            int size = utf8Size(b, i, end);
            if (size == 0) {
                out.ascii("\\ufffd");
                i++;
                continue;
            }
            if (size == 3 && c == 0xE2 && (b[i + 1] & 0xFF) == 0x80 && ((b[i + 2] & 0xFF) == 0xA8 || (b[i + 2] & 0xFF) == 0xA9)) {
                out.ascii((b[i + 2] & 0xFF) == 0xA8 ? "\\u2028" : "\\u2029");
            } else {
                out.bytes(b, i, size);
            }
            i += size;
        }
        out.b('"');
    }

    /** The length of the valid UTF-8 sequence at i (Go's rules: no overlongs, surrogates or > U+10FFFF), 0 if invalid. */
    static int utf8Size(byte[] b, int i, int end) {
        int c = b[i] & 0xFF;
        int n;
        int lo = 0x80;
        int hi = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) {
            n = 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            n = 3;
            if (c == 0xE0) {
                lo = 0xA0;
            } else if (c == 0xED) {
                hi = 0x9F;
            }
        } else if (c >= 0xF0 && c <= 0xF4) {
            n = 4;
            if (c == 0xF0) {
                lo = 0x90;
            } else if (c == 0xF4) {
                hi = 0x8F;
            }
        } else {
            return 0;
        }
        if (i + n > end) {
            return 0;
        }
        int c1 = b[i + 1] & 0xFF;
        if (c1 < lo || c1 > hi) {
            return 0;
        }
        for (int k = 2; k < n; k++) {
            int ck = b[i + k] & 0xFF;
            if (ck < 0x80 || ck > 0xBF) {
                return 0;
            }
        }
        return n;
    }

    @Override
    public void failure(NodeFailure x, Out out) {
        if (kind == Kind.SSE) {
            out.ascii("event: error\ndata: ");
            Format.failureJson(x, out);
            out.ascii("\n\n");
        }
    }

    @Override
    public void keepAlive(Out out) {
        if (!follow) {
            return;
        }
        if (kind == Kind.SSE) {
            out.ascii(": ping\n\n");
        } else {
            out.b('\n');
        }
    }

    @Override
    public void end(List<NodeFailure> failures, String cursor, String closeReason, Out out) {
        if (failures.isEmpty() && closeReason == null) {
            return;
        }
        StringBuilder m = new StringBuilder("tributary: incomplete result");
        for (NodeFailure x : failures) {
            m.append("; node ").append(x.nodeId()).append(" (").append(x.endpoint()).append(") failed: ")
                    .append(x.code()).append(": ").append(x.message().replace('\n', ' '));
        }
        if (closeReason != null) {
            m.append("; closed: ").append(closeReason);
        }
        m.append("; resume with cursor=").append(cursor);
        long now = System.currentTimeMillis() * 1000;
        byte[] msg = m.toString().getBytes(StandardCharsets.UTF_8);
        switch (kind) {
            case TEXT -> out.ascii(time(now)).ascii(": ").bytes(msg).b('\n');
            case JSON -> {
                out.ascii("{\"fields\":{\"MESSAGE\":");
                goString(msg, 0, msg.length, out);
                out.ascii(",\"PRIORITY\":\"3\",\"SYSLOG_IDENTIFIER\":\"tributary-log-query\"},\"cursor\":");
                byte[] c = cursor.getBytes(StandardCharsets.UTF_8);
                goString(c, 0, c.length, out);
                out.ascii(",\"monotonic_timestamp\":0,\"realtime_timestamp\":").decimal(now).ascii("}\n");
            }
            case SSE -> {
                if (closeReason != null) {
                    out.ascii("event: close\nid: ").ascii(cursor).ascii("\ndata: ");
                    Format.trailerJson(failures, cursor, closeReason, out);
                    out.ascii("\n\n");
                }
            }
            default -> throw new IllegalStateException();
        }
    }
}
