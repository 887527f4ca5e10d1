package org.flatworld.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.flatworld.env.Policy;
import org.flatworld.env.VecEnv;
import org.flatworld.io.SafeTensors;
import org.flatworld.kernels.FlopCategory;
import org.flatworld.kernels.FlopLedger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files, determinism across thread counts, resume, divergence handling and the listener contract. */
class TrainerTest {
    @TempDir
    Path dir;

    private static TrainConfig small() {
        return TrainConfig.preset("smoke").withSet("totalAgentSteps", "6000").withSet("backend", "cpu").withSet("logEvery", "4");
    }

    @Test
    void sameSeedSameFilesWithOneAndTwoThreads() throws Exception {
        Path a = dir.resolve("t1"), b = dir.resolve("t2");
        Trainer.train(small().withSet("threads", "1"), a, TrainingListener.NONE);
        Trainer.train(small().withSet("threads", "2"), b, TrainingListener.NONE);
        assertArrayEquals(Files.readAllBytes(a.resolve("policy.safetensors")), Files.readAllBytes(b.resolve("policy.safetensors")));
        assertArrayEquals(Files.readAllBytes(a.resolve("trainer_state.safetensors")), Files.readAllBytes(b.resolve("trainer_state.safetensors")));
        assertEquals(withoutWallColumns(a.resolve("metrics.csv")), withoutWallColumns(b.resolve("metrics.csv")));
        for (String f : new String[] {"config.json", "metrics.csv", "policy.safetensors", "summary.json"})
            assertTrue(Files.exists(a.resolve(f)), f);
    }

    /** metrics.csv with wall_s, time_* and charts/SPS blanked. */
    static List<String> withoutWallColumns(Path csv) throws Exception {
        List<String> lines = Files.readAllLines(csv);
        String[] head = lines.get(0).split(",", -1);
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            String[] f = line.split(",", -1);
            for (int i = 0; i < f.length; i++)
                if (head[i].equals("wall_s") || head[i].startsWith("time_") || head[i].equals("charts/SPS")) f[i] = "";
            out.add(String.join(",", f));
        }
        assertTrue(out.size() > 2, "several metric rows");
        return out;
    }

    @Test
    void listenerStopsAndResumeContinuesFromTheCheckpoint() throws Exception {
        Path run = dir.resolve("r");
        TrainResult first = Trainer.train(small(), run, (p, policy) -> p.updates() >= 40);
        assertEquals("listener", first.stoppedBy());
        long stepsBefore = first.progress().globalStep();
        assertTrue(stepsBefore < 6000);
        TrainResult second = Trainer.train(small(), run, TrainingListener.NONE, true);
        assertTrue(second.progress().globalStep() >= 6000, "resumed to the budget");
        assertTrue(second.progress().updates() > first.progress().updates());
        assertTrue(second.ledger().trainingTotal() > first.ledger().trainingTotal(), "FLOP ledger carried over");
        List<String> rows = Files.readAllLines(run.resolve("metrics.csv"));
        long prev = -1;
        for (String r : rows.subList(1, rows.size())) {
            long step = Long.parseLong(r.substring(0, r.indexOf(',')));
            assertTrue(step > prev, "global_step increases across the resume: " + rows);
            prev = step;
        }
        // another config cannot resume this run
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Trainer.train(small().withSet("lr", "0.01"), run, TrainingListener.NONE, true));
        assertTrue(e.getMessage().contains("config hash"), e.getMessage());
    }

    @Test
    void listenerSeesProgressAndItsEvalFlopsStayOutOfTrainingFlops() {
        long[] seen = new long[2];
        TrainResult r = Trainer.train(small(), null, (p, policy) -> {
            FlopLedger.Counter eval = p.ledger().counter(FlopCategory.EVAL);
            Policy.Actor actor = policy.actor(2, eval);
            actor.act(new float[2 * policy.obsDim()], new int[2], true, new SplittableRandom(1));
            seen[0]++;
            seen[1] = p.trainingFlops();
            assertEquals(p.ledger().total() - p.ledger().flops(FlopCategory.EVAL), p.trainingFlops());
            return false;
        });
        assertTrue(seen[0] > 10);
        assertTrue(r.ledger().flops(FlopCategory.EVAL) > 0);
        assertEquals(seen[1], r.ledger().trainingTotal());
    }

    @Test
    void nonFiniteRewardStopsWithAClearMessageAndALoadableCheckpoint() throws Exception {
        Path run = dir.resolve("nan");
        TrainConfig cfg = small();
        CueEnv cue = new CueEnv(cfg.numEnvs(), 4, 8, 8);
        VecEnv poisoned = new VecEnv() {
            int steps;

            @Override public int numEnvs() { return cue.numEnvs(); }
            @Override public int numAgents() { return 1; }
            @Override public int obsDim() { return cue.obsDim(); }
            @Override public int numActions() { return cue.numActions(); }
            @Override public void reset(long seed) { cue.reset(seed); }
            @Override public void observe(float[] obs) { cue.observe(obs); }
            @Override public void setFlopCounter(FlopLedger.Counter c) { cue.setFlopCounter(c); }

            @Override
            public void step(int[] actions, float[] rewards, byte[] done) {
                cue.step(actions, rewards, done);
                if (++steps > 100) rewards[3] = Float.NaN;
            }
        };
        Files.createDirectories(run);
        Files.writeString(run.resolve("config.json"), cfg.toJson());
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> Trainer.train(cfg, poisoned, run, TrainingListener.NONE));
        assertTrue(e.getMessage().contains("NaN") && e.getMessage().contains("checkpoint"), e.getMessage());
        SafeTensors.Contents c = SafeTensors.read(run.resolve("policy.safetensors"));
        for (SafeTensors.Tensor t : c.tensors().values())
            for (float v : t.data()) assertTrue(Float.isFinite(v));
        Checkpoints.LoadedPolicy p = Checkpoints.loadPolicy(run);
        assertEquals(5, p.policy().obsDim());
    }

    @Test
    void loadedPolicyActsLikeTheTrainedOneAndOtherArchitecturesAreRefused() throws Exception {
        Path run = dir.resolve("load");
        TrainConfig cfg = TrainConfig.preset("smoke").withSet("backend", "cpu");
        Trainer.train(cfg, run, TrainingListener.NONE);
        Checkpoints.LoadedPolicy lp = Checkpoints.loadPolicy(run);
        assertEquals(cfg, lp.config());
        // the smoke policy has learned the cue: greedy actions equal the cue shown
        Policy.Actor actor = lp.policy().actor(4, FlopLedger.NONE);
        float[] obs = new float[4 * 5];
        for (int i = 0; i < 4; i++) obs[i * 5 + i] = 1f;
        int[] act = new int[4];
        actor.act(obs, act, true, new SplittableRandom(0));
        assertArrayEquals(new int[] {0, 1, 2, 3}, act);
        // a config.json of another architecture does not load these weights
        Files.writeString(run.resolve("config.json"), cfg.withSet("hidden", "16").toJson());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Checkpoints.loadPolicy(run));
        assertTrue(e.getMessage().contains("config hash"), e.getMessage());
    }
}
