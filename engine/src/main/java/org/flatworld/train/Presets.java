package org.flatworld.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Built-in training presets: overrides of {@link TrainConfig#defaults()} written as JSON, so each
 * reads like the config file a user would write. The learning tests use the same presets.
 */
final class Presets {
    private static final Map<String, String> PRESETS = new LinkedHashMap<>();

    static {
        // seconds: the built-in cue-recall bandit, a small MLP; what tests and `train --preset smoke` run
        PRESETS.put("smoke", """
                {"env": {"type": "cue", "name": "cue", "kwargs": {"cues": 4, "horizon": 8, "cueSteps": 8}},
                 "hidden": [32], "numEnvs": 16, "unroll": 8, "totalAgentSteps": 40000,
                 "lr": 0.003, "dualLr": 0.01, "targetPeriod": 4, "epochs": 2, "minibatches": 2, "logEvery": 5}""");
        // simple_spread N=3 (discrete, local ratio 0.5, 25 steps) with V-MPO, MLP 2×64; the time feature
        // (t/25 appended to the observation) keeps the time-limit from biasing the advantages
        PRESETS.put("spread", """
                {"timeFeature": 25, "numEnvs": 64, "unroll": 32, "totalAgentSteps": 10000000, "lr": 0.001, "dualLr": 0.005,
                 "epochs": 2, "minibatches": 4, "targetPeriod": 8, "popArt": true, "popArtBeta": 0.01, "logEvery": 20}""");
        // the peer's PPO settings (../shared/notes/PEERS.md)
        PRESETS.put("spread-ppo", """
                {"algo": "ppo", "timeFeature": 25, "numEnvs": 64, "unroll": 128, "totalAgentSteps": 10000000, "lr": 0.0007, "annealLr": true,
                 "epochs": 4, "minibatches": 4, "maxGradNorm": 0.5, "adamEps": 1e-5, "popArt": true, "popArtBeta": 0.01,
                 "logEvery": 10}""");
        // a single-player Flatworld task family, V-MPO and PPO. V-MPO settles on "go to the object of one
        // observation slot" (docs/TRAINING.md); PPO with a large, annealed entropy bonus explores long enough
        // to bind the goal's colour/shape to an object, and needs a large task pool not to memorise its tasks
        PRESETS.put("trivial", """
                {"env": {"type": "task", "name": "trivial", "kwargs": {"pool": 256}},
                 "numEnvs": 64, "unroll": 32, "totalAgentSteps": 1500000, "lr": 0.001, "dualLr": 0.005,
                 "epochs": 2, "minibatches": 4, "targetPeriod": 8, "popArt": true, "popArtBeta": 0.01, "logEvery": 20}""");
        // V-MPO on the same family with an entropy bonus (not in the paper) annealed over the budget
        PRESETS.put("trivial-ent", """
                {"env": {"type": "task", "name": "trivial", "kwargs": {"pool": 4096}},
                 "numEnvs": 64, "unroll": 32, "totalAgentSteps": 14000000, "lr": 0.001, "dualLr": 0.005,
                 "vmpoEntCoef": 0.1, "annealEnt": true,
                 "epochs": 2, "minibatches": 4, "targetPeriod": 8, "popArt": true, "popArtBeta": 0.01, "logEvery": 20}""");
        // V-MPO as published (no entropy bonus) with the object-centric entity model: a goal-conditioned
        // encoder shared by the object slots and summed over them cannot express "go to slot k"
        PRESETS.put("trivial-entity", """
                {"env": {"type": "task", "name": "trivial", "kwargs": {"pool": 4096}},
                 "model": "entity", "entityHidden": [64, 64], "hidden": [64, 64],
                 "numEnvs": 64, "unroll": 32, "totalAgentSteps": 4000000, "lr": 0.001, "dualLr": 0.005,
                 "epochs": 2, "minibatches": 4, "targetPeriod": 8, "popArt": true, "popArtBeta": 0.01, "logEvery": 20}""");
        PRESETS.put("trivial-ppo", """
                {"algo": "ppo", "env": {"type": "task", "name": "trivial", "kwargs": {"pool": 4096}},
                 "numEnvs": 64, "unroll": 64, "totalAgentSteps": 7000000, "lr": 0.0007, "entCoef": 0.2, "annealEnt": true,
                 "epochs": 4, "minibatches": 4, "maxGradNorm": 0.5, "adamEps": 1e-5, "popArt": true, "popArtBeta": 0.01,
                 "logEvery": 10}""");
        // memory: the cue is visible on the first step only; an LSTM must carry it
        PRESETS.put("memory", """
                {"env": {"type": "cue", "name": "cue", "kwargs": {"cues": 4, "horizon": 8, "cueSteps": 1}},
                 "model": "lstm", "hidden": [32], "lstmHidden": 32, "numEnvs": 32, "unroll": 8, "totalAgentSteps": 40000,
                 "lr": 0.003, "dualLr": 0.01, "targetPeriod": 4, "epochs": 2, "minibatches": 2, "maxGradNorm": 1.0,
                 "popArt": true, "popArtBeta": 0.05, "logEvery": 10}""");
    }

    static final List<String> NAMES = List.copyOf(PRESETS.keySet());

    private Presets() {}

    static TrainConfig get(String name) {
        String json = PRESETS.get(name);
        if (json == null) throw new IllegalArgumentException("unknown preset '" + name + "'; known: " + String.join(", ", NAMES));
        return TrainConfig.fromJson(json);
    }
}
