package io.tributary.topology.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class IdIndexTest {

    @Test
    void replaceAddsNewValuesAndDropsOnlyTheOnesGone() {
        IdIndex ids = new IdIndex();
        ids.replace("r0", Map.of(IdIndex.TASK_ID, Set.of("a", "b")));
        ids.replace("r1", Map.of(IdIndex.TASK_ID, Set.of("b")));
        ids.replace("r0", Map.of(IdIndex.TASK_ID, Set.of("b", "c")));
        assertEquals(Set.of("b", "c"), ids.values(IdIndex.TASK_ID).keySet());
        assertEquals(Set.of("r0", "r1"), ids.endpoints(IdIndex.TASK_ID, "b"));
        assertEquals(Set.of("r0"), ids.endpoints(IdIndex.TASK_ID, "c"));
        ids.remove("r0");
        assertEquals(Set.of("b"), ids.values(IdIndex.TASK_ID).keySet());
        assertEquals(Set.of("r1"), ids.endpoints(IdIndex.TASK_ID, "b"));
    }

    /**
     * Readers look without a lock while a refresh replaces an endpoint's values: a value it keeps must never vanish
     * (a task listing once missed a task that way, log-query's AuthIT failed on it).
     */
    @Test
    void aValueKeptThroughRefreshesNeverVanishesForALockFreeReader() throws Exception {
        IdIndex ids = new IdIndex();
        ids.replace("r1", Map.of(IdIndex.TASK_ID, Set.of("api", "x0")));
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong misses = new AtomicLong();
        AtomicLong looks = new AtomicLong();
        Thread reader = new Thread(() -> {
            while (!stop.get()) {
                looks.incrementAndGet();
                if (!ids.values(IdIndex.TASK_ID).containsKey("api") || ids.endpoints(IdIndex.TASK_ID, "api").isEmpty()) {
                    misses.incrementAndGet();
                }
            }
        });
        reader.start();
        for (int i = 0; i < 200_000; i++) {
            ids.replace("r1", Map.of(IdIndex.TASK_ID, Set.of("api", "x" + (i % 7))));
        }
        stop.set(true);
        reader.join();
        assertTrue(looks.get() > 1000, "the reader looked " + looks.get() + " times");
        assertEquals(0, misses.get(), "lookups that missed a task the endpoint kept");
    }
}
