package io.tributary.reader.follow;

import io.tributary.reader.read.EntryFilter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shared tail's followers indexed by their matches, so that an entry is offered only to the followers that
 * could select it instead of testing every follower's filter against every entry.
 *
 * <p>A follower is selected by an entry when any of its groups matches, and a group matches only if the entry holds
 * one of the accepted items of each of its fields. So for every group one field is picked and the follower is
 * registered under each accepted {@code NAME=value} item of that field: an entry the follower selects always holds
 * one of its registered items. The field picked is the one whose items have the fewest followers registered
 * already (500 followers sharing {@code BENCH_RUN=x} but each with its own {@code BENCH_KEY=k<n>} end up under
 * their keys). A follower without matches (everything) is never indexed and is a candidate for every entry.
 *
 * <p>{@link #candidates} returns a superset of the followers whose filter selects the entry, each once: the caller
 * still runs the full filter on them. Confined to one thread (the tail's); allocates nothing per entry except when
 * the output list grows.
 *
 * @param <T> the follower handle (compared by identity)
 */
final class FollowerIndex<T> {

    /** A follower, its registered items, and the last lookup that listed it (dedupe across items). */
    private static final class Slot<T> {
        final T value;
        final List<byte[]> keys = new ArrayList<>();
        long mark;

        Slot(T value) {
            this.value = value;
        }
    }

    /** One registered item and the followers under it (a follower twice if it registered the item twice). */
    private static final class Node<T> {
        final byte[] key;
        final int hash;
        final List<Slot<T>> slots = new ArrayList<>(1);
        Node<T> next;

        Node(byte[] key, int hash) {
            this.key = key;
            this.hash = hash;
        }
    }

    private final Map<T, Slot<T>> slots = new IdentityHashMap<>();
    private final List<Slot<T>> unindexed = new ArrayList<>();
    @SuppressWarnings("unchecked")
    private Node<T>[] table = new Node[64];
    private int nodes;
    /** Registered items per item length: an entry's item of any other length is not looked up (nor hashed). */
    private int[] lengths = new int[64];
    private long epoch;

    int size() {
        return slots.size();
    }

    /** Adds a follower (not already present) with its filter. */
    void add(T value, EntryFilter filter) {
        if (slots.containsKey(value)) {
            throw new IllegalStateException("already indexed");
        }
        Slot<T> slot = new Slot<>(value);
        slots.put(value, slot);
        List<List<List<byte[]>>> groups = filter.groups();
        if (groups.isEmpty()) {
            unindexed.add(slot);
            return;
        }
        for (List<List<byte[]>> group : groups) {
            List<byte[]> best = null;
            long bestCost = Long.MAX_VALUE;
            for (List<byte[]> field : group) {
                long cost = 0;
                for (byte[] item : field) {
                    Node<T> n = find(item, hash(item));
                    cost += 1 + (n == null ? 0 : n.slots.size());
                }
                if (cost < bestCost) {
                    best = field;
                    bestCost = cost;
                }
            }
            for (byte[] item : best) {
                register(item, slot);
            }
        }
    }

    /** Removes a follower; nothing if it is not present. */
    void remove(T value) {
        Slot<T> slot = slots.remove(value);
        if (slot == null) {
            return;
        }
        if (slot.keys.isEmpty()) {
            unindexed.remove(slot);
            return;
        }
        for (byte[] key : slot.keys) {
            unregister(key, slot);
        }
    }

    /**
     * Appends to {@code out} every follower that may select an entry with these data items, each once: those
     * registered under one of the items and those without matches.
     */
    void candidates(List<byte[]> data, List<T> out) {
        long e = ++epoch;
        for (int i = 0; i < unindexed.size(); i++) {
            out.add(unindexed.get(i).value);
        }
        if (nodes == 0) {
            return;
        }
        int[] lens = lengths;
        for (int i = 0, m = data.size(); i < m; i++) {
            byte[] item = data.get(i);
            if (item.length >= lens.length || lens[item.length] == 0) {
                continue;
            }
            Node<T> n = find(item, hash(item));
            if (n == null) {
                continue;
            }
            List<Slot<T>> under = n.slots;
            for (int k = 0, s = under.size(); k < s; k++) {
                Slot<T> slot = under.get(k);
                if (slot.mark != e) {
                    slot.mark = e;
                    out.add(slot.value);
                }
            }
        }
    }

    private static int hash(byte[] key) {
        int h = Arrays.hashCode(key);
        return h ^ (h >>> 16);
    }

    private Node<T> find(byte[] key, int h) {
        for (Node<T> n = table[h & (table.length - 1)]; n != null; n = n.next) {
            if (n.hash == h && Arrays.equals(n.key, key)) {
                return n;
            }
        }
        return null;
    }

    private void register(byte[] key, Slot<T> slot) {
        int h = hash(key);
        Node<T> n = find(key, h);
        if (n == null) {
            if (nodes >= table.length * 3 / 4) {
                resize();
            }
            n = new Node<>(key, h);
            int b = h & (table.length - 1);
            n.next = table[b];
            table[b] = n;
            nodes++;
            if (key.length >= lengths.length) {
                lengths = Arrays.copyOf(lengths, Math.max(lengths.length * 2, key.length + 1));
            }
            lengths[key.length]++;
        }
        n.slots.add(slot);
        slot.keys.add(key);
    }

    private void unregister(byte[] key, Slot<T> slot) {
        int h = hash(key);
        int b = h & (table.length - 1);
        Node<T> prev = null;
        for (Node<T> n = table[b]; n != null; prev = n, n = n.next) {
            if (n.hash == h && Arrays.equals(n.key, key)) {
                n.slots.remove(slot);
                if (n.slots.isEmpty()) {
                    if (prev == null) {
                        table[b] = n.next;
                    } else {
                        prev.next = n.next;
                    }
                    nodes--;
                    lengths[key.length]--;
                }
                return;
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void resize() {
        Node<T>[] old = table;
        table = new Node[old.length * 2];
        for (Node<T> head : old) {
            for (Node<T> n = head; n != null; ) {
                Node<T> next = n.next;
                int b = n.hash & (table.length - 1);
                n.next = table[b];
                table[b] = n;
                n = next;
            }
        }
    }
}
