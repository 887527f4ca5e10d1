package org.flatworld.scaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ComputeThresholdTest {
    @Test
    void interpolatesTheFirstCrossingInLogCompute() {
        double[] c = {1e6, 1e7, 1e8, 1e9};
        double[] m = {0.1, 0.3, 0.7, 0.95};
        // target 0.5 lies half-way between 0.3 (1e7) and 0.7 (1e8) → 10^7.5
        ComputeThreshold.Crossing x = ComputeThreshold.first(c, m, 0.5);
        assertFalse(x.censored());
        assertEquals(Math.pow(10, 7.5), x.compute(), 1e-3);
        assertEquals(2, x.checkpoint());
        // target 0.9: (0.9−0.7)/(0.95−0.7) = 0.8 of the way from 1e8 to 1e9
        assertEquals(Math.pow(10, 8.8), ComputeThreshold.first(c, m, 0.9).compute(), 1e-2 * Math.pow(10, 8.8) * 1e-6);
    }

    @Test
    void firstCrossingWinsEvenIfTheCurveDropsAgain() {
        double[] c = {1, 10, 100, 1000};
        double[] m = {0.0, 1.0, 0.0, 1.0};
        ComputeThreshold.Crossing x = ComputeThreshold.first(c, m, 0.5);
        assertEquals(Math.sqrt(10), x.compute(), 1e-12);
    }

    @Test
    void alreadyAtTargetAtTheFirstCheckpointAndExactHits() {
        ComputeThreshold.Crossing early = ComputeThreshold.first(new double[] {5, 50}, new double[] {0.9, 1}, 0.8);
        assertEquals(5.0, early.compute(), 0);
        assertTrue(early.leftCensored(), "already at target at the first checkpoint: only an upper bound");
        assertFalse(early.exact());
        assertTrue(ComputeThreshold.first(new double[] {5, 50}, new double[] {0.1, 0.8}, 0.8).exact());
        assertEquals(50.0, ComputeThreshold.first(new double[] {5, 50}, new double[] {0.1, 0.8}, 0.8).compute(), 1e-9);
    }

    @Test
    void neverCrossingIsCensoredAtTheLastCheckpoint() {
        ComputeThreshold.Crossing x = ComputeThreshold.first(new double[] {1, 10, 100}, new double[] {0.1, Double.NaN, 0.79}, 0.8);
        assertTrue(x.censored());
        assertEquals(100, x.compute(), 0);
        assertEquals(-1, x.checkpoint());
    }

    @Test
    void badCurvesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> ComputeThreshold.first(new double[] {1, 1}, new double[] {0, 1}, 0.5));
        assertThrows(IllegalArgumentException.class, () -> ComputeThreshold.first(new double[] {0, 1}, new double[] {0, 1}, 0.5));
        assertThrows(IllegalArgumentException.class, () -> ComputeThreshold.first(new double[] {}, new double[] {}, 0.5));
    }
}
