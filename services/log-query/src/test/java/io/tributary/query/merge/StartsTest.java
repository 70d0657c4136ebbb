package io.tributary.query.merge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tributary.proto.common.v1.Position;
import io.tributary.query.cursor.CompositeCursor;
import io.tributary.query.query.Query;
import io.tributary.query.query.QueryBuilder;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where each node starts when a composite cursor is resumed, in either direction. */
class StartsTest {

    static final String A = "0123456789abcdef0123456789abcdea";
    static final String B = "0123456789abcdef0123456789abcdeb";

    static String journald(long seq, long realtime) {
        return "s=00000000000000000000000000000001;i=" + Long.toHexString(seq) + ";b=00000000000000000000000000000002;m=1;t="
                + Long.toHexString(realtime) + ";x=1";
    }

    /** A cursor taken reading forward: B's entry at t=1000, then A's at t=2000 (the key). */
    static final CompositeCursor FORWARD;
    /** A cursor taken reading backward: B's entry at t=3000, then A's at t=2000 (the key). */
    static final CompositeCursor BACKWARD;

    static {
        Map<String, String> f = new LinkedHashMap<>();
        f.put(B, journald(7, 1000));
        f.put(A, journald(5, 2000));
        FORWARD = new CompositeCursor(new CompositeCursor.Key(2000, A, 5), f);
        Map<String, String> b = new LinkedHashMap<>();
        b.put(B, journald(8, 3000));
        b.put(A, journald(5, 2000));
        BACKWARD = new CompositeCursor(new CompositeCursor.Key(2000, A, 5), b);
    }

    static Query query(CompositeCursor c, boolean after, boolean backward) {
        QueryBuilder q = new QueryBuilder();
        q.cursor(c.encode(), after);
        if (backward) {
            q.direction("backward");
        }
        return q.build(1000);
    }

    static Position at(CompositeCursor c, String node) {
        return Position.newBuilder().setCursor(c.nodeCursors().get(node)).build();
    }

    static Position after(CompositeCursor c, String node) {
        return Position.newBuilder().setAfterCursor(c.nodeCursors().get(node)).build();
    }

    @Test
    void forwardCursorsResumedForwardStartPastEveryNodesLastEntry() {
        Query q = query(FORWARD, true, false);
        assertEquals(after(FORWARD, A), Starts.of(q, A, false, false).position());
        assertEquals(after(FORWARD, B), Starts.of(q, B, false, false).position());
        Query incl = query(FORWARD, false, false);
        assertEquals(at(FORWARD, A), Starts.of(incl, A, false, false).position(), "cursor= includes the key's entry");
        assertEquals(after(FORWARD, B), Starts.of(incl, B, false, false).position());
    }

    /** The bug RangeIT found: B's entry (before the position) was skipped when a forward cursor was read backward. */
    @Test
    void forwardCursorsResumedBackwardIncludeTheOtherNodesLastEntries() {
        Query q = query(FORWARD, true, true);
        assertEquals(after(FORWARD, A), Starts.of(q, A, true, false).position(), "after_cursor excludes the key's entry");
        assertEquals(at(FORWARD, B), Starts.of(q, B, true, false).position(), "B's entry lies before the position");
    }

    @Test
    void backwardCursorsResumeEitherWay() {
        Query back = query(BACKWARD, true, true);
        assertEquals(after(BACKWARD, A), Starts.of(back, A, true, false).position());
        assertEquals(after(BACKWARD, B), Starts.of(back, B, true, false).position(), "B's entry was passed already");
        Query fwd = query(BACKWARD, true, false);
        assertEquals(after(BACKWARD, A), Starts.of(fwd, A, false, false).position());
        assertEquals(at(BACKWARD, B), Starts.of(fwd, B, false, false).position(), "B's entry lies after the position");
    }

    @Test
    void aPrePassReadsFromTheOtherSideOfTheSameGap() {
        Query q = query(FORWARD, true, false); // pre-pass reads backward
        assertEquals(at(FORWARD, A), Starts.of(q, A, true, true).position());
        assertEquals(at(FORWARD, B), Starts.of(q, B, true, true).position());
    }
}
