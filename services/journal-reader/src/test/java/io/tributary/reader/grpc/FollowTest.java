package io.tributary.reader.grpc;

import static io.tributary.reader.grpc.ReadRangeTest.group;
import static io.tributary.reader.grpc.ReadRangeTest.match;
import static io.tributary.reader.grpc.Reads.afterCursor;
import static io.tributary.reader.grpc.Reads.head;
import static io.tributary.reader.grpc.Reads.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tributary.proto.common.v1.Entry;
import io.tributary.proto.journal.v1.JournalReaderGrpc;
import io.tributary.proto.journal.v1.ReadRequest;
import io.tributary.proto.journal.v1.ReadResponse;
import io.tributary.reader.follow.SharedTail;
import io.tributary.reader.sdjournal.JournalWriter;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Follow mode against a live, private journald: live entries, handover, resume, rotation, fan-out, slow consumers. */
@QuarkusTest
@QuarkusTestResource(value = PrivateJournal.class, restrictToAnnotatedClass = true)
class FollowTest {

    @GrpcClient("reader")
    io.grpc.Channel channel;

    JournalReaderGrpc.JournalReaderStub async;

    @org.junit.jupiter.api.BeforeEach
    void stub() {
        async = JournalReaderGrpc.newStub(channel);
    }

    @Inject
    SharedTail tail;

    /** Writes n entries RUN=run, SEQ=from..from+n-1 into the private journald. */
    private static void write(String run, int from, int n, int padding) {
        try (JournalWriter w = JournalWriter.namespace(PrivateJournal.journald.namespace())) {
            String pad = "x".repeat(padding);
            for (int i = from; i < from + n; i++) {
                w.send(List.of(JournalWriter.field("MESSAGE", "entry " + i + pad), JournalWriter.field("RUN", run),
                        JournalWriter.field("SEQ", Integer.toString(i)), JournalWriter.field("KEY", "k" + (i % 200))));
            }
        }
    }

    private static ReadRequest.Builder follow(String run) {
        return ReadRequest.newBuilder().setFollow(true).addMatches(group(match("RUN", run)));
    }

    private static void assertSequence(List<Entry> entries, int from, int to) {
        List<Integer> seq = entries.stream().map(e -> Integer.parseInt(text(e, "SEQ"))).toList();
        assertEquals(IntStream.range(from, to).boxed().toList(), seq);
    }

    private void awaitVisible(String run, int n) throws InterruptedException {
        var blocking = JournalReaderGrpc.newBlockingStub(channel);
        long deadline = System.currentTimeMillis() + 10_000;
        int seen = 0;
        while ((seen = Reads.all(blocking, ReadRequest.newBuilder().addMatches(group(match("RUN", run))).build()).size()) < n
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(n, seen, "entries journald has written");
    }

    private void awaitFollowers(int n) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (tail.followers() < n && System.currentTimeMillis() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(tail.followers() >= n, "followers on the tail: " + tail.followers());
    }

    @Test
    void followFromTheTailDeliversNewEntriesInOrder() throws Exception {
        String run = UUID.randomUUID().toString();
        write(run, 0, 10, 0); // history: not part of a tail follow
        awaitVisible(run, 10); // journald writes asynchronously: before that, these would still be new entries
        try (Reads.Follow f = new Reads.Follow(async, follow(run).setStart(Reads.tail()).build())) {
            awaitFollowers(1);
            write(run, 10, 500, 0);
            assertSequence(f.awaitEntries(500, 10_000), 10, 510);
        }
    }

    @Test
    void historyThenLiveWithoutLossOrRepeatsWhileWriting() throws Exception {
        String run = UUID.randomUUID().toString();
        write(run, 0, 2000, 0);
        Thread writer = new Thread(() -> write(run, 2000, 3000, 0));
        writer.start();
        try (Reads.Follow f = new Reads.Follow(async, follow(run).setStart(head()).setMaxBatchEntries(50).build())) {
            writer.join();
            List<Entry> got = f.awaitEntries(5000, 20_000);
            assertSequence(got, 0, 5000);
        }
    }

    /**
     * A follower joining the tail while the tail holds more new entries for it than its outbox takes is sent back to
     * read the journal with a full outbox; it must still be drained (it once waited forever for space).
     */
    @Test
    void followerWithATinyOutboxKeepsUpWithAFastWriter() throws Exception {
        String run = UUID.randomUUID().toString();
        write(run, 0, 100, 0);
        Thread writer = new Thread(() -> write(run, 100, 4900, 0));
        try (Reads.Follow f = new Reads.Follow(async, follow(run).setStart(head()).setMaxBatchEntries(1).build())) {
            writer.start();
            writer.join();
            assertSequence(f.awaitEntries(5000, 30_000), 0, 5000);
        }
    }

    @Test
    void resumeAfterTheLastCursorContinuesExactly() throws Exception {
        String run = UUID.randomUUID().toString();
        write(run, 0, 200, 0);
        String last;
        try (Reads.Follow f = new Reads.Follow(async, follow(run).setStart(head()).setLimit(120).build())) {
            List<Entry> got = f.awaitEntries(120, 10_000);
            assertSequence(got, 0, 120);
            last = got.get(got.size() - 1).getCursor();
        }
        write(run, 200, 100, 0);
        try (Reads.Follow f = new Reads.Follow(async, follow(run).setStart(afterCursor(last)).build())) {
            assertSequence(f.awaitEntries(180, 10_000), 120, 300);
        }
    }

    @Test
    void idleFollowersGetHeartbeatsWithAWatermark() throws Exception {
        long before = System.currentTimeMillis() * 1000;
        try (Reads.Follow f = new Reads.Follow(async, follow(UUID.randomUUID().toString()).build())) {
            long w1 = f.awaitHeartbeat(5_000);
            long w2 = f.awaitHeartbeat(5_000);
            assertTrue(w1 > before - 1_000_000 && w1 <= System.currentTimeMillis() * 1000, "watermark " + w1);
            assertTrue(w2 >= w1, "watermarks never go back");
        }
    }

    @Test
    void rotationAndVacuumWhileFollowingLoseNothing() throws Exception {
        String run = UUID.randomUUID().toString();
        try (Reads.Follow f = new Reads.Follow(async, follow(run).build())) {
            awaitFollowers(1);
            write(run, 0, 200, 0);
            PrivateJournal.journald.rotate();
            write(run, 200, 200, 0);
            PrivateJournal.journald.rotate();
            f.awaitEntries(400, 10_000);
            PrivateJournal.journald.vacuum();
            write(run, 400, 200, 0);
            assertSequence(f.awaitEntries(600, 10_000), 0, 600);
        }
    }

    @Test
    void aFollowerWhoseWindowEndsIsCompletedByAnEntryItDoesNotMatch() throws Exception {
        String run = UUID.randomUUID().toString();
        long until = System.currentTimeMillis() * 1000 + 5_000_000; // room for a slow start on a loaded machine
        try (Reads.Follow f = new Reads.Follow(async, follow(run).setStart(Reads.tail()).setUntilRealtimeUsec(until)
                .build())) {
            f.awaitHeartbeat(10_000); // heartbeats come from the tail: it is on it
            write(run, 0, 3, 0);
            assertSequence(f.awaitEntries(3, 10_000), 0, 3);
            Thread.sleep(Math.max(0, until / 1000 - System.currentTimeMillis() + 50));
            write(UUID.randomUUID().toString(), 0, 1, 0); // past the window; not this follower's run
            long deadline = System.currentTimeMillis() + 10_000;
            while (!f.completed && System.currentTimeMillis() < deadline) {
                Thread.sleep(10);
            }
            assertTrue(f.completed, "ended at the first entry past until; error: " + f.error);
            assertEquals(3, f.entries.size());
        }
    }

    @Test
    void twoHundredFollowersShareOneTailAndEachGetsItsEntries() throws Exception {
        String run = UUID.randomUUID().toString();
        List<Reads.Follow> followers = new ArrayList<>();
        try {
            for (int k = 0; k < 200; k++) {
                followers.add(new Reads.Follow(async, follow(run).addMatches(0, group(match("RUN", run), match("KEY", "k" + k)))
                        .removeMatches(1).build()));
            }
            awaitFollowers(200);
            long tails = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("journal-tail")).count();
            assertEquals(1, tails, "one tail thread for all followers");
            for (int s = 0; s < 4; s++) { // ~2,000 entries/s for 2 s
                write(run, s * 1000, 1000, 0);
                Thread.sleep(500);
            }
            for (int k = 0; k < 200; k++) {
                List<Entry> got = followers.get(k).awaitEntries(20, 10_000);
                int key = k;
                assertEquals(IntStream.range(0, 4000).filter(i -> i % 200 == key).boxed().toList(),
                        got.stream().map(e -> Integer.parseInt(text(e, "SEQ"))).toList(), "follower " + k);
            }
        } finally {
            followers.forEach(Reads.Follow::close);
        }
    }

    @Test
    void aStalledConsumerDoesNotGrowTheHeapAndLosesNothing() throws Exception {
        String run = UUID.randomUUID().toString();
        int n = 20_000;
        AtomicInteger received = new AtomicInteger();
        List<Integer> seqs = java.util.Collections.synchronizedList(new ArrayList<>());
        CountDownLatch done = new CountDownLatch(1);
        ClientCallStreamObserver<ReadRequest>[] call = new ClientCallStreamObserver[1];
        async.read(follow(run).setMaxBatchEntries(64).build(), new ClientResponseObserver<ReadRequest, ReadResponse>() {
            @Override
            public void beforeStart(ClientCallStreamObserver<ReadRequest> requestStream) {
                call[0] = requestStream;
                requestStream.disableAutoRequestWithInitial(1);
            }

            @Override
            public void onNext(ReadResponse r) {
                r.getBatch().getEntriesList().forEach(e -> seqs.add(Integer.parseInt(text(e, "SEQ"))));
                if (received.addAndGet(r.getBatch().getEntriesCount()) >= n) {
                    done.countDown();
                }
            }

            @Override
            public void onError(Throwable t) {
                done.countDown();
            }

            @Override
            public void onCompleted() {
                done.countDown();
            }
        });
        awaitFollowers(1);
        long heapBefore = usedHeapAfterGc();
        write(run, 0, n, 8 * 1024); // ~160 MiB of entries while the consumer takes nothing
        Thread.sleep(500);
        long growth = usedHeapAfterGc() - heapBefore;
        assertTrue(growth < 48L << 20, "heap grew by " + (growth >> 20) + " MiB while a consumer stalled");
        call[0].request(Integer.MAX_VALUE);
        assertTrue(done.await(60, TimeUnit.SECONDS), "received " + received.get());
        call[0].cancel("done", null);
        assertEquals(IntStream.range(0, n).boxed().toList(), seqs);
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }
}
