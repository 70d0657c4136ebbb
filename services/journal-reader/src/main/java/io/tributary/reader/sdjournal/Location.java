package io.tributary.reader.sdjournal;

import java.util.Objects;

/**
 * The address of an entry, parsed from its cursor ({@code s=..;i=..;b=..;m=..;t=..;x=..}), with sd-journal's own
 * ordering, so that positions read through different handles on the same journal can be compared.
 */
public record Location(String seqnumId, long seqnum, String bootId, long monotonicUsec, long realtimeUsec, long xorHash)
        implements Comparable<Location> {

    /** Parses a journald cursor; throws IllegalArgumentException when it is not one. */
    public static Location parse(String cursor) {
        String s = null;
        String b = null;
        long i = -1;
        long m = -1;
        long t = -1;
        long x = 0;
        try {
            for (String part : cursor.split(";")) {
                if (part.length() < 2 || part.charAt(1) != '=') {
                    throw new IllegalArgumentException("malformed cursor part '" + part + "'");
                }
                String value = part.substring(2);
                switch (part.charAt(0)) {
                    case 's' -> s = hex128(value);
                    case 'i' -> i = Long.parseUnsignedLong(value, 16);
                    case 'b' -> b = hex128(value);
                    case 'm' -> m = Long.parseUnsignedLong(value, 16);
                    case 't' -> t = Long.parseUnsignedLong(value, 16);
                    case 'x' -> x = Long.parseUnsignedLong(value, 16);
                    default -> throw new IllegalArgumentException("unknown cursor key '" + part.charAt(0) + "'");
                }
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("malformed cursor number: " + e.getMessage());
        }
        if (s == null || i < 0 || b == null || m < 0 || t < 0) {
            throw new IllegalArgumentException("not a complete journald cursor (needs s, i, b, m and t)");
        }
        return new Location(s, i, b, m, t, x);
    }

    private static String hex128(String value) {
        if (value.length() != 32 || !value.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            throw new IllegalArgumentException("'" + value + "' is not a 128-bit id");
        }
        return value;
    }

    /** sd-journal's journal_file_compare_locations(): seqnum within one seqnum id, else monotonic within a boot, else realtime. */
    @Override
    public int compareTo(Location o) {
        if (seqnumId.equals(o.seqnumId)) {
            int r = Long.compareUnsigned(seqnum, o.seqnum);
            if (r != 0) {
                return r;
            }
        }
        if (bootId.equals(o.bootId)) {
            int r = Long.compareUnsigned(monotonicUsec, o.monotonicUsec);
            if (r != 0) {
                return r;
            }
        }
        int r = Long.compareUnsigned(realtimeUsec, o.realtimeUsec);
        return r != 0 ? r : Long.compareUnsigned(xorHash, o.xorHash);
    }

    /** The journald cursor of this location (systemd's own format). */
    public String toCursor() {
        return "s=" + seqnumId + ";i=" + Long.toHexString(seqnum) + ";b=" + bootId + ";m=" + Long.toHexString(monotonicUsec)
                + ";t=" + Long.toHexString(realtimeUsec) + ";x=" + Long.toHexString(xorHash);
    }

    public boolean isAfter(Location o) {
        return compareTo(o) > 0;
    }

    /** Null-safe: a null location is before everything. */
    public static boolean isAfter(Location a, Location b) {
        return b == null ? a != null : a != null && a.isAfter(b);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Location l && seqnum == l.seqnum && monotonicUsec == l.monotonicUsec
                && realtimeUsec == l.realtimeUsec && xorHash == l.xorHash && seqnumId.equals(l.seqnumId)
                && bootId.equals(l.bootId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(seqnumId, seqnum, realtimeUsec);
    }
}
