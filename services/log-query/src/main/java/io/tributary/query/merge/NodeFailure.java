package io.tributary.query.merge;

/** A node that failed or timed out during a query: reported to the client, never skipped silently. */
public record NodeFailure(String nodeId, String endpoint, String code, String message) {
}
