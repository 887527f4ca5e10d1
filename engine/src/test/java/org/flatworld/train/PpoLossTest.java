package org.flatworld.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Ppo.loss on a hand-computed case and against finite differences. */
class PpoLossTest {
    @Test
    void clippedSurrogateByHand() {
        // one sample, two actions, π(a) = 0.6 now vs 0.5 at acting time: ρ = 1.2 > 1 + 0.1 with Â = 2 > 0 → clipped, flat
        double[] logp = {Math.log(0.6), Math.log(0.4)};
        double[] dlogp = new double[2], dv = new double[1];
        Ppo.Diagnostics d = Ppo.loss(1, 2, logp, new double[] {Math.log(0.5)}, new int[] {0}, new double[] {2},
                new double[] {1}, new double[] {1}, new double[] {3}, 0.1, 0.5, 0.0, false, false, dlogp, dv);
        assertEquals(-2 * 1.1, d.policy(), 1e-12);            // max(−Âρ, −Â·clip(ρ)) = −2·1.1
        assertEquals(0.0, dlogp[0], 0.0);                       // the clipped branch has no gradient
        assertEquals(0.5 * 4, d.value(), 1e-12);                // ½(1 − 3)²
        assertEquals(0.5 * (1 - 3), dv[0], 1e-12);              // c_V·(V − G)
        assertEquals(1.0, d.clipFraction(), 0.0);
        // Â < 0: the unclipped branch −Âρ = 2.4 is the max, gradient −Â·ρ = 2·1.2
        Ppo.loss(1, 2, logp, new double[] {Math.log(0.5)}, new int[] {0}, new double[] {-2},
                new double[] {1}, new double[] {1}, new double[] {3}, 0.1, 0.5, 0.0, false, false, dlogp, dv);
        assertEquals(2 * 1.2, dlogp[0], 1e-12);
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        SplittableRandom r = new SplittableRandom(11);
        int n = 6, a = 3;
        double[] logp = VmpoLossTest.randomLogp(r, n, a);
        double[] old = new double[n], adv = new double[n], v = new double[n], vOld = new double[n], ret = new double[n];
        int[] act = new int[n];
        for (int i = 0; i < n; i++) {
            act[i] = r.nextInt(a);
            old[i] = logp[i * a + act[i]] + 0.05 * r.nextGaussian(); // ratios near 1, inside the clip range
            adv[i] = r.nextGaussian();
            v[i] = r.nextGaussian();
            vOld[i] = v[i] + 0.05 * r.nextGaussian();
            ret[i] = r.nextGaussian();
        }
        for (boolean clipValue : new boolean[] {false, true}) {
            double[] dlogp = new double[n * a], dv = new double[n], s1 = new double[n * a], s2 = new double[n];
            Ppo.loss(n, a, logp, old, act, adv, v, vOld, ret, 0.2, 0.5, 0.01, clipValue, true, dlogp, dv);
            double h = 1e-6;
            for (int k = 0; k < n * a; k++) {
                double keep = logp[k];
                logp[k] = keep + h;
                double up = Ppo.loss(n, a, logp, old, act, adv, v, vOld, ret, 0.2, 0.5, 0.01, clipValue, true, s1, s2).total();
                logp[k] = keep - h;
                double down = Ppo.loss(n, a, logp, old, act, adv, v, vOld, ret, 0.2, 0.5, 0.01, clipValue, true, s1, s2).total();
                logp[k] = keep;
                assertEquals((up - down) / (2 * h), dlogp[k], 1e-7, "∂L/∂logp[" + k + "]");
            }
            for (int k = 0; k < n; k++) {
                double keep = v[k];
                v[k] = keep + h;
                double up = Ppo.loss(n, a, logp, old, act, adv, v, vOld, ret, 0.2, 0.5, 0.01, clipValue, true, s1, s2).total();
                v[k] = keep - h;
                double down = Ppo.loss(n, a, logp, old, act, adv, v, vOld, ret, 0.2, 0.5, 0.01, clipValue, true, s1, s2).total();
                v[k] = keep;
                assertEquals((up - down) / (2 * h), dv[k], 1e-7, "∂L/∂v[" + k + "]");
            }
        }
    }
}
