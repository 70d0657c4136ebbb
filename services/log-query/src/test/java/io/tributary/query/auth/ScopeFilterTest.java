package io.tributary.query.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.proto.common.v1.Match;
import io.tributary.proto.common.v1.MatchGroup;
import io.tributary.query.node.Entries;
import io.tributary.query.node.RawEntry;
import io.tributary.query.plan.Matches;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ScopeFilterTest {

    static final RawEntry SYSTEM = Entries.raw("n", 1, 1, "MESSAGE", "sshd", "_SYSTEMD_UNIT", "ssh.service");
    static final RawEntry FW1 = Entries.raw("n", 2, 2, "MESSAGE", "x", "FRAMEWORK_ID", "fw-1",
            "TASK_ID", "dev_web.0a1b2c3d-0000-4000-8000-000000000001");
    static final RawEntry FW2 = Entries.raw("n", 3, 3, "MESSAGE", "y", "FRAMEWORK_ID", "fw-2",
            "TASK_ID", "devops.0a1b2c3d-0000-4000-8000-000000000002");
    static final RawEntry SPACE = Entries.raw("n", 4, 4, "FRAMEWORK_ID", "fw-3", "DCOS_SPACE", "/dev/api");

    static ScopeFilter scope(boolean system, boolean all, List<String> fws, List<String> apps) {
        return new ScopeFilter(new Scope(system, all, fws, apps));
    }

    @Test
    void theFullScopeChecksNothingAndKeepsTheMatches() {
        ScopeFilter f = new ScopeFilter(Scope.FULL);
        assertFalse(f.checksEntries());
        List<MatchGroup> m = List.of(Matches.anyOf("A", List.of("1")));
        assertEquals(Optional.of(m), f.pushDown(m));
        assertTrue(f.allows(SYSTEM) && f.allows(FW1));
    }

    @Test
    void everyEntryIsCheckedAgainstTheScope() {
        ScopeFilter systemOnly = scope(true, false, List.of(), List.of());
        assertTrue(systemOnly.allows(SYSTEM));
        assertFalse(systemOnly.allows(FW1));
        ScopeFilter tasks = scope(false, true, List.of(), List.of());
        assertFalse(tasks.allows(SYSTEM));
        assertTrue(tasks.allows(FW1) && tasks.allows(FW2));
        ScopeFilter fw1 = scope(false, false, List.of("fw-1"), List.of());
        assertTrue(fw1.allows(FW1));
        assertFalse(fw1.allows(FW2) || fw1.allows(SYSTEM));
        ScopeFilter dev = scope(false, false, List.of(), List.of("/dev"));
        assertTrue(dev.allows(FW1), "task dev_web.<uuid> is app /dev/web");
        assertFalse(dev.allows(FW2), "/dev does not cover /devops");
        assertTrue(dev.allows(SPACE), "DCOS_SPACE names the app");
        assertFalse(dev.allows(SYSTEM));
    }

    @Test
    void appIdsComeFromDcosSpaceElseTheTaskIdAndEveryRepeatedValueMustBeAllowed() {
        ScopeFilter dev = scope(false, false, List.of(), List.of("/dev"));
        assertTrue(dev.allows(Entries.raw("n", 5, 5, "FRAMEWORK_ID", "fw-3", "DCOS_SPACE", "dev/web")), "no leading slash");
        assertFalse(dev.allows(Entries.raw("n", 5, 5, "FRAMEWORK_ID", "fw-3", "DCOS_SPACE", "/dev/../prod")));
        assertFalse(dev.allows(Entries.raw("n", 5, 5, "FRAMEWORK_ID", "fw-3", "DCOS_SPACE", "/devops/web",
                "TASK_ID", "dev_web.0a1b2c3d-0000-4000-8000-000000000001")), "DCOS_SPACE wins over the task id");
        assertFalse(dev.allows(Entries.raw("n", 5, 5, "FRAMEWORK_ID", "fw-3", "TASK_ID", "not-marathon")),
                "an app id that cannot be known is not under any prefix");
        assertFalse(dev.allows(Entries.raw("n", 5, 5, "FRAMEWORK_ID", "fw-3")));
        assertFalse(dev.allows(Entries.raw("n", 5, 5, "FRAMEWORK_ID", "fw-3", "DCOS_SPACE", "/dev/web",
                "DCOS_SPACE", "/prod/db")), "every value of a repeated field must be allowed");
        ScopeFilter fw1 = scope(false, false, List.of("fw-1"), List.of());
        assertFalse(fw1.allows(Entries.raw("n", 5, 5, "FRAMEWORK_ID", "fw-1", "FRAMEWORK_ID", "fw-2")));
        assertTrue(scope(false, false, List.of(), List.of("/")).allows(FW2), "/ covers every app");
    }

    @Test
    void aFrameworkScopeIsPushedDownIntersectedWithTheQuery() {
        ScopeFilter f = scope(false, false, List.of("fw-1", "fw-2"), List.of());
        List<MatchGroup> none = f.pushDown(List.of()).orElseThrow();
        assertEquals(1, none.size());
        assertEquals(List.of("fw-1", "fw-2"), values(none.get(0), "FRAMEWORK_ID"));
        List<MatchGroup> asked = f.pushDown(List.of(Matches.anyOf("FRAMEWORK_ID", List.of("fw-2", "fw-9")))).orElseThrow();
        assertEquals(List.of("fw-2"), values(asked.get(0), "FRAMEWORK_ID"));
        assertEquals(Optional.empty(), f.pushDown(List.of(Matches.anyOf("FRAMEWORK_ID", List.of("fw-9")))),
                "another framework's entries: nothing can match");
        assertEquals(Optional.empty(), scope(false, false, List.of(), List.of()).pushDown(List.of()));
        List<MatchGroup> mixed = scope(true, false, List.of("fw-1"), List.of()).pushDown(List.of()).orElseThrow();
        assertEquals(List.of(), mixed, "system + frameworks cannot be said with exact matches: checked per entry only");
    }

    static List<String> values(MatchGroup g, String field) {
        return g.getMatchesList().stream().filter(m -> m.getField().equals(field)).map(Match::getValue)
                .map(v -> v.toStringUtf8()).toList();
    }
}
