package io.tributary.auth.permission;

import io.tributary.proto.auth.v1.Scope;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** What canonical permissions allow to read, folded into one scope. */
public record Grants(boolean system, boolean allTasks, Set<String> frameworks, List<String> appPrefixes) {

    public static Grants of(Collection<String> canonicalPermissions) {
        boolean system = false;
        boolean allTasks = false;
        Set<String> frameworks = new LinkedHashSet<>();
        List<String> apps = new ArrayList<>();
        for (String p : canonicalPermissions) {
            if (Permissions.isAll(p)) {
                system = true;
                allTasks = true;
            } else if (p.equals(Permissions.SYSTEM)) {
                system = true;
            } else if (p.equals(Permissions.TASKS)) {
                allTasks = true;
            } else if (p.startsWith(Permissions.FRAMEWORK)) {
                frameworks.add(p.substring(Permissions.FRAMEWORK.length()));
            } else if (p.startsWith(Permissions.APP)) {
                apps.add(p.substring(Permissions.APP.length()));
            }
        }
        if (allTasks) {
            frameworks.clear();
            apps.clear();
        }
        // a prefix covered by another one adds nothing
        List<String> minimal = apps.stream().distinct()
                .filter(a -> apps.stream().noneMatch(b -> !b.equals(a) && AppIds.covers(b, a))).toList();
        return new Grants(system, allTasks, Set.copyOf(frameworks), minimal);
    }

    /** Any logs permission at all. */
    public boolean any() {
        return system || allTasks || !frameworks.isEmpty() || !appPrefixes.isEmpty();
    }

    public boolean coversApp(String appId) {
        return allTasks || appPrefixes.stream().anyMatch(p -> AppIds.covers(p, appId));
    }

    public Scope toScope() {
        return Scope.newBuilder().setSystem(system).setAllTasks(allTasks)
                .addAllFrameworkIds(frameworks.stream().sorted().toList()).addAllAppIdPrefixes(appPrefixes).build();
    }
}
