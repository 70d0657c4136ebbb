package io.tributary.query.http.gatewayd;

import io.tributary.query.query.ApiException;

/**
 * {@code Range: entries=cursor[[:num_skip]:num_entries]} parsed exactly as systemd-journal-gatewayd's
 * request_parse_range: an empty cursor means none, num_skip may be negative, num_entries must be positive.
 */
record GatewaydRange(String cursor, long skip, long entries) {

    static final GatewaydRange NONE = new GatewaydRange(null, 0, 0);

    static GatewaydRange parse(String header) {
        if (header == null) {
            return NONE;
        }
        String r = header.stripLeading();
        if (!r.startsWith("entries=")) {
            throw ApiException.badRequest("Range header must be entries=cursor[[:num_skip]:num_entries], not '" + header + "'");
        }
        r = r.substring(8).stripLeading();
        String cursor;
        long skip = 0;
        long entries = 0;
        int colon = r.indexOf(':');
        if (colon < 0) {
            cursor = r;
        } else {
            cursor = r.substring(0, colon);
            String rest = r.substring(colon + 1);
            int colon2 = rest.indexOf(':');
            if (colon2 >= 0) {
                skip = number(rest.substring(0, colon2), "num_skip");
                rest = rest.substring(colon2 + 1);
            }
            rest = rest.stripLeading();
            if (!rest.isEmpty()) {
                entries = number(rest, "num_entries");
                if (entries <= 0) {
                    throw ApiException.badRequest("Range: num_entries must be positive, not " + entries);
                }
            }
        }
        int ws = 0;
        while (ws < cursor.length() && !Character.isWhitespace(cursor.charAt(ws))) {
            ws++;
        }
        cursor = cursor.substring(0, ws);
        if (skip == Long.MIN_VALUE) {
            throw ApiException.badRequest("Range: num_skip out of range");
        }
        return new GatewaydRange(cursor.isEmpty() ? null : cursor, skip, entries);
    }

    private static long number(String s, String what) {
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("Range: " + what + " must be an integer, not '" + s + "'");
        }
    }
}
