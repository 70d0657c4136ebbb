package io.tributary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * Writes entries (the API's NDJSON objects) as {@code short}, {@code cat} or {@code json}. json is the API's line
 * unchanged. short is {@code <UTC time, µs> <hostname> <identifier>[<pid>]: <message>}, cat the message alone; both
 * start with the node (a unique prefix of its id) when the query spans several nodes, in a colour per node when
 * colours are on.
 */
final class EntryPrinter {

    enum Format { SHORT, CAT, JSON }

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final String[] COLOURS = {"\033[36m", "\033[33m", "\033[35m", "\033[32m", "\033[34m", "\033[31m"};
    private static final String RESET = "\033[0m";

    private final Format format;
    private final OutputStream out;
    /** Node id → prefix text (already coloured); null when not prefixing. */
    private final Map<String, String> prefixes;
    private final int prefixLength;
    private final boolean colour;

    /** prefixNodes: the cluster's node ids in a stable order, or null for no prefix. */
    EntryPrinter(Format format, OutputStream out, List<String> prefixNodes, boolean colour) {
        this.format = format;
        this.out = out;
        this.colour = colour;
        if (prefixNodes == null || format == Format.JSON) {
            this.prefixes = null;
            this.prefixLength = 0;
        } else {
            this.prefixLength = uniquePrefixLength(prefixNodes);
            this.prefixes = new java.util.HashMap<>();
            for (int i = 0; i < prefixNodes.size(); i++) {
                prefixes.put(prefixNodes.get(i), decorate(prefixNodes.get(i), i));
            }
        }
    }

    /** The shortest length (at least 8) at which the node ids differ. */
    static int uniquePrefixLength(List<String> ids) {
        int max = ids.stream().mapToInt(String::length).max().orElse(8);
        for (int len = 8; len < max; len++) {
            final int l = len;
            if (ids.stream().map(id -> id.substring(0, Math.min(l, id.length()))).distinct().count() == ids.size()) {
                return len;
            }
        }
        return max;
    }

    void entry(byte[] rawLine, JsonNode e) throws IOException {
        if (format == Format.JSON) {
            out.write(rawLine);
            out.write('\n');
            return;
        }
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        if (prefixes != null) {
            String node = text(e.get("__NODE_ID"));
            String p = prefixes.get(node);
            if (p == null) {
                p = decorate(node, prefixes.size()); // a node that joined after we listed them
                prefixes.put(node, p);
            }
            line.write(p.getBytes(StandardCharsets.UTF_8));
        }
        if (format == Format.SHORT) {
            StringBuilder sb = new StringBuilder(96);
            String rt = text(e.get("__REALTIME_TIMESTAMP"));
            try {
                long us = Long.parseLong(rt);
                sb.append(TIME.format(Instant.ofEpochSecond(us / 1_000_000, (us % 1_000_000) * 1000)));
            } catch (NumberFormatException ex) {
                sb.append(rt.isEmpty() ? "-" : rt);
            }
            String host = text(e.get("_HOSTNAME"));
            sb.append(' ').append(host.isEmpty() ? "-" : host).append(' ');
            String ident = text(e.get("SYSLOG_IDENTIFIER"));
            if (ident.isEmpty()) {
                ident = text(e.get("_COMM"));
            }
            sb.append(ident.isEmpty() ? "unknown" : ident);
            String pid = text(e.get("SYSLOG_PID"));
            if (pid.isEmpty()) {
                pid = text(e.get("_PID"));
            }
            if (!pid.isEmpty()) {
                sb.append('[').append(pid).append(']');
            }
            sb.append(": ");
            line.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        }
        line.write(bytes(e.get("MESSAGE")));
        line.write('\n');
        line.writeTo(out);
    }

    void flush() throws IOException {
        out.flush();
    }

    private String decorate(String nodeId, int index) {
        String id = nodeId.substring(0, Math.min(prefixLength, nodeId.length()));
        return colour ? COLOURS[index % COLOURS.length] + id + RESET + " " : id + " ";
    }

    /** A field's value as text: a string, bytes (array of numbers), or the first of repeated values. */
    static String text(JsonNode v) {
        return new String(bytes(v), StandardCharsets.UTF_8);
    }

    static byte[] bytes(JsonNode v) {
        if (v == null || v.isNull()) {
            return new byte[0];
        }
        if (v.isTextual()) {
            return v.asText().getBytes(StandardCharsets.UTF_8);
        }
        if (v.isArray()) {
            if (v.size() > 0 && v.get(0).isNumber()) {
                byte[] b = new byte[v.size()];
                for (int i = 0; i < b.length; i++) {
                    b[i] = (byte) v.get(i).asInt();
                }
                return b;
            }
            return v.size() == 0 ? new byte[0] : bytes(v.get(0)); // repeated field: the first value
        }
        return v.asText().getBytes(StandardCharsets.UTF_8);
    }
}
