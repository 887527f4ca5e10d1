package org.flatworld.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The scalar twin of the CUDA simple_spread kernel reproduces the MPE2 reference episodes
 * (../shared/fixtures/mpe), and its reset generator is deterministic and in range. The device
 * kernel is compared with this reference by DeviceCheck on a GPU.
 */
class SpreadReferenceTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void replaysTheMpeReferenceEpisodes() throws Exception {
        String shared = System.getProperty("flatworld.shared");
        Assumptions.assumeTrue(shared != null, "flatworld.shared not set");
        Path file = Path.of(shared, "fixtures/mpe/simple_spread_N3_discrete.jsonl");
        Assumptions.assumeTrue(Files.exists(file), "fixture missing: " + file);
        SpreadConfig c = new SpreadConfig(3, 3, 0.1f, 0.25f, 100f, 1e-3f, 5f, 0.15f, 1f, 0.5f, 1000);
        int n = 3, dim = c.obsDim();
        String[] names = {"agent_0", "agent_1", "agent_2"};
        float[] pos = new float[6], vel = new float[6], lm = new float[6], obs = new float[n * dim], rew = new float[n];
        int[] t = new int[1], ep = new int[1], actions = new int[n];
        byte[] done = new byte[1];
        int episodes = 0, steps = 0;
        double worstObs = 0, worstRew = 0;
        List<String> lines = Files.readAllLines(file);
        for (String line : lines) {
            JsonNode j = JSON.readTree(line);
            if (j.get("type").asText().equals("episode")) {
                episodes++;
                assertEquals(dim, j.get("obs_dims").get("agent_0").asInt(), "observation size");
                JsonNode world = j.get("world");
                assertEquals(c.dt(), (float) world.get("dt").asDouble());
                assertEquals(c.damping(), (float) world.get("damping").asDouble());
                assertEquals(c.localRatio(), (float) world.get("local_ratio").asDouble());
                JsonNode agents = j.get("initial_state").get("agents"), marks = j.get("initial_state").get("landmarks");
                for (int a = 0; a < n; a++) {
                    assertEquals(c.agentSize(), (float) agents.get(a).get("size").asDouble());
                    for (int d = 0; d < 2; d++) {
                        pos[a * 2 + d] = (float) agents.get(a).get("pos").get(d).asDouble();
                        vel[a * 2 + d] = (float) agents.get(a).get("vel").get(d).asDouble();
                        lm[a * 2 + d] = (float) marks.get(a).get("pos").get(d).asDouble();
                    }
                }
                t[0] = 0;
                ep[0] = 0;
                SpreadReference.observe(c, 1, 0, pos, vel, lm, obs);
                worstObs = Math.max(worstObs, diff(obs, j.get("initial_obs"), names, dim));
            } else {
                for (int a = 0; a < n; a++) actions[a] = j.get("actions").get(names[a]).asInt();
                SpreadReference.step(c, 1, 0, pos, vel, lm, t, ep, actions, rew, done, obs);
                worstObs = Math.max(worstObs, diff(obs, j.get("obs"), names, dim));
                for (int a = 0; a < n; a++)
                    worstRew = Math.max(worstRew, Math.abs(rew[a] - j.get("rewards").get(names[a]).asDouble()));
                steps++;
            }
        }
        assertTrue(episodes >= 2 && steps >= 25 * episodes, episodes + " episodes, " + steps + " steps");
        // float32 against MPE's float64 over 25 steps
        assertTrue(worstObs < 1e-4, "worst observation error " + worstObs);
        assertTrue(worstRew < 1e-4, "worst reward error " + worstRew);
    }

    private static double diff(float[] obs, JsonNode want, String[] names, int dim) {
        double worst = 0;
        for (int a = 0; a < names.length; a++) {
            JsonNode w = want.get(names[a]);
            assertEquals(dim, w.size());
            for (int i = 0; i < dim; i++) worst = Math.max(worst, Math.abs(obs[a * dim + i] - w.get(i).asDouble()));
        }
        return worst;
    }

    @Test
    void episodesTruncateAtTheHorizonAndResetDeterministically() {
        SpreadConfig c = SpreadConfig.simpleSpread(3);
        int envs = 37, n = 3;
        float[] pos = new float[n * 2 * envs], vel = new float[pos.length], lm = new float[pos.length];
        float[] pos2 = new float[pos.length], vel2 = new float[pos.length], lm2 = new float[pos.length];
        int[] t = new int[envs], ep = new int[envs], t2 = new int[envs], ep2 = new int[envs];
        float[] obs = new float[envs * n * c.obsDim()], obs2 = new float[obs.length], rew = new float[envs * n];
        SpreadReference.reset(c, envs, 99, pos, vel, lm, t, ep, obs);
        SpreadReference.reset(c, envs, 99, pos2, vel2, lm2, t2, ep2, obs2);
        assertArrayEquals(obs, obs2, "same seed, same first observation");
        for (float p : pos) assertTrue(p >= -1f && p < 1f, "position " + p + " in [−1, 1)");
        SpreadReference.reset(c, envs, 100, pos2, vel2, lm2, t2, ep2, obs2);
        assertTrue(!java.util.Arrays.equals(pos, pos2), "another seed, other positions");
        int[] actions = new int[envs * n];
        byte[] done = new byte[envs];
        for (int step = 1; step <= c.horizon(); step++) {
            for (int i = 0; i < actions.length; i++) actions[i] = (i + step) % 5;
            SpreadReference.step(c, envs, 99, pos, vel, lm, t, ep, actions, rew, done, obs);
            for (int e = 0; e < envs; e++) assertEquals(step == c.horizon() ? 2 : 0, done[e], "done at step " + step);
        }
        for (int e = 0; e < envs; e++) {
            assertEquals(0, t[e]);
            assertEquals(1, ep[e]);
        }
        // the observation after the truncating step is the new episode's first: zero velocities
        for (int e = 0; e < envs; e++) for (int a = 0; a < n; a++) assertEquals(0f, obs[(e * n + a) * c.obsDim()]);
    }
}
