package org.flatworld.env;

import java.util.random.RandomGenerator;
import org.flatworld.kernels.FlopLedger;

/**
 * Something that picks discrete actions from observations: a trained network, a frozen snapshot,
 * or a baseline. Acting is batched: one {@link Actor} serves a fixed number of rows (environments ×
 * agents) and owns its workspace and any recurrent state, allocated once.
 */
public interface Policy {
    int obsDim();

    int numActions();

    /** A batched acting context for {@code rows} rows; its forward FLOPs go to {@code flops}. */
    Actor actor(int rows, FlopLedger.Counter flops);

    interface Actor {
        /**
         * obs (rows, obsDim) → actions (rows): argmax when {@code greedy}, else sampled with
         * {@code rng} (rows drawn in order, so results do not depend on threads).
         */
        void act(float[] obs, int[] actions, boolean greedy, RandomGenerator rng);

        /** Clears row {@code row}'s recurrent state (its episode restarted). No-op for feed-forward policies. */
        default void reset(int row) {}
    }
}
