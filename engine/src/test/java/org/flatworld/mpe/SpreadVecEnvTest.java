package org.flatworld.mpe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.SplittableRandom;
import org.flatworld.env.VecEnv;
import org.flatworld.kernels.FlopCategory;
import org.flatworld.kernels.FlopLedger;
import org.flatworld.kernels.physics.PhysicsKernels;
import org.junit.jupiter.api.Test;

class SpreadVecEnvTest {

    /** Runs {@code steps} steps of seeded random actions; returns every observation and reward, concatenated. */
    private static float[] rollout(MpeVecEnv env, long seed, int steps) {
        int e = env.numEnvs(), n = env.numAgents(), d = env.obsDim();
        float[] obs = new float[e * n * d], rew = new float[e * n];
        int[] act = new int[e * n];
        byte[] done = new byte[e];
        float[] trace = new float[steps * (e * n * d + e * n)];
        SplittableRandom r = new SplittableRandom(seed);
        env.reset(seed);
        int o = 0;
        for (int t = 0; t < steps; t++) {
            for (int i = 0; i < act.length; i++) act[i] = r.nextInt(env.numActions());
            env.step(act, rew, done);
            env.observe(obs);
            System.arraycopy(obs, 0, trace, o, obs.length);
            o += obs.length;
            System.arraycopy(rew, 0, trace, o, rew.length);
            o += rew.length;
        }
        return trace;
    }

    @Test
    void sameSeedSameTrajectoryAndThreadCountDoesNotMatter() {
        try (MpeVecEnv one = MpeEnvs.create("simple_spread", Map.of("N", 3), 100, 1);
             MpeVecEnv two = MpeEnvs.create("simple_spread", Map.of("N", 3), 100, 2);
             MpeVecEnv again = MpeEnvs.create("simple_spread", Map.of("N", 3), 100, 1)) {
            float[] a = rollout(one, 7, 60), b = rollout(two, 7, 60), c = rollout(again, 7, 60);
            assertArrayEquals(a, b, "1 vs 2 threads must be bit-identical");
            assertArrayEquals(a, c, "same seed must be bit-identical");
            float[] other = rollout(again, 8, 60);
            assertTrue(!java.util.Arrays.equals(a, other), "another seed must differ");
        }
    }

    /** Largest |Δ| between two batches stepped in lockstep with the same random actions. */
    static double lockstep(MpeVecEnv x, MpeVecEnv y, long seed, int steps) {
        int e = x.numEnvs(), n = x.numAgents(), d = x.obsDim();
        float[] ox = new float[e * n * d], oy = new float[e * n * d], rx = new float[e * n], ry = new float[e * n];
        int[] act = new int[e * n];
        byte[] dx = new byte[e], dy = new byte[e];
        SplittableRandom r = new SplittableRandom(seed);
        x.reset(seed);
        y.reset(seed);
        double worst = 0;
        for (int t = 0; t < steps; t++) {
            for (int i = 0; i < act.length; i++) act[i] = r.nextInt(x.numActions(i % n));
            x.step(act, rx, dx);
            y.step(act, ry, dy);
            x.observe(ox);
            y.observe(oy);
            assertArrayEquals(dx, dy, "done flags at t " + t);
            for (int i = 0; i < ox.length; i++) worst = Math.max(worst, Math.abs(ox[i] - oy[i]));
            for (int i = 0; i < rx.length; i++) worst = Math.max(worst, Math.abs(rx[i] - ry[i]));
        }
        return worst;
    }

    @Test
    void vectorBatchMatchesScalarBatchOverThousandStepsForThousandEnvs() {
        try (MpeVecEnv v = MpeEnvs.create("simple_spread", Map.of("N", 3), 1000, 2, PhysicsKernels.create("panama"));
             MpeVecEnv s = MpeEnvs.create("simple_spread", Map.of("N", 3), 1000, 1, PhysicsKernels.scalar())) {
            double worst = lockstep(v, s, 3, 1000);
            assertTrue(worst <= 1e-5, "Vector API vs scalar float32: max |Δ| = " + worst);
        }
    }

    @Test
    void episodesTruncateAtMaxCyclesAndAutoReset() {
        try (MpeVecEnv env = MpeEnvs.create("simple_spread", Map.of("N", 2, "max_cycles", 5), 20, 1)) {
            int n = env.numAgents(), d = env.obsDim();
            assertEquals(4 + 4 + 2 + 2, d);
            float[] obs = new float[20 * n * d], before = new float[obs.length], rew = new float[20 * n];
            byte[] done = new byte[20];
            int[] act = new int[20 * n];
            env.reset(11);
            env.observe(before);
            for (int t = 1; t <= 5; t++) {
                env.step(act, rew, done);
                for (int i = 0; i < 20; i++) assertEquals(t == 5 ? VecEnv.TRUNCATED : 0, done[i], "t=" + t);
            }
            env.observe(obs);
            // after auto-reset the velocities are zero and positions are a fresh draw in [−1, 1]²
            for (int i = 0; i < 20 * n; i++) {
                assertEquals(0f, obs[i * d]);
                assertTrue(Math.abs(obs[i * d + 2]) <= 1f && Math.abs(obs[i * d + 3]) <= 1f);
            }
            assertTrue(!java.util.Arrays.equals(before, obs), "the second episode starts elsewhere");
        }
    }

    @Test
    void rewardsAndObservationsFollowTheDefinition() {
        try (MpeVecEnv env = MpeEnvs.create("simple_spread", Map.of(), 3, 1)) {
            var b = env.state();
            // env 0: agents at (0,0), (0.2,0), (1,1); landmarks at (0,0.5), (1,1), (−1,−1)
            float[][] pos = {{0, 0}, {0.2f, 0}, {1, 1}, {0, 0.5f}, {1, 1}, {-1, -1}};
            for (int e = 0; e < 6; e++) { b.px[b.at(e, 0)] = pos[e][0]; b.py[b.at(e, 0)] = pos[e][1]; b.vx[b.at(e, 0)] = 0; b.vy[b.at(e, 0)] = 0; }
            float[] rew = new float[9], obs = new float[3 * 3 * 18];
            env.step(new int[9], rew, new byte[3]);
            env.observe(obs);
            // agents 0 and 1 overlap (0.2 < 0.3): they get pushed apart by one step of contact force
            float x0 = b.px[b.at(0, 0)], x1 = b.px[b.at(1, 0)];
            assertEquals(0f, x0, 0f, "positions move with the old velocity (0)");
            float g = -(float) (Math.hypot(0 - x0, 0.5) + 0 + Math.hypot(-1 - x0, -1));
            assertEquals(0.5f * g - 0.5f, rew[0], 1e-5f, "agent 0: global part and one collision");
            assertEquals(0.5f * g - 0.5f, rew[1], 1e-5f);
            assertEquals(0.5f * g, rew[2], 1e-5f, "agent 2 collides with nobody");
            assertTrue(obs[0] < 0 && obs[18] > 0, "velocities after the push");
            assertEquals(x1 - x0, obs[10], 1e-6f, "agent 0 sees agent 1 relative");
            assertEquals(0.5f, obs[5], 1e-6f, "landmark 0 relative y");
        }
    }

    @Test
    void everyObservationEntryFollowsTheLayout() {
        for (int n : new int[] {3, 4}) { // N = 3 has its own straight-line path
            int envs = 37;
            try (MpeVecEnv env = MpeEnvs.create("simple_spread", Map.of("N", n), envs, 1)) {
                env.reset(5);
                int[] act = new int[envs * n];
                SplittableRandom r = new SplittableRandom(n);
                for (int t = 0; t < 4; t++) {
                    for (int i = 0; i < act.length; i++) act[i] = r.nextInt(5);
                    env.step(act, new float[envs * n], new byte[envs]);
                }
                int d = env.obsDim();
                float[] obs = new float[envs * n * d];
                env.observe(obs);
                var b = env.state();
                for (int i = 0; i < envs; i++)
                    for (int a = 0; a < n; a++) {
                        float[] want = new float[d];
                        float ax = b.px[b.at(a, i)], ay = b.py[b.at(a, i)];
                        int w = 0;
                        want[w++] = b.vx[b.at(a, i)];
                        want[w++] = b.vy[b.at(a, i)];
                        want[w++] = ax;
                        want[w++] = ay;
                        for (int l = n; l < 2 * n; l++) { want[w++] = b.px[b.at(l, i)] - ax; want[w++] = b.py[b.at(l, i)] - ay; }
                        for (int j = 0; j < n; j++)
                            if (j != a) { want[w++] = b.px[b.at(j, i)] - ax; want[w++] = b.py[b.at(j, i)] - ay; }
                        float[] got = java.util.Arrays.copyOfRange(obs, (i * n + a) * d, (i * n + a + 1) * d);
                        assertArrayEquals(want, got, "N=" + n + " env " + i + " agent " + a); // the rest: silent comm, 0
                    }
            }
        }
    }

    @Test
    void countsSimFlopsAnalytically() {
        FlopLedger ledger = new FlopLedger();
        try (MpeVecEnv env = MpeEnvs.create("simple_spread", Map.of("N", 3), 10, 1)) {
            env.setFlopCounter(ledger.counter(FlopCategory.SIM));
            env.step(new int[30], new float[30], new byte[10]);
            // N=3: 6 + (3 pairs·24 + 3·12) + 9·6 + 9 + 6·8 + 9 = 234 per env-step; transcendentals 3·3 + 9 + 6 = 24
            assertEquals(10 * 234L, ledger.flops(FlopCategory.SIM));
            assertEquals(10 * 24L, ledger.transcendentals(FlopCategory.SIM));
            env.observe(new float[10 * 3 * 18]);
            assertEquals(10 * (234L + 30), ledger.flops(FlopCategory.SIM));
        }
    }

    @Test
    void countsBytesPerEnvStepFromTheLayout() {
        for (int n : new int[] {1, 3, 6}) {
            try (MpeVecEnv env = MpeEnvs.create("simple_spread", Map.of("N", n), 40, 1)) {
                StepBytes b = env.stepBytes();
                // agents: p, v read and written (16 + 16 B); landmarks: p read (8 B); actions read, rewards written (4 B each)
                assertEquals(16.0 * n + 8.0 * n + 4.0 * n, b.read(), 1e-9, "N=" + n);
                // + the done byte and a reset of all 2N entities (16 B each) every 25 steps
                assertEquals(16.0 * n + 4.0 * n + 1 + 16.0 * 2 * n / 25, b.written(), 1e-9, "N=" + n);
                assertTrue(b.scratch() >= 0 && b.total() == b.compulsory() + b.scratch(), b.toString());
                StepBytes o = env.observeBytes(); // (agents, obsDim) floats out of 2N positions and N velocities
                assertEquals(4.0 * n * env.obsDim(), o.written(), 1e-9);
                assertEquals(8.0 * 2 * n + 8.0 * n, o.read(), 1e-9);
                assertEquals((long) Math.ceil(40 * b.plus(o).total()), env.workingSetBytes(true));
            }
        }
    }

    @Test
    void rejectsBadInput() {
        assertThrows(IllegalArgumentException.class, () -> MpeEnvs.create("simple_spreed", Map.of(), 4, 1));
        assertThrows(IllegalArgumentException.class, () -> MpeEnvs.create("simple_spread", Map.of("M", 3), 4, 1));
        assertThrows(IllegalArgumentException.class, () -> MpeEnvs.create("simple_spread", Map.of("N", 0), 4, 1));
        try (MpeVecEnv env = MpeEnvs.create("simple_spread", Map.of(), 4, 1)) {
            int[] act = new int[12];
            act[5] = 5;
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> env.step(act, new float[12], new byte[4]));
            assertTrue(e.getMessage().contains("[0, 5)"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> env.step(new int[3], new float[12], new byte[4]));
        }
    }
}
