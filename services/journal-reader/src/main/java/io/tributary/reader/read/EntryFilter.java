package io.tributary.reader.read;

import io.tributary.reader.sdjournal.Journal;
import io.tributary.reader.sdjournal.JournalEntry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Matches with journalctl's meaning: an entry is selected when it satisfies any group; within a group, values of
 * the same field are OR-ed and different fields AND-ed. Applied by sd-journal itself on private handles, and in
 * Java on entries of the shared tail, with the same result.
 */
public final class EntryFilter {

    public static final EntryFilter ALL = new EntryFilter(List.of());

    /** Per group: field name -> accepted raw "NAME=value" items. */
    private final List<Map<String, List<byte[]>>> groups;

    private EntryFilter(List<Map<String, List<byte[]>>> groups) {
        this.groups = groups;
    }

    /** groups: each a list of raw "NAME=value" items. */
    public static EntryFilter of(List<List<byte[]>> groups) {
        List<Map<String, List<byte[]>>> out = new ArrayList<>();
        for (List<byte[]> group : groups) {
            Map<String, List<byte[]>> byField = new LinkedHashMap<>();
            for (byte[] item : group) {
                String name = new String(item, 0, JournalEntry.nameLength(item), StandardCharsets.US_ASCII);
                byField.computeIfAbsent(name, n -> new ArrayList<>()).add(item);
            }
            if (!byField.isEmpty()) {
                byField.replaceAll((name, items) -> List.copyOf(items));
                out.add(byField);
            }
        }
        return out.isEmpty() ? ALL : new EntryFilter(List.copyOf(out));
    }

    /**
     * The matches as data, for indexing: per group (OR-ed), per field (AND-ed), the accepted raw items (OR-ed). Empty
     * when the filter selects everything; no group and no field is ever empty.
     */
    public List<List<List<byte[]>>> groups() {
        List<List<List<byte[]>>> out = new ArrayList<>(groups.size());
        for (Map<String, List<byte[]>> group : groups) {
            out.add(List.copyOf(group.values()));
        }
        return out;
    }

    public boolean test(JournalEntry entry) {
        if (groups.isEmpty()) {
            return true;
        }
        for (Map<String, List<byte[]>> group : groups) {
            if (matchesGroup(group, entry.data())) {
                return true;
            }
        }
        return false;
    }

    private static boolean matchesGroup(Map<String, List<byte[]>> group, List<byte[]> data) {
        for (List<byte[]> accepted : group.values()) {
            if (!containsAny(data, accepted)) {
                return false;
            }
        }
        return true;
    }

    private static boolean containsAny(List<byte[]> data, List<byte[]> accepted) {
        for (byte[] item : data) {
            for (byte[] a : accepted) {
                if (Arrays.equals(item, a)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Installs the same matches on a journal handle (which resets its position). */
    public void applyTo(Journal journal) {
        journal.flushMatches();
        boolean first = true;
        for (Map<String, List<byte[]>> group : groups) {
            if (!first) {
                journal.addDisjunction();
            }
            first = false;
            for (List<byte[]> items : group.values()) {
                for (byte[] item : items) {
                    journal.addMatch(item);
                }
            }
        }
    }
}
