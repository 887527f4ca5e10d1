package org.flatworld.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Vmpo.loss on fixed inputs against values worked out by hand, the VMPO.md checks, and finite differences. */
class VmpoLossTest {
    private static final double L5 = Math.log(0.5), L8 = Math.log(0.8), L2 = Math.log(0.2);

    @Test
    void tinyBatchMatchesHandComputation() {
        // 4 samples, 2 actions, π = (½, ½) everywhere, π_old = (0.8, 0.2), A = (1, 0, 2, −1), η = 1, top half = {2, 0}
        double[] logp = {L5, L5, L5, L5, L5, L5, L5, L5};
        double[] logpOld = {L8, L2, L8, L2, L8, L2, L8, L2};
        int[] actions = {0, 1, 1, 0};
        double[] adv = {1, 0, 2, -1};
        double[] v = {0, 1, 2, 3}, g = {1, 1, 4, 2};
        double[] dlogp = new double[8], dv = new double[4];
        Vmpo.Diagnostics d = Vmpo.loss(4, 2, logp, logpOld, actions, adv, v, g, 1.0, 2.0, 0.1, 0.01, 0.5, dlogp, dv);
        // ψ₂ = e²/(e² + e¹) = e/(e+1) = 0.7310585786300049, ψ₀ = 1/(e+1) = 0.2689414213699951
        double psi2 = 0.7310585786300049, psi0 = 0.2689414213699951;
        assertEquals(2, d.selected());
        // L_π = −(ψ₂ + ψ₀)·log ½ = log 2
        assertEquals(0.6931471805599453, d.policy(), 1e-12);
        // L_η = η·ε_η + η·log((e² + e¹)/2) = 0.1 + 1.6201145069582775
        assertEquals(1.7201145069582775, d.temperature(), 1e-12);
        // ∂L_η/∂η = ε_η + log mean exp(A/η) − Σψ A/η = 1.7201145… − (2ψ₂ + ψ₀)
        assertEquals(-0.010944071671727285, d.dEta(), 1e-12);
        // KL = 0.8·log(0.8/0.5) + 0.2·log(0.2/0.5) per sample
        assertEquals(0.19274475702175753, d.kl(), 1e-12);
        assertEquals(0.01 - 0.19274475702175753, d.dAlpha(), 1e-12);
        // L_α's value is α·ε_α; L_V = ½·mean((V − G)²) = ½·(1 + 0 + 4 + 1)/4
        assertEquals(2.0 * 0.01, d.trustRegion(), 1e-12);
        assertEquals(0.75, d.value(), 1e-12);
        // ∂L/∂log π: −ψ on the chosen action of a selected sample, −α·π_old/n everywhere
        double[] expect = {
            -2 * 0.8 / 4 - psi0, -2 * 0.2 / 4,
            -2 * 0.8 / 4, -2 * 0.2 / 4,
            -2 * 0.8 / 4, -2 * 0.2 / 4 - psi2,
            -2 * 0.8 / 4, -2 * 0.2 / 4};
        assertArrayEquals(expect, dlogp, 1e-12);
        assertArrayEquals(new double[] {-0.25, 0, -0.5, 0.25}, dv, 1e-12);
    }

    @Test
    void equalAdvantagesGiveUniformWeightsAndTemperatureLossEtaTimesEps() {
        int n = 6, a = 3;
        double[] logp = new double[n * a];
        java.util.Arrays.fill(logp, Math.log(1.0 / 3));
        int[] actions = {0, 1, 2, 0, 1, 2};
        double[] adv = new double[n];
        java.util.Arrays.fill(adv, 0.7);
        double[] dlogp = new double[n * a], dv = new double[n];
        double eta = 1.3, epsEta = 0.05;
        Vmpo.Diagnostics d = Vmpo.loss(n, a, logp, logp.clone(), actions, adv, new double[n], new double[n], eta, 0.0, epsEta, 0.01, 0.5, dlogp, dv);
        assertEquals(eta * epsEta + 0.7, d.temperature(), 1e-12); // log mean exp(A/η) = A/η, times η
        // ties broken by index: samples 0, 1, 2 selected, each with ψ = 1/3
        for (int i = 0; i < n; i++)
            for (int j = 0; j < a; j++)
                assertEquals(i < 3 && j == actions[i] ? -1.0 / 3 : 0.0, dlogp[i * a + j], 1e-15);
    }

    @Test
    void targetEqualsCurrentGivesZeroKlAndZeroKlGradientThroughTheSoftmax() {
        SplittableRandom r = new SplittableRandom(3);
        int n = 5, a = 4;
        double[] logp = randomLogp(r, n, a);
        double[] dlogp = new double[n * a], dv = new double[n];
        double[] adv = new double[n]; // ψ terms vanish for samples outside D̃; put no selected sample's gradient on the KL check
        Vmpo.Diagnostics d = Vmpo.loss(n, a, logp, logp.clone(), new int[n], adv, new double[n], new double[n], 1, 3.0, 0.1, 0.01, 0.5, dlogp, dv);
        assertEquals(0.0, d.kl(), 0.0);
        // the KL part of ∂L/∂logits = g − π·Σg with g = −α·π/n: exactly π·(−α/n)·(1 − Σπ) → 0
        double[] ref = new double[n * a];
        Vmpo.loss(n, a, logp, logp.clone(), new int[n], adv, new double[n], new double[n], 1, 0.0, 0.1, 0.01, 0.5, ref, dv);
        for (int i = 0; i < n; i++) {
            double s = 0, sRef = 0;
            for (int j = 0; j < a; j++) {
                s += dlogp[i * a + j];
                sRef += ref[i * a + j];
            }
            for (int j = 0; j < a; j++) {
                double p = Math.exp(logp[i * a + j]);
                double kl = (dlogp[i * a + j] - p * s) - (ref[i * a + j] - p * sRef);
                assertEquals(0.0, kl, 1e-15);
            }
        }
    }

    @Test
    void stopGradientsSeparateTheTerms() {
        SplittableRandom r = new SplittableRandom(5);
        int n = 8, a = 3;
        double[] logp = randomLogp(r, n, a), logpOld = randomLogp(r, n, a);
        int[] actions = new int[n];
        double[] adv = new double[n];
        for (int i = 0; i < n; i++) {
            actions[i] = r.nextInt(a);
            adv[i] = r.nextGaussian();
        }
        double[] d1 = new double[n * a], d2 = new double[n * a], dv = new double[n];
        // L_η has no gradient to θ: ∂L/∂log π does not change with ε_η
        Vmpo.Diagnostics x = Vmpo.loss(n, a, logp, logpOld, actions, adv, new double[n], new double[n], 0.8, 1.5, 0.01, 0.01, 0.5, d1, dv);
        Vmpo.Diagnostics y = Vmpo.loss(n, a, logp, logpOld, actions, adv, new double[n], new double[n], 0.8, 1.5, 0.5, 0.01, 0.5, d2, dv);
        assertArrayEquals(d1, d2, 0.0);
        // L_π has no gradient to η: ∂L/∂η does not change with the policy being trained
        Vmpo.Diagnostics z = Vmpo.loss(n, a, randomLogp(r, n, a), logpOld, actions, adv, new double[n], new double[n], 0.8, 1.5, 0.01, 0.01, 0.5, d2, dv);
        assertEquals(x.dEta(), z.dEta(), 0.0);
        assertEquals(x.dEta() + 0.49, y.dEta(), 1e-12);
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        SplittableRandom r = new SplittableRandom(9);
        int n = 7, a = 4;
        double[] logp = randomLogp(r, n, a), logpOld = randomLogp(r, n, a);
        int[] actions = new int[n];
        double[] adv = new double[n], v = new double[n], g = new double[n];
        for (int i = 0; i < n; i++) {
            actions[i] = r.nextInt(a);
            adv[i] = r.nextGaussian();
            v[i] = r.nextGaussian();
            g[i] = r.nextGaussian();
        }
        double eta = 0.9, alpha = 1.7, h = 1e-6;
        double[] dlogp = new double[n * a], dv = new double[n];
        Vmpo.Diagnostics d = Vmpo.loss(n, a, logp, logpOld, actions, adv, v, g, eta, alpha, 0.05, 0.02, 0.5, dlogp, dv);
        double[] s1 = new double[n * a], s2 = new double[n];
        // θ-paths: the advantages (hence ψ) and α are constants, so L's derivative in log π is that of L_π + sg[α]·KL
        for (int k = 0; k < n * a; k++) {
            double keep = logp[k];
            logp[k] = keep + h;
            Vmpo.Diagnostics u = Vmpo.loss(n, a, logp, logpOld, actions, adv, v, g, eta, alpha, 0.05, 0.02, 0.5, s1, s2);
            double up = u.policy() + alpha * u.kl();
            logp[k] = keep - h;
            Vmpo.Diagnostics w = Vmpo.loss(n, a, logp, logpOld, actions, adv, v, g, eta, alpha, 0.05, 0.02, 0.5, s1, s2);
            double down = w.policy() + alpha * w.kl();
            logp[k] = keep;
            assertEquals((up - down) / (2 * h), dlogp[k], 1e-7, "∂L/∂logp[" + k + "]");
        }
        for (int k = 0; k < n; k++) {
            double keep = v[k];
            v[k] = keep + h;
            double up = Vmpo.loss(n, a, logp, logpOld, actions, adv, v, g, eta, alpha, 0.05, 0.02, 0.5, s1, s2).value();
            v[k] = keep - h;
            double down = Vmpo.loss(n, a, logp, logpOld, actions, adv, v, g, eta, alpha, 0.05, 0.02, 0.5, s1, s2).value();
            v[k] = keep;
            assertEquals((up - down) / (2 * h), dv[k], 1e-8, "∂L/∂v[" + k + "]");
        }
        double up = Vmpo.loss(n, a, logp, logpOld, actions, adv, v, g, eta + h, alpha, 0.05, 0.02, 0.5, s1, s2).temperature();
        double down = Vmpo.loss(n, a, logp, logpOld, actions, adv, v, g, eta - h, alpha, 0.05, 0.02, 0.5, s1, s2).temperature();
        assertEquals((up - down) / (2 * h), d.dEta(), 1e-7, "∂L_η/∂η");
        // ∂L_α/∂α with sg[KL]: α(ε_α − KL) → ε_α − KL
        assertEquals(0.02 - d.kl(), d.dAlpha(), 1e-15);
    }

    static double[] randomLogp(SplittableRandom r, int n, int a) {
        double[] lp = new double[n * a];
        for (int i = 0; i < n; i++) {
            double z = 0;
            for (int j = 0; j < a; j++) z += Math.exp(lp[i * a + j] = r.nextGaussian());
            for (int j = 0; j < a; j++) lp[i * a + j] -= Math.log(z);
        }
        return lp;
    }

    @Test
    void entropyBonusGradientIsMinusCoefTimesTheEntropysThroughLogSoftmax() {
        // logits z → log π = log-softmax(z); L = −c·H̄. The bonus writes ∂L/∂log π; through the log-softmax
        // Jacobian (∂/∂z_k = g_k − π_k Σ_j g_j) it must equal central differences of L in z.
        int n = 3, a = 4;
        double c = 0.3;
        SplittableRandom r = new SplittableRandom(11);
        double[] z = new double[n * a];
        for (int i = 0; i < z.length; i++) z[i] = r.nextGaussian();
        double[] lp = logSoftmax(z, n, a), g = new double[n * a];
        double h = Vmpo.entropyBonus(n, a, lp, c, g);
        assertEquals(-c * h, -c * meanEntropy(lp, n, a), 1e-12);
        for (int i = 0; i < n; i++) {
            double sg = 0;
            for (int j = 0; j < a; j++) sg += g[i * a + j];
            for (int k = 0; k < a; k++) {
                double analytic = g[i * a + k] - Math.exp(lp[i * a + k]) * sg;
                double[] zp = z.clone(), zm = z.clone();
                zp[i * a + k] += 1e-6;
                zm[i * a + k] -= 1e-6;
                double numeric = (-c * meanEntropy(logSoftmax(zp, n, a), n, a) + c * meanEntropy(logSoftmax(zm, n, a), n, a)) / 2e-6;
                assertEquals(numeric, analytic, 1e-7, "row " + i + " action " + k);
            }
        }
    }

    private static double[] logSoftmax(double[] z, int n, int a) {
        double[] out = new double[n * a];
        for (int i = 0; i < n; i++) {
            double m = Double.NEGATIVE_INFINITY, s = 0;
            for (int j = 0; j < a; j++) m = Math.max(m, z[i * a + j]);
            for (int j = 0; j < a; j++) s += Math.exp(z[i * a + j] - m);
            for (int j = 0; j < a; j++) out[i * a + j] = z[i * a + j] - m - Math.log(s);
        }
        return out;
    }

    private static double meanEntropy(double[] lp, int n, int a) {
        double h = 0;
        for (int i = 0; i < n * a; i++) h -= Math.exp(lp[i]) * lp[i];
        return h / n;
    }
}
