package org.flatworld.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TimeFeatureEnvTest {
    @Test
    void appendsElapsedFractionAndRestartsItAtEpisodeEnds() {
        CueEnv cue = new CueEnv(2, 2, 3, 4, 4); // 2 envs × 2 agents, horizon 4
        TimeFeatureEnv env = new TimeFeatureEnv(cue, 4);
        assertEquals(cue.obsDim() + 1, env.obsDim());
        float[] inner = new float[4 * cue.obsDim()], obs = new float[4 * env.obsDim()];
        float[] rew = new float[4];
        byte[] done = new byte[2];
        env.reset(1);
        for (int step = 0; step < 6; step++) {
            env.observe(obs);
            cue.observe(inner);
            for (int r = 0; r < 4; r++) {
                for (int j = 0; j < cue.obsDim(); j++) assertEquals(inner[r * cue.obsDim() + j], obs[r * env.obsDim() + j], 0f);
                assertEquals((step % 4) / 4f, obs[r * env.obsDim() + cue.obsDim()], 0f, "step " + step);
            }
            env.step(new int[4], rew, done);
        }
    }
}
