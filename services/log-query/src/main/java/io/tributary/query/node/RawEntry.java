package io.tributary.query.node;

import java.nio.charset.StandardCharsets;

/**
 * One journal entry as the reader sent it: a slice of the response bytes in the wire format of
 * {@code tributary.common.v1.Entry}, with the address parsed out once. Fields are read in place with
 * {@link FieldReader}; nothing is copied or decoded until an encoder needs it.
 */
public final class RawEntry {

    static final int TAG_FIELD = 1 << 3 | 2;
    static final int TAG_CURSOR = 2 << 3 | 2;
    static final int TAG_REALTIME = 3 << 3;
    static final int TAG_MONOTONIC = 4 << 3;
    static final int TAG_BOOT_ID = 5 << 3 | 2;
    static final int TAG_SEQNUM = 6 << 3;
    static final int TAG_SEQNUM_ID = 7 << 3 | 2;
    static final int TAG_NODE_ID = 8 << 3 | 2;

    public final byte[] buf;
    /** The Entry message is buf[off, end). */
    public final int off;
    public final int end;
    /** The node this entry came from (the node id of the stream, not re-read from the bytes). */
    public final String node;
    public long realtime;
    public long monotonic;
    public long seqnum;
    public int cursorOff;
    public int cursorLen;
    public int bootOff;
    public int bootLen;

    RawEntry(byte[] buf, int off, int end, String node) {
        this.buf = buf;
        this.off = off;
        this.end = end;
        this.node = node;
    }

    /** Parses the address of the Entry in buf[off, end); IllegalArgumentException on malformed input. */
    public static RawEntry parse(byte[] buf, int off, int end, String node) {
        RawEntry e = new RawEntry(buf, off, end, node);
        Wire w = new Wire(buf, off, end);
        while (w.more()) {
            int tag = (int) w.varint();
            switch (tag) {
                case TAG_REALTIME -> e.realtime = w.varint();
                case TAG_MONOTONIC -> e.monotonic = w.varint();
                case TAG_SEQNUM -> e.seqnum = w.varint();
                case TAG_CURSOR -> {
                    e.cursorLen = w.length();
                    e.cursorOff = w.at;
                    w.at += e.cursorLen;
                }
                case TAG_BOOT_ID -> {
                    e.bootLen = w.length();
                    e.bootOff = w.at;
                    w.at += e.bootLen;
                }
                default -> w.skip(tag);
            }
        }
        return e;
    }

    public String cursorString() {
        return new String(buf, cursorOff, cursorLen, StandardCharsets.ISO_8859_1);
    }

    public String bootId() {
        return new String(buf, bootOff, bootLen, StandardCharsets.ISO_8859_1);
    }

    /** Total bytes of the entry (for memory accounting). */
    public int size() {
        return end - off;
    }

    /** The first value of a field, or null. */
    public byte[] value(byte[] name) {
        FieldReader f = new FieldReader();
        f.reset(this);
        while (f.next()) {
            if (f.nameIs(name)) {
                return f.value();
            }
        }
        return null;
    }
}
