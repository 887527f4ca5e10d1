package org.flatworld.kernels.world;

import static org.junit.jupiter.api.Assertions.*;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class WorldKernelsTest {
    static final int[] SIZES = {1, 3, 7, 8, 13, 33, 207, 1021};

    @Test
    void softplusAndContactFollowTheirDoublePrecisionDefinitions() {
        for (float z = -WorldMath.CUTOFF_Z; z <= 40f; z += 0.0137f) { // the domain contacts use
            double want = z > 30 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
            float got = WorldMath.softplus(z);
            assertEquals(want, got, Math.max(3e-7 * want, 1e-43), "softplus(" + z + ")");
        }
        for (float w = 1f; w <= 2f; w += 0.001f) assertEquals(Math.log(w), WorldMath.log12(w), 2e-7, "log(" + w + ")");
        float dmin = 0.09f, margin = 1e-3f, kf = 100f, cut = dmin + WorldMath.CUTOFF_Z * margin;
        for (float d = 0.01f; d < 0.3f; d += 0.0007f) {
            double want = d * d < cut * cut ? kf * margin * Math.log1p(Math.exp(-(d - dmin) / margin)) / d : 0;
            assertEquals(want, WorldMath.contact(d, 0f, dmin, cut * cut, margin, kf), 1e-6 * want + 1e-30, "contact at " + d);
        }
    }

    /** A batch with bodies crowded into a small arena (many contacts), random live flags and velocities. */
    static BodyBatch batch(int envs, long seed) {
        int stride = envs + 17;
        BodyBatch b = new BodyBatch(7, 3, 2, stride, 0.1f, 1e-3f, 100f, 0.05f, 0.04f, 0.15f, 1f, 2.5f);
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < b.px.length; i++) {
            b.px[i] = (float) (r.nextDouble() * 0.6 - 0.3);
            b.py[i] = (float) (r.nextDouble() * 0.6 - 0.3);
            b.vx[i] = (float) (r.nextDouble() * 4 - 2);
            b.vy[i] = (float) (r.nextDouble() * 4 - 2);
            b.fx[i] = (float) (r.nextDouble() * 10 - 5);
            b.fy[i] = (float) (r.nextDouble() * 10 - 5);
            b.live[i] = r.nextDouble() < 0.85 ? 1f : 0f;
        }
        for (int i = 0; i < b.kx.length; i++) {
            b.kx[i] = (float) (r.nextDouble() * 0.6 - 0.3);
            b.ky[i] = (float) (r.nextDouble() * 0.6 - 0.3);
            b.kLive[i] = r.nextBoolean() ? 1f : 0f;
        }
        for (int e = 0; e < stride; e++) {
            b.keep[e] = 0.75f;
            b.invP[e] = (float) (0.1 / (0.5 + r.nextDouble()));
            b.invO[e] = (float) (0.2 / (0.5 + r.nextDouble()));
            b.half[e] = (float) (0.2 + r.nextDouble() * 0.1); // walls close: clamps happen
        }
        return b;
    }

    static void assertSameBits(float[] want, float[] got, String what) {
        for (int i = 0; i < want.length; i++)
            assertEquals(Float.floatToRawIntBits(want[i]), Float.floatToRawIntBits(got[i]),
                    what + "[" + i + "]: " + want[i] + " vs " + got[i]);
    }

    @Test
    void vectorApiStepEqualsScalarStepBitForBitAndStaysInItsRange() {
        Assumptions.assumeTrue(WorldKernels.vectorApiAvailable(), "needs --add-modules jdk.incubator.vector");
        WorldKernels v = WorldKernels.create("panama"), s = WorldKernels.scalar();
        assertEquals("panama", v.name());
        for (int n : SIZES) {
            BodyBatch a = batch(n, n), b = batch(n, n);
            // range [1, 1 + n): lane 0 and the lanes past the range are sentinels that must not change
            for (int step = 0; step < 5; step++) {
                s.contacts(a, 1, 1 + n);
                s.integrate(a, 1, 1 + n);
                v.contacts(b, 1, 1 + n);
                v.integrate(b, 1, 1 + n);
            }
            assertSameBits(a.fx, b.fx, "fx, n = " + n);
            assertSameBits(a.fy, b.fy, "fy, n = " + n);
            assertSameBits(a.px, b.px, "px, n = " + n);
            assertSameBits(a.py, b.py, "py, n = " + n);
            assertSameBits(a.vx, b.vx, "vx, n = " + n);
            assertSameBits(a.vy, b.vy, "vy, n = " + n);
            BodyBatch fresh = batch(n, n);
            for (int body = 0; body < 7; body++)
                for (int e : new int[] {0, n + 1, n + 16}) {
                    int i = body * a.stride + e;
                    assertEquals(fresh.px[i], b.px[i], "sentinel px untouched");
                    assertEquals(fresh.fx[i], b.fx[i], "sentinel fx untouched");
                }
            int contacts = 0;
            for (int i = 0; i < a.fx.length; i++) if (a.fx[i] != fresh.fx[i]) contacts++;
            assertTrue(contacts > 0, "contacts happened");
        }
    }

    @Test
    void factBitsAgree() {
        Assumptions.assumeTrue(WorldKernels.vectorApiAvailable(), "needs --add-modules jdk.incubator.vector");
        WorldKernels v = WorldKernels.create("panama"), s = WorldKernels.scalar();
        for (int n : SIZES) {
            BodyBatch b = batch(n, 100 + n);
            int st = b.stride;
            int[] x = new int[2 * st], y = new int[2 * st];
            for (int bit = 0; bit < 30; bit++) {
                int ra = (bit % 7) * st, rb = ((bit + 3) % 7) * st, row = (bit & 1) * st;
                float thr2 = 0.01f + 0.01f * (bit % 5);
                s.distanceBits(b.px, b.py, ra, b.px, b.py, rb, thr2, bit % 3 == 0, x, row, bit, 1, 1 + n);
                v.distanceBits(b.px, b.py, ra, b.px, b.py, rb, thr2, bit % 3 == 0, y, row, bit, 1, 1 + n);
                s.coneBits(b.px, b.py, ra, b.vx, b.vy, ra, rb, bit % 2 == 0 ? 0.04f : Float.POSITIVE_INFINITY, 0.5f, x, row, 31 - bit, 1, 1 + n);
                v.coneBits(b.px, b.py, ra, b.vx, b.vy, ra, rb, bit % 2 == 0 ? 0.04f : Float.POSITIVE_INFINITY, 0.5f, y, row, 31 - bit, 1, 1 + n);
            }
            assertArrayEquals(x, y, "n = " + n);
            assertEquals(0, x[0], "sentinel lane untouched");
            int set = 0;
            for (int w : x) set += Integer.bitCount(w);
            assertTrue(set > 0 && set < 60 * n, "some facts true, some false: " + set);
        }
    }

    @Test
    void scalarDistanceBitsFollowTheDefinition() {
        BodyBatch b = batch(13, 5);
        int[] bits = new int[b.stride];
        WorldKernels.scalar().distanceBits(b.px, b.py, 0, b.px, b.py, b.stride, 0.02f, false, bits, 0, 4, 0, 13);
        for (int e = 0; e < 13; e++) {
            double dx = b.px[e] - b.px[b.stride + e], dy = b.py[e] - b.py[b.stride + e];
            assertEquals(dx * dx + dy * dy < 0.02, (bits[e] & 16) != 0);
        }
    }

    @Test
    void backendNamesAreChecked() {
        assertEquals("scalar", WorldKernels.create("scalar").name());
        assertThrows(IllegalArgumentException.class, () -> WorldKernels.create("gpu"));
        assertThrows(IllegalArgumentException.class, () -> new BodyBatch(3, 4, 0, 8, 0.1f, 1e-3f, 100f, 0.05f, 0.04f, 0.15f, 1f, 2.5f));
    }

    @Test
    void goalTablesAndMovementGiveTheSameResultsAsTheScalarReference() {
        Assumptions.assumeTrue(WorldKernels.vectorApiAvailable(), "Vector API module absent");
        WorldKernels v = WorldKernels.create("panama"), s = WorldKernels.scalar();
        SplittableRandom r = new SplittableRandom(5);
        for (int n : SIZES) {
            int stride = n + 16, clauses = 1 + r.nextInt(3), atoms = 1 + r.nextInt(3), goals = 9;
            int per = clauses * atoms * WorldKernels.GOAL_ATOM;
            for (int words = 1; words <= 4; words++) {
                int[] bits = new int[4 * stride], table = new int[goals * per], row = new int[stride];
                for (int i = 0; i < bits.length; i++) bits[i] = r.nextInt() & r.nextInt() & r.nextInt(); // sparse bits
                for (int i = 0; i < table.length; i++)
                    table[i] = i % WorldKernels.GOAL_ATOM == 4 ? r.nextInt(2) : (r.nextInt(3) == 0 ? 1 << r.nextInt(32) : 0);
                for (int e = 0; e < n; e++) row[e] = r.nextInt(goals) * per;
                float[] a = new float[n + 3], b = new float[n + 3];
                a[n + 2] = b[n + 2] = 7f; // sentinel past the range
                v.goals(bits, stride, words, table, row, clauses, atoms, a, 2, 0, n);
                s.goals(bits, stride, words, table, row, clauses, atoms, b, 2, 0, n);
                assertArrayEquals(b, a, "n " + n + " words " + words);
                assertEquals(7f, a[n + 2]);
                int ones = 0;
                for (float x : b) ones += x == 1f ? 1 : 0;
                if (n >= 207) assertTrue(ones > 0 && ones < n, "both outcomes occur: " + ones + " of " + n);
            }
            // movement of player row 1 (of 3) with random actions, player counts and facings
            BodyBatch bv = batch(n, 3), bs = batch(n, 3);
            int[] act = new int[n], np = new int[n];
            float[] dx = {0f, 1f, -1f, 0f, 0f, 0f, 0f}, dy = {0f, 0f, 0f, 1f, -1f, 0f, 0f}, idle = {1f, 0f, 0f, 0f, 0f, 1f, 1f};
            float[] hxv = new float[3 * bv.stride], hyv = new float[3 * bv.stride];
            for (int i = 0; i < hxv.length; i++) { hxv[i] = (float) r.nextDouble(); hyv[i] = (float) r.nextDouble(); }
            float[] hxs = hxv.clone(), hys = hyv.clone();
            for (int e = 0; e < n; e++) { act[e] = r.nextInt(dx.length); np[e] = 1 + r.nextInt(3); }
            v.move(bv, 1, act, 0, np, hxv, hyv, dx, dy, idle, 5f, 0, n);
            s.move(bs, 1, act, 0, np, hxs, hys, dx, dy, idle, 5f, 0, n);
            assertArrayEquals(bs.fx, bv.fx);
            assertArrayEquals(bs.fy, bv.fy);
            assertArrayEquals(hxs, hxv);
            assertArrayEquals(hys, hyv);
        }
    }
}
