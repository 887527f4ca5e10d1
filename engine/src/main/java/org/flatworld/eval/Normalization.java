package org.flatworld.eval;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Normalized scores and the generalization metrics of SPEC §6.
 *
 * <p>Per task: s = (R − R_random) / (R_ref − R_random), with R_random the mean return of the
 * uniform-random policy and R_ref the best of the scripted oracle and the best agent seen on that
 * task ({@link ReferenceTable}). Tasks with R_ref ≤ R_random are excluded and counted.
 * Percentiles interpolate linearly between order statistics (numpy's default, "type 7");
 * lowest-k% means average the ⌈k·n/100⌉ smallest scores (at least one).
 */
public final class Normalization {
    private Normalization() {}

    /** Normalized scores; NaN where the task is excluded (R_ref ≤ R_random or a non-finite input). */
    public static double[] scores(double[] returns, double[] random, double[] reference) {
        int n = returns.length;
        if (random.length != n || reference.length != n)
            throw new IllegalArgumentException("returns, random and reference must have the same length, got "
                    + n + ", " + random.length + ", " + reference.length);
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            double span = reference[i] - random[i];
            s[i] = span > 0 && Double.isFinite(span) && Double.isFinite(returns[i])
                    ? (returns[i] - random[i]) / span : Double.NaN;
        }
        return s;
    }

    /** The metrics object for one split from raw per-task returns. */
    public static GeneralizationMetrics metrics(String split, double[] returns, double[] random, double[] reference) {
        double[] s = scores(returns, random, reference);
        int n = 0, participating = 0;
        double[] kept = new double[s.length];
        for (int i = 0; i < s.length; i++) {
            if (Double.isNaN(s[i])) continue;
            kept[n++] = s[i];
            if (returns[i] > 0) participating++;
        }
        return summarize(split, Arrays.copyOf(kept, n), s.length - n, participating);
    }

    /** Summarizes already-normalized scores of {@code scores.length} counted tasks. */
    public static GeneralizationMetrics summarize(String split, double[] scores, int excluded, int participating) {
        int n = scores.length;
        Map<String, Double> above = new LinkedHashMap<>();
        if (n == 0) {
            for (double t : GeneralizationMetrics.THRESHOLDS) above.put(GeneralizationMetrics.key(t), Double.NaN);
            return new GeneralizationMetrics(split, 0, excluded, Double.NaN, above, Double.NaN, Double.NaN,
                    Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double[] sorted = scores.clone();
        Arrays.sort(sorted);
        double sum = 0;
        for (double v : sorted) sum += v;
        for (double t : GeneralizationMetrics.THRESHOLDS) {
            int c = 0;
            for (double v : sorted) if (v >= t) c++;
            above.put(GeneralizationMetrics.key(t), c / (double) n);
        }
        return new GeneralizationMetrics(split, n, excluded, sum / n, above,
                lowestMean(sorted, 10), lowestMean(sorted, 20),
                percentile(sorted, 10), percentile(sorted, 20), percentile(sorted, 50),
                participating / (double) n);
    }

    /** Mean of the ⌈pct·n/100⌉ (≥ 1) smallest values of an ascending array. */
    static double lowestMean(double[] sorted, int pct) {
        int k = Math.max(1, (int) Math.ceil(sorted.length * pct / 100.0 - 1e-9));
        double s = 0;
        for (int i = 0; i < k; i++) s += sorted[i];
        return s / k;
    }

    /** Percentile of an ascending array, linear interpolation at rank (n − 1)·p/100. */
    static double percentile(double[] sorted, double p) {
        double h = (sorted.length - 1) * p / 100.0;
        int lo = (int) Math.floor(h);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }
}
