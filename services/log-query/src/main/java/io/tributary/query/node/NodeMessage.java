package io.tributary.query.node;

import io.tributary.proto.journal.v1.Gap;
import io.tributary.proto.journal.v1.Heartbeat;
import java.util.ArrayList;
import java.util.List;

/** One message of a reader's Read stream, parsed without building Entry objects. */
public sealed interface NodeMessage {

    record Batch(List<RawEntry> entries) implements NodeMessage {
    }

    record Watermark(long realtimeUsec) implements NodeMessage {
    }

    record Hole(String reason, String cursor) implements NodeMessage {
    }

    /** Parses one ReadResponse; entries are tagged with node (the stream's node id). */
    static NodeMessage parse(byte[] b, String node) {
        Wire w = new Wire(b, 0, b.length);
        NodeMessage result = null;
        while (w.more()) {
            int tag = (int) w.varint();
            switch (tag) {
                case 1 << 3 | 2 -> { // batch
                    int len = w.length();
                    int end = w.at + len;
                    List<RawEntry> entries = new ArrayList<>();
                    while (w.at < end) {
                        int t = (int) w.varint();
                        if (t == (1 << 3 | 2)) {
                            int n = w.length();
                            entries.add(RawEntry.parse(b, w.at, w.at + n, node));
                            w.at += n;
                        } else {
                            w.skip(t);
                        }
                    }
                    result = new Batch(entries);
                }
                case 2 << 3 | 2 -> {
                    int len = w.length();
                    result = new Watermark(heartbeat(b, w.at, len).getWatermarkRealtimeUsec());
                    w.at += len;
                }
                case 3 << 3 | 2 -> {
                    int len = w.length();
                    Gap g = gap(b, w.at, len);
                    result = new Hole(g.getReason(), g.getCursor());
                    w.at += len;
                }
                default -> w.skip(tag);
            }
        }
        return result == null ? new Batch(List.of()) : result;
    }

    private static Heartbeat heartbeat(byte[] b, int off, int len) {
        try {
            return Heartbeat.parseFrom(java.nio.ByteBuffer.wrap(b, off, len));
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static Gap gap(byte[] b, int off, int len) {
        try {
            return Gap.parseFrom(java.nio.ByteBuffer.wrap(b, off, len));
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
