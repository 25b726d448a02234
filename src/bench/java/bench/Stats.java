package bench;

import java.util.Arrays;
import java.util.Collection;

/** Medians and percentiles. */
final class Stats {
    private Stats() {
    }

    /** The median of {@code values} (the mean of the middle two for an even count); NaN if empty. */
    static double median(Collection<Double> values) {
        return median(values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] v = values.clone();
        Arrays.sort(v);
        int m = v.length / 2;
        return v.length % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2;
    }

    /**
     * The {@code p}-th percentile (0-100) of {@code sorted}, by the nearest-rank method: the
     * smallest value with at least p% of the values at or below it. NaN if empty.
     */
    static double percentile(long[] sorted, int count, double p) {
        if (count == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * count);
        return sorted[Math.max(0, Math.min(count - 1, rank - 1))];
    }
}
