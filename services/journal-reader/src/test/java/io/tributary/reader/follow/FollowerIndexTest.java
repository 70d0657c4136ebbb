package io.tributary.reader.follow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.reader.read.EntryFilter;
import io.tributary.reader.sdjournal.JournalEntry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FollowerIndexTest {

    private static byte[] item(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] item(String name, byte... value) {
        byte[] n = (name + "=").getBytes(StandardCharsets.US_ASCII);
        byte[] out = Arrays.copyOf(n, n.length + value.length);
        System.arraycopy(value, 0, out, n.length, value.length);
        return out;
    }

    @SafeVarargs
    private static EntryFilter filter(List<byte[]>... groups) {
        return EntryFilter.of(List.of(groups));
    }

    private static List<byte[]> data(byte[]... items) {
        return List.of(items);
    }

    private static List<String> candidates(FollowerIndex<String> index, List<byte[]> data) {
        List<String> out = new ArrayList<>();
        index.candidates(data, out);
        return out;
    }

    @Test
    void orGroupsAreEachIndexedAndAFollowerMatchingTwoGroupsIsListedOnce() {
        FollowerIndex<String> index = new FollowerIndex<>();
        index.add("f", filter(List.of(item("A=1")), List.of(item("B=2"), item("C=3"))));
        assertEquals(List.of("f"), candidates(index, data(item("A=1"))));
        assertEquals(List.of("f"), candidates(index, data(item("X=0"), item("B=2"), item("C=3"))));
        assertEquals(List.of("f"), candidates(index, data(item("A=1"), item("B=2"), item("C=3"))));
        assertEquals(List.of(), candidates(index, data(item("A=2"), item("X=1"))));
    }

    @Test
    void repeatedFieldsAndRepeatedItemsGiveOneCandidate() {
        FollowerIndex<String> index = new FollowerIndex<>();
        index.add("f", filter(List.of(item("A=1"), item("A=2"), item("B=3"))));
        index.add("g", filter(List.of(item("A=1")), List.of(item("A=1"))));
        List<String> got = candidates(index, data(item("A=1"), item("A=2"), item("A=1"), item("B=3")));
        assertEquals(Set.of("f", "g"), new HashSet<>(got));
        assertEquals(2, got.size());
        index.remove("g"); // a literal: the same instance as added
        assertEquals(List.of("f"), candidates(index, data(item("A=1"), item("B=3"))));
    }

    @Test
    void binaryValuesAreComparedByteForByte() {
        FollowerIndex<String> index = new FollowerIndex<>();
        byte[] bin = item("BIN", (byte) 0, (byte) 0xFF, (byte) '=', (byte) '\n', (byte) 0x80);
        index.add("f", filter(List.of(bin)));
        assertEquals(List.of("f"), candidates(index, data(item("BIN", (byte) 0, (byte) 0xFF, (byte) '=', (byte) '\n',
                (byte) 0x80))));
        assertEquals(List.of(), candidates(index, data(item("BIN", (byte) 0, (byte) 0xFF, (byte) '=', (byte) '\n',
                (byte) 0x81))));
        assertEquals(List.of(), candidates(index, data(item("BIN", (byte) 0, (byte) 0xFF, (byte) '=', (byte) '\n'))));
        index.add("empty", filter(List.of(item("E="))));
        assertEquals(List.of("empty"), candidates(index, data(item("E="), item("E"))));
    }

    @Test
    void followersWithoutMatchesAreCandidatesForEverything() {
        FollowerIndex<String> index = new FollowerIndex<>();
        index.add("all", EntryFilter.ALL);
        index.add("a", filter(List.of(item("A=1"))));
        assertEquals(List.of("all"), candidates(index, data(item("B=1"))));
        assertEquals(List.of("all"), candidates(index, data()));
        assertEquals(Set.of("all", "a"), new HashSet<>(candidates(index, data(item("A=1")))));
        index.remove("all");
        assertEquals(List.of(), candidates(index, data(item("B=1"))));
        assertEquals(1, index.size());
    }

    @Test
    void followersJoinAndLeave() {
        FollowerIndex<String> index = new FollowerIndex<>();
        String[] f = new String[500]; // followers are told apart by identity
        for (int k = 0; k < 500; k++) { // grows the table several times
            f[k] = "f" + k;
            index.add(f[k], filter(List.of(item("RUN=r"), item("KEY=k" + k))));
        }
        assertEquals(500, index.size());
        assertTrue(candidates(index, data(item("RUN=r"), item("KEY=k17"))).contains("f17"));
        for (int k = 0; k < 500; k += 2) {
            index.remove(f[k]);
        }
        index.remove(f[0]); // twice: nothing
        index.remove(new String("f1")); // equal but not the same follower: nothing
        assertEquals(250, index.size());
        for (int k = 0; k < 500; k++) {
            List<String> got = candidates(index, data(item("RUN=r"), item("KEY=k" + k)));
            assertEquals(k % 2 == 1, got.contains(f[k]), f[k]);
            assertTrue(got.stream().noneMatch(c -> Integer.parseInt(c.substring(1)) % 2 == 0), got.toString());
        }
        index.add(f[0], filter(List.of(item("KEY=k0"))));
        assertTrue(candidates(index, data(item("KEY=k0"))).contains(f[0]));
    }

    @Test
    void followersSharingAnItemAreIndexedByTheirOwnItem() {
        FollowerIndex<String> index = new FollowerIndex<>();
        for (int k = 0; k < 500; k++) {
            index.add("f" + k, filter(List.of(item("RUN=r"), item("KEY=k" + k))));
        }
        // only the first follower can be under RUN=r (nothing was registered yet when it came)
        assertTrue(candidates(index, data(item("RUN=r"), item("KEY=k17"))).size() <= 2);
    }

    /** Random filters and entries: the candidates are a superset of the matching followers, without repeats. */
    @Test
    void candidatesCoverEveryMatchingFollower() {
        Random random = new Random(7);
        String[] names = {"A", "B", "C", "D"};
        for (int round = 0; round < 200; round++) {
            FollowerIndex<Integer> index = new FollowerIndex<>();
            List<EntryFilter> filters = new ArrayList<>();
            for (int f = 0; f < 30; f++) {
                List<List<byte[]>> groups = new ArrayList<>();
                int g = random.nextInt(3);
                for (int i = 0; i < g; i++) {
                    List<byte[]> group = new ArrayList<>();
                    int m = 1 + random.nextInt(3);
                    for (int j = 0; j < m; j++) {
                        group.add(item(names[random.nextInt(names.length)], (byte) random.nextInt(3)));
                    }
                    groups.add(group);
                }
                EntryFilter filter = EntryFilter.of(groups);
                filters.add(filter);
                index.add(f, filter);
            }
            Set<Integer> gone = new HashSet<>();
            for (int f = 0; f < 30; f += 1 + random.nextInt(5)) {
                index.remove(f);
                gone.add(f);
            }
            for (int e = 0; e < 50; e++) {
                List<byte[]> data = new ArrayList<>();
                int n = random.nextInt(6);
                for (int i = 0; i < n; i++) {
                    data.add(item(names[random.nextInt(names.length)], (byte) random.nextInt(3)));
                }
                JournalEntry entry = new JournalEntry(data, null, null);
                List<Integer> got = new ArrayList<>();
                index.candidates(data, got);
                assertEquals(new HashSet<>(got).size(), got.size(), "repeated candidates " + got);
                for (int f = 0; f < 30; f++) {
                    if (gone.contains(f)) {
                        assertTrue(!got.contains(f), "removed follower listed");
                    } else if (filters.get(f).test(entry)) {
                        assertTrue(got.contains(f), "follower " + f + " matches but is not a candidate");
                    }
                }
            }
        }
    }
}
