package org.flatworld.mpe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import java.util.stream.Stream;
import org.flatworld.env.VecEnv;
import org.flatworld.kernels.physics.PhysicsKernels;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The float32 Vector API batch against every recorded MPE2 episode: all episodes of a file run side
 * by side as the environments of one batch (2 threads); observations and rewards within 1e−4.
 *
 * <p>Some recorded trajectories are ill-conditioned: in {@code simple_spread} N=6 with the
 * "towards the centre" policy six agents pile up in stiff contacts (contact margin 1e−3), and a
 * relative perturbation of 3e−8 per step (float32 storage) grows to 1e−4…2e−4 in the double
 * reference itself. No float32-state implementation can stay within 1e−4 there, so the tolerance
 * of each value is max(1e−4, 3 × its float32 noise floor), the floor being the largest deviation of
 * the double reference over {@value #ENSEMBLE} runs perturbed that way (seeded: reproducible). On
 * well-conditioned steps the floor is ~1e−7 and the bound is the plain 1e−4.
 */
class MpeBatchConformanceTest {
    static Stream<String> files() throws IOException { return MpeFixtureConformanceTest.files(); }

    static final int ENSEMBLE = 8;

    /** floor[k][t][agent][j]: float32 noise floor of observation j (t = 0 is the initial one); rewards at j = obsDim. */
    static double[][][][] noiseFloor(List<MpeRecording.Episode> eps, MpeLayout l) {
        int n = l.numAgents(), steps = eps.get(0).steps().size(), w = l.maxObsDim() + 1;
        double[][][][] floor = new double[eps.size()][steps + 1][n][w];
        for (int k = 0; k < eps.size(); k++) {
            MpeRecording.Episode ep = eps.get(k);
            MpeReference exact = MpeRecording.start(ep);
            MpeReference[] noisy = new MpeReference[ENSEMBLE];
            java.util.SplittableRandom[] rng = new java.util.SplittableRandom[ENSEMBLE];
            for (int s = 0; s < ENSEMBLE; s++) { noisy[s] = MpeRecording.start(ep); rng[s] = new java.util.SplittableRandom(1000 + s); }
            for (int t = 0; t < steps; t++) {
                MpeRecording.apply(exact, ep, ep.steps().get(t));
                double[] re = exact.rewards();
                for (int s = 0; s < ENSEMBLE; s++) {
                    MpeRecording.apply(noisy[s], ep, ep.steps().get(t));
                    double[] rs = noisy[s].rewards();
                    for (int a = 0; a < n; a++) {
                        double[] oe = exact.observation(a), os = noisy[s].observation(a);
                        for (int j = 0; j < oe.length; j++) floor[k][t + 1][a][j] = Math.max(floor[k][t + 1][a][j], Math.abs(oe[j] - os[j]));
                        floor[k][t + 1][a][w - 1] = Math.max(floor[k][t + 1][a][w - 1], Math.abs(re[a] - rs[a]));
                    }
                    var world = noisy[s].world();
                    for (int e = 0; e < world.entities(); e++) { // relative float32-sized noise on the state
                        world.px[e] *= 1 + 3e-8 * rng[s].nextDouble(-1, 1);
                        world.py[e] *= 1 + 3e-8 * rng[s].nextDouble(-1, 1);
                        world.vx[e] *= 1 + 3e-8 * rng[s].nextDouble(-1, 1);
                        world.vy[e] *= 1 + 3e-8 * rng[s].nextDouble(-1, 1);
                    }
                }
            }
        }
        return floor;
    }

    static double tol(double floor) { return Math.max(1e-4, 3 * floor); }

    @ParameterizedTest
    @MethodSource("files")
    void vectorBatchReproducesRecordedEpisodes(String file) throws IOException {
        List<MpeRecording.Episode> eps = MpeFixtureConformanceTest.load(file);
        MpeRecording.Episode first = eps.get(0);
        MpeLayout l = MpeRecording.layout(first);
        int envs = eps.size(), n = l.numAgents();
        boolean continuous = first.continuous();
        java.util.Map<String, Object> kw = new java.util.HashMap<>(first.kwargs());
        kw.remove("continuous_actions");
        double[][][][] floor = noiseFloor(eps, l);
        try (MpeVecEnv env = MpeEnvs.create(first.scenario(), kw, envs, 2, PhysicsKernels.create("panama"))) {
            int d = env.obsDim(), width = 5 + l.dimC();
            for (int k = 0; k < envs; k++) env.load(k, MpeRecording.start(eps.get(k)));
            float[] obs = new float[envs * n * d], rew = new float[envs * n], cont = new float[envs * n * width];
            int[] act = new int[envs * n];
            byte[] done = new byte[envs];
            env.observe(obs);
            check(eps, l, obs, d, -1, null, floor, file + " initial");
            int steps = eps.get(0).steps().size();
            for (int t = 0; t < steps; t++) {
                for (int k = 0; k < envs; k++) {
                    JsonNode a = eps.get(k).steps().get(t).json().path("actions");
                    for (int i = 0; i < n; i++) {
                        JsonNode v = a.path(l.entityName(i));
                        if (continuous) for (int j = 0; j < v.size(); j++) cont[(k * n + i) * width + j] = (float) v.get(j).asDouble();
                        else act[k * n + i] = v.asInt();
                    }
                }
                if (continuous) env.stepContinuous(cont, width, rew, done);
                else env.step(act, rew, done);
                env.observe(obs);
                boolean last = t == steps - 1;
                for (int k = 0; k < envs; k++) assertEquals(last ? VecEnv.TRUNCATED : 0, done[k], file + " done flag at t " + (t + 1));
                // after the last step the batch has auto-reset: only rewards are comparable
                check(eps, l, last ? null : obs, d, t, rew, floor, file + " t " + (t + 1));
            }
        }
    }

    private static void check(List<MpeRecording.Episode> eps, MpeLayout l, float[] obs, int d, int t, float[] rew,
                              double[][][][] floor, String where) {
        int n = l.numAgents();
        for (int k = 0; k < eps.size(); k++) {
            JsonNode rec = t < 0 ? eps.get(k).header().path("initial_obs") : eps.get(k).steps().get(t).json().path("obs");
            for (int a = 0; a < n; a++) {
                String name = l.entityName(a);
                if (obs != null) {
                    JsonNode want = rec.path(name);
                    for (int j = 0; j < want.size(); j++) {
                        double w = want.get(j).asDouble(), g = obs[(k * n + a) * d + j];
                        assertTrue(Math.abs(w - g) <= tol(floor[k][t + 1][a][j]), where + " ep " + k + " " + name + " obs[" + j + "]: recorded " + w + ", batch " + g);
                    }
                    for (int j = want.size(); j < d; j++) assertEquals(0f, obs[(k * n + a) * d + j], "padding");
                }
                if (rew != null) {
                    double w = eps.get(k).steps().get(t).json().path("rewards").path(name).asDouble();
                    assertTrue(Math.abs(w - rew[k * n + a]) <= tol(floor[k][t + 1][a][l.maxObsDim()]), where + " ep " + k + " reward of " + name + ": recorded " + w + ", batch " + rew[k * n + a]);
                }
            }
        }
    }
}
