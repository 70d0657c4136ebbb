import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.tributary.proto.journal.v1.JournalReaderGrpc;
import io.tributary.proto.journal.v1.ReadRequest;
import io.tributary.proto.journal.v1.ReadResponse;
import io.tributary.query.cursor.CursorState;
import io.tributary.query.encode.Format;
import io.tributary.query.encode.Formats;
import io.tributary.query.encode.JsonFormat;
import io.tributary.query.encode.Out;
import io.tributary.query.node.NodeMessage;
import io.tributary.query.node.RawEntry;
import java.io.*;
import java.lang.management.ManagementFactory;
import java.util.*;

/** CPU A/B kit (bench/ab, docs/benchmarks.md). dump PORT N FILE: saves the first N entries' ReadResponses; run FILE ROUNDS: thread CPU ns/entry of cursor+JSON. */
public class EncodeAb {
    public static void main(String[] a) throws Exception {
        if (a[0].equals("dump")) {
            ManagedChannel ch = NettyChannelBuilder.forAddress("127.0.0.1", Integer.parseInt(a[1])).usePlaintext().maxInboundMessageSize(64 << 20).build();
            Iterator<ReadResponse> it = JournalReaderGrpc.newBlockingStub(ch).read(ReadRequest.newBuilder().setLimit(Long.parseLong(a[2])).build());
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new FileOutputStream(a[3])))) {
                while (it.hasNext()) {
                    byte[] b = it.next().toByteArray();
                    out.writeInt(b.length);
                    out.write(b);
                }
            }
            System.exit(0);
        }
        List<RawEntry> entries = new ArrayList<>();
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(new FileInputStream(a[1])))) {
            while (in.available() > 0) {
                byte[] b = new byte[in.readInt()];
                in.readFully(b);
                entries.addAll(((NodeMessage.Batch) NodeMessage.parse(b, "node-0")).entries());
            }
        }
        int rounds = Integer.parseInt(a[2]);
        var bean = ManagementFactory.getThreadMXBean();
        double[] ns = new double[rounds];
        Format fmt = new JsonFormat("application/x-ndjson");
        Out out = new Out(64 * 1024 + 4096);
        long bytes = 0;
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        for (int r = 0; r < rounds; r++) {
            CursorState cursor = new CursorState();
            long t0 = bean.getCurrentThreadCpuTime();
            for (RawEntry e : entries) {
                cursor.advance(e.node, e.buf, e.cursorOff, e.cursorLen, e.realtime, e.seqnum);
                fmt.entry(e, cursor, out);
                if (out.size() >= 64 * 1024) {
                    if (r == 0) crc.update(out.array(), 0, out.size());
                    bytes += out.size();
                    out.reset();
                }
            }
            ns[r] = (bean.getCurrentThreadCpuTime() - t0) / (double) entries.size();
        }
        double[] tail = Arrays.copyOfRange(ns, rounds / 2, rounds);
        Arrays.sort(tail);
        System.out.printf("%d entries, rounds %s; median of last half %.0f ns/entry (%d bytes, crc %x)%n", entries.size(),
                Arrays.toString(Arrays.stream(ns).mapToLong(Math::round).toArray()), tail[tail.length / 2], bytes, crc.getValue());
    }
}
