package org.flatworld.mpe;

import java.util.SplittableRandom;
import org.flatworld.kernels.physics.PhysicsFlops;
import org.flatworld.kernels.physics.PhysicsKernels;
import org.flatworld.kernels.physics.PointMassBatch;

/**
 * MPE {@code simple_spread} (cooperative navigation, Lowe et al. 2017) with N agents and N
 * landmarks, discrete actions. Agents (size 0.15, collide) must cover the landmarks (size 0.05, no
 * collision) without bumping into each other.
 * <ul>
 *   <li>Reset: every agent, then every landmark, at uniform [−1, 1]², velocities 0.</li>
 *   <li>Reward: g·(1 − localRatio) + l_i·localRatio, g = −Σ_landmarks min_agents distance,
 *       l_i = −(number of other agents agent i collides with).</li>
 *   <li>Observation (4N + 2 + 2(N−1) floats): own velocity, own position, landmark positions relative
 *       to the agent, other agents' relative positions, other agents' communication (always 0: agents are silent).</li>
 * </ul>
 */
final class SpreadScenario extends BatchScenario {
    static final int DIM_C = 2, MOVES = MpeLayout.MOVES;

    private final int n, maxCycles;
    private final float localRatio;
    private final float[] accel;
    private int stride;
    private int[] move;      // (agents, stride) all zero: the no-op moves of padding lanes
    private float[] hits;    // (agents, stride) collisions per agent
    private final ThreadLocal<float[]> scratch; // (4N) per observing thread

    /** @param layout a {@code simple_spread} layout ({@link MpeLayout#of}) */
    public SpreadScenario(MpeLayout layout, PhysicsKernels kernels) {
        super(layout, kernels);
        if (layout.kind() != MpeLayout.Kind.SPREAD)
            throw new IllegalArgumentException("SpreadScenario needs a simple_spread layout, got " + layout.scenario());
        this.n = layout.numAgents();
        this.localRatio = (float) layout.localRatio();
        this.maxCycles = layout.maxCycles();
        this.accel = layout.accelFloat();
        int e4 = 4 * n;
        this.scratch = ThreadLocal.withInitial(() -> new float[e4]);
    }


    @Override public String name() { return "simple_spread"; }

    @Override public int numAgents() { return n; }

    @Override public int obsDim() { return 4 + 2 * n + 2 * (n - 1) + DIM_C * (n - 1); }

    @Override public int numActions() { return MOVES; }

    @Override public int maxCycles() { return maxCycles; }

    @Override
    protected void allocate(PointMassBatch b) {
        stride = b.stride();
        move = new int[n * stride];
        hits = new float[n * stride];
    }

    @Override
    protected void reset(PointMassBatch b, int env, SplittableRandom rng) {
        for (int e = 0; e < 2 * n; e++) { // agents, then landmarks, x then y: MPE's draw order
            int k = b.at(e, env);
            b.px[k] = (float) rng.nextDouble(-1.0, 1.0);
            b.py[k] = (float) rng.nextDouble(-1.0, 1.0);
            b.vx[k] = 0f;
            b.vy[k] = 0f;
        }
    }

    @Override
    protected void applyActions(PointMassBatch b, int[] actions, int numEnvs, int from, int to) {
        int end = Math.min(to, numEnvs);
        if (from < end) {
            int bad = kernels.interleavedDiscreteForces(spec, b, actions, accel, n, from, end);
            if (bad >= 0)
                throw new IllegalArgumentException("action of env " + bad / n + " agent " + bad % n + " must be in [0, 5), got " + actions[bad]);
        }
        if (end < to) kernels.discreteForces(spec, b, move, accel, n, Math.max(from, end), to); // padding lanes: no-op moves
    }

    /** Actions, physics and rewards in one kernel call ({@link PhysicsKernels#spreadStep}: fused where the kernels can). */
    @Override
    protected void stepBlock(PointMassBatch b, int[] actions, float[] rewards, int numEnvs, int from, int to) {
        int end = Math.min(to, numEnvs);
        if (from < end) {
            int bad = kernels.spreadStep(spec, b, actions, accel, n, localRatio, hits, rewards, from, end);
            if (bad >= 0)
                throw new IllegalArgumentException("action of env " + bad / n + " agent " + bad % n + " must be in [0, 5), got " + actions[bad]);
        }
        if (end < to) { // padding lanes: no-op moves, physics only
            int p = Math.max(from, end);
            kernels.discreteForces(spec, b, move, accel, n, p, to);
            kernels.step(spec, b, p, to);
        }
    }

    @Override
    protected void rewards(PointMassBatch b, float[] rewards, int numEnvs, int from, int to) {
        int end = Math.min(to, numEnvs);
        if (from < end) kernels.spreadRewards(spec, b, n, localRatio, hits, rewards, from, end);
    }

    @Override
    protected void observe(PointMassBatch b, float[] obs, int numEnvs, int from, int to) {
        if (n == 3) {
            observe3(b, obs, from, Math.min(to, numEnvs));
            return;
        }
        int s = stride, d = obsDim(), end = Math.min(to, numEnvs), e2 = 2 * n;
        float[] px = b.px, py = b.py, vx = b.vx, vy = b.vy;
        float[] q = scratch.get(); // one environment's positions: x of entity e at q[e], y at q[2N + e]
        for (int i = from; i < end; i++) {
            for (int e = 0, k = i; e < e2; e++, k += s) { q[e] = px[k]; q[e2 + e] = py[k]; }
            int o = i * n * d;
            for (int a = 0, k = i; a < n; a++, k += s, o += d) {
                float ax = q[a], ay = q[e2 + a];
                int w = o;
                obs[w] = vx[k];
                obs[w + 1] = vy[k];
                obs[w + 2] = ax;
                obs[w + 3] = ay;
                w += 4;
                for (int l = n; l < e2; l++, w += 2) { obs[w] = q[l] - ax; obs[w + 1] = q[e2 + l] - ay; }
                for (int j = 0; j < n; j++) {
                    if (j == a) continue;
                    obs[w] = q[j] - ax;
                    obs[w + 1] = q[e2 + j] - ay;
                    w += 2;
                }
                java.util.Arrays.fill(obs, w, o + d, 0f); // silent agents' communication
            }
        }
    }

    /**
     * {@link #observe} for N = 3 in straight-line code: the 18 positions and velocities of an
     * environment in locals, its 3 × 18 observation floats written with constant offsets (one bounds
     * check for the row instead of one per store, no scratch array, no fill call). Same values in the
     * same order as the general loop: ≈ 3× faster (115 → 31–37 ns per env, wall, loaded; docs/PERFORMANCE.md).
     */
    private void observe3(PointMassBatch b, float[] obs, int from, int end) {
        int s = stride, r1 = s, r2 = 2 * s, r3 = 3 * s, r4 = 4 * s, r5 = 5 * s;
        float[] px = b.px, py = b.py, vx = b.vx, vy = b.vy;
        for (int i = from; i < end; i++) {
            float x0 = px[i], y0 = py[i], x1 = px[r1 + i], y1 = py[r1 + i], x2 = px[r2 + i], y2 = py[r2 + i];
            float l0x = px[r3 + i], l0y = py[r3 + i], l1x = px[r4 + i], l1y = py[r4 + i], l2x = px[r5 + i], l2y = py[r5 + i];
            int o = i * 54;
            // agent 0: own v, own p, landmarks − p, agents 1, 2 − p, 4 zeros (silent agents' communication)
            obs[o] = vx[i]; obs[o + 1] = vy[i]; obs[o + 2] = x0; obs[o + 3] = y0;
            obs[o + 4] = l0x - x0; obs[o + 5] = l0y - y0; obs[o + 6] = l1x - x0; obs[o + 7] = l1y - y0;
            obs[o + 8] = l2x - x0; obs[o + 9] = l2y - y0; obs[o + 10] = x1 - x0; obs[o + 11] = y1 - y0;
            obs[o + 12] = x2 - x0; obs[o + 13] = y2 - y0;
            obs[o + 14] = 0f; obs[o + 15] = 0f; obs[o + 16] = 0f; obs[o + 17] = 0f;
            // agent 1: agents 0, 2 − p
            obs[o + 18] = vx[r1 + i]; obs[o + 19] = vy[r1 + i]; obs[o + 20] = x1; obs[o + 21] = y1;
            obs[o + 22] = l0x - x1; obs[o + 23] = l0y - y1; obs[o + 24] = l1x - x1; obs[o + 25] = l1y - y1;
            obs[o + 26] = l2x - x1; obs[o + 27] = l2y - y1; obs[o + 28] = x0 - x1; obs[o + 29] = y0 - y1;
            obs[o + 30] = x2 - x1; obs[o + 31] = y2 - y1;
            obs[o + 32] = 0f; obs[o + 33] = 0f; obs[o + 34] = 0f; obs[o + 35] = 0f;
            // agent 2: agents 0, 1 − p
            obs[o + 36] = vx[r2 + i]; obs[o + 37] = vy[r2 + i]; obs[o + 38] = x2; obs[o + 39] = y2;
            obs[o + 40] = l0x - x2; obs[o + 41] = l0y - y2; obs[o + 42] = l1x - x2; obs[o + 43] = l1y - y2;
            obs[o + 44] = l2x - x2; obs[o + 45] = l2y - y2; obs[o + 46] = x0 - x2; obs[o + 47] = y0 - y2;
            obs[o + 48] = x1 - x2; obs[o + 49] = y1 - y2;
            obs[o + 50] = 0f; obs[o + 51] = 0f; obs[o + 52] = 0f; obs[o + 53] = 0f;
        }
    }

    @Override
    public long stepFlops() {
        long nn = n;
        return 2 * nn                                    // u × accel per agent
                + PhysicsFlops.step(spec)                 // contacts among agents, integration
                + nn * nn * PhysicsFlops.DISTANCE         // agent–landmark distances
                + nn * (nn - 1) + nn                      // min over agents, subtract from g
                + nn * (nn - 1) * (PhysicsFlops.DISTANCE + 2) // agent–agent distance, compare, count
                + 3 * nn;                                 // g·(1 − r) + l·r
    }

    @Override
    public long stepTranscendentals() {
        long nn = n;
        return PhysicsFlops.stepTranscendentals(spec) + nn * nn + nn * (nn - 1);
    }

    @Override
    public long observeFlops() { return 2L * n * (2L * n - 1); } // relative positions

    @Override
    public long resetFlops() { return 2L * 2 * 2 * n; } // 4N coordinates × (u·2 − 1)

    /**
     * Scratch: none when the kernels fuse the step ({@link PhysicsKernels#fusesSpread}); otherwise the
     * agents' force rows (8 B each) and the hits rows the rewards pass through (4 B each).
     */
    @Override
    public StepBytes stepBytes() {
        StepBytes all = super.stepBytes();
        return new StepBytes(all.read(), all.written(), kernels.fusesSpread(spec, n) ? 0 : 12.0 * n);
    }
}
