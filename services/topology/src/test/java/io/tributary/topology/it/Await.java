package io.tributary.topology.it;

import java.time.Duration;
import java.util.function.Supplier;

/** Polls a condition until it holds or the timeout passes; the failure names what was last seen. */
final class Await {

    private Await() {
    }

    static <T> T until(Duration timeout, Supplier<T> probe, java.util.function.Predicate<T> done, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = null;
        Throwable lastError = null;
        while (System.nanoTime() < deadline) {
            try {
                last = probe.get();
                if (done.test(last)) {
                    return last;
                }
            } catch (RuntimeException e) {
                lastError = e;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
        throw new AssertionError("timed out after " + timeout + " waiting for " + what + "; last: " + last, lastError);
    }
}
