package io.tributary.testkit;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One journal field: a name and its raw value bytes.
 *
 * <p>Values are bytes, not strings, because journal values may be invalid UTF-8 or binary; a
 * {@code String} would silently replace such bytes. Equality compares the bytes (records use
 * reference equality for arrays, hence the overrides).
 */
public record JournalField(String name, byte[] value) {

    public JournalField {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }

    /** A field whose value is the UTF-8 encoding of {@code value}. */
    public static JournalField of(String name, String value) {
        return new JournalField(name, value.getBytes(StandardCharsets.UTF_8));
    }

    /** The value decoded as UTF-8 (invalid bytes become U+FFFD); use {@link #value()} for exact bytes. */
    public String text() {
        return new String(value, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JournalField f && name.equals(f.name) && Arrays.equals(value, f.value);
    }

    @Override
    public int hashCode() {
        return 31 * name.hashCode() + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        String t = text();
        return name + "=" + (t.length() > 80 ? t.substring(0, 80) + "...(" + value.length + " bytes)" : t);
    }
}
