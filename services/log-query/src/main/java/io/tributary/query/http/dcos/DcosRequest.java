package io.tributary.query.http.dcos;

import io.tributary.query.query.ApiException;
import io.tributary.query.query.QueryBuilder;
import io.vertx.core.MultiMap;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One DC/OS request's parameters, validated (every problem a 400 naming the parameter), before any node is asked.
 * v1 and v2 parameters end up in the same terms: a start (head, tail or after a cursor), skip_next and skip_prev
 * counts in dcos-log's sd_journal_next_skip/previous_skip sense, read_reverse, limit and follow.
 */
final class DcosRequest {

    /** filter=FIELD:value pairs (field upper-cased), in order. */
    final List<String[]> filters = new ArrayList<>();
    /** A route's own matches (CONTAINER_ID, ...), AND-ed. */
    final Map<String, String> required = new LinkedHashMap<>();
    String unit;
    String cursor;
    /** v2 cursor=END: start at the tail. */
    boolean atEnd;
    long skipNext;
    long skipPrev;
    boolean readReverse;
    long limit;
    boolean follow;
    DcosFormat.Kind kind;

    /** v1: filter, cursor, limit, skip_next, skip_prev, read_reverse; Last-Event-ID on streams. */
    static DcosRequest v1(MultiMap params, String lastEventId, boolean stream, DcosFormat.Kind kind) {
        DcosRequest r = new DcosRequest();
        r.kind = kind;
        r.follow = stream;
        r.filters(params);
        r.cursor = blankToNull(params.get("cursor"));
        r.limit = unsigned(params, "limit");
        r.skipNext = unsigned(params, "skip_next");
        r.skipPrev = unsigned(params, "skip_prev");
        String reverse = params.get("read_reverse");
        if (reverse != null && !reverse.isEmpty()) {
            if (stream) {
                throw ApiException.badRequest("read_reverse cannot be used on a stream");
            }
            r.readReverse = goBool("read_reverse", reverse);
        }
        if (stream && lastEventId != null && !lastEventId.isBlank()) {
            r.cursor = lastEventId.strip();
            r.skipNext = 0;
            r.skipPrev = 0;
        }
        return r;
    }

    /** v2: filter, cursor=BEG|END|cursor, skip=±N, limit; SSE follows; Last-Event-ID replaces cursor and skip. */
    static DcosRequest v2(MultiMap params, String lastEventId, DcosFormat.Kind kind) {
        DcosRequest r = new DcosRequest();
        r.kind = kind;
        r.follow = kind == DcosFormat.Kind.SSE;
        r.filters(params);
        r.limit = unsigned(params, "limit");
        String skip = params.get("skip");
        if (skip != null && !skip.isEmpty()) {
            long s;
            try {
                s = Long.parseLong(skip);
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("skip must be an integer, not '" + skip + "'");
            }
            if (s == Long.MIN_VALUE) {
                throw ApiException.badRequest("skip out of range");
            }
            if (s > 0) {
                r.skipNext = s;
            } else {
                r.skipPrev = -s;
            }
        }
        String cursor = blankToNull(params.get("cursor"));
        if (cursor != null && cursor.equals("END")) {
            r.atEnd = true;
        } else if (cursor != null && !cursor.equals("BEG")) {
            r.cursor = cursor;
        }
        if (lastEventId != null && !lastEventId.isBlank()) {
            r.cursor = lastEventId.strip();
            r.atEnd = false;
            r.skipNext = 0;
            r.skipPrev = 0;
        }
        return r;
    }

    private void filters(MultiMap params) {
        for (String f : params.getAll("filter")) {
            int colon = f.indexOf(':');
            if (colon < 0) {
                throw ApiException.badRequest("filter '" + f + "' is not FIELD:value");
            }
            String field = f.substring(0, colon).toUpperCase(Locale.ROOT);
            if (!QueryBuilder.isFieldName(field)) {
                throw ApiException.badRequest("filter '" + f + "': '" + field + "' is not a journal field name");
            }
            filters.add(new String[] {field, f.substring(colon + 1)});
        }
    }

    /** The route's matches, filters and unit onto a builder (filters: same field OR, different fields AND). */
    void applyMatches(QueryBuilder b) {
        for (String[] f : filters) {
            b.match(f[0], f[1].getBytes(StandardCharsets.UTF_8));
        }
        required.forEach(b::require);
        if (unit != null) {
            b.unit(unit);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static long unsigned(MultiMap params, String name) {
        String v = params.get(name);
        if (v == null || v.isEmpty()) {
            return 0;
        }
        try {
            long n = Long.parseLong(v);
            if (n < 0) {
                throw ApiException.badRequest(name + " cannot be negative: " + v);
            }
            return n;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + " must be a non-negative integer, not '" + v + "'");
        }
    }

    /** Go's strconv.ParseBool. */
    static boolean goBool(String name, String v) {
        return switch (v) {
            case "1", "t", "T", "TRUE", "true", "True" -> true;
            case "0", "f", "F", "FALSE", "false", "False" -> false;
            default -> throw ApiException.badRequest(name + " must be a boolean, not '" + v + "'");
        };
    }
}
