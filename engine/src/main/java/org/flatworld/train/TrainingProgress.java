package org.flatworld.train;

import org.flatworld.kernels.FlopLedger;

/**
 * Where a run stands after a learner update.
 *
 * @param globalStep      agent-steps so far (environment steps × learning agents)
 * @param trainingFlops   FLOPs of training so far: the ledger total without {@code eval}
 * @param samples         environment steps so far (each holds every agent's transition)
 * @param updates         learner (gradient) steps so far
 * @param ledger          the run's FLOP ledger (listeners add evaluation FLOPs under {@code eval})
 * @param episodicReturn  mean undiscounted episode return (mean over agents) of the last ≤ 256
 *                        finished episodes; NaN before the first one ends
 * @param episodes        finished episodes so far
 * @param wallSeconds     wall time since the run (or the resumed run) started
 */
public record TrainingProgress(long globalStep, long trainingFlops, long samples, long updates, FlopLedger ledger,
                               double episodicReturn, long episodes, double wallSeconds) {}
