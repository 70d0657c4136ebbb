package io.tributary.query.cursor;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The position of one running query, advanced entry by entry, encoding the composite cursor cheaply: each node's
 * journald cursor is packed once when that node produces an entry, and encoding concatenates the packed parts.
 * Confined to the query's thread.
 */
public final class CursorState {

    private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();

    private static final class Slot {
        final int index;
        final String node;
        final byte[] id;
        final Bytes packed = new Bytes(64);
        final JournalCursor.Ids ids = new JournalCursor.Ids();
        String text;

        void set(String cursor) {
            packed.reset();
            JournalCursor.pack(cursor, packed);
            text = cursor;
        }

        String text() {
            if (text == null) {
                text = JournalCursor.unpack(new Bytes.Reader(packed.toArray()));
            }
            return text;
        }

        Slot(int index, String nodeId) {
            this.index = index;
            this.node = nodeId;
            Bytes b = new Bytes(40);
            CompositeCursor.nodeId(nodeId, b);
            this.id = b.toArray();
        }
    }

    private final Map<String, Slot> slots = new LinkedHashMap<>();
    private Slot last;
    private final Bytes out = new Bytes(256);
    private boolean hasKey;
    private long realtime;
    private String keyNode = "";
    private long seqnum;

    /** A state positioned where the cursor points. */
    public static CursorState of(CompositeCursor c) {
        CursorState s = new CursorState();
        c.nodeCursors().forEach((node, cursor) -> s.slot(node).set(cursor));
        if (c.last() != null) {
            s.hasKey = true;
            s.realtime = c.last().realtimeUsec();
            s.keyNode = c.last().nodeId();
            s.seqnum = c.last().seqnum();
        }
        return s;
    }

    private Slot slot(String node) {
        if (last != null && last.node == node) { // entries come in runs per node: skip the map then
            return last;
        }
        last = slots.computeIfAbsent(node, n -> new Slot(slots.size(), n));
        return last;
    }

    /** Drops a node's cursor: it resumes from the key's time instead. */
    public void forget(String node) {
        Slot removed = slots.remove(node);
        last = null;
        if (removed != null) {
            Map<String, Slot> rest = new LinkedHashMap<>(slots);
            slots.clear();
            rest.forEach((n, s) -> slot(n).set(s.text()));
        }
    }

    /** An entry of node was emitted: its journald cursor and merge key. */
    public void advance(String node, String journaldCursor, long realtimeUsec, long seq) {
        byte[] c = journaldCursor.getBytes(StandardCharsets.ISO_8859_1);
        advance(node, c, 0, c.length, realtimeUsec, seq);
    }

    /** An entry of node was emitted: its journald cursor (ASCII, c[off, off+len)) and merge key. */
    public void advance(String node, byte[] c, int off, int len, long realtimeUsec, long seq) {
        Slot s = slot(node);
        s.packed.reset();
        JournalCursor.pack(c, off, len, s.packed, s.ids);
        s.text = null;
        hasKey = true;
        realtime = realtimeUsec;
        keyNode = node;
        seqnum = seq;
    }

    /** Everything before this time was emitted (a watermark passed): the key moves, node cursors stay. */
    public void advanceTime(long realtimeUsec) {
        if (!hasKey || Long.compareUnsigned(realtimeUsec, realtime) > 0) {
            hasKey = true;
            realtime = realtimeUsec;
            keyNode = "";
            seqnum = 0;
        }
    }

    public String encode() {
        Bytes b = packed();
        return BASE64.encodeToString(b.toArray());
    }

    /** The composite cursor before its base64 step (what {@link #encode()} encodes); valid until the next call. */
    public Bytes packed() {
        out.reset();
        out.put(CompositeCursor.VERSION);
        boolean byName = hasKey && !keyNode.isEmpty() && !slots.containsKey(keyNode);
        out.put(!hasKey ? 0 : CompositeCursor.HAS_KEY | (keyNode.isEmpty() ? 0 : CompositeCursor.KEY_HAS_NODE));
        if (hasKey) {
            out.varint(realtime);
            if (!keyNode.isEmpty()) {
                if (byName) {
                    out.put(CompositeCursor.NODE_BY_NAME);
                    out.string(keyNode);
                } else {
                    out.put(CompositeCursor.NODE_BY_INDEX);
                    out.varint(slots.get(keyNode).index);
                }
            }
            out.varint(seqnum);
        }
        out.varint(slots.size()); // every slot holds a cursor: slots are made only by advance() and of()
        for (Slot s : slots.values()) {
            out.put(s.id, 0, s.id.length);
            out.put(s.packed.array(), 0, s.packed.size());
        }
        return out;
    }

    public CompositeCursor snapshot() {
        Map<String, String> cursors = new LinkedHashMap<>();
        slots.forEach((node, slot) -> cursors.put(node, slot.text()));
        return new CompositeCursor(hasKey ? new CompositeCursor.Key(realtime, keyNode, seqnum) : null, cursors);
    }

    /** The journald cursor of the last entry emitted from node, or null. */
    public String nodeCursor(String node) {
        Slot s = slots.get(node);
        return s == null ? null : s.text();
    }
}
