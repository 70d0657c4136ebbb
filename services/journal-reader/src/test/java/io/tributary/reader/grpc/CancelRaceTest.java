package io.tributary.reader.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tributary.proto.journal.v1.DescribeRequest;
import io.tributary.proto.journal.v1.JournalReaderGrpc;
import io.tributary.proto.journal.v1.ReadRequest;
import io.tributary.proto.journal.v1.ReadResponse;
import io.tributary.proto.journal.v1.UniqueRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * A client that cancels many calls while the reader is answering (log-query does: a limit reached, a deadline, a
 * client gone) must not make the reader break the connection its other calls share: every call ends OK or CANCELLED.
 * Three ways the reader's connection broke were found with this test, each failing a share of these calls without its
 * fix: (1) a reply written from another thread reached a stream the client had just reset — GOAWAY PROTOCOL_ERROR
 * "Request stream N is not correct for server connection" (Read: fixed by sending on the call's event loop, Outbox;
 * Describe and Unique: Reply); (2) trailers queued behind data still waiting for flow-control window failed with the
 * cancel through a void promise, and Vert.x closed the connection ("Network closed for unknown reason", "io
 * exception"; ~15% of the Read streams here): Outbox and Reply end a stream only when the call is ready, and
 * ConnectionGuard drops such stream errors; (3) failing a reset stream's queued data flushed from inside Netty's
 * cancel of that stream, and the writability change re-entered its flow controller (GOAWAY INTERNAL_ERROR "Error
 * flushing"): ConnectionGuard holds flushes made during a read until the read is complete.
 */
@QuarkusTest
@QuarkusTestResource(value = GeneratedJournal.class, restrictToAnnotatedClass = true)
class CancelRaceTest {

    @Test
    void cancellingStreamsMidFlightNeverBreaksTheSharedConnection() throws Exception {
        SplittableRandom r = new SplittableRandom(42);
        Map<String, Integer> endings = run(60, ch -> {
            int limit = 1 + r.nextInt(400);
            int cancelAfter = 1 + r.nextInt(2); // messages received before cancelling, as log-query does
            return readAndCancel(ch, limit, cancelAfter);
        });
        System.out.println("Read streams cancelled mid-flight ended: " + endings);
        assertNoConnectionBroke(endings, 1500);
    }

    @Test
    void cancellingUniqueAndDescribeCallsNeverBreaksTheSharedConnection() throws Exception {
        // Unique and Describe answer from a worker thread (they block on the journal): a cancel (log-query's deadline,
        // a client gone) may arrive before, during or after their answer.
        SplittableRandom r = new SplittableRandom(43);
        Map<String, Integer> endings = run(40, ch -> {
            int cancelAfterMicros = r.nextInt(r.nextBoolean() ? 5_000 : 200_000);
            return r.nextInt(4) > 0
                    ? callAndCancel(ch, JournalReaderGrpc.getUniqueMethod(), UniqueRequest.newBuilder().setField("MESSAGE").build(),
                            cancelAfterMicros)
                    : callAndCancel(ch, JournalReaderGrpc.getDescribeMethod(), DescribeRequest.getDefaultInstance(), cancelAfterMicros);
        });
        System.out.println("Unique and Describe calls cancelled at random ended: " + endings);
        assertNoConnectionBroke(endings, 1000);
    }

    /** rounds of 25 concurrent calls on one channel (like log-query's: transport-thread callbacks); how they ended. */
    private static Map<String, Integer> run(int rounds, Function<ManagedChannel, CompletableFuture<Status>> call)
            throws Exception {
        int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        ManagedChannel ch = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().directExecutor().build();
        Map<String, Integer> endings = new TreeMap<>();
        try {
            for (int round = 0; round < rounds; round++) {
                List<CompletableFuture<Status>> calls = new ArrayList<>();
                for (int i = 0; i < 25; i++) {
                    calls.add(call.apply(ch));
                }
                for (CompletableFuture<Status> c : calls) {
                    Status s = c.get(30, TimeUnit.SECONDS);
                    String key = s.getCode() + (s.isOk() || s.getCode() == Status.Code.CANCELLED ? "" : ": " + s.getDescription());
                    endings.merge(key, 1, Integer::sum);
                }
            }
        } finally {
            ch.shutdownNow();
        }
        return endings;
    }

    private static void assertNoConnectionBroke(Map<String, Integer> endings, int calls) {
        endings.keySet().forEach(k -> assertTrue(k.equals("OK") || k.equals("CANCELLED"),
                "a call ended otherwise than OK or CANCELLED, i.e. its connection broke: " + endings));
        assertEquals(calls, endings.values().stream().mapToInt(Integer::intValue).sum());
    }

    /** A call cancelled after cancelAfterMicros (it may have ended by then); completes with its status. */
    private static <Q, R> CompletableFuture<Status> callAndCancel(ManagedChannel ch, io.grpc.MethodDescriptor<Q, R> method,
                                                               Q request, int cancelAfterMicros) {
        CompletableFuture<Status> done = new CompletableFuture<>();
        ClientCall<Q, R> call = ch.newCall(method, CallOptions.DEFAULT);
        call.start(new ClientCall.Listener<>() {
            @Override
            public void onClose(Status status, Metadata trailers) {
                done.complete(status);
            }
        }, new Metadata());
        call.sendMessage(request);
        call.halfClose();
        call.request(Integer.MAX_VALUE);
        CANCELLER.schedule(() -> call.cancel("enough", null), cancelAfterMicros, TimeUnit.MICROSECONDS);
        return done;
    }

    private static final java.util.concurrent.ScheduledExecutorService CANCELLER =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "canceller");
                t.setDaemon(true);
                return t;
            });

    /** A Read of limit entries (small batches), cancelled after cancelAfter messages; completes with its status. */
    private static CompletableFuture<Status> readAndCancel(ManagedChannel ch, int limit, int cancelAfter) {
        CompletableFuture<Status> done = new CompletableFuture<>();
        ClientCall<ReadRequest, ReadResponse> call = ch.newCall(JournalReaderGrpc.getReadMethod(), CallOptions.DEFAULT);
        AtomicInteger got = new AtomicInteger();
        call.start(new ClientCall.Listener<>() {
            @Override
            public void onMessage(ReadResponse message) {
                if (got.incrementAndGet() >= cancelAfter) {
                    call.cancel("enough", null);
                } else {
                    call.request(1);
                }
            }

            @Override
            public void onClose(Status status, Metadata trailers) {
                done.complete(status);
            }
        }, new Metadata());
        call.sendMessage(ReadRequest.newBuilder().setLimit(limit).setMaxBatchEntries(16).build());
        call.halfClose();
        call.request(1);
        return done;
    }
}
