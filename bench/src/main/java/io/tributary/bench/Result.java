package io.tributary.bench;

/** One row of the results table. {@code pass} is null when the row has no target. */
record Result(String measure, String value, String reference, String ratio, String target, Boolean pass) {

    static String ms(double nanos) {
        return String.format("%.1f ms", nanos / 1e6);
    }

    static String perSecond(double rate) {
        return rate >= 10_000 ? String.format("%,.0fk/s", rate / 1000) : String.format("%,.0f/s", rate);
    }

    static String ratio(double r) {
        return String.format("%.2f×", r);
    }
}
