import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.stub.ClientCalls;
import io.tributary.bench.CountedResponse;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.tributary.proto.journal.v1.JournalReaderGrpc;
import io.tributary.proto.journal.v1.ReadRequest;
import io.tributary.proto.journal.v1.ReadResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToIntFunction;

/** CPU A/B kit (bench/ab, docs/benchmarks.md). A/B: alternating full Reads against readers (name=port:pid ...), CPU-s of each reader and of this client per run. */
public class ReadAb {
    static double cpu(long pid) throws Exception {
        String s = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
    }

    public static void main(String[] a) throws Exception {
        int runs = Integer.parseInt(a[0]);
        long expected = Long.parseLong(a[1]);
        List<String> names = new ArrayList<>();
        List<JournalReaderGrpc.JournalReaderStub> stubs = new ArrayList<>();
        List<Long> pids = new ArrayList<>();
        for (int i = 2; i < a.length; i++) {
            String[] p = a[i].split("[=:]");
            names.add(p[0]);
            ManagedChannel ch = NettyChannelBuilder.forAddress("127.0.0.1", Integer.parseInt(p[1])).usePlaintext()
                    .directExecutor().maxInboundMessageSize(64 << 20).build();
            stubs.add(JournalReaderGrpc.newStub(ch));
            pids.add(Long.parseLong(p[2]));
        }
        long self = ProcessHandle.current().pid();
        List<List<double[]>> res = new ArrayList<>();
        for (int k = 0; k < names.size(); k++) res.add(new ArrayList<>());
        for (int r = -1; r < runs; r++) {
            for (int k = 0; k < names.size(); k++) {
                double c0 = cpu(pids.get(k)), s0 = cpu(self);
                long t0 = System.nanoTime();
                long n = read(stubs.get(k));
                double sec = (System.nanoTime() - t0) / 1e9;
                double rc = cpu(pids.get(k)) - c0, sc = cpu(self) - s0;
                if (n != expected) throw new IllegalStateException(names.get(k) + ": " + n + " entries");
                double per = 1e6 / n;
                System.out.printf("%s run %d: %.2f s wall, reader %.2f CPU-s/1M, client %.2f CPU-s/1M%n", names.get(k), r, sec, rc * per, sc * per);
                if (r >= 0) res.get(k).add(new double[] {rc * per, sc * per, n / sec});
            }
        }
        for (int k = 0; k < names.size(); k++) {
            List<double[]> l = res.get(k);
            System.out.printf("MEDIAN %s: reader %.2f CPU-s/1M, client %.2f CPU-s/1M, %.0f entries/s (n=%d)%n", names.get(k),
                    med(l, 0), med(l, 1), med(l, 2), l.size());
        }
        System.exit(0);
    }

    static double med(List<double[]> l, int i) {
        double[] v = l.stream().mapToDouble(x -> x[i]).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    // -Dclient=parse: parse every response into protobuf messages (the bench client before 2026-11-26); default:
    // count entries on the wire without parsing them (io.tributary.bench.CountedResponse, what ReadAllBench does).
    static final boolean PARSE = "parse".equals(System.getProperty("client"));

    static long read(JournalReaderGrpc.JournalReaderStub stub) throws Exception {
        AtomicLong n = new AtomicLong();
        CountDownLatch done = new CountDownLatch(1);
        Throwable[] err = new Throwable[1];
        if (!PARSE) {
            MethodDescriptor<ReadRequest, CountedResponse> m = JournalReaderGrpc.getReadMethod().toBuilder(
                    JournalReaderGrpc.getReadMethod().getRequestMarshaller(), CountedResponse.MARSHALLER).build();
            ClientCalls.asyncServerStreamingCall(stub.getChannel().newCall(m, stub.getCallOptions()),
                    ReadRequest.getDefaultInstance(), observer(n, done, err, CountedResponse::entries));
        } else {
            stub.read(ReadRequest.getDefaultInstance(), observer(n, done, err, (ReadResponse r) -> r.getBatch().getEntriesCount()));
        }
        done.await();
        if (err[0] != null) throw new RuntimeException(err[0]);
        return n.get();
    }

    static <R> ClientResponseObserver<ReadRequest, R> observer(AtomicLong n, CountDownLatch done, Throwable[] err,
            ToIntFunction<R> entries) {
        return new ClientResponseObserver<ReadRequest, R>() {
            ClientCallStreamObserver<ReadRequest> call;

            public void beforeStart(ClientCallStreamObserver<ReadRequest> c) {
                call = c;
                c.disableAutoRequestWithInitial(4);
            }

            public void onNext(R r) {
                n.addAndGet(entries.applyAsInt(r));
                call.request(1);
            }

            public void onError(Throwable t) {
                err[0] = t;
                done.countDown();
            }

            public void onCompleted() {
                done.countDown();
            }
        };
    }
}
