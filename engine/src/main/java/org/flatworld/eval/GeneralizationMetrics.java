package org.flatworld.eval;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Map;

/**
 * The metrics object of CONTRACT.md over one test set (SPEC §6): normalized scores of the tasks
 * that were not excluded, summarized XLand-style.
 *
 * @param split         test split name
 * @param tasks         tasks that count (R_ref &gt; R_random)
 * @param excluded      tasks left out because R_ref ≤ R_random
 * @param mean          mean normalized score
 * @param above         threshold ("0.5", "0.8", "0.9") → fraction of tasks whose score ≥ threshold
 * @param lowest10      mean of the lowest ⌈10 %⌉ of scores
 * @param lowest20      mean of the lowest ⌈20 %⌉ of scores
 * @param p10           10th percentile of scores (linear interpolation between order statistics)
 * @param p20           20th percentile
 * @param p50           median
 * @param participation share of counted tasks with raw return &gt; 0
 */
@JsonPropertyOrder({"split", "tasks", "excluded", "mean", "above", "lowest10", "lowest20", "p10", "p20", "p50", "participation"})
public record GeneralizationMetrics(String split, int tasks, int excluded, double mean, Map<String, Double> above,
                                    double lowest10, double lowest20, double p10, double p20, double p50,
                                    double participation) {

    /** The thresholds τ of the {@code above} map. */
    public static final double[] THRESHOLDS = {0.5, 0.8, 0.9};

    /** Names accepted by {@link #get(String)}. */
    public static final String METRIC_NAMES =
            "mean, above[0.5], above[0.8], above[0.9], lowest10, lowest20, p10, p20, p50, participation";

    /**
     * The value of one metric by name: {@code mean}, {@code above[τ]} (τ one of 0.5, 0.8, 0.9),
     * {@code lowest10}, {@code lowest20}, {@code p10}, {@code p20}, {@code p50}, {@code participation}.
     */
    public double get(String metric) {
        checkName(metric);
        return switch (metric) {
            case "mean" -> mean;
            case "lowest10" -> lowest10;
            case "lowest20" -> lowest20;
            case "p10" -> p10;
            case "p20" -> p20;
            case "p50" -> p50;
            case "participation" -> participation;
            default -> above.get(aboveKey(metric));
        };
    }

    /** Throws IllegalArgumentException unless {@code metric} names a metric of this object. */
    public static void checkName(String metric) {
        switch (metric == null ? "" : metric) {
            case "mean", "lowest10", "lowest20", "p10", "p20", "p50", "participation" -> { }
            default -> aboveKey(metric);
        }
    }

    private static String aboveKey(String metric) {
        if (metric != null && metric.startsWith("above[") && metric.endsWith("]")) {
            String t = metric.substring(6, metric.length() - 1);
            for (double th : THRESHOLDS) if (t.equals(Double.toString(th))) return t;
        }
        throw new IllegalArgumentException("unknown metric '" + metric + "'; allowed: " + METRIC_NAMES);
    }

    /** Key of threshold τ in {@link #above()}. */
    public static String key(double threshold) { return Double.toString(threshold); }

    /** Whether no task counted (every metric is NaN then). */
    @JsonIgnore
    public boolean isEmpty() { return tasks == 0; }
}
