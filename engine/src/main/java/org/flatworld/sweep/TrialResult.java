package org.flatworld.sweep;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * What one trial leaves in {@code trials/I/result.json} (written last, atomically: its presence means
 * the trial finished). Raw per-task returns are kept, not normalized scores: the sweep normalizes
 * against a reference table built from every trial at merge time, so the result does not depend on
 * which trials happened to finish first.
 *
 * @param spec        the trial
 * @param params      trainable parameters of the model
 * @param measures    complexity measures of this trial's level (knob values, analytic sizes, and
 *                    {@code aggregate}, the measure of the joint fit)
 * @param tests       per split: the fixed test tasks with the random-policy and oracle mean returns
 * @param checkpoints the training-time evaluations, in increasing compute
 * @param flops       final FLOP ledger by category (training categories + eval)
 * @param samples     agent-steps of experience consumed
 * @param wallSeconds wall time of the whole trial
 * @param backend     compute backend description
 */
@JsonPropertyOrder({"spec", "params", "measures", "tests", "checkpoints", "flops", "samples", "wallSeconds", "backend"})
public record TrialResult(TrialSpec spec, long params, Map<String, Double> measures, Map<String, TestSet> tests,
                          List<Checkpoint> checkpoints, Map<String, Long> flops, long samples, double wallSeconds,
                          String backend) {

    /** A fixed test set: task ids and per-task mean returns of the uniform-random policy and the scripted oracle. */
    @JsonPropertyOrder({"ids", "random", "oracle"})
    public record TestSet(long[] ids, double[] random, double[] oracle) {}

    /**
     * One evaluation during training.
     *
     * @param flops   training FLOPs so far (eval excluded)
     * @param samples agent-steps so far
     * @param wallSeconds wall time so far
     * @param returns split → per-task mean return of the agent (same order as the test set's ids)
     */
    @JsonPropertyOrder({"flops", "samples", "wallSeconds", "returns"})
    public record Checkpoint(double flops, long samples, double wallSeconds, Map<String, double[]> returns) {}
}
