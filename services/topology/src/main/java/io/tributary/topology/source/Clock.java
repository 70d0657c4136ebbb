package io.tributary.topology.source;

import java.time.Instant;

/** Wall-clock time in µs since the epoch, the unit of every timestamp in the protos. */
public final class Clock {

    private Clock() {
    }

    public static long nowUsec() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }
}
