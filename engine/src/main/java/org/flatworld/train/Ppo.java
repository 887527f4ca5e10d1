package org.flatworld.train;

import java.util.Arrays;

/**
 * The PPO loss for a categorical policy (Schulman et al. 2017, "Proximal Policy Optimization
 * Algorithms"), clipped surrogate with optional value clipping and an entropy bonus, in the form of
 * CleanRL's {@code ppo.py}, as a pure function of one minibatch.
 *
 * <pre>
 *   Â_i    = advantages, normalised to zero mean and unit std over the minibatch when asked
 *   ρ_i    = exp(log π(a_i|s_i) − log π_old(a_i|s_i))
 *   L_clip = (1/n) Σ max(−Â ρ, −Â clip(ρ, 1−ε, 1+ε))
 *   L_V    = ½ (1/n) Σ (V − G)²     or, clipped, ½ (1/n) Σ max((V − G)², (V_old + clip(V − V_old, ±ε) − G)²)
 *   L      = L_clip + c_V·L_V − c_H·(1/n) Σ H(π(·|s_i))
 * </pre>
 */
public final class Ppo {
    private Ppo() {}

    public record Diagnostics(double total, double policy, double value, double entropy, double approxKl, double clipFraction) {}

    /**
     * @param logp       (n, a) log π_θ
     * @param oldLogpAct (n) log π_old(a_i|s_i) at acting time
     * @param actions    (n)
     * @param advantages (n) GAE advantages (not modified)
     * @param values     (n) V_θ(s)
     * @param oldValues  (n) V at acting time (value clipping)
     * @param returns    (n) GAE returns Â + V_old
     * @param dlogp      out (n, a)
     * @param dv         out (n)
     */
    public static Diagnostics loss(int n, int a, double[] logp, double[] oldLogpAct, int[] actions, double[] advantages,
                                   double[] values, double[] oldValues, double[] returns,
                                   double clip, double vfCoef, double entCoef, boolean clipValue, boolean normAdv,
                                   double[] dlogp, double[] dv) {
        if (n < 1) throw new IllegalArgumentException("PPO minibatch must hold ≥ 1 sample, got " + n);
        if (!(clip > 0)) throw new IllegalArgumentException("clip must be > 0, got " + clip);
        double mean = 0, sd = 1;
        if (normAdv && n > 1) {
            for (int i = 0; i < n; i++) mean += advantages[i];
            mean /= n;
            double var = 0;
            for (int i = 0; i < n; i++) var += (advantages[i] - mean) * (advantages[i] - mean);
            sd = Math.sqrt(var / (n - 1)) + 1e-8; // torch.std is unbiased
        }
        Arrays.fill(dlogp, 0, n * a, 0.0);
        double lossPg = 0, lossV = 0, ent = 0, approxKl = 0;
        int clipped = 0;
        for (int i = 0; i < n; i++) {
            int o = i * a, act = actions[i];
            double adv = normAdv && n > 1 ? (advantages[i] - mean) / sd : advantages[i];
            double logRatio = logp[o + act] - oldLogpAct[i];
            double ratio = Math.exp(logRatio);
            approxKl += ((ratio - 1) - logRatio) / n; // the k3 estimator CleanRL logs
            if (Math.abs(ratio - 1) > clip) clipped++;
            double pg1 = -adv * ratio, pg2 = -adv * Math.min(Math.max(ratio, 1 - clip), 1 + clip);
            lossPg += Math.max(pg1, pg2) / n;
            if (pg1 >= pg2) dlogp[o + act] += -adv * ratio / n; // d ρ / d log π = ρ; the clipped branch is flat
            // value
            double err = values[i] - returns[i];
            if (clipValue) {
                double vc = oldValues[i] + Math.min(Math.max(values[i] - oldValues[i], -clip), clip);
                double errC = vc - returns[i];
                if (errC * errC > err * err) {
                    lossV += 0.5 * errC * errC / n;
                    boolean inside = Math.abs(values[i] - oldValues[i]) < clip;
                    dv[i] = inside ? vfCoef * errC / n : 0.0;
                } else {
                    lossV += 0.5 * err * err / n;
                    dv[i] = vfCoef * err / n;
                }
            } else {
                lossV += 0.5 * err * err / n;
                dv[i] = vfCoef * err / n;
            }
            // entropy bonus: H = −Σ p log p, ∂H/∂log p_j = −p_j (log p_j + 1)
            double h = 0;
            for (int j = 0; j < a; j++) {
                double p = Math.exp(logp[o + j]);
                h -= p * logp[o + j];
                dlogp[o + j] += entCoef * p * (logp[o + j] + 1) / n;
            }
            ent += h / n;
        }
        double total = lossPg + vfCoef * lossV - entCoef * ent;
        return new Diagnostics(total, lossPg, lossV, ent, approxKl, (double) clipped / n);
    }

    /** FLOPs of one {@link #loss} call as counted for the ledger: 24 per sample + 7 per action, plus 4n for normalisation. */
    public static long flops(int n, int a) { return (long) n * (28 + 7L * a); }

    /** Transcendentals among {@link #flops}: 1 exp per sample (ratio) + 1 per action. */
    public static long transcendentals(int n, int a) { return (long) n * (1 + a); }
}
