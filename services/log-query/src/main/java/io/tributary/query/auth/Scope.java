package io.tributary.query.auth;

import java.util.List;

/**
 * What a caller may see (auth's {@code tributary.auth.v1.Scope}): entries without task identity ("system"), every
 * task entry, or the task entries of some frameworks or Marathon app-id prefixes. An entry has task identity when it
 * has a {@code FRAMEWORK_ID} field (what the task logger and DC/OS's container logger write).
 */
public record Scope(boolean system, boolean allTasks, List<String> frameworkIds, List<String> appIdPrefixes) {

    public static final Scope FULL = new Scope(true, true, List.of(), List.of());

    public Scope {
        frameworkIds = List.copyOf(frameworkIds);
        appIdPrefixes = List.copyOf(appIdPrefixes);
    }

    public boolean isFull() {
        return system && allTasks;
    }

    /** Whether any task entry can be in the scope. */
    public boolean anyTasks() {
        return allTasks || !frameworkIds.isEmpty() || !appIdPrefixes.isEmpty();
    }

    public static Scope from(io.tributary.proto.auth.v1.Scope s) {
        return new Scope(s.getSystem(), s.getAllTasks(), s.getFrameworkIdsList(), s.getAppIdPrefixesList());
    }
}
