package io.tributary.query.merge;

import io.tributary.query.cursor.CompositeCursor;
import io.tributary.query.node.RawEntry;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The k-way merge of node streams in (realtime, node id, seqnum) order (reversed when reading backward). Pure and
 * single-threaded: the caller feeds batches, watermarks and ends, and polls entries.
 *
 * <p>An entry is released only when no node can still produce one that sorts before it: every open node either
 * has a queued entry (which sorts after it), or — when following — a watermark strictly past its realtime. A range
 * read waits for every open node. Memory: what the caller queued (it requests a batch only while a node's queue is
 * short, so nodes × about two batches).
 */
public final class Merger {

    /** One node's place in the merge. */
    public static final class Source {
        final String node;
        final ArrayDeque<RawEntry> queue = new ArrayDeque<>();
        long watermark;
        boolean ended;
        /** Entries sorting at or before this key (in reading direction) are dropped: a resumed time position. */
        CompositeCursor.Key dropThrough;

        public Source(String node) {
            this.node = node;
        }

        public String node() {
            return node;
        }

        public int queued() {
            return queue.size();
        }

        public boolean ended() {
            return ended;
        }

        public long watermark() {
            return watermark;
        }
    }

    private final boolean backward;
    private final boolean follow;
    private final Predicate<RawEntry> keep;
    private final List<Source> sources = new ArrayList<>();

    public Merger(boolean backward, boolean follow, Predicate<RawEntry> keep) {
        this.backward = backward;
        this.follow = follow;
        this.keep = keep;
    }

    public List<Source> sources() {
        return sources;
    }

    public Source add(String node, CompositeCursor.Key dropThrough) {
        Source s = new Source(node);
        s.dropThrough = dropThrough;
        sources.add(s);
        return s;
    }

    public void remove(Source s) {
        sources.remove(s);
    }

    /** Queues a batch of s (entries failing the filter or at/before its drop key are left out). */
    public void offer(Source s, List<RawEntry> entries) {
        for (RawEntry e : entries) {
            if (Long.compareUnsigned(e.realtime, s.watermark) > 0) {
                s.watermark = e.realtime;
            }
            if (s.dropThrough != null) {
                int c = CompositeCursor.compare(e.realtime, e.node, e.seqnum, s.dropThrough);
                if (backward ? c >= 0 : c <= 0) {
                    continue;
                }
                s.dropThrough = null; // node order is reading order: once past the key, nothing more to drop
            }
            if (keep.test(e)) {
                s.queue.add(e);
            }
        }
    }

    /** s says nothing with a realtime below wm will follow. */
    public void watermark(Source s, long wm) {
        if (Long.compareUnsigned(wm, s.watermark) > 0) {
            s.watermark = wm;
        }
    }

    /** s will produce nothing more (completed, failed, or left); what it queued is still released. */
    public void end(Source s) {
        s.ended = true;
    }

    /** s reads again after a failure (a new stream behind it). */
    public void reopen(Source s) {
        s.ended = false;
    }

    /** The next entry in merge order that may be released now, or null. */
    public RawEntry poll() {
        Source best = null;
        for (Source s : sources) {
            RawEntry h = s.queue.peek();
            if (h != null && (best == null || before(h, best.queue.peek()))) {
                best = s;
            }
        }
        for (Source s : sources) {
            if (s.queue.isEmpty() && !s.ended) {
                if (!follow || best == null) {
                    return null;
                }
                if (Long.compareUnsigned(s.watermark, best.queue.peek().realtime) <= 0) {
                    return null;
                }
            }
        }
        return best == null ? null : best.queue.poll();
    }

    /** Every source ended and drained. */
    public boolean done() {
        for (Source s : sources) {
            if (!s.ended || !s.queue.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /**
     * How far the merged stream has surely got: the lowest, over the nodes still reading, of their watermark (queue
     * empty) or queued head; -1 when no node is reading.
     */
    public long watermark() {
        long min = -1;
        for (Source s : sources) {
            if (s.ended) {
                continue;
            }
            long w = s.queue.isEmpty() ? s.watermark : s.queue.peek().realtime;
            if (min == -1 || Long.compareUnsigned(w, min) < 0) {
                min = w;
            }
        }
        return min;
    }

    private boolean before(RawEntry a, RawEntry b) {
        int c = Long.compareUnsigned(a.realtime, b.realtime);
        if (c == 0) {
            c = a.node.compareTo(b.node);
            if (c == 0) {
                c = Long.compareUnsigned(a.seqnum, b.seqnum);
            }
        }
        return backward ? c > 0 : c < 0;
    }
}
