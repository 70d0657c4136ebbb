package io.tributary.auth.permission;

/** Marathon app ids and prefixes, compared by path segment: {@code /dev} covers {@code /dev/web}, not {@code /devops}. */
public final class AppIds {

    private AppIds() {
    }

    /** {@code /group/app} form: a leading slash added, a trailing one removed; empty, . and .. segments refused. */
    public static String normalize(String id) {
        String s = id.strip();
        if (s.isEmpty() || s.equals("/")) {
            throw new IllegalArgumentException("empty app id");
        }
        return check(s.startsWith("/") ? s : "/" + s);
    }

    /** Like {@link #normalize}, but "/" (every app) is allowed. */
    public static String normalizePrefix(String prefix) {
        String s = prefix.strip();
        if (s.equals("/")) {
            return s;
        }
        return normalize(s);
    }

    /** Whether the prefix covers the (normalized) app id. */
    public static boolean covers(String prefix, String appId) {
        if (prefix.equals("/")) {
            return true;
        }
        return appId.equals(prefix) || (appId.startsWith(prefix) && appId.charAt(prefix.length()) == '/');
    }

    private static String check(String s) {
        if (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        for (String seg : s.substring(1).split("/", -1)) {
            if (seg.isEmpty() || seg.equals(".") || seg.equals("..")) {
                throw new IllegalArgumentException("bad app id '" + s + "': empty, '.' or '..' path segment");
            }
        }
        return s;
    }
}
