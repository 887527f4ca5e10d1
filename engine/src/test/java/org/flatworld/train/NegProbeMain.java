package org.flatworld.train;

import org.flatworld.env.VecEnv;
import org.flatworld.kernels.FlopLedger;

/** Manual probe (not a test): the cue env with rewards shifted by a constant and a multi-step credit variant. */
public final class NegProbeMain {
    public static void main(String[] args) {
        float shift = Float.parseFloat(args[0]);
        int agents = Integer.parseInt(args[1]);
        TrainConfig c = TrainConfig.preset("smoke").withSet("algo", args[2]).withSet("totalAgentSteps", args[3]);
        for (int i = 4; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            c = c.withSet(kv[0], kv[1]);
        }
        CueEnv cue = new CueEnv(16, agents, 4, 8, 8);
        VecEnv env = new VecEnv() {
            @Override public int numEnvs() { return cue.numEnvs(); }
            @Override public int numAgents() { return cue.numAgents(); }
            @Override public int obsDim() { return cue.obsDim(); }
            @Override public int numActions() { return cue.numActions(); }
            @Override public void reset(long seed) { cue.reset(seed); }
            @Override public void observe(float[] obs) { cue.observe(obs); }
            @Override public void setFlopCounter(FlopLedger.Counter f) { cue.setFlopCounter(f); }
            @Override public void step(int[] a, float[] r, byte[] d) {
                cue.step(a, r, d);
                for (int i = 0; i < r.length; i++) r[i] += shift;
            }
        };
        TrainResult r = Trainer.train(c, env, null, TrainingListener.NONE);
        System.out.println("shift " + shift + " agents " + agents + " return " + r.progress().episodicReturn() + " (random " + (2 + 8 * shift) + ", best " + (8 + 8 * shift) + ")");
    }
}
