package org.flatworld.nn;

import java.util.Arrays;
import java.util.random.RandomGenerator;
import org.flatworld.env.Policy;
import org.flatworld.kernels.FlopLedger;

/**
 * A {@link Policy} backed by an {@link ActorCritic} and a parameter array. {@link #live} shares the
 * caller's array (it sees later updates: the trainer's "current policy" during a listener call);
 * {@link #snapshot} copies it (a frozen co-player or an evaluated checkpoint).
 */
public final class NetPolicy implements Policy {
    private final ActorCritic net;
    private final float[] params;

    private NetPolicy(ActorCritic net, float[] params) {
        if (params.length < net.paramCount())
            throw new IllegalArgumentException("params has " + params.length + " floats, the network needs " + net.paramCount());
        this.net = net;
        this.params = params;
    }

    public static NetPolicy live(ActorCritic net, float[] params) { return new NetPolicy(net, params); }

    public static NetPolicy snapshot(ActorCritic net, float[] params) { return new NetPolicy(net, params.clone()); }

    public ActorCritic network() { return net; }

    /** The parameters this policy acts with (shared with the caller for a live policy). */
    public float[] params() { return params; }

    public NetPolicy snapshot() { return snapshot(net, params); }

    @Override
    public int obsDim() { return net.shape().obsDim(); }

    @Override
    public int numActions() { return net.shape().numActions(); }

    @Override
    public NetActor actor(int rows, FlopLedger.Counter flops) { return new NetActor(rows, flops); }

    /** A batched actor; exposes the log-probabilities and values of its last step for trainers. */
    public final class NetActor implements Policy.Actor {
        private final int rows;
        private final FlopLedger.Counter flops;
        private final ActorCritic.Workspace ws;
        private final float[] h, c; // (rows, H) recurrent state, LSTM only

        NetActor(int rows, FlopLedger.Counter flops) {
            if (rows < 1) throw new IllegalArgumentException("rows must be ≥ 1, got " + rows);
            this.rows = rows;
            this.flops = flops == null ? FlopLedger.NONE : flops;
            this.ws = net.workspace(1, rows);
            int hh = net.shape().recurrent() ? net.shape().lstmHidden() : 0;
            this.h = new float[rows * hh];
            this.c = new float[rows * hh];
        }

        @Override
        public void act(float[] obs, int[] actions, boolean greedy, RandomGenerator rng) {
            forward(obs);
            int a = net.shape().numActions();
            if (greedy) {
                for (int r = 0; r < rows; r++) {
                    int best = 0, o = r * a;
                    for (int j = 1; j < a; j++) if (ws.logp[o + j] > ws.logp[o + best]) best = j;
                    actions[r] = best;
                }
                flops.add((long) rows * (a - 1)); // compares
            } else {
                net.mlpKernels().sampleCategorical(rows, a, ws.logp, 0, rng, actions, 0, flops);
            }
        }

        /** Runs the network on obs (rows, obsDim) and advances the recurrent state; see {@link #logp()}. */
        public void forward(float[] obs) { forward(obs, 0); }

        /** As {@link #forward(float[])} with the observations at {@code off}. */
        public void forward(float[] obs, int off) {
            if (net.shape().recurrent()) {
                net.forward(params, ws, 1, rows, obs, off, h, c, 0, null, 0, flops);
                System.arraycopy(ws.h, 0, h, 0, h.length);
                System.arraycopy(ws.c, 0, c, 0, c.length);
            } else {
                net.forward(params, ws, 1, rows, obs, off, null, null, 0, null, 0, flops);
            }
        }

        /** Log-probabilities (rows, A) of the last {@link #forward}. */
        public float[] logp() { return ws.logp; }

        /** Values (rows) of the last {@link #forward}. */
        public float[] values() { return ws.value; }

        /** Recurrent state (rows, H): h then c; copied into the given arrays (LSTM only). */
        public void copyState(float[] hOut, float[] cOut) {
            System.arraycopy(h, 0, hOut, 0, h.length);
            System.arraycopy(c, 0, cOut, 0, c.length);
        }

        public void setState(float[] hIn, float[] cIn) {
            System.arraycopy(hIn, 0, h, 0, h.length);
            System.arraycopy(cIn, 0, c, 0, c.length);
        }

        @Override
        public void reset(int row) {
            if (h.length == 0) return;
            int hh = net.shape().lstmHidden();
            Arrays.fill(h, row * hh, (row + 1) * hh, 0f);
            Arrays.fill(c, row * hh, (row + 1) * hh, 0f);
        }
    }
}
