package io.tributary.auth.permission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import io.grpc.StatusException;
import io.tributary.proto.auth.v1.Scope;
import io.tributary.proto.auth.v1.Target;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DecisionsTest {

    static Scope decide(List<String> granted, Target t) throws StatusException {
        Grants g = Grants.of(Permissions.canonicalAll(granted, "test"));
        return Decisions.decide(g, g.toScope(), t);
    }

    static StatusException denied(List<String> granted, Target t) {
        StatusException e = assertThrows(StatusException.class, () -> decide(granted, t));
        return e;
    }

    static Target framework(String fw) {
        return Target.newBuilder().setFrameworkId(fw).build();
    }

    static Target app(String id) {
        return Target.newBuilder().setAppId(id).build();
    }

    static final Target SYSTEM = Target.newBuilder().setSystemOnly(true).build();
    static final Target CLUSTER = Target.getDefaultInstance();

    @Test
    void aSystemOnlyUserIsDeniedTaskLogsOfAFramework() throws Exception {
        StatusException e = denied(List.of("logs:system:read"), framework("fw-1"));
        assertEquals(Status.Code.PERMISSION_DENIED, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().contains("logs:task:read:framework:fw-1"), e.getStatus().getDescription());
        assertEquals(Scope.newBuilder().setSystem(true).build(), decide(List.of("logs:system:read"), SYSTEM));
        assertEquals(Scope.newBuilder().setSystem(true).build(), decide(List.of("logs:system:read"), CLUSTER));
    }

    @Test
    void aFrameworkScopedUserIsDeniedAnotherFrameworkAndSystemLogs() throws Exception {
        List<String> fw1 = List.of("logs:task:read:framework:fw-1");
        StatusException other = denied(fw1, framework("fw-2"));
        assertEquals(Status.Code.PERMISSION_DENIED, other.getStatus().getCode());
        assertTrue(other.getStatus().getDescription().contains("logs:task:read:framework:fw-2"));
        StatusException system = denied(fw1, SYSTEM);
        assertTrue(system.getStatus().getDescription().contains("logs:system:read"));
        assertEquals(Scope.newBuilder().addFrameworkIds("fw-1").build(), decide(fw1, framework("fw-1")));
        // cluster-wide: allowed, limited to the scope
        assertEquals(Scope.newBuilder().addFrameworkIds("fw-1").build(), decide(fw1, CLUSTER));
    }

    @Test
    void appPrefixesMatchWholePathSegments() throws Exception {
        List<String> dev = List.of("logs:task:read:app:/dev");
        assertEquals(Scope.newBuilder().addAppIdPrefixes("/dev/web").build(), decide(dev, app("/dev/web")));
        assertEquals(Scope.newBuilder().addAppIdPrefixes("/dev").build(), decide(dev, app("/dev")));
        assertEquals(Scope.newBuilder().addAppIdPrefixes("/dev/web").build(), decide(dev, app("dev/web/")));
        StatusException devops = denied(dev, app("/devops"));
        assertEquals(Status.Code.PERMISSION_DENIED, devops.getStatus().getCode());
        assertTrue(devops.getStatus().getDescription().contains("logs:task:read:app:/devops"));
        assertEquals(Status.Code.INVALID_ARGUMENT, denied(dev, app("/dev/../prod")).getStatus().getCode());
        assertTrue(AppIds.covers("/", "/anything"));
        assertFalse(AppIds.covers("/dev", "/dev-x"));
    }

    @Test
    void noPermissionAtAllIsDenied() {
        assertEquals(Status.Code.PERMISSION_DENIED, denied(List.of(), CLUSTER).getStatus().getCode());
        assertEquals(Status.Code.PERMISSION_DENIED, denied(List.of("tributary:service"), CLUSTER).getStatus().getCode());
    }

    @Test
    void everythingAndAliases() throws Exception {
        Scope all = Scope.newBuilder().setSystem(true).setAllTasks(true).build();
        assertEquals(all, decide(List.of("logs:*"), CLUSTER));
        assertEquals(all, decide(List.of("*"), CLUSTER));
        assertEquals(all, decide(List.of("dcos:superuser"), CLUSTER));
        assertEquals(all, decide(List.of("dcos:adminrouter:ops:system-logs full"), CLUSTER));
        assertEquals(Scope.newBuilder().setAllTasks(true).build(), decide(List.of("dcos:mesos:agent:sandbox:app_id"), CLUSTER));
        assertEquals(Scope.newBuilder().addAppIdPrefixes("/group").build(),
                decide(List.of("dcos:mesos:agent:sandbox:app_id:/group"), CLUSTER));
        assertEquals(Optional.of("logs:task:read:app:/group"), Permissions.canonical("dcos:mesos:agent:sandbox:app_id:/group"));
        assertEquals(Optional.empty(), Permissions.canonical("offline_access"));
        assertThrows(IllegalArgumentException.class, () -> Permissions.canonicalAll(List.of("logs:sytem:read"), "x"));
    }

    @Test
    void grantsFoldOverlappingPrefixes() {
        Grants g = Grants.of(List.of("logs:task:read:app:/dev", "logs:task:read:app:/dev/web", "logs:task:read:app:/prod"));
        assertEquals(List.of("/dev", "/prod"), g.appPrefixes());
        assertTrue(Grants.of(List.of("logs:task:read", "logs:task:read:framework:x")).frameworks().isEmpty());
    }
}
