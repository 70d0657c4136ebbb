package io.tributary.serviceauth;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Verified tokens by their exact text, each until its own expiry: a token seen again costs a hash lookup instead
 * of a signature check. Bounded: when full, expired entries go first, and if that is not enough all of them (a
 * flood of distinct valid tokens only costs re-verification, never memory).
 */
public final class TokenCache<V> {

    private record Entry<V>(V value, long expiresAtMillis) {
    }

    private final ConcurrentHashMap<String, Entry<V>> entries = new ConcurrentHashMap<>();
    private final int maxEntries;

    public TokenCache(int maxEntries) {
        this.maxEntries = maxEntries;
    }

    /** The value cached for this token, or null when there is none or it expired. */
    public V get(String token, long nowMillis) {
        Entry<V> e = entries.get(token);
        if (e == null) {
            return null;
        }
        if (nowMillis >= e.expiresAtMillis) {
            entries.remove(token, e);
            return null;
        }
        return e.value;
    }

    public void put(String token, V value, long expiresAtMillis, long nowMillis) {
        if (maxEntries <= 0 || expiresAtMillis <= nowMillis) {
            return;
        }
        if (entries.size() >= maxEntries) {
            entries.values().removeIf(e -> nowMillis >= e.expiresAtMillis);
            if (entries.size() >= maxEntries) {
                entries.clear();
            }
        }
        entries.put(token, new Entry<>(value, expiresAtMillis));
    }

    public int size() {
        return entries.size();
    }

    public void clear() {
        entries.clear();
    }
}
