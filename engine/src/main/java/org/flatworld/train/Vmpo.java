package org.flatworld.train;

import java.util.Arrays;
import org.apache.commons.math3.util.KthSelector;

/**
 * The V-MPO loss for a categorical policy (Song et al. 2019, "V-MPO: On-Policy Maximum a Posteriori
 * Policy Optimization for Discrete and Continuous Control", ICLR 2020; equations in
 * ../shared/notes/VMPO.md), as a pure function of one batch.
 *
 * <pre>
 *   A_i   = G_i − V(s_i)                                   (given; a constant here)
 *   D̃     = the ⌈topFraction·n⌉ samples with the largest A (ties: lower index first)
 *   ψ_i   = exp(A_i/η) / Σ_{j∈D̃} exp(A_j/η)   for i ∈ D̃     (stop-gradient)
 *   L_π   = − Σ_{i∈D̃} ψ_i log π(a_i|s_i)
 *   L_η   = η·ε_η + η·log( (1/|D̃|) Σ_{i∈D̃} exp(A_i/η) )   (gradient to η only)
 *   KL    = (1/n) Σ_i Σ_a π_old(a|s_i) (log π_old(a|s_i) − log π(a|s_i))
 *   L_α   = α·(ε_α − sg[KL]) + sg[α]·KL
 *   L_V   = ½·(1/n) Σ_i (G_i − V(s_i))²
 *   L     = L_π + L_V + L_η + L_α
 * </pre>
 * Gradients are returned with respect to the free vector log π(·|s_i) (the network's log-softmax
 * backward applies the simplex constraint), V(s_i), η and α.
 */
public final class Vmpo {
    private Vmpo() {}

    /** The terms of one evaluation of the loss and what the optimizer needs. */
    public record Diagnostics(double total, double policy, double value, double temperature, double trustRegion,
                              double kl, double entropy, double eta, double alpha, double dEta, double dAlpha,
                              int selected, double advantageThreshold, double meanAdvantage) {}

    /**
     * Evaluates the loss and its gradients.
     *
     * @param n          samples
     * @param a          actions per sample
     * @param logp       (n, a) log π_θ, current parameters
     * @param logpOld    (n, a) log π_θ′, target parameters (the behaviour policy)
     * @param actions    (n) actions taken
     * @param advantages (n) A = G − V, treated as constants
     * @param values     (n) V(s) of the current parameters
     * @param returns    (n) n-step targets G
     * @param dlogp      out (n, a): ∂L/∂log π
     * @param dv         out (n): ∂L/∂V
     */
    public static Diagnostics loss(int n, int a, double[] logp, double[] logpOld, int[] actions, double[] advantages,
                                   double[] values, double[] returns, double eta, double alpha,
                                   double epsEta, double epsAlpha, double topFraction, double[] dlogp, double[] dv) {
        if (n < 1) throw new IllegalArgumentException("V-MPO batch must hold ≥ 1 sample, got " + n);
        if (!(eta > 0) || !(alpha >= 0)) throw new IllegalArgumentException("need η > 0 and α ≥ 0, got η=" + eta + ", α=" + alpha);
        if (!(topFraction > 0 && topFraction <= 1)) throw new IllegalArgumentException("topFraction must be in (0, 1], got " + topFraction);
        int k = Math.max(1, (int) Math.ceil(topFraction * n - 1e-9));
        // threshold: the k-th largest advantage; samples above it, then ties in index order
        // (selection, O(n), gives the same element as sorting: profiled at 2 % of a training step)
        double thr = new KthSelector().select(Arrays.copyOf(advantages, n), null, n - k);
        int above = 0;
        for (int i = 0; i < n; i++) if (advantages[i] > thr) above++;
        int tiesLeft = k - above;
        boolean[] top = new boolean[n];
        double maxA = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            boolean sel = advantages[i] > thr || (advantages[i] == thr && tiesLeft-- > 0);
            top[i] = sel;
            if (sel) maxA = Math.max(maxA, advantages[i]);
        }
        // ψ = softmax(A/η) over D̃, with the max subtracted
        double z = 0, zA = 0;
        for (int i = 0; i < n; i++) {
            if (!top[i]) continue;
            double w = Math.exp((advantages[i] - maxA) / eta);
            z += w;
            zA += w * advantages[i];
        }
        double logMeanExp = maxA / eta + Math.log(z / k);
        double lossEta = eta * epsEta + eta * logMeanExp;
        // ∂L_η/∂η = ε_η + logmeanexp(A/η) − Σψ A / η
        double dEta = epsEta + logMeanExp - (zA / z) / eta;

        Arrays.fill(dlogp, 0, n * a, 0.0);
        double lossPi = 0, kl = 0, ent = 0, lossV = 0, meanAdv = 0;
        for (int i = 0; i < n; i++) {
            int o = i * a;
            if (top[i]) {
                double psi = Math.exp((advantages[i] - maxA) / eta) / z;
                lossPi -= psi * logp[o + actions[i]];
                dlogp[o + actions[i]] -= psi;
            }
            for (int j = 0; j < a; j++) {
                double po = Math.exp(logpOld[o + j]);
                kl += po * (logpOld[o + j] - logp[o + j]);
                dlogp[o + j] -= alpha * po / n;
                ent -= Math.exp(logp[o + j]) * logp[o + j];
            }
            double err = values[i] - returns[i];
            lossV += 0.5 * err * err / n;
            dv[i] = err / n;
            meanAdv += advantages[i] / n;
        }
        kl /= n;
        ent /= n;
        double lossAlpha = alpha * (epsAlpha - kl) + alpha * kl; // value of α(ε_α − sg KL) + sg(α) KL
        double dAlpha = epsAlpha - kl;
        double total = lossPi + lossV + lossEta + lossAlpha;
        return new Diagnostics(total, lossPi, lossV, lossEta, lossAlpha, kl, ent, eta, alpha, dEta, dAlpha, k, thr, meanAdv);
    }

    /**
     * FLOPs of one {@link #loss} call as counted for the ledger: per sample 6 (advantage threshold
     * compare, softmax weight, value error and square) plus 7 per action (exp of π_old and π, KL
     * term, its gradient, entropy term), plus the top-k selection, counted as a sort (n·⌈log₂ n⌉ compares), and the
     * temperature terms. Transcendentals are the exps and logs.
     */
    public static long flops(int n, int a) {
        long log2 = 64 - Long.numberOfLeadingZeros(Math.max(1, n - 1));
        return (long) n * (6 + 7L * a) + (long) n * log2 + 8;
    }

    /** The transcendental part of {@link #flops}: 2 exps per sample (weight, ψ) and 2 per action, plus 1 log. */
    public static long transcendentals(int n, int a) {
        return (long) n * (2 + 2L * a) + 1;
    }

    /**
     * An optional entropy bonus, not part of V-MPO as published: adds ∂(−coef·H̄)/∂log π to {@code dlogp}
     * for the mean entropy H̄ = −(1/n) Σ_i Σ_a π log π over the batch, i.e. coef·π(a|s_i)(log π(a|s_i) + 1)/n.
     * It keeps the policy exploring where the E-step alone settles early (the trivial task family,
     * docs/TRAINING.md). Returns the mean entropy.
     *
     * @param logp  (n, a) log π_θ
     * @param dlogp (n, a) ∂L/∂log π, added to
     */
    public static double entropyBonus(int n, int a, double[] logp, double coef, double[] dlogp) {
        if (!(coef >= 0)) throw new IllegalArgumentException("entropy coefficient must be ≥ 0, got " + coef);
        double h = 0, scale = coef / n;
        for (int i = 0; i < n * a; i++) {
            double p = Math.exp(logp[i]);
            h -= p * logp[i];
            dlogp[i] += scale * p * (logp[i] + 1);
        }
        return h / n;
    }

    /** FLOPs of {@link #entropyBonus}: per action an exp, the entropy term (2) and the gradient (4). */
    public static long entropyBonusFlops(int n, int a) { return 7L * n * a + 2; }

    /** Transcendentals among {@link #entropyBonusFlops}: one exp per action. */
    public static long entropyBonusTranscendentals(int n, int a) { return (long) n * a; }
}
