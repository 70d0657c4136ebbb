package io.tributary.query.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tributary.proto.auth.v1.Target;
import io.tributary.proto.topology.v1.Selector;
import io.tributary.proto.topology.v1.Task;
import io.tributary.query.query.QueryBuilder;
import org.junit.jupiter.api.Test;

/** What auth is asked about, from the query alone or with the task topology resolved. */
class TargetTest {

    static Target target(QueryBuilder b, Task task) {
        return Planner.target(b.build(1000), task);
    }

    @Test
    void unitsAreSystemOnlyFrameworksAndTasksAreNamedTheRestIsClusterWide() {
        assertEquals(Target.newBuilder().setSystemOnly(true).build(), target(new QueryBuilder().unit("ssh.service"), null));
        assertEquals(Target.newBuilder().setFrameworkId("fw-1").build(),
                target(new QueryBuilder().selector(Selector.newBuilder().setFrameworkId("fw-1").build()), null));
        assertEquals(Target.newBuilder().setFrameworkId("fw-1").build(), target(new QueryBuilder().match("FRAMEWORK_ID=fw-1"), null));
        assertEquals(Target.newBuilder().setFrameworkId("fw-1").build(),
                target(new QueryBuilder().match("FRAMEWORK_ID=fw-1").unit("x.service"), null), "a framework wins over a unit");
        assertEquals(Target.getDefaultInstance(), target(new QueryBuilder().match("FRAMEWORK_ID=fw-1").match("FRAMEWORK_ID=fw-2"), null),
                "two frameworks: cluster-wide, limited by the scope");
        assertEquals(Target.getDefaultInstance(), target(new QueryBuilder().match("_SYSTEMD_UNIT=ssh.service"), null));
        assertEquals(Target.getDefaultInstance(), target(new QueryBuilder(), null));
        Task known = Task.newBuilder().setTaskId("dev_web.x").setFrameworkId("fw-1").setAppId("/dev/web").build();
        assertEquals(Target.newBuilder().setFrameworkId("fw-1").setAppId("/dev/web").build(),
                target(new QueryBuilder().selector(Selector.newBuilder().setTask("dev_web.x").build()), known));
        Task journalOnly = Task.newBuilder().setTaskId("dev_web.x").setAppId("/dev/web").build();
        assertEquals(Target.getDefaultInstance(),
                target(new QueryBuilder().selector(Selector.newBuilder().setTask("dev_web.x").build()), journalOnly),
                "no framework known: cluster-wide (an app-only target would refuse the framework's own users)");
    }
}
