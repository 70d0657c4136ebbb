package io.tributary.query.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.proto.common.v1.MatchGroup;
import io.tributary.query.cursor.CompositeCursor;
import io.tributary.query.node.Entries;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class QueryBuilderTest {

    static Query build(Consumer<QueryBuilder> c) {
        QueryBuilder b = new QueryBuilder();
        c.accept(b);
        return b.build(1000);
    }

    static void bad(String expectedInDetail, Consumer<QueryBuilder> c) {
        ApiException e = assertThrows(ApiException.class, () -> build(c));
        assertEquals(400, e.status());
        assertTrue(e.detail().contains(expectedInDetail), e.detail());
    }

    @Test
    void matchesFormOrGroupsLikeJournalctl() {
        Query q = build(b -> b.match("A=1").match("A=2").match("B=x=y").match("+").match("C=3"));
        List<MatchGroup> g = q.matches();
        assertEquals(2, g.size());
        assertEquals(3, g.get(0).getMatchesCount());
        assertEquals("x=y", g.get(0).getMatches(2).getValue().toStringUtf8(), "split at the first =");
        assertEquals("C", g.get(1).getMatches(0).getField());
        Query s = build(b -> b.match("A=1").match("+").match("B=2").require("STREAM", "STDERR"));
        assertTrue(s.matches().stream().allMatch(x -> x.getMatchesList().stream().anyMatch(m -> m.getField().equals("STREAM"))));
    }

    @Test
    void everyParameterIsValidated() {
        bad("field name", b -> b.match("lower=1"));
        bad("field name", b -> b.match("1ABC=1"));
        bad("FIELD=value", b -> b.match("NOPE"));
        bad("empty match group", b -> b.match("+"));
        bad("regular expression", b -> b.grep("(a"));
        bad("since is after until", b -> b.since("2026-01-02T00:00:00Z").until("2026-01-01T00:00:00Z"));
        bad("RFC 3339", b -> b.since("tomorrow"));
        bad("limit", b -> b.limit(-1));
        bad("limit", b -> b.limit(1001));
        bad("skip", b -> b.skip(-1001));
        bad("integer", b -> b.limit("1e3"));
        bad("priority", b -> b.priority("8"));
        bad("empty", b -> b.priority("5..2"));
        bad("direction", b -> b.direction("up"));
        bad("follow", b -> b.follow("maybe"));
        bad("follow reads forward", b -> b.follow(true).backward(true));
        bad("only one", b -> b.cursor("abc", false).position("head"));
        bad("malformed cursor", b -> b.cursor("s=1;i=2", false));
        bad("cursor", b -> b.cursor("%%%", true));
        bad("contradict", b -> b.match("STREAM=STDOUT").require("STREAM", "STDERR"));
    }

    @Test
    void timesArePreciseAndPrioritiesFollowJournalctl() {
        Query q = build(b -> b.since("2026-01-01T00:00:00.123456Z").until("1767225700000000").priority("err"));
        assertEquals(1_767_225_600_123_456L, q.since());
        assertEquals(1_767_225_700_000_000L, q.until());
        assertEquals(0, q.priorityMin());
        assertEquals(3, q.priorityMax());
        Query r = build(b -> b.since("2026-01-01T01:00:00+01:00").priority("warning..info"));
        assertEquals(1_767_225_600_000_000L, r.since());
        assertEquals(4, r.priorityMin());
        assertEquals(6, r.priorityMax());
    }

    @Test
    void cursorsAreCompositeOrJournaldAndLastEventIdWins() {
        String composite = new CompositeCursor(new CompositeCursor.Key(5, "n", 1), Map.of("n", Entries.cursor(1, 5))).encode();
        Query c = build(b -> b.cursor(composite, false));
        assertNotNull(c.position().composite());
        Query j = build(b -> b.cursor(Entries.cursor(1, 5), true));
        assertEquals(Entries.cursor(1, 5), j.position().journald());
        assertEquals(Query.Start.AFTER_CURSOR, j.position().start());
        Query resumed = build(b -> b.cursor(Entries.cursor(1, 5), false).skip(-10).resumeAfter(composite).skip(3));
        assertEquals(Query.Start.AFTER_CURSOR, resumed.position().start());
        assertNotNull(resumed.position().composite());
        assertEquals(0, resumed.skip(), "a reconnect repeats nothing: skip is ignored");
    }
}
