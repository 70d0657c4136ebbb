package io.tributary.bench;

import java.util.ArrayList;
import java.util.List;

/** Collects {@link Result}s and notes; renders them as Markdown. */
final class ResultTable {

    private final List<Result> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    void add(List<Result> results) {
        rows.addAll(results);
    }

    void note(String note) {
        notes.add(note);
    }

    boolean allPassed() {
        return rows.stream().noneMatch(r -> Boolean.FALSE.equals(r.pass()));
    }

    /** The reference and ratio columns are left out when no row has one (e.g. the topology table). */
    String markdown() {
        boolean refs = rows.stream().anyMatch(r -> !r.reference().equals("–") || !r.ratio().equals("–"));
        StringBuilder b = new StringBuilder();
        b.append(refs ? "| measure | value | reference | ratio | target | pass |\n" : "| measure | value | target | pass |\n");
        b.append(refs ? "|---|---|---|---|---|---|\n" : "|---|---|---|---|\n");
        for (Result r : rows) {
            b.append("| ").append(r.measure()).append(" | ").append(r.value()).append(" | ");
            if (refs) {
                b.append(r.reference()).append(" | ").append(r.ratio()).append(" | ");
            }
            b.append(r.target()).append(" | ").append(r.pass() == null ? "–" : r.pass() ? "pass" : "**FAIL**").append(" |\n");
        }
        if (!notes.isEmpty()) {
            b.append('\n');
            notes.forEach(n -> b.append("* ").append(n).append('\n'));
        }
        return b.toString();
    }
}
