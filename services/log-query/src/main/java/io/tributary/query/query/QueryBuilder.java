package io.tributary.query.query;

import com.google.protobuf.ByteString;
import io.tributary.proto.common.v1.Match;
import io.tributary.proto.common.v1.MatchGroup;
import io.tributary.proto.topology.v1.Selector;
import io.tributary.query.cursor.CompositeCursor;
import io.tributary.query.cursor.JournalCursor;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Builds a {@link Query} from front-door parameters, validating each one: every problem is an
 * {@link ApiException} (400) naming the parameter, never an exception that would become a 500.
 */
public final class QueryBuilder {

    private static final List<String> PRIORITIES = List.of("emerg", "alert", "crit", "err", "warning", "notice", "info", "debug");

    private final List<MatchGroup> groups = new ArrayList<>();
    private MatchGroup.Builder group = MatchGroup.newBuilder();
    private final List<MatchGroup> required = new ArrayList<>();
    private final List<String> nodeIds = new ArrayList<>();
    private Selector selector;
    private final List<String> units = new ArrayList<>();
    private Query.Start start = Query.Start.DEFAULT;
    private String cursorText;
    private long skip;
    private long limit;
    private boolean backward;
    private boolean follow;
    private Long since;
    private Long until;
    private Integer priorityMin;
    private Integer priorityMax;
    private Pattern grep;

    /** A journal field name as journald accepts it: A-Z, 0-9, _; not starting with a digit; 1 to 64 characters. */
    public static boolean isFieldName(String s) {
        if (s.isEmpty() || s.length() > 64 || (s.charAt(0) >= '0' && s.charAt(0) <= '9')) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) {
                return false;
            }
        }
        return true;
    }

    /** {@code FIELD=value}, or {@code +} to start a new OR-group (journalctl's syntax). */
    public QueryBuilder match(String spec) {
        if (spec.equals("+")) {
            return or();
        }
        int eq = spec.indexOf('=');
        if (eq < 0) {
            throw ApiException.badRequest("match '" + spec + "' is not FIELD=value (or + between OR-groups)");
        }
        return match(spec.substring(0, eq), spec.substring(eq + 1).getBytes(StandardCharsets.UTF_8));
    }

    public QueryBuilder match(String field, byte[] value) {
        if (!isFieldName(field)) {
            throw ApiException.badRequest("invalid field name '" + field + "' in match (A-Z, 0-9 and _, not starting with a digit, at most 64)");
        }
        group.addMatches(Match.newBuilder().setField(field).setValue(ByteString.copyFrom(value)));
        return this;
    }

    /** FIELD=value AND-ed with every group (a route's own restriction, e.g. a task's stream). */
    public QueryBuilder require(String field, String value) {
        if (!isFieldName(field)) {
            throw ApiException.badRequest("invalid field name '" + field + "'");
        }
        required.add(MatchGroup.newBuilder().addMatches(Match.newBuilder().setField(field)
                .setValue(ByteString.copyFromUtf8(value))).build());
        return this;
    }

    /** Closes the current OR-group. */
    public QueryBuilder or() {
        if (group.getMatchesCount() == 0) {
            throw ApiException.badRequest("empty match group ('+' must separate groups of matches)");
        }
        groups.add(group.build());
        group = MatchGroup.newBuilder();
        return this;
    }

    /** Adds whole groups (from gRPC), each validated. */
    public QueryBuilder groups(List<MatchGroup> gs) {
        for (MatchGroup g : gs) {
            if (g.getMatchesCount() == 0) {
                throw ApiException.badRequest("empty match group");
            }
            for (Match m : g.getMatchesList()) {
                match(m.getField(), m.getValue().toByteArray());
            }
            or();
        }
        return this;
    }

    public QueryBuilder node(String id) {
        for (String part : id.split(",")) {
            String p = part.strip();
            if (p.isEmpty() || p.length() > 128) {
                throw ApiException.badRequest("invalid node id '" + part + "'");
            }
            nodeIds.add(p);
        }
        return this;
    }

    public QueryBuilder selector(Selector s) {
        if (selector != null) {
            throw ApiException.badRequest("only one of agent, framework, executor, container and task may be given");
        }
        selector = s;
        return this;
    }

    public QueryBuilder unit(String unit) {
        if (unit.isBlank() || unit.length() > 256) {
            throw ApiException.badRequest("invalid unit '" + unit + "'");
        }
        units.add(unit);
        return this;
    }

    /** position=head|tail. */
    public QueryBuilder position(String p) {
        Query.Start s = switch (p.toLowerCase(Locale.ROOT)) {
            case "head" -> Query.Start.HEAD;
            case "tail" -> Query.Start.TAIL;
            default -> throw ApiException.badRequest("position must be head or tail, not '" + p + "'");
        };
        return start(s, null);
    }

    public QueryBuilder cursor(String cursor, boolean after) {
        if (cursor.isEmpty()) {
            throw ApiException.badRequest((after ? "after_cursor" : "cursor") + " is empty");
        }
        return start(after ? Query.Start.AFTER_CURSOR : Query.Start.CURSOR, cursor);
    }

    /** A resume point that overrides any position and skip (SSE Last-Event-ID). */
    public QueryBuilder resumeAfter(String cursor) {
        start = Query.Start.DEFAULT;
        cursorText = null;
        skip = 0;
        cursor(cursor, true);
        resumed = true;
        return this;
    }

    private boolean resumed;

    private QueryBuilder start(Query.Start s, String cursor) {
        if (resumed) {
            return this;
        }
        if (start != Query.Start.DEFAULT) {
            throw ApiException.badRequest("only one of position, cursor and after_cursor may be given");
        }
        start = s;
        cursorText = cursor;
        return this;
    }

    public QueryBuilder skip(String s) {
        return skip(number("skip", s));
    }

    public QueryBuilder skip(long n) {
        if (!resumed) {
            skip = n;
        }
        return this;
    }

    public QueryBuilder limit(String s) {
        return limit(number("limit", s));
    }

    public QueryBuilder limit(long n) {
        limit = n;
        return this;
    }

    public QueryBuilder direction(String d) {
        backward = switch (d.toLowerCase(Locale.ROOT)) {
            case "forward" -> false;
            case "backward" -> true;
            default -> throw ApiException.badRequest("direction must be forward or backward, not '" + d + "'");
        };
        return this;
    }

    public QueryBuilder backward(boolean b) {
        backward = b;
        return this;
    }

    public QueryBuilder follow(String f) {
        follow = bool("follow", f);
        return this;
    }

    public QueryBuilder follow(boolean f) {
        follow = f;
        return this;
    }

    public QueryBuilder since(String s) {
        since = time("since", s);
        return this;
    }

    public QueryBuilder until(String s) {
        until = time("until", s);
        return this;
    }

    public QueryBuilder since(Long usec) {
        since = usec;
        return this;
    }

    public QueryBuilder until(Long usec) {
        until = usec;
        return this;
    }

    /** {@code N} (0–7 or a name: PRIORITY 0..N, like journalctl -p) or {@code A..B}. */
    public QueryBuilder priority(String p) {
        int dots = p.indexOf("..");
        if (dots >= 0) {
            return priority(priorityValue(p.substring(0, dots)), priorityValue(p.substring(dots + 2)));
        }
        return priority(0, priorityValue(p));
    }

    public QueryBuilder priority(int min, int max) {
        if (min < 0 || min > 7 || max < 0 || max > 7) {
            throw ApiException.badRequest("priority must be between 0 and 7");
        }
        if (min > max) {
            throw ApiException.badRequest("priority range " + min + ".." + max + " is empty");
        }
        priorityMin = min;
        priorityMax = max;
        return this;
    }

    public QueryBuilder grep(String regex) {
        if (regex.length() > 4096) {
            throw ApiException.badRequest("grep pattern longer than 4096 characters");
        }
        try {
            grep = Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw ApiException.badRequest("grep is not a valid regular expression: " + e.getDescription()
                    + " near index " + e.getIndex());
        }
        return this;
    }

    public Query build(long maxLimit) {
        if (group.getMatchesCount() > 0) {
            groups.add(group.build());
            group = MatchGroup.newBuilder();
        }
        List<MatchGroup> all = groups;
        for (MatchGroup r : required) {
            all = io.tributary.query.plan.Matches.and(all, List.of(r));
            if (all == null) {
                throw ApiException.badRequest("the matches contradict " + r.getMatches(0).getField() + "="
                        + r.getMatches(0).getValue().toStringUtf8() + ": nothing could match");
            }
        }
        if (limit < 0 || limit > maxLimit) {
            throw ApiException.badRequest("limit must be between 0 (no limit) and " + maxLimit + ", not " + limit);
        }
        if (Math.abs(skip) > maxLimit || skip == Long.MIN_VALUE) {
            throw ApiException.badRequest("skip must be between -" + maxLimit + " and " + maxLimit);
        }
        if (since != null && until != null && Long.compareUnsigned(since, until) > 0) {
            throw ApiException.badRequest("since is after until");
        }
        if (follow && backward) {
            throw ApiException.badRequest("follow reads forward only (direction=backward given)");
        }
        Query.Position position = Query.Position.DEFAULT;
        if (start == Query.Start.CURSOR || start == Query.Start.AFTER_CURSOR) {
            position = cursorPosition(start, cursorText);
        } else if (start != Query.Start.DEFAULT) {
            position = new Query.Position(start, null, null);
        }
        return new Query(all, nodeIds, selector, units, position, skip, limit, backward, follow, since, until,
                priorityMin, priorityMax, grep);
    }

    static Query.Position cursorPosition(Query.Start start, String text) {
        if (JournalCursor.looksLike(text)) {
            try {
                JournalCursor.validate(text);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("malformed cursor: " + e.getMessage());
            }
            return new Query.Position(start, null, text);
        }
        try {
            return new Query.Position(start, CompositeCursor.decode(text), null);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    private static long number(String name, String s) {
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + " must be an integer, not '" + s + "'");
        }
    }

    static boolean bool(String name, String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "", "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw ApiException.badRequest(name + " must be true or false, not '" + s + "'");
        };
    }

    /** RFC 3339 (2026-01-01T00:00:00Z, fractions allowed) or µs since the epoch. */
    static long time(String name, String s) {
        String t = s.strip();
        if (!t.isEmpty() && t.chars().allMatch(Character::isDigit)) {
            if (t.length() > 19) {
                throw ApiException.badRequest(name + " is out of range: " + s);
            }
            return Long.parseLong(t);
        }
        try {
            OffsetDateTime d = OffsetDateTime.parse(t);
            long sec = d.toEpochSecond();
            if (sec < 0) {
                throw ApiException.badRequest(name + " is before 1970: " + s);
            }
            return Math.addExact(Math.multiplyExact(sec, 1_000_000L), d.getNano() / 1000);
        } catch (DateTimeParseException | ArithmeticException e) {
            throw ApiException.badRequest(name + " must be RFC 3339 (e.g. 2026-01-01T00:00:00Z) or µs since the epoch, not '" + s + "'");
        }
    }

    private static int priorityValue(String p) {
        String v = p.strip().toLowerCase(Locale.ROOT);
        int named = PRIORITIES.indexOf(v);
        if (named >= 0) {
            return named;
        }
        if (v.length() == 1 && v.charAt(0) >= '0' && v.charAt(0) <= '7') {
            return v.charAt(0) - '0';
        }
        throw ApiException.badRequest("priority must be 0-7 or a name (emerg … debug), or a range A..B, not '" + p + "'");
    }
}
