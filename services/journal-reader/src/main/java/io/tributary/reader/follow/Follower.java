package io.tributary.reader.follow;

import io.tributary.reader.grpc.Outbox;
import io.tributary.reader.read.ReadSpec;
import io.tributary.reader.sdjournal.Location;

/**
 * A follow stream that has read the journal up to its end and now takes live entries from the shared tail.
 *
 * @param spec        the request (filter, time window, limit)
 * @param outbox      where its entries go
 * @param after       every matching entry up to this location was already sent (null: none exists)
 * @param endSeenNanos when its own reader last found the end of the journal: entries written later are new to it
 * @param sent        entries sent so far (for the limit)
 */
public record Follower(ReadSpec spec, Outbox outbox, Location after, long endSeenNanos, long sent) {
}
