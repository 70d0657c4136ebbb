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
import io.tributary.proto.journal.v1.JournalReaderGrpc;
import io.tributary.proto.journal.v1.ReadRequest;
import io.tributary.proto.journal.v1.ReadResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * A client that cancels many Read streams while the reader is sending (log-query does: a limit reached, a client
 * gone) must not make the reader break the connection its other streams share: every stream ends OK or CANCELLED.
 * Two causes of broken connections were found with this test. (1) A cancel racing the reader thread's response
 * HEADERS made the server answer GOAWAY PROTOCOL_ERROR ("Request stream N is not correct for server connection"):
 * fixed by sending only from the call's event loop. (2) Trailers written while the stream's last data still waited
 * for flow-control window are queued in Netty with a void promise; a cancel then fails that promise, and Vert.x
 * closes the whole connection (clients saw "Network closed for unknown reason" or "io exception" on ~15% of these
 * streams): fixed by ending a stream only when its call is ready again (Outbox).
 */
@QuarkusTest
@QuarkusTestResource(value = GeneratedJournal.class, restrictToAnnotatedClass = true)
class CancelRaceTest {

    @Test
    void cancellingStreamsMidFlightNeverBreaksTheSharedConnection() throws Exception {
        int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        // like log-query: one channel, transport-thread callbacks, manual flow control
        ManagedChannel ch = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().directExecutor().build();
        Map<String, AtomicInteger> endings = new ConcurrentHashMap<>();
        try {
            SplittableRandom r = new SplittableRandom(42);
            List<CompletableFuture<Status>> calls = new ArrayList<>();
            for (int round = 0; round < 60; round++) {
                for (int i = 0; i < 25; i++) {
                    int limit = 1 + r.nextInt(400);
                    int cancelAfter = 1 + r.nextInt(2); // messages received before cancelling, as log-query does
                    calls.add(readAndCancel(ch, limit, cancelAfter));
                }
                for (CompletableFuture<Status> c : calls) {
                    Status s = c.get(30, TimeUnit.SECONDS);
                    String key = s.getCode() + (s.isOk() || s.getCode() == Status.Code.CANCELLED ? "" : ": " + s.getDescription());
                    endings.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
                }
                calls.clear();
            }
        } finally {
            ch.shutdownNow();
        }
        System.out.println("Read streams cancelled mid-flight ended: " + endings);
        endings.keySet().forEach(k -> assertTrue(k.equals("OK") || k.equals("CANCELLED"),
                "a stream ended otherwise than OK or CANCELLED, i.e. its connection broke: " + endings));
        assertEquals(1500, endings.values().stream().mapToInt(AtomicInteger::get).sum());
    }

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
