package io.tributary.query.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.tributary.proto.common.v1.Entry;
import io.tributary.proto.common.v1.Field;
import io.tributary.proto.journal.v1.Batch;
import io.tributary.proto.journal.v1.Gap;
import io.tributary.proto.journal.v1.Heartbeat;
import io.tributary.proto.journal.v1.ReadResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeMessageTest {

    static final String CURSOR = "s=0123456789abcdef0123456789abcdef;i=2a;b=fedcba9876543210fedcba9876543210;m=10;t=5f;x=99";

    static Entry entry(long rt, long seq, Field... fields) {
        return Entry.newBuilder().addAllFields(List.of(fields)).setCursor(CURSOR).setRealtimeUsec(rt).setMonotonicUsec(16)
                .setBootId("fedcba9876543210fedcba9876543210").setSeqnum(seq).setSeqnumId("0123456789abcdef0123456789abcdef")
                .setNodeId("n1").build();
    }

    static Field f(String name, byte[] value) {
        return Field.newBuilder().setName(name).setValue(ByteString.copyFrom(value)).build();
    }

    @Test
    void aBatchIsReadInPlaceWithItsAddressAndFields() {
        byte[] big = new byte[200_000];
        big[5] = 1;
        byte[] wire = ReadResponse.newBuilder().setBatch(Batch.newBuilder()
                .addEntries(entry(95, 42, f("MESSAGE", "hi".getBytes(StandardCharsets.UTF_8)), f("EMPTY", new byte[0]),
                        f("TAG", "a".getBytes(StandardCharsets.UTF_8)), f("TAG", "b".getBytes(StandardCharsets.UTF_8))))
                .addEntries(entry(96, 43, f("BIG", big)))).build().toByteArray();
        NodeMessage.Batch b = (NodeMessage.Batch) NodeMessage.parse(wire, "n1");
        assertEquals(2, b.entries().size());
        RawEntry e = b.entries().get(0);
        assertEquals(95, e.realtime);
        assertEquals(16, e.monotonic);
        assertEquals(42, e.seqnum);
        assertEquals(CURSOR, e.cursorString());
        assertEquals("fedcba9876543210fedcba9876543210", e.bootId());
        FieldReader r = new FieldReader().reset(e);
        assertTrue(r.next());
        assertEquals("MESSAGE", r.name());
        assertArrayEquals("hi".getBytes(StandardCharsets.UTF_8), r.value());
        assertTrue(r.next());
        assertEquals("EMPTY", r.name());
        assertEquals(0, r.value().length);
        assertTrue(r.next());
        assertTrue(r.next());
        assertEquals("TAG", r.name());
        assertArrayEquals("b".getBytes(StandardCharsets.UTF_8), r.value());
        assertFalse(r.next());
        assertArrayEquals(big, b.entries().get(1).value("BIG".getBytes(StandardCharsets.US_ASCII)));
        assertNull(e.value("NOPE".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void heartbeatsAndGaps() {
        NodeMessage w = NodeMessage.parse(ReadResponse.newBuilder().setHeartbeat(Heartbeat.newBuilder()
                .setWatermarkRealtimeUsec(1234)).build().toByteArray(), "n");
        assertEquals(1234, ((NodeMessage.Watermark) w).realtimeUsec());
        NodeMessage g = NodeMessage.parse(ReadResponse.newBuilder().setGap(Gap.newBuilder().setReason("vacuumed")
                .setCursor("c")).build().toByteArray(), "n");
        assertEquals("vacuumed", ((NodeMessage.Hole) g).reason());
    }

    @Test
    void truncatedInputIsRejected() {
        byte[] wire = ReadResponse.newBuilder().setBatch(Batch.newBuilder().addEntries(entry(1, 1))).build().toByteArray();
        byte[] cut = java.util.Arrays.copyOf(wire, wire.length - 3);
        assertThrows(IllegalArgumentException.class, () -> NodeMessage.parse(cut, "n"));
    }
}
