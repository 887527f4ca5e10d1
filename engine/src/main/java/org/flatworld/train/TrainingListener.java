package org.flatworld.train;

import org.flatworld.env.Policy;

/**
 * Called by {@link Trainer#train} after every learner update, on the training thread, while
 * training is paused. A listener may evaluate the policy (charging its FLOPs to
 * {@code p.ledger().counter(FlopCategory.EVAL)}, which {@link TrainingProgress#trainingFlops()}
 * leaves out) and may stop the run.
 */
@FunctionalInterface
public interface TrainingListener {
    /**
     * @param p             where training stands
     * @param currentPolicy the learner's current parameters (a live view, valid during this call;
     *                      call {@code ((NetPolicy) currentPolicy).snapshot()} to keep it)
     * @return {@code true} to stop training now (a final checkpoint and summary are still written)
     */
    boolean afterUpdate(TrainingProgress p, Policy currentPolicy);

    /**
     * Asked after each {@link #afterUpdate} that did not stop the run: {@code true} makes the trainer
     * save a checkpoint now (when it has an output folder), e.g. right after the listener recorded an
     * evaluation it wants a resumed run to continue from. Saving never changes the run's results.
     */
    default boolean wantsCheckpoint() { return false; }

    /** Never stops, does nothing. */
    TrainingListener NONE = (p, policy) -> false;
}
