package io.tributary.bench;

import java.util.Arrays;
import java.util.List;

/** Order statistics over a few runs or many samples; nearest-rank percentiles, median of an even count is the mean of the middle two. */
final class Stats {

    private Stats() {
    }

    static double median(List<? extends Number> values) {
        double[] v = sorted(values);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    /** Nearest-rank percentile, p in (0, 100]. */
    static double percentile(List<? extends Number> values, double p) {
        double[] v = sorted(values);
        int rank = (int) Math.ceil(p / 100.0 * v.length);
        return v[Math.max(0, Math.min(v.length - 1, rank - 1))];
    }

    static double min(List<? extends Number> values) {
        return sorted(values)[0];
    }

    static double max(List<? extends Number> values) {
        double[] v = sorted(values);
        return v[v.length - 1];
    }

    /** "median (min–max)" with the given formatter. */
    static String spread(List<? extends Number> values, java.util.function.DoubleFunction<String> fmt) {
        return fmt.apply(median(values)) + " (" + fmt.apply(min(values)) + "–" + fmt.apply(max(values)) + ")";
    }

    private static double[] sorted(List<? extends Number> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no values");
        }
        double[] v = values.stream().mapToDouble(Number::doubleValue).toArray();
        Arrays.sort(v);
        return v;
    }
}
