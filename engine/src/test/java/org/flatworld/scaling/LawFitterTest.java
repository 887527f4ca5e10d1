package org.flatworld.scaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/** Planted laws with multiplicative noise are recovered inside their 95 % intervals, and the right form wins. */
class LawFitterTest {
    private static final double SIGMA = 0.15; // noise on ln C*

    private static List<LawFitter.Point> plant(DoubleUnaryOperator law, double[] levels, int seeds, long noiseSeed) {
        Random rng = new Random(noiseSeed);
        List<LawFitter.Point> pts = new ArrayList<>();
        for (double x : levels)
            for (int s = 0; s < seeds; s++)
                pts.add(new LawFitter.Point(x, law.applyAsDouble(x) * Math.exp(SIGMA * rng.nextGaussian()), s));
        return pts;
    }

    private static void assertInside(LawFitter.FormFit f, String param, double truth) {
        double[] ci = f.ci().get(param);
        assertNotNull(ci, "interval of " + param);
        assertTrue(ci[0] <= truth && truth <= ci[1], param + " = " + truth + " outside [" + ci[0] + ", " + ci[1] + "]");
        assertTrue(ci[0] <= f.params().get(param) && f.params().get(param) <= ci[1], "estimate inside its own interval");
    }

    @Test
    void plantedPowerLawIsRecoveredAndChosen() {
        double c0 = 3e9, b = 1.7;
        double[] levels = {1, 2, 3, 4, 6, 8, 12, 16};
        int covered = 0, chosen = 0, trials = 6;
        for (long noise = 0; noise < trials; noise++) {
            LawFitter.LawFit fit = new LawFitter(400, 11).fit(plant(x -> c0 * Math.pow(x, b), levels, 4, noise));
            LawFitter.FormFit p = fit.forms().get("power");
            double[] ciB = p.ci().get("exponent"), ciC = p.ci().get("C0");
            if (ciB[0] <= b && b <= ciB[1] && ciC[0] <= c0 && c0 <= ciC[1]) covered++;
            if ("power".equals(fit.chosen())) chosen++;
            assertEquals(b, p.params().get("exponent"), 0.2);
        }
        // 95 % intervals: at least 5 of 6 independent noise draws cover both true parameters
        assertTrue(covered >= trials - 1, "coverage " + covered + "/" + trials);
        assertTrue(chosen >= trials - 1, "power chosen " + chosen + "/" + trials);
        LawFitter.LawFit fit = new LawFitter(400, 11).fit(plant(x -> c0 * Math.pow(x, b), levels, 4, 100));
        assertInside(fit.forms().get("power"), "exponent", b);
        assertEquals("within-level (over seeds)", fit.bootstrapMode());
        assertTrue(fit.forms().get("exponential").heldoutError() > fit.forms().get("power").heldoutError());
    }

    @Test
    void plantedExponentialIsRecoveredAndChosen() {
        double c0 = 2e8, r = 0.45;
        double[] levels = {1, 2, 3, 4, 5, 6, 7, 8, 10};
        int covered = 0, chosen = 0, trials = 6;
        for (long noise = 0; noise < trials; noise++) {
            LawFitter.LawFit fit = new LawFitter(400, 5).fit(plant(x -> c0 * Math.exp(r * x), levels, 3, 50 + noise));
            LawFitter.FormFit e = fit.forms().get("exponential");
            double[] ciR = e.ci().get("rate"), ciC = e.ci().get("C0");
            if (ciR[0] <= r && r <= ciR[1] && ciC[0] <= c0 && c0 <= ciC[1]) covered++;
            if ("exponential".equals(fit.chosen())) chosen++;
            assertEquals(r, e.params().get("rate"), 0.05);
        }
        assertTrue(covered >= trials - 1, "coverage " + covered + "/" + trials);
        assertTrue(chosen >= trials - 1, "exponential chosen " + chosen + "/" + trials);
    }

    @Test
    void plantedSaturationIsFoundAndWinsTheHeldOutLevel() {
        double c0 = 1e9, b = 2.0, xsat = 6;
        double[] levels = {1, 2, 3, 4, 6, 8, 12, 16};
        LawFitter.LawFit fit = new LawFitter(300, 3).fit(plant(x -> c0 * Math.pow(Math.min(x, xsat), b), levels, 4, 7));
        assertEquals("saturating", fit.chosen());
        LawFitter.FormFit s = fit.forms().get("saturating");
        assertEquals(xsat, s.params().get("xsat"), 1.5);
        assertInside(s, "exponent", b);
    }

    @Test
    void exactPointsWithoutSeedsUsePairsBootstrap() {
        List<LawFitter.Point> pts = new ArrayList<>();
        for (double x : new double[] {1, 2, 4, 8, 16}) pts.add(new LawFitter.Point(x, 1e6 * x * x, -1));
        LawFitter.LawFit fit = new LawFitter(200, 1).fit(pts);
        assertEquals("pairs", fit.bootstrapMode());
        LawFitter.FormFit p = fit.forms().get("power");
        assertEquals(2.0, p.params().get("exponent"), 1e-9);
        assertEquals(1e6, p.params().get("C0"), 1e-3);
        assertEquals(0.0, p.heldoutError(), 1e-9);
        assertEquals("power", fit.chosen());
    }

    @Test
    void tooFewLevelsAndBadPoints() {
        List<LawFitter.Point> two = List.of(new LawFitter.Point(1, 10, 0), new LawFitter.Point(2, 40, 0));
        LawFitter.LawFit fit = new LawFitter(0, 1).fit(two);
        assertNull(fit.forms().get("power").heldoutError(), "one level left cannot fit two parameters");
        assertNull(fit.forms().get("saturating"), "three parameters need three levels");
        assertThrows(IllegalArgumentException.class, () -> new LawFitter(0, 1).fit(List.of(new LawFitter.Point(1, 0, 0))));
        assertThrows(IllegalArgumentException.class, () -> new LawFitter(-1, 1));
    }
}
