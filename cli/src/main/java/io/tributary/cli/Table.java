package io.tributary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;

/** Left-aligned columns for the listing commands; empty cells shown as "-". */
final class Table {

    private Table() {
    }

    static void checkFormat(String output) {
        if (!output.equals("table") && !output.equals("json")) {
            throw new CliException(ExitCode.USAGE, "-o must be table or json, not '" + output + "'");
        }
    }

    static JsonNode parse(String body) {
        try {
            return Config.JSON.readTree(body);
        } catch (IOException e) {
            throw new CliException(ExitCode.UNAVAILABLE, "the server answered something that is not JSON: " + e.getMessage());
        }
    }

    static void print(List<String[]> rows) {
        int[] width = new int[rows.get(0).length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], cell(r[i]).length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                String c = cell(r[i]);
                sb.append(c);
                if (i < r.length - 1) {
                    sb.append(" ".repeat(width[i] - c.length() + 2));
                }
            }
            sb.append('\n');
        }
        System.out.print(sb);
        System.out.flush();
    }

    private static String cell(String s) {
        return s == null || s.isEmpty() ? "-" : s;
    }
}
