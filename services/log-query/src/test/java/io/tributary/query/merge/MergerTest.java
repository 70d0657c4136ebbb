package io.tributary.query.merge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.query.cursor.CompositeCursor;
import io.tributary.query.node.Entries;
import io.tributary.query.node.RawEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MergerTest {

    static List<RawEntry> entries(String node, long... rts) {
        List<RawEntry> l = new ArrayList<>();
        long seq = 1;
        for (long rt : rts) {
            l.add(Entries.raw(node, rt, seq++));
        }
        return l;
    }

    static List<String> drain(Merger m) {
        List<String> out = new ArrayList<>();
        RawEntry e;
        while ((e = m.poll()) != null) {
            out.add(e.node + e.realtime);
        }
        return out;
    }

    @Test
    void aRangeMergeWaitsForEveryOpenNodeAndOrdersByTimeThenNodeThenSeqnum() {
        Merger m = new Merger(false, false, e -> true);
        Merger.Source a = m.add("a", null);
        Merger.Source b = m.add("b", null);
        m.offer(a, entries("a", 1, 5, 5));
        assertNull(m.poll(), "b may still have something earlier");
        m.offer(b, entries("b", 2, 5));
        assertEquals(List.of("a1", "b2", "a5", "a5"), drain(m), "b5 waits: a may still have an entry at 5 from a later batch");
    }

    @Test
    void endedNodesStopBlockingAndEverythingIsReleasedInOrder() {
        Merger m = new Merger(false, false, e -> true);
        Merger.Source a = m.add("a", null);
        Merger.Source b = m.add("b", null);
        m.offer(a, entries("a", 1, 3));
        m.offer(b, entries("b", 2, 3));
        List<String> got = new ArrayList<>(drain(m));
        m.end(a);
        got.addAll(drain(m));
        m.end(b);
        got.addAll(drain(m));
        assertEquals(List.of("a1", "b2", "a3", "b3"), got);
        assertTrue(m.done());
    }

    @Test
    void followReleasesOnlyBehindEveryLiveWatermark() {
        Merger m = new Merger(false, true, e -> true);
        Merger.Source a = m.add("a", null);
        Merger.Source b = m.add("b", null);
        m.offer(a, entries("a", 100));
        assertNull(m.poll(), "b's watermark is 0");
        m.watermark(b, 100);
        assertNull(m.poll(), "a watermark equal to the entry's time does not pass it");
        m.watermark(b, 101);
        assertEquals("a", m.poll().node);
        m.offer(b, entries("b", 150));
        assertNull(m.poll(), "a's watermark (its last entry) is 100");
        m.end(a);
        assertEquals("b", m.poll().node, "a failed node does not hold the others back");
        assertEquals(150, m.watermark(), "b's own last entry");
        m.end(b);
        assertEquals(-1, m.watermark(), "nobody reading");
    }

    @Test
    void backwardMergeIsTheReverseOrder() {
        Merger m = new Merger(true, false, e -> true);
        Merger.Source a = m.add("a", null);
        Merger.Source b = m.add("b", null);
        m.offer(a, entries("a", 9, 4));
        m.offer(b, entries("b", 7, 4));
        m.end(a);
        m.end(b);
        assertEquals(List.of("a9", "b7", "b4", "a4"), drain(m));
    }

    @Test
    void aDropKeySkipsWhatSortsThroughItAndTheFilterApplies() {
        Merger m = new Merger(false, false, e -> e.realtime != 7);
        Merger.Source a = m.add("b", new CompositeCursor.Key(5, "a", 99));
        m.offer(a, entries("b", 4, 5, 6, 7, 8));
        m.end(a);
        assertEquals(List.of("b5", "b6", "b8"), drain(m), "(5,b) sorts after (5,a): kept");
    }

    @Test
    void aRandomisedMergeOfManyNodesIsSortedAndComplete() {
        SplittableRandom r = new SplittableRandom(3);
        Merger m = new Merger(false, false, e -> true);
        List<Merger.Source> ss = new ArrayList<>();
        List<List<RawEntry>> pending = new ArrayList<>();
        int total = 0;
        for (int n = 0; n < 7; n++) {
            ss.add(m.add("n" + n, null));
            long t = 0;
            List<RawEntry> l = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                t += r.nextInt(3);
                l.add(Entries.raw("n" + n, t, i + 1));
            }
            pending.add(l);
            total += l.size();
        }
        List<RawEntry> out = new ArrayList<>();
        while (out.size() < total) {
            // feed the nodes in small random batches, as readers would
            for (int n = 0; n < 7; n++) {
                if (ss.get(n).queued() == 0 && !ss.get(n).ended()) {
                    List<RawEntry> l = pending.get(n);
                    int k = Math.min(l.size(), 1 + r.nextInt(40));
                    m.offer(ss.get(n), new ArrayList<>(l.subList(0, k)));
                    l.subList(0, k).clear();
                    if (l.isEmpty()) {
                        m.end(ss.get(n));
                    }
                }
            }
            RawEntry e;
            while ((e = m.poll()) != null) {
                out.add(e);
            }
        }
        assertTrue(m.done());
        for (int i = 1; i < out.size(); i++) {
            RawEntry p = out.get(i - 1);
            RawEntry e = out.get(i);
            int c = Long.compare(p.realtime, e.realtime);
            if (c == 0) {
                c = p.node.compareTo(e.node);
            }
            if (c == 0) {
                c = Long.compare(p.seqnum, e.seqnum);
            }
            assertTrue(c < 0, "out of order at " + i);
        }
        assertFalse(out.isEmpty());
    }
}
