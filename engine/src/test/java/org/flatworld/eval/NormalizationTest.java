package org.flatworld.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Normalization and every metric on hand-made returns, worked out by hand in the comments. */
class NormalizationTest {
    private static final double EPS = 1e-12;

    @Test
    void scoresNormalizeAgainstRandomAndReferenceAndExcludeDegenerateTasks() {
        double[] r = {5, 2, 10, 3, 1};
        double[] rand = {1, 2, 0, 3, 0};
        double[] ref = {9, 6, 10, 3, 0};
        double[] s = Normalization.scores(r, rand, ref);
        assertEquals(0.5, s[0], EPS); // (5−1)/(9−1)
        assertEquals(0.0, s[1], EPS); // (2−2)/(6−2)
        assertEquals(1.0, s[2], EPS);
        assertTrue(Double.isNaN(s[3]), "R_ref = R_random is excluded");
        assertTrue(Double.isNaN(s[4]), "R_ref < R_random is excluded");
        GeneralizationMetrics m = Normalization.metrics("test-id", r, rand, ref);
        assertEquals(3, m.tasks());
        assertEquals(2, m.excluded());
        assertEquals(0.5, m.mean(), EPS);
    }

    @Test
    void everyMetricOnTenTasks() {
        // scores 0.0, 0.1, …, 0.9 (random 0, reference 10, returns 0..9), shuffled
        double[] r = {7, 0, 3, 9, 1, 5, 2, 8, 6, 4};
        double[] rand = new double[10], ref = new double[10];
        java.util.Arrays.fill(ref, 10);
        GeneralizationMetrics m = Normalization.metrics("test-id", r, rand, ref);
        assertEquals(10, m.tasks());
        assertEquals(0, m.excluded());
        assertEquals(0.45, m.mean(), EPS);
        assertEquals(0.5, m.above().get("0.5"), EPS);  // 0.5..0.9
        assertEquals(0.2, m.above().get("0.8"), EPS);  // 0.8, 0.9
        assertEquals(0.1, m.above().get("0.9"), EPS);
        assertEquals(0.0, m.lowest10(), EPS);          // lowest 1 task
        assertEquals(0.05, m.lowest20(), EPS);         // mean(0.0, 0.1)
        assertEquals(0.09, m.p10(), EPS);              // rank 0.9 → 0.0 + 0.9·0.1
        assertEquals(0.18, m.p20(), EPS);              // rank 1.8
        assertEquals(0.45, m.p50(), EPS);              // rank 4.5
        assertEquals(0.9, m.participation(), EPS);     // 9 of 10 returns > 0
        assertEquals(0.2, m.get("above[0.8]"), EPS);
        assertEquals(0.05, m.get("lowest20"), EPS);
    }

    @Test
    void lowestPercentRoundsUpToWholeTasks() {
        // 3 tasks: lowest 10 % and 20 % are both the single worst task
        double[] sorted = {0.2, 0.4, 0.9};
        assertEquals(0.2, Normalization.lowestMean(sorted, 10), EPS);
        assertEquals(0.2, Normalization.lowestMean(sorted, 20), EPS);
        // 11 tasks: ⌈1.1⌉ = 2 and ⌈2.2⌉ = 3
        double[] s11 = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        assertEquals(0.5, Normalization.lowestMean(s11, 10), EPS);
        assertEquals(1.0, Normalization.lowestMean(s11, 20), EPS);
    }

    @Test
    void allExcludedGivesNaNMetricsAndCountsThem() {
        GeneralizationMetrics m = Normalization.metrics("ood", new double[] {1, 2}, new double[] {1, 2}, new double[] {1, 2});
        assertEquals(0, m.tasks());
        assertEquals(2, m.excluded());
        assertTrue(Double.isNaN(m.mean()));
        assertTrue(m.isEmpty());
    }

    @Test
    void unknownMetricNamesAreRejected() {
        GeneralizationMetrics m = Normalization.metrics("t", new double[] {1}, new double[] {0}, new double[] {2});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.get("above[0.7]"));
        assertTrue(e.getMessage().contains("above[0.7]") && e.getMessage().contains("allowed"));
        assertThrows(IllegalArgumentException.class, () -> GeneralizationMetrics.checkName("median"));
        assertThrows(IllegalArgumentException.class,
                () -> Normalization.scores(new double[2], new double[1], new double[2]));
    }

    @Test
    void referenceTableKeepsTheBestOffer() {
        ReferenceTable t = new ReferenceTable();
        t.offerAll(new long[] {7, 8}, new double[] {3, 1});
        t.offer(7, 2);
        t.offer(8, 4);
        t.offer(8, Double.NaN);
        assertEquals(3, t.get(7), EPS);
        assertEquals(4, t.get(8), EPS);
        assertEquals(Double.NEGATIVE_INFINITY, t.get(9));
        assertEquals(2, t.size());
    }

    @Test
    void dominanceOverThePercentileVector() {
        assertEquals(Dominance.DOMINATES, Dominance.compare(new double[] {0.2, 0.3, 0.6}, new double[] {0.2, 0.25, 0.6}));
        assertEquals(Dominance.DOMINATED, Dominance.compare(new double[] {0.1, 0.3, 0.6}, new double[] {0.2, 0.3, 0.6}));
        assertEquals(Dominance.EQUAL, Dominance.compare(new double[] {0.1, 0.3, 0.6}, new double[] {0.1, 0.3, 0.6}));
        assertEquals(Dominance.INCOMPARABLE, Dominance.compare(new double[] {0.3, 0.2, 0.6}, new double[] {0.1, 0.3, 0.6}));
        double[] z = new double[10], ten = new double[10];
        java.util.Arrays.fill(ten, 10);
        double[] good = {9, 9, 9, 9, 9, 9, 9, 9, 9, 9}, bad = {1, 2, 3, 4, 5, 6, 7, 8, 9, 9};
        assertEquals(Dominance.DOMINATES, Dominance.compare(Normalization.metrics("a", good, z, ten),
                Normalization.metrics("b", bad, z, ten)));
    }
}
