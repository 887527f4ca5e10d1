package org.flatworld.eval;

/**
 * Comparison of two agents by dominance over the percentile vector (p10, p20, p50) of their
 * normalized scores (XLand, Open-Ended Learning Team 2021): A dominates B when it is at least as good
 * on every percentile and strictly better on one.
 */
public enum Dominance {
    DOMINATES, DOMINATED, EQUAL, INCOMPARABLE;

    /** The percentile vector used for dominance. */
    public static double[] vector(GeneralizationMetrics m) { return new double[] {m.p10(), m.p20(), m.p50()}; }

    public static Dominance compare(GeneralizationMetrics a, GeneralizationMetrics b) {
        return compare(vector(a), vector(b));
    }

    /** Dominance of vector a over vector b (same length); NaN entries make them incomparable. */
    public static Dominance compare(double[] a, double[] b) {
        if (a.length != b.length)
            throw new IllegalArgumentException("percentile vectors differ in length: " + a.length + " vs " + b.length);
        boolean better = false, worse = false;
        for (int i = 0; i < a.length; i++) {
            if (Double.isNaN(a[i]) || Double.isNaN(b[i])) return INCOMPARABLE;
            if (a[i] > b[i]) better = true;
            else if (a[i] < b[i]) worse = true;
        }
        if (better && worse) return INCOMPARABLE;
        if (better) return DOMINATES;
        return worse ? DOMINATED : EQUAL;
    }
}
