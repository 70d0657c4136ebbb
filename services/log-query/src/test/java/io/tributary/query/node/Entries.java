package io.tributary.query.node;

import com.google.protobuf.ByteString;
import io.tributary.proto.common.v1.Entry;
import io.tributary.proto.common.v1.Field;
import java.nio.charset.StandardCharsets;

/** Test entries in the reader's wire format. */
public final class Entries {

    private Entries() {
    }

    public static String cursor(long seq, long rt) {
        return "s=0123456789abcdef0123456789abcdef;i=" + Long.toHexString(seq) + ";b=fedcba9876543210fedcba9876543210;m="
                + Long.toHexString(rt) + ";t=" + Long.toHexString(rt) + ";x=" + Long.toHexString(seq * 31);
    }

    /** An entry of node with the given realtime and seqnum; fields as name, value (String or byte[]) pairs. */
    public static RawEntry raw(String node, long rt, long seq, Object... fields) {
        Entry.Builder e = Entry.newBuilder().setCursor(cursor(seq, rt)).setRealtimeUsec(rt).setMonotonicUsec(rt)
                .setBootId("fedcba9876543210fedcba9876543210").setSeqnum(seq).setSeqnumId("0123456789abcdef0123456789abcdef")
                .setNodeId(node);
        for (int i = 0; i < fields.length; i += 2) {
            Object v = fields[i + 1];
            byte[] b = v instanceof byte[] x ? x : ((String) v).getBytes(StandardCharsets.UTF_8);
            e.addFields(Field.newBuilder().setName((String) fields[i]).setValue(ByteString.copyFrom(b)));
        }
        byte[] wire = e.build().toByteArray();
        return RawEntry.parse(wire, 0, wire.length, node);
    }
}
