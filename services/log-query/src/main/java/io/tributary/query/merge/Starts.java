package io.tributary.query.merge;

import io.tributary.proto.common.v1.Position;
import io.tributary.query.cursor.CompositeCursor;
import io.tributary.query.cursor.JournalCursor;
import io.tributary.query.query.Query;

/**
 * Where each node's Read starts so that the merged stream starts where the query says: the translation of a
 * composite cursor (and of head/tail/default) into one reader position per node, plus the key below which a node
 * that had no cursor yet drops entries.
 */
public final class Starts {

    /** A node's start: the reader position (null = the reader's default) and the drop key (null = none). */
    public record NodeStart(Position position, CompositeCursor.Key dropThrough) {
    }

    private static final Position AT_TAIL = Position.newBuilder().setTail(true).build();

    private Starts() {
    }

    /**
     * @param q        the query (its position, direction and follow)
     * @param node     the node
     * @param backward the reading direction of this pass (a negative-skip pre-pass reads against the query)
     * @param prePass  true for that pre-pass: the gap the query's position names is read from its other side
     */
    public static NodeStart of(Query q, String node, boolean backward, boolean prePass) {
        Query.Position p = q.position();
        switch (p.start()) {
            case HEAD:
                return new NodeStart(Position.newBuilder().setHead(true).build(), null);
            case TAIL:
                return new NodeStart(AT_TAIL, null);
            case DEFAULT:
                if (prePass) {
                    // the pre-pass reads away from the query's gap: backward from the end (or until), or forward
                    // from the end when the query itself reads backward
                    return backward ? new NodeStart(null, null) : new NodeStart(AT_TAIL, null);
                }
                // following with no position or time: new entries only (like journalctl -f without its last 10);
                // skip=-N with no position: the last N, so the gap is at the end
                if (!backward && ((q.follow() && q.since() == null) || q.skip() < 0)) {
                    return new NodeStart(AT_TAIL, null);
                }
                return new NodeStart(null, null);
            default:
                break;
        }
        boolean after = p.start() == Query.Start.AFTER_CURSOR;
        if (p.journald() != null) {
            return new NodeStart(cursor(p.journald(), prePass ? !after : after), null);
        }
        CompositeCursor c = p.composite();
        String nodeCursor = c.nodeCursors().get(node);
        CompositeCursor.Key key = c.last();
        if (nodeCursor != null) {
            boolean excludes;
            if (key == null) {
                excludes = !prePass;
            } else if (node.equals(key.nodeId())) {
                // The entry the cursor names: CURSOR includes it, AFTER_CURSOR excludes it, in the query's direction;
                // the pre-pass reads from the other side of that gap.
                excludes = prePass != after;
            } else {
                // Another node's last entry before the position. The cursor may have been taken reading either way,
                // so where that entry lies is decided by the merge key: one that sorts before the key in this pass's
                // direction was passed already (start just past it); one beyond the key (a cursor taken reading the
                // other way, read back) is the first of that node (start at it). Nothing of that node lies between.
                long[] ti = JournalCursor.realtimeAndSeqnum(nodeCursor);
                int side = CompositeCursor.compare(ti[0], node, ti[1], key);
                excludes = backward ? side > 0 : side < 0;
            }
            return new NodeStart(cursor(nodeCursor, excludes), null);
        }
        if (key == null) {
            return new NodeStart(null, null);
        }
        // No entry of this node was read yet: start at the key's time and drop what sorts through the key.
        long t = key.realtimeUsec();
        Position at = Position.newBuilder().setRealtimeUsec(backward ? t + 1 : t).build();
        // the merger drops entries sorting through the key in the reading direction
        return new NodeStart(at, key);
    }

    private static Position cursor(String cursor, boolean after) {
        return after ? Position.newBuilder().setAfterCursor(cursor).build() : Position.newBuilder().setCursor(cursor).build();
    }
}
