package io.tributary.reader.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.channel.ChannelOption;
import io.grpc.Metadata;
import io.grpc.Status;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tributary.proto.journal.v1.JournalReaderGrpc;
import io.tributary.proto.journal.v1.ReadRequest;
import io.tributary.proto.journal.v1.ReadResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Read streams opened on a connection whose socket is backed up must all finish. Netty re-checks a stream's
 * writability on channel-writability events; when ConnectionGuard delivered those late, a stream opened while the
 * channel was not writable kept Netty's "not writable" mark after the channel drained, and the stream stalled for
 * good (its reader waiting for a ready call, the client for data). Here one stream's client keeps the transport
 * thread busy now and then, so the reader's socket backs up, while short reads open and finish beside it.
 */
@QuarkusTest
@QuarkusTestResource(value = GeneratedJournal.class, restrictToAnnotatedClass = true)
class BackedUpConnectionTest {

    @Test
    void readsOpenedWhileTheConnectionIsBackedUpAllFinish() throws Exception {
        int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        // A large flow-control window and a small receive buffer: what the reader may send does not fit in the
        // sockets, so its channel stays unwritable while the client is busy (as with a slow, cold client).
        ManagedChannel ch = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().directExecutor()
                .flowControlWindow(16 << 20).withOption(ChannelOption.SO_RCVBUF, 16 * 1024).build();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger backlogReads = new AtomicInteger();
        List<String> backlogFailures = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread backlog = new Thread(() -> {
            while (!stop.get() && backlogFailures.isEmpty()) {
                try {
                    Status s = read(ch, ReadRequest.getDefaultInstance(), 10).get(20, TimeUnit.SECONDS);
                    if (s.isOk()) {
                        backlogReads.incrementAndGet();
                    } else {
                        backlogFailures.add(s.toString());
                    }
                } catch (TimeoutException e) {
                    backlogFailures.add("a whole-journal Read stalled after " + backlogReads + " finished");
                } catch (Exception e) {
                    backlogFailures.add(e.toString());
                }
            }
        });
        backlog.start();
        int finished = 0;
        try {
            for (int round = 0; round < 40 && backlogFailures.isEmpty(); round++) {
                List<CompletableFuture<Status>> reads = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    reads.add(read(ch, ReadRequest.newBuilder().setLimit(300).setMaxBatchEntries(30).build(), 0));
                }
                for (CompletableFuture<Status> r : reads) {
                    Status s;
                    try {
                        s = r.get(20, TimeUnit.SECONDS);
                    } catch (TimeoutException e) {
                        throw new AssertionError("a Read stream stalled (round " + round + ", " + finished + " finished)");
                    }
                    assertEquals(Status.Code.OK, s.getCode(), String.valueOf(s));
                    finished++;
                }
            }
        } finally {
            stop.set(true);
            backlog.join(60_000);
            ch.shutdownNow();
        }
        assertEquals(List.of(), backlogFailures);
        assertEquals(320, finished);
        assertTrue(backlogReads.get() > 0, "whole-journal Reads finished beside the short ones");
    }

    /** A Read of everything it asks; its client sleeps sleepMillis on the transport thread per message. */
    private static CompletableFuture<Status> read(ManagedChannel ch, ReadRequest request, int sleepMillis) {
        CompletableFuture<Status> done = new CompletableFuture<>();
        ClientCall<ReadRequest, ReadResponse> call = ch.newCall(JournalReaderGrpc.getReadMethod(), CallOptions.DEFAULT);
        call.start(new ClientCall.Listener<>() {
            @Override
            public void onMessage(ReadResponse message) {
                if (sleepMillis > 0) {
                    try {
                        Thread.sleep(sleepMillis);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                call.request(1);
            }

            @Override
            public void onClose(Status status, Metadata trailers) {
                done.complete(status);
            }
        }, new Metadata());
        call.sendMessage(request);
        call.halfClose();
        call.request(2);
        return done;
    }
}
