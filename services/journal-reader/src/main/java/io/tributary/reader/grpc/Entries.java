package io.tributary.reader.grpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.tributary.proto.common.v1.Entry;
import io.tributary.proto.common.v1.Field;
import io.tributary.reader.sdjournal.JournalEntry;
import io.tributary.reader.sdjournal.Location;

/** JournalEntry to the wire message, without copying field bytes again (they are never modified). */
public final class Entries {

    private Entries() {
    }

    public static Entry toProto(JournalEntry e, String nodeId) {
        Entry.Builder b = Entry.newBuilder()
                .setCursor(e.cursor())
                .setRealtimeUsec(e.realtimeUsec())
                .setMonotonicUsec(e.monotonicUsec())
                .setBootId(e.bootId())
                .setNodeId(nodeId);
        Location l = e.location();
        b.setSeqnum(l.seqnum()).setSeqnumId(l.seqnumId());
        for (byte[] item : e.data()) {
            int eq = JournalEntry.nameLength(item);
            ByteString value = eq < item.length
                    ? UnsafeByteOperations.unsafeWrap(item, eq + 1, item.length - eq - 1)
                    : ByteString.EMPTY;
            b.addFields(Field.newBuilder().setNameBytes(UnsafeByteOperations.unsafeWrap(item, 0, eq)).setValue(value));
        }
        return b.build();
    }
}
