package io.tributary.bench;

import com.google.protobuf.ByteString;
import io.tributary.proto.common.v1.Entry;
import io.tributary.proto.common.v1.Field;
import io.tributary.proto.common.v1.Match;
import io.tributary.proto.common.v1.MatchGroup;
import io.tributary.proto.common.v1.Position;
import io.tributary.proto.journal.v1.ReadRequest;
import io.tributary.testkit.JournalField;
import io.tributary.testkit.JournaldSender;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/** Shared by the follow measures: the follow request, the entries written, and their fields. */
final class Follow {

    static final String RUN = "BENCH_RUN";
    static final String SEQ = "BENCH_SEQ";
    static final String KEY = "BENCH_KEY";
    /** System.nanoTime() just before the entry was handed to the sender (writer and readers share the JVM). */
    static final String SENT_NS = "BENCH_SENT_NS";

    private Follow() {
    }

    /** Follow from the tail, entries where all of {@code fieldValue} pairs match. */
    static ReadRequest request(String... fieldValue) {
        MatchGroup.Builder g = MatchGroup.newBuilder();
        for (int i = 0; i < fieldValue.length; i += 2) {
            g.addMatches(Match.newBuilder().setField(fieldValue[i]).setValue(ByteString.copyFromUtf8(fieldValue[i + 1])));
        }
        return ReadRequest.newBuilder().setStart(Position.newBuilder().setTail(true)).setFollow(true).addMatches(g)
                .build();
    }

    /** Writes one entry stamped with its send time; MESSAGE is "seq sentNs" (what journalctl -o cat prints). */
    static void send(JournaldSender sender, String run, int seq, String key) throws IOException {
        long sent = System.nanoTime();
        List<JournalField> fields = new ArrayList<>(5);
        fields.add(JournalField.of("MESSAGE", seq + " " + sent));
        fields.add(JournalField.of(RUN, run));
        fields.add(JournalField.of(SEQ, Integer.toString(seq)));
        fields.add(JournalField.of(SENT_NS, Long.toString(sent)));
        if (key != null) {
            fields.add(JournalField.of(KEY, key));
        }
        sender.send(fields);
    }

    static String text(Entry e, String name) {
        for (Field f : e.getFieldsList()) {
            if (f.getName().equals(name)) {
                return f.getValue().toString(StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    /**
     * Paced writer: entry i (keys round-robin k0..k(keys-1)) is due at start + i/rate; a late writer catches up
     * without sleeping. Returns the seconds it took.
     */
    static double writePaced(JournaldSender sender, String run, int total, int rate, int keys) throws IOException {
        return writePaced(sender, run, total, rate, keys, false);
    }

    /** As above; a warm-up writes every entry with sequence number {@link #WARM_UP_SEQ}, which followers ignore. */
    static double writePaced(JournaldSender sender, String run, int total, int rate, int keys, boolean warmUp)
            throws IOException {
        long t0 = System.nanoTime();
        long interval = 1_000_000_000L / rate;
        for (int i = 0; i < total; i++) {
            long wait = t0 + i * interval - System.nanoTime();
            if (wait > 0) {
                sleepNanos(wait);
            }
            send(sender, run, warmUp ? WARM_UP_SEQ : i, "k" + (i % keys));
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    /** Negative like the probes' -1: never counted as delivered. */
    static final int WARM_UP_SEQ = -2;

    /** Followers whose sequence numbers are exactly theirs, in order; entries owed but missing; others received. */
    record Delivery(int complete, long lost, long extra) {
    }

    /** Checks follower k's received sequence numbers (a synchronized list each) against k, k+keys, ... below total. */
    static Delivery check(List<List<Integer>> seqs, int total) {
        int keys = seqs.size();
        int complete = 0;
        long lost = 0;
        long extra = 0;
        for (int k = 0; k < keys; k++) {
            List<Integer> expected = new ArrayList<>();
            for (int i = k; i < total; i += keys) {
                expected.add(i);
            }
            List<Integer> got;
            synchronized (seqs.get(k)) {
                got = new ArrayList<>(seqs.get(k));
            }
            if (got.equals(expected)) {
                complete++;
            }
            java.util.Set<Integer> g = new java.util.HashSet<>(got);
            lost += expected.stream().filter(i -> !g.contains(i)).count();
            final int key = k;
            extra += got.size() - g.size() + g.stream().filter(i -> i % keys != key).count();
        }
        return new Delivery(complete, lost, extra);
    }

    static void sleepNanos(long nanos) {
        long end = System.nanoTime() + nanos;
        long left;
        while ((left = end - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
        }
    }
}
