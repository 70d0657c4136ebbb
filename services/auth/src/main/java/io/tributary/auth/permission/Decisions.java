package io.tributary.auth.permission;

import io.grpc.Status;
import io.grpc.StatusException;
import io.tributary.proto.auth.v1.Scope;
import io.tributary.proto.auth.v1.Target;

/**
 * May a caller with these grants run a query with this target, and in which scope. Denials name the permission
 * that is missing. The scope answered is the caller's, narrowed to the target where the target names one thing.
 */
public final class Decisions {

    private Decisions() {
    }

    public static Scope decide(Grants g, Scope full, Target t) throws StatusException {
        if (!g.any()) {
            throw denied("missing permission: no logs permission (e.g. " + Permissions.SYSTEM + " or " + Permissions.TASKS + ")");
        }
        boolean hasFramework = !t.getFrameworkId().isEmpty();
        boolean hasApp = !t.getAppId().isEmpty();
        if (t.getSystemOnly()) {
            if (hasFramework || hasApp) {
                throw Status.INVALID_ARGUMENT.withDescription("a system-only target cannot name a framework or an app")
                        .asException();
            }
            if (!g.system()) {
                throw denied("missing permission " + Permissions.SYSTEM);
            }
            return Scope.newBuilder().setSystem(true).build();
        }
        String app = null;
        if (hasApp) {
            try {
                app = AppIds.normalize(t.getAppId());
            } catch (IllegalArgumentException e) {
                throw Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asException();
            }
        }
        if (hasFramework) {
            String fw = t.getFrameworkId();
            if (g.allTasks() || g.frameworks().contains(fw)) {
                return Scope.newBuilder().addFrameworkIds(fw).build();
            }
            if (app != null && g.coversApp(app)) {
                return Scope.newBuilder().addAppIdPrefixes(app).build();
            }
            throw denied("missing permission " + Permissions.FRAMEWORK + fw
                    + (app != null ? " (or " + Permissions.APP + app + ")" : ""));
        }
        if (app != null) {
            if (g.coversApp(app)) {
                return Scope.newBuilder().addAppIdPrefixes(app).build();
            }
            throw denied("missing permission " + Permissions.APP + app);
        }
        return full; // cluster-wide: whatever the caller may read
    }

    private static StatusException denied(String why) {
        return Status.PERMISSION_DENIED.withDescription(why).asException();
    }
}
