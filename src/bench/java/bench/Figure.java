package bench;

import java.util.List;
import java.util.Locale;

/**
 * One line of a results table: a workload's figure for aio and for each peer (NaN where a
 * peer did not run), and the targets it is held to (each against one peer), if any.
 */
record Figure(String workload, String figure, Unit unit, double aio, List<Double> peers, List<Target> targets) {

    /** A figure with one target (null: none). */
    Figure(String workload, String figure, Unit unit, double aio, List<Double> peers, Target target) {
        this(workload, figure, unit, aio, peers, target == null ? List.of() : List.of(target));
    }

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

    /** What a figure should reach: a ratio to one peer (the first unless {@link #against}), or an absolute bound. */
    record Target(Kind kind, double value, int peer) {
        enum Kind { RATIO_AT_LEAST, RATIO_AT_MOST, AT_MOST }

        static Target ratioAtLeast(double r) {
            return new Target(Kind.RATIO_AT_LEAST, r, 0);
        }

        static Target ratioAtMost(double r) {
            return new Target(Kind.RATIO_AT_MOST, r, 0);
        }

        static Target atMost(double v) {
            return new Target(Kind.AT_MOST, v, 0);
        }

        /** The same target, as a ratio to peer {@code index} (from 0, in the table's order). */
        Target against(int index) {
            return new Target(kind, value, index);
        }

        /** True or false when the figures to judge it are there; null otherwise. */
        Boolean met(Figure f) {
            if (Double.isNaN(f.aio())) {
                return null;
            }
            double r = f.ratio(peer);
            return switch (kind) {
                case RATIO_AT_LEAST -> Double.isNaN(r) ? null : r >= value;
                case RATIO_AT_MOST -> Double.isNaN(r) ? null : r <= value;
                case AT_MOST -> f.aio() <= value;
            };
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

    /** The first target, or null: what a table of one peer shows. */
    Target target() {
        return targets.isEmpty() ? null : targets.getFirst();
    }

    /**
     * True when every target that can be judged is met, false when one is missed; null when
     * there is no target, or none has the figures to judge it.
     */
    Boolean met() {
        Boolean all = null;
        for (Target t : targets) {
            Boolean m = t.met(this);
            if (m != null) {
                all = (all == null || all) && m;
            }
        }
        return all;
    }

    /** "7.2×", "0.44×", "n/a". */
    static String times(double r) {
        if (Double.isNaN(r)) {
            return "n/a";
        }
        return String.format(Locale.ROOT, r >= 10 ? "%.0f×" : r >= 1 ? "%.1f×" : "%.2f×", r);
    }
}
