package org.flatworld.cuda;

/**
 * The scalar float32 reference of the device simple_spread kernels (pointmass.cuh), on the same
 * host-side structure-of-arrays layout as {@link DeviceSpreadEnv}, with the same counter-based
 * reset generator ({@link #uniform}), so the device can be compared with it element by element.
 * SpreadReferenceTest replays the MPE2 reference episodes (../shared/fixtures/mpe) through it,
 * which pins down the physics the CUDA kernel transcribes.
 */
public final class SpreadReference {
    private SpreadReference() {}

    /** SplitMix64's finaliser, as fw_mix64. */
    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** fw_uniform: a float in [0, 1) with 24 random bits, a pure function of (key, counter). */
    public static float uniform(long key, long counter) {
        long z = mix64(key * 0x9E3779B97F4A7C15L + mix64(counter + 0x632BE59BD9B4E019L));
        return (float) (z >>> 40) * (1.0f / 16777216.0f);
    }

    /** fw_spread_reset_env for environment e at episode {@code episode}. */
    public static void resetEnv(SpreadConfig c, int envs, int e, long seed, int episode, float[] pos, float[] vel, float[] lm) {
        long key = seed + e, base = (long) episode << 8;
        for (int a = 0; a < c.agents(); a++)
            for (int d = 0; d < 2; d++) {
                pos[(a * 2 + d) * envs + e] = 2f * uniform(key, base + a * 2 + d) - 1f;
                vel[(a * 2 + d) * envs + e] = 0f;
            }
        for (int k = 0; k < c.landmarks(); k++)
            for (int d = 0; d < 2; d++) lm[(k * 2 + d) * envs + e] = 2f * uniform(key, base + 128 + k * 2 + d) - 1f;
    }

    /** fw_spread_reset: every environment at episode 0, t = 0; writes obs when non-null. */
    public static void reset(SpreadConfig c, int envs, long seed, float[] pos, float[] vel, float[] lm, int[] t, int[] ep, float[] obs) {
        for (int e = 0; e < envs; e++) {
            t[e] = 0;
            ep[e] = 0;
            resetEnv(c, envs, e, seed, 0, pos, vel, lm);
            if (obs != null) observe(c, envs, e, pos, vel, lm, obs);
        }
    }

    /** Observation of every agent of environment e, from the state arrays. */
    public static void observe(SpreadConfig c, int envs, int e, float[] pos, float[] vel, float[] lm, float[] obs) {
        int n = c.agents(), l = c.landmarks(), dim = c.obsDim();
        for (int a = 0; a < n; a++) {
            int o = (e * n + a) * dim;
            float px = pos[(a * 2) * envs + e], py = pos[(a * 2 + 1) * envs + e];
            obs[o++] = vel[(a * 2) * envs + e];
            obs[o++] = vel[(a * 2 + 1) * envs + e];
            obs[o++] = px;
            obs[o++] = py;
            for (int k = 0; k < l; k++) {
                obs[o++] = lm[(k * 2) * envs + e] - px;
                obs[o++] = lm[(k * 2 + 1) * envs + e] - py;
            }
            for (int b = 0; b < n; b++) {
                if (b == a) continue;
                obs[o++] = pos[(b * 2) * envs + e] - px;
                obs[o++] = pos[(b * 2 + 1) * envs + e] - py;
            }
            for (int b = 0; b < 2 * (n - 1); b++) obs[o++] = 0f;
        }
    }

    /**
     * fw_spread_step for every environment: actions (E, N), rewards (E, N), done (E), obs (E, N,
     * obsDim) or null. Same float32 expressions in the same order as the kernel.
     */
    public static void step(SpreadConfig c, int envs, long seed, float[] pos, float[] vel, float[] lm, int[] t, int[] ep,
                            int[] actions, float[] rewards, byte[] done, float[] obs) {
        int n = c.agents(), l = c.landmarks();
        float[] px = new float[n], py = new float[n], vx = new float[n], vy = new float[n], fx = new float[n], fy = new float[n];
        float dMin = 2f * c.agentSize();
        for (int e = 0; e < envs; e++) {
            for (int a = 0; a < n; a++) {
                px[a] = pos[(a * 2) * envs + e];
                py[a] = pos[(a * 2 + 1) * envs + e];
                vx[a] = vel[(a * 2) * envs + e];
                vy[a] = vel[(a * 2 + 1) * envs + e];
                int act = actions[e * n + a] % 5;
                fx[a] = act == 1 ? -c.accel() : act == 2 ? c.accel() : 0f;
                fy[a] = act == 3 ? -c.accel() : act == 4 ? c.accel() : 0f;
            }
            for (int i = 0; i < n; i++)
                for (int j = i + 1; j < n; j++) {
                    float dx = px[i] - px[j], dy = py[i] - py[j];
                    float d = (float) Math.sqrt(dx * dx + dy * dy);
                    if (d > 0f) {
                        // penetration = k·softplus(−(d − dMin)/k), softplus(z) = max(z, 0) + log1p(exp(−|z|))
                        float z = -(d - dMin) / c.contactMargin();
                        float pen = c.contactMargin() * (Math.max(z, 0f) + (float) Math.log1p((float) Math.exp(-Math.abs(z))));
                        float s = c.contactForce() * pen / d;
                        fx[i] += s * dx;
                        fy[i] += s * dy;
                        fx[j] -= s * dx;
                        fy[j] -= s * dy;
                    }
                }
            for (int a = 0; a < n; a++) {
                px[a] += vx[a] * c.dt();
                py[a] += vy[a] * c.dt();
                vx[a] = vx[a] * (1f - c.damping()) + fx[a] / c.mass() * c.dt();
                vy[a] = vy[a] * (1f - c.damping()) + fy[a] / c.mass() * c.dt();
            }
            float global = 0f;
            for (int k = 0; k < l; k++) {
                float best = 0f;
                float lx = lm[(k * 2) * envs + e], ly = lm[(k * 2 + 1) * envs + e];
                for (int a = 0; a < n; a++) {
                    float dx = px[a] - lx, dy = py[a] - ly;
                    float d = (float) Math.sqrt(dx * dx + dy * dy);
                    best = a == 0 ? d : Math.min(best, d);
                }
                global -= best;
            }
            for (int a = 0; a < n; a++) {
                float local = 0f;
                for (int b = 0; b < n; b++) {
                    if (b == a) continue;
                    float dx = px[a] - px[b], dy = py[a] - py[b];
                    if ((float) Math.sqrt(dx * dx + dy * dy) < dMin) local -= 1f;
                }
                rewards[e * n + a] = global * (1f - c.localRatio()) + local * c.localRatio();
            }
            int steps = t[e] + 1;
            if (steps >= c.horizon()) {
                ep[e]++;
                t[e] = 0;
                done[e] = 2;
                resetEnv(c, envs, e, seed, ep[e], pos, vel, lm);
            } else {
                t[e] = steps;
                done[e] = 0;
                for (int a = 0; a < n; a++) {
                    pos[(a * 2) * envs + e] = px[a];
                    pos[(a * 2 + 1) * envs + e] = py[a];
                    vel[(a * 2) * envs + e] = vx[a];
                    vel[(a * 2 + 1) * envs + e] = vy[a];
                }
            }
            if (obs != null) observe(c, envs, e, pos, vel, lm, obs);
        }
    }
}
