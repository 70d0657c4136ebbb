package io.tributary.query.node;

import java.util.Arrays;

/**
 * Walks the data fields of a {@link RawEntry} in journal order, in place: after {@link #next()}, the name is
 * {@code buf[nameOff, nameOff + nameLen)} and the value {@code buf[valueOff, valueOff + valueLen)}. Reusable.
 */
public final class FieldReader {

    public byte[] buf;
    public int nameOff;
    public int nameLen;
    public int valueOff;
    public int valueLen;
    private final Wire w = new Wire(null, 0, 0);
    private final Wire f = new Wire(null, 0, 0);

    public FieldReader reset(RawEntry e) {
        buf = e.buf;
        w.reset(e.buf, e.off, e.end);
        return this;
    }

    public boolean next() {
        while (w.more()) {
            int tag = (int) w.varint();
            if (tag != RawEntry.TAG_FIELD) {
                w.skip(tag);
                continue;
            }
            int len = w.length();
            int fieldEnd = w.at + len;
            nameOff = 0;
            nameLen = 0;
            valueOff = 0;
            valueLen = 0;
            f.reset(w.b, w.at, fieldEnd);
            while (f.more()) {
                int t = (int) f.varint();
                if (t == (1 << 3 | 2)) {
                    nameLen = f.length();
                    nameOff = f.at;
                    f.at += nameLen;
                } else if (t == (2 << 3 | 2)) {
                    valueLen = f.length();
                    valueOff = f.at;
                    f.at += valueLen;
                } else {
                    f.skip(t);
                }
            }
            w.at = fieldEnd;
            return true;
        }
        return false;
    }

    public boolean nameIs(byte[] name) {
        return Arrays.equals(buf, nameOff, nameOff + nameLen, name, 0, name.length);
    }

    public byte[] value() {
        return Arrays.copyOfRange(buf, valueOff, valueOff + valueLen);
    }

    public String name() {
        return new String(buf, nameOff, nameLen, java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
