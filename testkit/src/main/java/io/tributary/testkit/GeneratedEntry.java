package io.tributary.testkit;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One entry made by {@link JournalGenerator}: the export-format metadata (realtime, monotonic, boot id)
 * and the data fields in the order they are written. {@code index} is the entry's 0-based position in its
 * node's stream, {@code special} names the special kind or is null.
 */
public record GeneratedEntry(int node, long index, long realtimeUsec, long monotonicUsec, String bootId,
                             JournalGenerator.Special special, List<JournalField> fields) {

    /** First value of {@code name}, or null. */
    public byte[] value(String name) {
        for (JournalField f : fields) {
            if (f.name().equals(name)) {
                return f.value();
            }
        }
        return null;
    }

    /** All values of {@code name}, in order. */
    public List<byte[]> values(String name) {
        List<byte[]> r = new ArrayList<>();
        for (JournalField f : fields) {
            if (f.name().equals(name)) {
                r.add(f.value());
            }
        }
        return r;
    }

    /** First value of {@code name} decoded as UTF-8, or null. */
    public String text(String name) {
        byte[] v = value(name);
        return v == null ? null : new String(v, StandardCharsets.UTF_8);
    }

    /** True for task entries (those with a FRAMEWORK_ID), false for system-service entries. */
    public boolean isTask() {
        return value("FRAMEWORK_ID") != null;
    }
}
