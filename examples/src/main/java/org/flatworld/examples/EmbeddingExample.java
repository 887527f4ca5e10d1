package org.flatworld.examples;

import java.util.SplittableRandom;
import org.flatworld.env.Policy;
import org.flatworld.env.VecEnv;
import org.flatworld.kernels.FlopCategory;
import org.flatworld.kernels.FlopLedger;
import org.flatworld.train.CueEnv;
import org.flatworld.train.TrainConfig;
import org.flatworld.train.TrainResult;
import org.flatworld.train.Trainer;

/**
 * Embedding the engine in a JVM program: build a batched environment, step it with a policy of
 * your own, then train a network on the same environment with the library API and step it again
 * with the trained policy. Returns of both are printed (and returned, for the test).
 */
public final class EmbeddingExample {
    private EmbeddingExample() {}

    /** A policy of our own: always action 0 (a cue env pays it on ¼ of the steps). */
    static final class AlwaysZero implements Policy {
        private final int obsDim, actions;

        AlwaysZero(int obsDim, int actions) {
            this.obsDim = obsDim;
            this.actions = actions;
        }

        @Override public int obsDim() { return obsDim; }

        @Override public int numActions() { return actions; }

        @Override
        public Actor actor(int rows, FlopLedger.Counter flops) {
            return (obs, out, greedy, rng) -> java.util.Arrays.fill(out, 0, rows, 0);
        }
    }

    /** Mean reward per agent-step of {@code policy} over {@code steps} steps of every environment. */
    public static double meanReward(VecEnv env, Policy policy, int steps, FlopLedger.Counter flops) {
        int rows = env.numEnvs() * env.numAgents();
        float[] obs = new float[rows * env.obsDim()];   // (envs, agents, obsDim)
        float[] rewards = new float[rows];              // (envs, agents)
        byte[] done = new byte[env.numEnvs()];          // (envs)
        int[] actions = new int[rows];                  // (envs, agents)
        Policy.Actor actor = policy.actor(rows, flops);
        SplittableRandom rng = new SplittableRandom(7);
        env.reset(123);
        double sum = 0;
        for (int t = 0; t < steps; t++) {
            env.observe(obs);
            actor.act(obs, actions, true, rng);
            env.step(actions, rewards, done);
            for (int i = 0; i < rows; i++) sum += rewards[i];
            for (int e = 0; e < env.numEnvs(); e++)
                if (done[e] != 0) for (int a = 0; a < env.numAgents(); a++) actor.reset(e * env.numAgents() + a);
        }
        return sum / ((double) steps * rows);
    }

    /** Runs the example; returns {before, after} mean rewards per step. */
    public static double[] run(long agentSteps) {
        try (VecEnv env = new CueEnv(32, 4, 8, 8)) {   // 32 envs, 4 cues, 8-step episodes, cue always visible
            FlopLedger ledger = new FlopLedger();
            env.setFlopCounter(ledger.counter(FlopCategory.SIM));
            double before = meanReward(env, new AlwaysZero(env.obsDim(), env.numActions()), 64, ledger.counter(FlopCategory.EVAL));

            TrainConfig cfg = TrainConfig.preset("smoke").withSet("totalAgentSteps", Long.toString(agentSteps));
            TrainResult r = Trainer.train(cfg, env, null, (p, policy) -> false);

            env.setFlopCounter(ledger.counter(FlopCategory.EVAL));
            double after = meanReward(env, r.policy(), 64, ledger.counter(FlopCategory.EVAL));
            System.out.printf("own policy: %.3f reward/step; trained (%d params, %,d agent-steps): %.3f reward/step; eval %s%n",
                    before, r.paramCount(), r.progress().globalStep(), after, ledger);
            return new double[] {before, after};
        }
    }

    public static void main(String[] args) {
        run(args.length > 0 ? Long.parseLong(args[0]) : 40_000);
    }
}
