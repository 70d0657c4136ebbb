package io.tributary.testkit;

/** Reads samples out of a Prometheus text exposition (what {@code /q/metrics} answers). */
public final class PrometheusText {

    private PrometheusText() {
    }

    /** Sum of the samples named name whose label set contains every part, e.g. {@code node="a"} (0 when none). */
    public static double sum(String exposition, String name, String... labelParts) {
        double sum = 0;
        for (String line : exposition.split("\n")) {
            if (!line.startsWith(name + "{") && !line.startsWith(name + " ")) {
                continue;
            }
            boolean all = true;
            for (String p : labelParts) {
                all &= line.contains(p);
            }
            if (all) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }
}
