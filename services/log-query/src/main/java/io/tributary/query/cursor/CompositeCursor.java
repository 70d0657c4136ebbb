package io.tributary.query.cursor;

import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A place in a merged stream: the last journald cursor of every node that has produced an entry, plus the merge
 * key (realtime, node id, seqnum) of the last entry, for nodes that have not (they resume at that time and skip
 * what sorts before the key). One opaque URL-safe string (base64url of a small binary form, version byte first).
 *
 * @param last        the merge key of the last entry (node may be empty: a time-only position, e.g. a watermark);
 *                    null at the very start
 * @param nodeCursors node id → journald cursor of the last entry read from that node
 */
public record CompositeCursor(Key last, Map<String, String> nodeCursors) {

    static final int VERSION = 1;
    static final int HAS_KEY = 1;
    static final int KEY_HAS_NODE = 2;
    static final int NODE_BY_INDEX = 0;
    static final int NODE_BY_NAME = 1;

    /** The merge order: realtime, then node id, then the node's seqnum. */
    public record Key(long realtimeUsec, String nodeId, long seqnum) {
    }

    public CompositeCursor {
        nodeCursors = Collections.unmodifiableMap(new LinkedHashMap<>(nodeCursors));
    }

    /** Compares a (realtime, node, seqnum) with a key in merge order. */
    public static int compare(long realtime, String node, long seqnum, Key k) {
        int c = Long.compareUnsigned(realtime, k.realtimeUsec());
        if (c != 0) {
            return c;
        }
        c = node.compareTo(k.nodeId());
        return c != 0 ? c : Long.compareUnsigned(seqnum, k.seqnum());
    }

    public String encode() {
        return CursorState.of(this).encode();
    }

    /** Decodes a composite cursor; IllegalArgumentException when the text is not one. */
    public static CompositeCursor decode(String text) {
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a cursor (neither a Tributary cursor nor a journald cursor)");
        }
        try {
            Bytes.Reader r = new Bytes.Reader(raw);
            if (r.u8() != VERSION) {
                throw new IllegalArgumentException("unknown cursor version");
            }
            int flags = r.u8();
            if ((flags & ~(HAS_KEY | KEY_HAS_NODE)) != 0) {
                throw new IllegalArgumentException("unknown cursor flags");
            }
            long realtime = 0;
            int nodeIndex = -1;
            String keyNode = "";
            long seqnum = 0;
            if ((flags & HAS_KEY) != 0) {
                realtime = r.varint();
                if ((flags & KEY_HAS_NODE) != 0) {
                    if (r.u8() == NODE_BY_INDEX) {
                        nodeIndex = (int) Math.min(Integer.MAX_VALUE, r.varint());
                    } else {
                        keyNode = r.string();
                    }
                }
                seqnum = r.varint();
            }
            long n = r.varint();
            if (n > 100_000) {
                throw new IllegalArgumentException("too many nodes");
            }
            Map<String, String> cursors = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                String id = readNodeId(r);
                cursors.put(id, JournalCursor.unpack(r));
            }
            if (!r.atEnd()) {
                throw new IllegalArgumentException("trailing bytes");
            }
            if (nodeIndex >= 0) {
                if (nodeIndex >= cursors.size()) {
                    throw new IllegalArgumentException("node index out of range");
                }
                keyNode = cursors.keySet().toArray(String[]::new)[nodeIndex];
            }
            Key key = (flags & HAS_KEY) != 0 ? new Key(realtime, keyNode, seqnum) : null;
            return new CompositeCursor(key, cursors);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed cursor: " + e.getMessage());
        }
    }

    /** A node id: 32 hex digits (a machine id) as 16 bytes, anything else as a string. */
    static void nodeId(String id, Bytes b) {
        if (isId128(id)) {
            b.put(0);
            b.hex128(id);
        } else {
            b.put(1);
            b.string(id);
        }
    }

    private static String readNodeId(Bytes.Reader r) {
        int kind = r.u8();
        return switch (kind) {
            case 0 -> r.hex128();
            case 1 -> r.string();
            default -> throw new IllegalArgumentException("bad node id kind");
        };
    }

    static boolean isId128(String s) {
        if (s.length() != 32) {
            return false;
        }
        for (int i = 0; i < 32; i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }
}
