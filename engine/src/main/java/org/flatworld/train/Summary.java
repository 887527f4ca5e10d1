package org.flatworld.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import org.flatworld.kernels.FlopCategory;

/** summary.json: totals of a run (CONTRACT.md), written atomically at the end. */
final class Summary {
    private Summary() {}

    static void write(Path file, TrainResult r, double rolloutSeconds, double learnSeconds) {
        ObjectNode root = TrainConfig.JSON.createObjectNode();
        TrainingProgress p = r.progress();
        root.put("algo", r.config().algo());
        root.put("global_step", p.globalStep());
        root.put("samples", p.samples());
        root.put("updates", p.updates());
        root.put("episodes", p.episodes());
        if (Double.isFinite(p.episodicReturn())) root.put("episodic_return", p.episodicReturn());
        else root.putNull("episodic_return");
        root.put("params", r.paramCount());
        root.put("flops", r.ledger().total());
        root.put("training_flops", r.ledger().trainingTotal());
        ObjectNode f = root.putObject("flops_by_category");
        ObjectNode tr = root.putObject("transcendentals_by_category");
        for (FlopCategory c : FlopCategory.values()) {
            f.put(c.label(), r.ledger().flops(c));
            tr.put(c.label(), r.ledger().transcendentals(c));
        }
        root.put("wall_s", r.wallSeconds());
        root.put("cpu_s", r.cpuSeconds());
        ObjectNode time = root.putObject("wall_s_by_phase");
        time.put("rollout", rolloutSeconds);
        time.put("learn", learnSeconds);
        root.put("agent_steps_per_s", r.wallSeconds() > 0 ? p.globalStep() / r.wallSeconds() : 0);
        root.put("backend", r.backend());
        root.put("threads", r.config().threads());
        root.put("hardware", Files2.hardware());
        root.put("config_hash", r.config().hash());
        root.put("code_version", Files2.codeVersion());
        root.put("stopped_by", r.stoppedBy());
        try {
            Files2.writeAtomically(file, TrainConfig.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
