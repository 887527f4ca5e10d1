package org.flatworld.train;

/** Manual probe (not a test): trains a preset with --set style overrides and prints metrics rows. */
public final class SpreadProbeMain {
    public static void main(String[] args) throws Exception {
        TrainConfig c = TrainConfig.preset(args[0]);
        for (int i = 2; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            c = c.withSet(kv[0], kv[1]);
        }
        java.nio.file.Path out = java.nio.file.Path.of(args[1]);
        TrainResult r = Trainer.train(c, out, TrainingListener.NONE);
        System.out.println("return " + r.progress().episodicReturn() + " steps " + r.progress().globalStep() + " wall " + r.wallSeconds()
                + " sps " + r.progress().globalStep() / r.wallSeconds() + " " + r.ledger());
    }
}
