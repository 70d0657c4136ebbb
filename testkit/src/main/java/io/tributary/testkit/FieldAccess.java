package io.tributary.testkit;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Lookups by field name over an entry's ordered fields (a name may repeat). */
public interface FieldAccess {

    List<JournalField> fields();

    /** First value of {@code name}, or null. */
    default byte[] value(String name) {
        for (JournalField f : fields()) {
            if (f.name().equals(name)) {
                return f.value();
            }
        }
        return null;
    }

    /** All values of {@code name}, in order. */
    default List<byte[]> values(String name) {
        List<byte[]> r = new ArrayList<>();
        for (JournalField f : fields()) {
            if (f.name().equals(name)) {
                r.add(f.value());
            }
        }
        return r;
    }

    /** First value of {@code name} decoded as UTF-8, or null. */
    default String text(String name) {
        byte[] v = value(name);
        return v == null ? null : new String(v, StandardCharsets.UTF_8);
    }
}
