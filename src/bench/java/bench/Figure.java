package bench;

import java.util.List;
import java.util.Locale;

/**
 * One line of a results table: a workload's figure for aio and for each peer (NaN where a
 * peer did not run), and the target it is held to, if any.
 */
record Figure(String workload, String figure, Unit unit, double aio, List<Double> peers, Target target) {

    /** How a value is printed. */
    enum Unit {
        SECONDS, MIB, PER_SECOND, MILLIS, MICROS, COUNT;

        String format(double v) {
            if (Double.isNaN(v)) {
                return "n/a";
            }
            return switch (this) {
                case SECONDS -> String.format(Locale.ROOT, "%.3f s", v);
                case MIB -> String.format(Locale.ROOT, "%.0f MiB", v);
                case PER_SECOND -> String.format(Locale.ROOT, "%,.0f/s", v);
                case MILLIS -> v < 10 ? String.format(Locale.ROOT, "%.2f ms", v) : String.format(Locale.ROOT, "%.0f ms", v);
                case MICROS -> String.format(Locale.ROOT, "%.0f µs", v);
                case COUNT -> String.format(Locale.ROOT, "%.0f", v);
            };
        }
    }

    /** What a figure should reach: a ratio to the first peer, or an absolute bound. */
    record Target(Kind kind, double value) {
        enum Kind { RATIO_AT_LEAST, RATIO_AT_MOST, AT_MOST }

        static Target ratioAtLeast(double r) {
            return new Target(Kind.RATIO_AT_LEAST, r);
        }

        static Target ratioAtMost(double r) {
            return new Target(Kind.RATIO_AT_MOST, r);
        }

        static Target atMost(double v) {
            return new Target(Kind.AT_MOST, v);
        }

        String describe(Unit unit) {
            return switch (kind) {
                case RATIO_AT_LEAST -> "≥ " + times(value);
                case RATIO_AT_MOST -> "≤ " + times(value);
                case AT_MOST -> "≤ " + unit.format(value);
            };
        }
    }

    /** aio's figure divided by the peer's; NaN when either is missing or the peer's is 0. */
    double ratio(int peer) {
        double p = peers.get(peer);
        return Double.isNaN(p) || Double.isNaN(aio) || p == 0 ? Double.NaN : aio / p;
    }

    /** True or false when there is a target and the figures to judge it; null otherwise. */
    Boolean met() {
        if (target == null || Double.isNaN(aio)) {
            return null;
        }
        return switch (target.kind()) {
            case RATIO_AT_LEAST -> Double.isNaN(ratio(0)) ? null : ratio(0) >= target.value();
            case RATIO_AT_MOST -> Double.isNaN(ratio(0)) ? null : ratio(0) <= target.value();
            case AT_MOST -> aio <= target.value();
        };
    }

    /** "7.2×", "0.44×", "n/a". */
    static String times(double r) {
        if (Double.isNaN(r)) {
            return "n/a";
        }
        return String.format(Locale.ROOT, r >= 10 ? "%.0f×" : r >= 1 ? "%.1f×" : "%.2f×", r);
    }
}
