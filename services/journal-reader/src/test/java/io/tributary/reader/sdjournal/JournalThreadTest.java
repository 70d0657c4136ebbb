package io.tributary.reader.sdjournal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A handle belongs to the thread that opened it: any other thread, and any use after close, is refused. */
class JournalThreadTest {

    private static ExecutorService other;

    @BeforeAll
    static void start() {
        other = Executors.newSingleThreadExecutor(r -> new Thread(r, "other-thread"));
    }

    @AfterAll
    static void stop() {
        other.shutdownNow();
    }

    private static final Map<String, Consumer<Journal>> CALLS = Map.ofEntries(
            Map.entry("seekHead", Journal::seekHead),
            Map.entry("seekTail", Journal::seekTail),
            Map.entry("next", Journal::next),
            Map.entry("previous", Journal::previous),
            Map.entry("nextSkip", j -> j.nextSkip(2)),
            Map.entry("seekRealtime", j -> j.seekRealtime(0)),
            Map.entry("seekCursor", j -> j.seekCursor("t=0")),
            Map.entry("testCursor", j -> j.testCursor("t=0")),
            Map.entry("addMatch", j -> j.addMatch("PRIORITY", "6".getBytes())),
            Map.entry("addDisjunction", Journal::addDisjunction),
            Map.entry("flushMatches", Journal::flushMatches),
            Map.entry("cursor", Journal::cursor),
            Map.entry("currentLocation", Journal::currentLocation),
            Map.entry("entry", Journal::entry),
            Map.entry("field", j -> j.field("MESSAGE")),
            Map.entry("realtimeUsec", Journal::realtimeUsec),
            Map.entry("fd", Journal::fd),
            Map.entry("process", Journal::process),
            Map.entry("await", j -> j.await(0)),
            Map.entry("unique", j -> j.unique("PRIORITY")),
            Map.entry("cutoffRealtime", Journal::cutoffRealtime),
            Map.entry("usage", Journal::usage));

    @Test
    void everyCallFromAnotherThreadIsRefused() {
        try (Journal j = positioned()) {
            for (Map.Entry<String, Consumer<Journal>> call : CALLS.entrySet()) {
                Throwable t = onOtherThread(() -> call.getValue().accept(j));
                assertInstanceOf(IllegalStateException.class, t, call.getKey());
                assertTrue(t.getMessage().contains("other-thread"), t.getMessage());
            }
            assertEquals(1, j.nextSkip(1), "the owner can still use it");
        }
    }

    @Test
    void closeFromAnotherThreadIsRefusedAndTheHandleStaysUsable() {
        Journal j = positioned();
        assertInstanceOf(IllegalStateException.class, onOtherThread(j::close));
        assertTrue(j.currentLocation().isPresent());
        j.close();
    }

    @Test
    void aHandleOpenedOnAnotherThreadBelongsToIt() throws Exception {
        Journal j = other.submit(() -> Fixtures.openDir(Fixtures.oneNodeDir())).get();
        assertThrows(IllegalStateException.class, j::seekHead);
        assertThrows(IllegalStateException.class, j::close);
        assertNull(onOtherThread(j::close));
    }

    @Test
    void everyCallAfterCloseIsRefused() {
        Journal j = positioned();
        j.close();
        for (Map.Entry<String, Consumer<Journal>> call : CALLS.entrySet()) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> call.getValue().accept(j),
                    call.getKey());
            assertTrue(e.getMessage().contains("closed"), e.getMessage());
        }
    }

    @Test
    void closeTwiceIsHarmless() {
        Journal j = positioned();
        j.close();
        j.close();
    }

    @Test
    void handlesOnDifferentThreadsWorkInParallel() throws Exception {
        long expected = Fixtures.ONE_NODE.entryCount(0);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<CompletableFuture<Integer>> counts = java.util.stream.IntStream.range(0, 8)
                    .mapToObj(i -> CompletableFuture.supplyAsync(() -> {
                        try (Journal j = Fixtures.openDir(Fixtures.oneNodeDir())) {
                            return Fixtures.readFromHead(j).size();
                        }
                    }, pool)).toList();
            for (CompletableFuture<Integer> c : counts) {
                assertEquals(expected, (long) c.get(30, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void staticIdsWorkFromAnyThread() throws Exception {
        assertEquals(Journal.machineId(), other.submit(Journal::machineId).get());
        assertEquals(Journal.bootId(), other.submit(Journal::bootId).get());
    }

    private static Journal positioned() {
        Journal j = Fixtures.openDir(Fixtures.oneNodeDir());
        j.seekHead();
        j.next();
        return j;
    }

    /** Runs r on the other thread; returns what it threw, or null. */
    private static Throwable onOtherThread(Runnable r) {
        try {
            other.submit(r).get();
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
