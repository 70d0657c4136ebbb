package io.tributary.testkit;

import java.util.List;

/**
 * One entry made by {@link JournalGenerator}: the export-format metadata (realtime, monotonic, boot id)
 * and the data fields in the order they are written. {@code index} is the entry's 0-based position in its
 * node's stream, {@code special} names the special kind or is null.
 */
public record GeneratedEntry(int node, long index, long realtimeUsec, long monotonicUsec, String bootId,
                             JournalGenerator.Special special, List<JournalField> fields) implements FieldAccess {

    /** True for task entries (those with a FRAMEWORK_ID), false for system-service entries. */
    public boolean isTask() {
        return value("FRAMEWORK_ID") != null;
    }
}
