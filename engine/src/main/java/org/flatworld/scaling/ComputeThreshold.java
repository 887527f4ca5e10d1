package org.flatworld.scaling;

/**
 * Compute-to-threshold C* of one learning curve (SPEC §9): the first training-FLOP count at which a
 * metric reaches its target, interpolated linearly in log-compute between the two checkpoints that
 * bracket the first crossing. A curve that never reaches the target is censored: its C* is only known
 * to exceed the last checkpoint, reported as that lower bound. A curve already at target at its first
 * checkpoint is left-censored: C* is at most that checkpoint's compute (an upper bound), and fits leave it out.
 */
public final class ComputeThreshold {
    private ComputeThreshold() {}

    /**
     * @param compute   the crossing (or, when censored, the last checkpoint's compute: a lower bound)
     * @param censored  true when the target was never reached
     * @param checkpoint index of the first checkpoint at or above the target, −1 when censored
     */
    public record Crossing(double compute, boolean censored, int checkpoint) {
        /** Reached already at the first checkpoint: {@link #compute()} is only an upper bound. */
        public boolean leftCensored() { return checkpoint == 0; }

        /** Whether C* is known (neither right- nor left-censored). */
        public boolean exact() { return !censored && checkpoint > 0; }
    }

    /**
     * First crossing of {@code metric ≥ target} along checkpoints at strictly increasing positive
     * {@code compute}. NaN metric values count as not reached. When the very first checkpoint is
     * already at target, C* is that checkpoint's compute (nothing earlier was measured).
     */
    public static Crossing first(double[] compute, double[] metric, double target) {
        if (compute.length != metric.length)
            throw new IllegalArgumentException("compute and metric differ in length: " + compute.length + " vs " + metric.length);
        if (compute.length == 0) throw new IllegalArgumentException("a learning curve needs at least one checkpoint, got 0");
        for (int i = 0; i < compute.length; i++) {
            if (!(compute[i] > 0)) throw new IllegalArgumentException("checkpoint compute must be > 0, got " + compute[i] + " at " + i);
            if (i > 0 && !(compute[i] > compute[i - 1]))
                throw new IllegalArgumentException("checkpoint compute must increase, got " + compute[i - 1] + " then " + compute[i]);
        }
        for (int i = 0; i < compute.length; i++) {
            if (!(metric[i] >= target)) continue;
            if (i == 0 || Double.isNaN(metric[i - 1])) return new Crossing(compute[i], false, i);
            double m0 = metric[i - 1], m1 = metric[i];
            // log C* = log c0 + (target − m0)/(m1 − m0) · (log c1 − log c0), with m0 < target ≤ m1
            double f = (target - m0) / (m1 - m0);
            double logC = Math.log(compute[i - 1]) + f * (Math.log(compute[i]) - Math.log(compute[i - 1]));
            return new Crossing(Math.exp(logC), false, i);
        }
        return new Crossing(compute[compute.length - 1], true, -1);
    }
}
