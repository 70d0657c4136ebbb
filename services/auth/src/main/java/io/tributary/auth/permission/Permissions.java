package io.tributary.auth.permission;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Permission strings: the canonical ones and the DC/OS aliases they are mapped from.
 *
 * <pre>
 * logs:*                                   every log (system and all tasks)
 * logs:system:read                         entries without task identity
 * logs:task:read                           every task entry
 * logs:task:read:framework:&lt;id&gt;           task entries of one framework
 * logs:task:read:app:&lt;prefix&gt;             task entries of Marathon apps under a prefix (path segments)
 * tributary:service                        calls between Tributary's own services
 * *                                        everything above
 * dcos:superuser, dcos:adminrouter:ops:system-logs          → logs:*
 * dcos:mesos:agent:sandbox:app_id                           → logs:task:read
 * dcos:mesos:agent:sandbox:app_id:/group                    → logs:task:read:app:/group
 * </pre>
 * A DC/OS string may carry its action after a space ({@code dcos:superuser full}); the action is ignored.
 */
public final class Permissions {

    public static final String EVERYTHING = "*";
    public static final String ALL_LOGS = "logs:*";
    public static final String SYSTEM = "logs:system:read";
    public static final String TASKS = "logs:task:read";
    public static final String FRAMEWORK = "logs:task:read:framework:";
    public static final String APP = "logs:task:read:app:";
    public static final String SERVICE = "tributary:service";

    private static final String DCOS_APP = "dcos:mesos:agent:sandbox:app_id";

    private Permissions() {
    }

    /** The canonical permission a string grants, or empty when it is no permission (e.g. an unrelated role). */
    public static Optional<String> canonical(String granted) {
        if (granted == null) {
            return Optional.empty();
        }
        String s = granted.strip();
        int space = s.indexOf(' ');
        if (space > 0 && s.startsWith("dcos:")) {
            s = s.substring(0, space);
        }
        switch (s) {
            case EVERYTHING, ALL_LOGS, SYSTEM, TASKS, SERVICE:
                return Optional.of(s);
            case "dcos:superuser", "dcos:adminrouter:ops:system-logs":
                return Optional.of(ALL_LOGS);
            case DCOS_APP:
                return Optional.of(TASKS);
            default:
                break;
        }
        try {
            if (s.startsWith(FRAMEWORK)) {
                String id = s.substring(FRAMEWORK.length());
                return id.isEmpty() || id.contains(" ") ? Optional.empty() : Optional.of(s);
            }
            if (s.startsWith(APP)) {
                return Optional.of(APP + AppIds.normalizePrefix(s.substring(APP.length())));
            }
            if (s.startsWith(DCOS_APP + ":")) {
                return Optional.of(APP + AppIds.normalizePrefix(s.substring(DCOS_APP.length() + 1)));
            }
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** Canonical permissions of configured strings; a string that is no permission fails (a typo must not pass silently). */
    public static List<String> canonicalAll(Collection<String> granted, String where) {
        Set<String> out = new LinkedHashSet<>();
        for (String g : granted) {
            out.add(canonical(g).orElseThrow(() -> new IllegalArgumentException(where + ": '" + g
                    + "' is not a permission (logs:*, logs:system:read, logs:task:read, logs:task:read:framework:<id>, "
                    + "logs:task:read:app:<prefix>, tributary:service, *, or a DC/OS alias)")));
        }
        return new ArrayList<>(out);
    }

    static boolean isAll(String p) {
        return p.equals(EVERYTHING) || p.equals(ALL_LOGS);
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
