package io.tributary.query.plan;

import com.google.protobuf.ByteString;
import io.tributary.proto.common.v1.Match;
import io.tributary.proto.common.v1.MatchGroup;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Boolean algebra on journal matches: an OR of groups, each group an AND of fields with OR-ed values per field. */
public final class Matches {

    private Matches() {
    }

    /**
     * a AND b. Empty means "everything". A field constrained on both sides keeps the common values; a pair of groups
     * with none in common is dropped. When every pair is dropped the result matches nothing: {@code null}.
     */
    public static List<MatchGroup> and(List<MatchGroup> a, List<MatchGroup> b) {
        if (a.isEmpty()) {
            return b;
        }
        if (b.isEmpty()) {
            return a;
        }
        List<MatchGroup> out = new ArrayList<>();
        for (MatchGroup ga : a) {
            for (MatchGroup gb : b) {
                MatchGroup g = and(ga, gb);
                if (g != null) {
                    out.add(g);
                }
            }
        }
        return out.isEmpty() ? null : out;
    }

    private static MatchGroup and(MatchGroup a, MatchGroup b) {
        Map<String, Set<ByteString>> fa = fields(a);
        Map<String, Set<ByteString>> fb = fields(b);
        for (Map.Entry<String, Set<ByteString>> e : fb.entrySet()) {
            Set<ByteString> mine = fa.get(e.getKey());
            if (mine == null) {
                fa.put(e.getKey(), e.getValue());
            } else {
                mine.retainAll(e.getValue());
                if (mine.isEmpty()) {
                    return null;
                }
            }
        }
        MatchGroup.Builder g = MatchGroup.newBuilder();
        fa.forEach((field, values) -> values.forEach(v -> g.addMatches(Match.newBuilder().setField(field).setValue(v))));
        return g.build();
    }

    private static Map<String, Set<ByteString>> fields(MatchGroup g) {
        Map<String, Set<ByteString>> m = new LinkedHashMap<>();
        for (Match x : g.getMatchesList()) {
            m.computeIfAbsent(x.getField(), k -> new LinkedHashSet<>()).add(x.getValue());
        }
        return m;
    }

    /** One group: field ∈ values. */
    public static MatchGroup anyOf(String field, List<String> values) {
        MatchGroup.Builder g = MatchGroup.newBuilder();
        for (String v : values) {
            g.addMatches(Match.newBuilder().setField(field).setValue(ByteString.copyFromUtf8(v)));
        }
        return g.build();
    }
}
