package io.tributary.query.auth;

import com.google.protobuf.ByteString;
import io.tributary.proto.common.v1.Match;
import io.tributary.proto.common.v1.MatchGroup;
import io.tributary.query.node.FieldReader;
import io.tributary.query.node.RawEntry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Enforces a {@link Scope} in two places: pushed down to the readers as journal matches where matches can express
 * it (a framework-only scope: {@code FRAMEWORK_ID} ∈ allowed, intersected with the query's own matches), and
 * re-checked on every entry before it is encoded (always, whatever was pushed down). Journal matches are exact
 * values, so "system entries", "no FRAMEWORK_ID" and app-id prefixes are enforced by the per-entry check alone.
 */
public final class ScopeFilter {

    private static final byte[] FRAMEWORK_ID = "FRAMEWORK_ID".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TASK_ID = "TASK_ID".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DCOS_SPACE = "DCOS_SPACE".getBytes(StandardCharsets.US_ASCII);
    /** Marathon task ids: {@code <app path, '/' as '_'>.<uuid>} or {@code <pod>.instance-<uuid>.<container>}. */
    private static final Pattern MARATHON_TASK = Pattern.compile(
            "^([a-z0-9][a-z0-9._-]*?)\\.(?:instance-)?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?:\\..*)?$");

    private final Scope scope;
    private final Set<String> frameworks;
    private final FieldReader fields = new FieldReader();

    public ScopeFilter(Scope scope) {
        this.scope = scope;
        this.frameworks = Set.copyOf(scope.frameworkIds());
    }

    public Scope scope() {
        return scope;
    }

    /** True when entries must be checked one by one (the scope is not full). */
    public boolean checksEntries() {
        return !scope.isFull();
    }

    /**
     * The query's matches narrowed to the scope where journal matches can say it; empty when nothing in the scope
     * can match (e.g. a framework-scoped caller matching another framework's id).
     */
    public Optional<List<MatchGroup>> pushDown(List<MatchGroup> matches) {
        boolean frameworkOnly = !scope.system() && !scope.allTasks() && scope.appIdPrefixes().isEmpty();
        if (!frameworkOnly) {
            return Optional.of(matches);
        }
        if (frameworks.isEmpty()) {
            return Optional.empty();
        }
        List<MatchGroup> groups = matches.isEmpty() ? List.of(MatchGroup.getDefaultInstance()) : matches;
        List<MatchGroup> out = new ArrayList<>();
        for (MatchGroup g : groups) {
            Set<String> asked = new LinkedHashSet<>();
            MatchGroup.Builder b = MatchGroup.newBuilder();
            for (Match m : g.getMatchesList()) {
                if (m.getField().equals("FRAMEWORK_ID")) {
                    asked.add(m.getValue().toStringUtf8());
                } else {
                    b.addMatches(m);
                }
            }
            Set<String> allowed = new LinkedHashSet<>(scope.frameworkIds());
            if (!asked.isEmpty()) {
                allowed.retainAll(asked);
            }
            if (allowed.isEmpty()) {
                continue; // this group can only match entries outside the scope
            }
            for (String fw : allowed) {
                b.addMatches(Match.newBuilder().setField("FRAMEWORK_ID").setValue(ByteString.copyFromUtf8(fw)));
            }
            out.add(b.build());
        }
        return out.isEmpty() ? Optional.empty() : Optional.of(out);
    }

    /**
     * Whether the entry is inside the scope. An entry is a task entry when it has a {@code FRAMEWORK_ID} (the task
     * logger and DC/OS's container logger write one on every line; journald's own fields never do); otherwise a
     * system entry. A task entry is allowed by {@code all_tasks}, by its framework (every {@code FRAMEWORK_ID} value it
     * carries must be allowed), or by its Marathon app id under an allowed prefix. The app id is the
     * {@code DCOS_SPACE} field when the entry has one (DC/OS's label naming the app), else derived from
     * {@code TASK_ID} the way topology derives a task's app id ({@code group_app.<uuid>} → {@code /group/app}); an
     * entry whose app id cannot be known is not allowed by an app prefix. Repeated fields must all be allowed.
     */
    public boolean allows(RawEntry e) {
        if (scope.isFull()) {
            return true;
        }
        List<String> framework = null;
        List<String> taskIds = null;
        List<String> spaces = null;
        fields.reset(e);
        while (fields.next()) {
            if (fields.nameIs(FRAMEWORK_ID)) {
                framework = add(framework, fields.value());
            } else if (fields.nameIs(TASK_ID)) {
                taskIds = add(taskIds, fields.value());
            } else if (fields.nameIs(DCOS_SPACE)) {
                spaces = add(spaces, fields.value());
            }
        }
        if (framework == null) {
            return scope.system();
        }
        if (scope.allTasks() || frameworks.containsAll(framework)) {
            return true;
        }
        if (scope.appIdPrefixes().isEmpty()) {
            return false;
        }
        List<String> apps = new ArrayList<>();
        if (spaces != null) {
            apps.addAll(spaces);
        } else if (taskIds != null) {
            for (String t : taskIds) {
                String app = appIdOfTask(t);
                if (app == null) {
                    return false;
                }
                apps.add(app);
            }
        } else {
            return false;
        }
        for (String app : apps) {
            if (!coveredByScope(app)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether a task topology lists is inside the scope: by {@code all_tasks}, its framework, or its Marathon app id
     * under an allowed prefix. A task known only from journals has no framework id there, so only {@code all_tasks}
     * or its app id can allow it (the same rule as its entries' app id).
     */
    public boolean allowsTask(String frameworkId, String appId) {
        if (scope.allTasks()) {
            return true;
        }
        if (!frameworkId.isEmpty() && frameworks.contains(frameworkId)) {
            return true;
        }
        return !appId.isEmpty() && !scope.appIdPrefixes().isEmpty() && coveredByScope(appId);
    }

    private boolean coveredByScope(String app) {
        if (!wellFormedAppId(app)) {
            return false;
        }
        for (String prefix : scope.appIdPrefixes()) {
            if (covers(prefix, app)) {
                return true;
            }
        }
        return false;
    }

    /** {@code /a/b} or {@code a/b}: no empty, {@code .} or {@code ..} segment (auth refuses those too). */
    static boolean wellFormedAppId(String app) {
        String a = app.startsWith("/") ? app.substring(1) : app;
        if (a.isEmpty()) {
            return false;
        }
        for (String seg : a.split("/", -1)) {
            if (seg.isEmpty() || seg.equals(".") || seg.equals("..")) {
                return false;
            }
        }
        return true;
    }

    private static List<String> add(List<String> l, byte[] value) {
        List<String> out = l == null ? new ArrayList<>(1) : l;
        out.add(new String(value, StandardCharsets.UTF_8));
        return out;
    }

    /** "/dev" covers "/dev" and "/dev/web", not "/devops"; "/" covers every app. */
    static boolean covers(String prefix, String app) {
        String p = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
        String a = app.startsWith("/") ? app : "/" + app;
        return a.equals(p) || a.startsWith(p + "/");
    }

    /** Marathon's app id from a task id ({@code group_app.<uuid>} → {@code /group/app}), or null. */
    static String appIdOfTask(String taskId) {
        Matcher m = MARATHON_TASK.matcher(taskId);
        return m.matches() ? "/" + m.group(1).replace('_', '/') : null;
    }
}
