package org.flatworld.train;

import org.flatworld.kernels.FlopLedger;
import org.flatworld.nn.NetPolicy;

/**
 * What {@link Trainer#train} returns: the final policy (a snapshot) and the totals that
 * {@code summary.json} reports.
 *
 * @param policy         the trained policy
 * @param config         the resolved configuration
 * @param progress       final counters
 * @param ledger         the FLOP ledger by category
 * @param paramCount     network parameters
 * @param wallSeconds    wall time of this process's part of the run
 * @param cpuSeconds     process CPU time over the same span
 * @param backend        description of the kernels used
 * @param stoppedBy      "budget", "listener"
 */
public record TrainResult(NetPolicy policy, TrainConfig config, TrainingProgress progress, FlopLedger ledger,
                          int paramCount, double wallSeconds, double cpuSeconds, String backend, String stoppedBy) {}
