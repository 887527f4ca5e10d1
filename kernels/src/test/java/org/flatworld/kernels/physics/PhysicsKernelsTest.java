package org.flatworld.kernels.physics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Vector API physics against the scalar float32 reference on fresh random states. */
class PhysicsKernelsTest {
    private static final int[] SIZES = {1, 3, 7, 8, 13, 33, 207, 1021, 4098};

    /** 3 capped agents that collide, a colliding obstacle, a non-colliding landmark. */
    private static PointMassSpec spec() {
        return new PointMassSpec(
                new float[] {0.15f, 0.075f, 0.05f, 0.2f, 0.05f},
                new float[] {1f, 1f, 2f, 1f, 1f},
                new boolean[] {true, true, true, false, false},
                new boolean[] {true, true, true, true, false},
                new float[] {Float.NaN, 1.0f, 1.3f, Float.NaN, Float.NaN},
                0.1f, 0.25f, 100f, 1e-3f);
    }

    /** Bodies packed into [−0.4, 0.4]² so that many pairs are in contact. */
    private static void fill(PointMassBatch b, int envs, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        for (int e = 0; e < b.entities(); e++)
            for (int i = 0; i < envs; i++) {
                int k = b.at(e, i);
                b.px[k] = (float) r.nextDouble(-0.4, 0.4);
                b.py[k] = (float) r.nextDouble(-0.4, 0.4);
                b.vx[k] = (float) r.nextDouble(-1, 1);
                b.vy[k] = (float) r.nextDouble(-1, 1);
            }
    }

    private static PointMassBatch copy(PointMassBatch b) {
        PointMassBatch c = new PointMassBatch(b.entities(), b.envs());
        System.arraycopy(b.px, 0, c.px, 0, b.px.length);
        System.arraycopy(b.py, 0, c.py, 0, b.py.length);
        System.arraycopy(b.vx, 0, c.vx, 0, b.vx.length);
        System.arraycopy(b.vy, 0, c.vy, 0, b.vy.length);
        return c;
    }

    private static void assertClose(float[] want, float[] got, int rows, int stride, int envs, float tol, String what) {
        for (int e = 0; e < rows; e++)
            for (int i = 0; i < envs; i++) {
                float w = want[e * stride + i], g = got[e * stride + i];
                assertTrue(Math.abs(w - g) <= tol * Math.max(1f, Math.abs(w)),
                        what + " entity " + e + " env " + i + ": scalar " + w + " panama " + g);
            }
    }

    @Test
    void panamaStepMatchesScalarOnAwkwardSizes() {
        PhysicsKernels v = PhysicsKernels.create("panama"), s = PhysicsKernels.scalar();
        PointMassSpec spec = spec();
        for (int n : SIZES) {
            PointMassBatch a = new PointMassBatch(spec.entities(), n);
            fill(a, n, 17 + n);
            PointMassBatch b = copy(a);
            int[] move = new int[3 * a.stride()];
            SplittableRandom r = new SplittableRandom(n);
            for (int i = 0; i < move.length; i++) move[i] = r.nextInt(5);
            float[] accel = {5f, 3f, 4f};
            // sentinel just past the range must stay untouched
            int sentinel = a.at(1, n);
            a.px[sentinel] = b.px[sentinel] = 42f;
            a.fx[sentinel] = b.fx[sentinel] = 42f;
            s.discreteForces(spec, a, move, accel, 3, 0, n);
            v.discreteForces(spec, b, move, accel, 3, 0, n);
            assertArrayEquals(a.fx, b.fx, "forces must be identical (n=" + n + ")");
            assertArrayEquals(a.fy, b.fy);
            s.step(spec, a, 0, n);
            v.step(spec, b, 0, n);
            assertClose(a.px, b.px, spec.entities(), a.stride(), n, 1e-6f, "px n=" + n);
            assertClose(a.py, b.py, spec.entities(), a.stride(), n, 1e-6f, "py n=" + n);
            assertClose(a.vx, b.vx, spec.entities(), a.stride(), n, 1e-5f, "vx n=" + n);
            assertClose(a.vy, b.vy, spec.entities(), a.stride(), n, 1e-5f, "vy n=" + n);
            assertEquals(42f, b.px[sentinel]);
            assertEquals(42f, b.fx[sentinel]);

            float[] ga = new float[a.stride()], gb = new float[a.stride()];
            s.negMinDistanceSum(a, 3, 5, 0, 3, ga, 0, n);
            v.negMinDistanceSum(a, 3, 5, 0, 3, gb, 0, n);
            assertArrayEquals(ga, gb, "min distance sums");
            float[] ca = new float[2 * a.stride()], cb = new float[2 * a.stride()];
            s.collisionCounts(spec, a, 1, 0, 4, ca, a.stride(), 0, n);
            v.collisionCounts(spec, a, 1, 0, 4, cb, a.stride(), 0, n);
            assertArrayEquals(ca, cb, "collision counts");
        }
    }

    @Test
    void interleavedForcesAndSpreadRewardsMatchScalar() {
        PhysicsKernels v = PhysicsKernels.create("panama"), s = PhysicsKernels.scalar();
        PointMassSpec spec = spec();
        for (int n : SIZES) {
            PointMassBatch a = new PointMassBatch(spec.entities(), n);
            fill(a, n, 5 + n);
            PointMassBatch b = copy(a);
            int[] actions = new int[n * 3];
            SplittableRandom r = new SplittableRandom(n);
            for (int i = 0; i < actions.length; i++) actions[i] = r.nextInt(5);
            float[] accel = {5f, 3f, 4f};
            assertEquals(-1, s.interleavedDiscreteForces(spec, a, actions, accel, 3, 0, n));
            assertEquals(-1, v.interleavedDiscreteForces(spec, b, actions, accel, 3, 0, n));
            assertArrayEquals(a.fx, b.fx, "interleaved forces n=" + n);
            assertArrayEquals(a.fy, b.fy);
            // the same forces as from the (agents, stride) layout
            PointMassBatch c = copy(a);
            int[] move = new int[3 * c.stride()];
            for (int i = 0; i < n; i++) for (int e = 0; e < 3; e++) move[e * c.stride() + i] = actions[i * 3 + e];
            s.discreteForces(spec, c, move, accel, 3, 0, n);
            for (int e = 0; e < 3; e++)
                for (int i = 0; i < n; i++) assertEquals(c.fx[c.at(e, i)], a.fx[a.at(e, i)]);
            int bad = n / 2 * 3 + 2;
            actions[bad] = (n & 1) == 0 ? 5 : -1;
            assertEquals(bad, v.interleavedDiscreteForces(spec, b, actions, accel, 3, 0, n), "index of the bad action");
            assertEquals(bad, s.interleavedDiscreteForces(spec, a, actions, accel, 3, 0, n));

            // spread rewards with 2 agents (entities 0, 1) and 2 landmarks (2, 3)
            float[] ra = new float[2 * n + 1], rb = new float[2 * n + 1];
            ra[2 * n] = rb[2 * n] = 42f; // sentinel
            float[] ha = new float[2 * a.stride()], hb = new float[2 * a.stride()];
            s.spreadRewards(spec, a, 2, 0.5f, ha, ra, 0, n);
            v.spreadRewards(spec, a, 2, 0.5f, hb, rb, 0, n);
            assertArrayEquals(ra, rb, "spread rewards n=" + n);
            assertEquals(42f, rb[2 * n]);
            for (int i = 0; i < n; i++) { // against the definition
                double g = 0;
                for (int t = 2; t < 4; t++)
                    g -= Math.min(Math.hypot(a.px[a.at(0, i)] - a.px[a.at(t, i)], a.py[a.at(0, i)] - a.py[a.at(t, i)]),
                            Math.hypot(a.px[a.at(1, i)] - a.px[a.at(t, i)], a.py[a.at(1, i)] - a.py[a.at(t, i)]));
                double d01 = Math.hypot(a.px[a.at(0, i)] - a.px[a.at(1, i)], a.py[a.at(0, i)] - a.py[a.at(1, i)]);
                double local = d01 < 0.15 + 0.075 ? -1 : 0;
                assertEquals(0.5 * g + 0.5 * local, ra[2 * i], 1e-5);
            }
        }
    }

    /** simple_spread N = 3: agents 0–2 (size 0.15, colliding, no cap), landmarks 3–5 (fixed, not colliding). */
    private static PointMassSpec spreadSpec() {
        float nan = Float.NaN;
        return new PointMassSpec(new float[] {0.15f, 0.15f, 0.15f, 0.05f, 0.05f, 0.05f}, new float[] {1f, 1f, 1f, 1f, 1f, 1f},
                new boolean[] {true, true, true, false, false, false}, new boolean[] {true, true, true, false, false, false},
                new float[] {nan, nan, nan, nan, nan, nan}, 0.1f, 0.25f, 100f, 1e-3f);
    }

    @Test
    void fusedSpreadStepEqualsTheThreePassesBitForBitAndScalarWithinTolerance() {
        PhysicsKernels v = PhysicsKernels.create("panama"), s = PhysicsKernels.scalar();
        PointMassSpec spec = spreadSpec();
        assertTrue(v.fusesSpread(spec, 3), "the Vector API kernels fuse simple_spread N=3");
        assertTrue(!v.fusesSpread(spec(), 3) && !s.fusesSpread(spec, 3));
        float[] accel = {5f, 5f, 5f};
        for (int n : SIZES) {
            PointMassBatch a = new PointMassBatch(spec.entities(), n);
            fill(a, n, 31 + n); // packed: many agent pairs in contact
            PointMassBatch b = copy(a), c = copy(a);
            int sentinel = a.at(1, n); // just past the range: must stay untouched
            a.px[sentinel] = b.px[sentinel] = c.px[sentinel] = 42f;
            a.vy[sentinel] = b.vy[sentinel] = c.vy[sentinel] = 42f;
            int[] actions = new int[3 * n];
            SplittableRandom r = new SplittableRandom(n);
            for (int i = 0; i < actions.length; i++) actions[i] = r.nextInt(5);
            float[] ra = new float[3 * n + 1], rb = new float[3 * n + 1], rc = new float[3 * n + 1];
            ra[3 * n] = rb[3 * n] = rc[3 * n] = 42f;
            float[] hits = new float[3 * a.stride()];
            for (int t = 0; t < 3; t++) { // a few steps, so velocities and contacts build up
                assertEquals(-1, v.spreadStep(spec, a, actions, accel, 3, 0.5f, hits, ra, 0, n));
                assertEquals(-1, v.interleavedDiscreteForces(spec, b, actions, accel, 3, 0, n));
                v.step(spec, b, 0, n);
                v.spreadRewards(spec, b, 3, 0.5f, hits, rb, 0, n);
                assertEquals(-1, s.spreadStep(spec, c, actions, accel, 3, 0.5f, hits, rc, 0, n));
            }
            assertArrayEquals(b.px, a.px, "fused px n=" + n);
            assertArrayEquals(b.py, a.py, "fused py n=" + n);
            assertArrayEquals(b.vx, a.vx, "fused vx n=" + n);
            assertArrayEquals(b.vy, a.vy, "fused vy n=" + n);
            assertArrayEquals(rb, ra, "fused rewards n=" + n);
            assertClose(c.px, a.px, 3, a.stride(), n, 1e-5f, "px vs scalar n=" + n);
            assertClose(c.vx, a.vx, 3, a.stride(), n, 1e-4f, "vx vs scalar n=" + n);
            for (int i = 0; i < 3 * n; i++) assertEquals(rc[i], ra[i], 1e-4f * Math.max(1f, Math.abs(rc[i])), "reward " + i);
            assertEquals(42f, a.px[sentinel]);
            assertEquals(42f, a.vy[sentinel]);
            assertEquals(42f, ra[3 * n]);
            int bad = n / 2 * 3 + 1;
            actions[bad] = (n & 1) == 0 ? 5 : -1;
            assertEquals(bad, v.spreadStep(spec, a, actions, accel, 3, 0.5f, hits, ra, 0, n), "index of the bad action");
            assertEquals(bad, s.spreadStep(spec, c, actions, accel, 3, 0.5f, hits, rc, 0, n));
        }
    }

    @Test
    void contactForceMatchesScalarAcrossTheWholeSoftplusRange() {
        // two bodies at distances that sweep z = (dmin − d)/k from below the cutoff (−60) to deep overlap (+290):
        // the Vector API's polynomial e^x and log1p against Math.exp and Math.log1p
        float nan = Float.NaN;
        PointMassSpec spec = new PointMassSpec(new float[] {0.15f, 0.15f}, new float[] {1f, 1f}, new boolean[] {true, true},
                new boolean[] {true, true}, new float[] {nan, nan}, 0.1f, 0.25f, 100f, 1e-3f);
        int n = 4098;
        PointMassBatch a = new PointMassBatch(2, n);
        for (int i = 0; i < n; i++) {
            double d = 0.01 + (0.3 + 0.065 - 0.01) * i / (n - 1); // dmin = 0.3, cutoff at d = 0.36
            double ang = 0.37 * i;
            a.px[a.at(1, i)] = (float) (d * Math.cos(ang));
            a.py[a.at(1, i)] = (float) (d * Math.sin(ang));
        }
        PointMassBatch b = copy(a);
        PhysicsKernels.scalar().step(spec, a, 0, n);
        PhysicsKernels.create("panama").step(spec, b, 0, n);
        int touching = 0;
        for (int i = 0; i < n; i++) {
            for (int e = 0; e < 2; e++) {
                float w = a.vx[a.at(e, i)], g = b.vx[b.at(e, i)], wy = a.vy[a.at(e, i)], gy = b.vy[b.at(e, i)];
                float scale = Math.max(Math.abs(w), Math.abs(wy));
                assertTrue(Math.abs(w - g) <= 4e-6f * scale && Math.abs(wy - gy) <= 4e-6f * scale,
                        "env " + i + " entity " + e + ": scalar (" + w + ", " + wy + ") panama (" + g + ", " + gy + ")");
            }
            if (a.vx[a.at(0, i)] != 0f || a.vy[a.at(0, i)] != 0f) touching++;
        }
        assertTrue(touching > n * 9 / 10, "most pairs within contact range: " + touching);
    }

    @Test
    void contactPushesOverlappingBodiesApartAndCapHolds() {
        PointMassSpec spec = spec();
        for (PhysicsKernels k : new PhysicsKernels[] {PhysicsKernels.scalar(), PhysicsKernels.create("panama")}) {
            PointMassBatch b = new PointMassBatch(spec.entities(), 16);
            for (int e = 0; e < 5; e++) for (int i = 0; i < 16; i++) b.px[b.at(e, i)] = 10f * e; // far apart
            b.px[b.at(1, 0)] = 0.1f; // entity 1 overlaps entity 0 in env 0 (d = 0.1 < 0.225)
            k.discreteForces(spec, b, new int[3 * b.stride()], new float[] {5, 3, 4}, 3, 0, 16);
            k.step(spec, b, 0, 16);
            assertTrue(b.vx[b.at(0, 0)] < 0 && b.vx[b.at(1, 0)] > 0, k.name() + ": contact must push apart");
            // penetration 0.125 ≫ margin: force ≈ 100·0.125 = 12.5 → Δv = 1.25, capped at 1.0 for entity 1
            assertEquals(1.25f, -b.vx[b.at(0, 0)], 1e-4f);
            assertEquals(1.0f, b.vx[b.at(1, 0)], 1e-6f);
            assertEquals(0f, b.vx[b.at(0, 1)], "far bodies feel no force");
        }
    }

    @Test
    void rejectsBadRangesAndSpecs() {
        PointMassSpec spec = spec();
        PointMassBatch b = new PointMassBatch(spec.entities(), 10);
        assertThrows(IllegalArgumentException.class, () -> PhysicsKernels.scalar().step(spec, b, 0, b.stride() + 1));
        assertThrows(IllegalArgumentException.class, () -> new PointMassSpec(new float[] {1}, new float[] {0},
                new boolean[] {true}, new boolean[] {true}, new float[] {Float.NaN}, 0.1f, 0.25f, 100f, 1e-3f));
        assertThrows(IllegalArgumentException.class, () -> PhysicsKernels.create("gpu"));
        assertTrue(PhysicsKernels.create("panama").description().startsWith("panama, "), PhysicsKernels.create("panama").description());
        assertEquals(0, PointMassBatch.strideFor(65536) % 16);
        assertTrue(Integer.bitCount(PointMassBatch.strideFor(65536)) > 1, "stride must not be a power of two");
    }
}
