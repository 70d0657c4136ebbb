package io.tributary.query.encode;

import io.tributary.query.query.ApiException;
import java.util.List;
import java.util.Locale;

/** Content negotiation on {@code Accept} (media ranges and q-values, RFC 9110) among the entry formats. */
public final class Formats {

    /** In order of preference when the client rates several equally (and for a missing Accept or *&#47;*). */
    public static final List<String> ENTRY_TYPES = List.of("application/json", "application/x-ndjson", "text/plain",
            "text/event-stream", "application/vnd.fdo.journal");

    private Formats() {
    }

    /** The chosen media type; 406 when none of the offered types is acceptable. */
    public static String negotiate(String accept, List<String> offered) {
        if (accept == null || accept.isBlank()) {
            return offered.get(0);
        }
        String best = null;
        double bestQ = 0;
        for (String type : offered) {
            double q = quality(accept, type);
            if (q > bestQ) {
                best = type;
                bestQ = q;
            }
        }
        if (best == null) {
            throw new ApiException(406, "not acceptable", "cannot answer with '" + accept + "'; this route offers "
                    + String.join(", ", offered));
        }
        return best;
    }

    /** The q-value the Accept header gives type (the most specific matching range decides); 0 = not acceptable. */
    static double quality(String accept, String type) {
        int slash = type.indexOf('/');
        String major = type.substring(0, slash);
        int bestSpecificity = -1;
        double q = 0;
        for (String range : accept.split(",")) {
            String[] parts = range.split(";");
            if (parts.length == 0) {
                continue; // ";;;": nothing but separators
            }
            String r = parts[0].strip().toLowerCase(Locale.ROOT);
            int specificity;
            if (r.equals(type)) {
                specificity = 2;
            } else if (r.equals(major + "/*")) {
                specificity = 1;
            } else if (r.equals("*/*") || r.equals("*")) {
                specificity = 0;
            } else {
                continue;
            }
            double rq = 1;
            for (int i = 1; i < parts.length; i++) {
                String p = parts[i].strip();
                if (p.startsWith("q=") || p.startsWith("Q=")) {
                    try {
                        rq = Math.max(0, Math.min(1, Double.parseDouble(p.substring(2).strip())));
                    } catch (NumberFormatException e) {
                        throw new ApiException(400, "bad request", "malformed q-value in Accept: '" + p + "'");
                    }
                }
            }
            if (specificity > bestSpecificity) {
                bestSpecificity = specificity;
                q = rq;
            }
        }
        return q;
    }

    public static Format of(String type) {
        return switch (type) {
            case "application/json", "application/x-ndjson" -> new JsonFormat(type);
            case "text/plain" -> new TextFormat();
            case "text/event-stream" -> new SseFormat();
            case "application/vnd.fdo.journal" -> new ExportFormat();
            default -> throw new IllegalArgumentException(type);
        };
    }
}
