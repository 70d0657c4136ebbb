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

    static void sleepNanos(long nanos) {
        long end = System.nanoTime() + nanos;
        long left;
        while ((left = end - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
        }
    }
}
