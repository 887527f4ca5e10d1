package org.flatworld.nn;

import java.util.Arrays;

/**
 * The architecture of an actor-critic network: an MLP torso of tanh layers ({@code hidden}
 * widths, the model-size knob), optionally followed by an LSTM of {@code lstmHidden} units, then a
 * categorical policy head ({@code numActions} logits) and a scalar value head, both reading the
 * last feature vector.
 */
public record NetShape(Kind kind, int obsDim, int[] hidden, int lstmHidden, int numActions) {
    public enum Kind { MLP, LSTM }

    public NetShape {
        if (kind == null) throw new IllegalArgumentException("model kind must be mlp or lstm, got null");
        if (obsDim < 1 || obsDim > 1 << 20) throw new IllegalArgumentException("obsDim must be in [1, 2^20], got " + obsDim);
        if (hidden == null || hidden.length < 1 || hidden.length > 16)
            throw new IllegalArgumentException("hidden must list 1 to 16 layer widths, got " + (hidden == null ? "null" : Arrays.toString(hidden)));
        for (int h : hidden)
            if (h < 1 || h > 65_536) throw new IllegalArgumentException("hidden widths must be in [1, 65536], got " + Arrays.toString(hidden));
        if (kind == Kind.LSTM && (lstmHidden < 1 || lstmHidden > 65_536))
            throw new IllegalArgumentException("lstmHidden must be in [1, 65536] for an LSTM model, got " + lstmHidden);
        if (numActions < 2 || numActions > 65_536) throw new IllegalArgumentException("numActions must be in [2, 65536], got " + numActions);
        hidden = hidden.clone();
    }

    public static NetShape mlp(int obsDim, int[] hidden, int numActions) {
        return new NetShape(Kind.MLP, obsDim, hidden, 0, numActions);
    }

    public static NetShape lstm(int obsDim, int[] hidden, int lstmHidden, int numActions) {
        return new NetShape(Kind.LSTM, obsDim, hidden, lstmHidden, numActions);
    }

    @Override
    public int[] hidden() { return hidden.clone(); }

    public int layers() { return hidden.length; }

    public int width(int layer) { return hidden[layer]; }

    /** Input width of torso layer {@code layer}. */
    public int inWidth(int layer) { return layer == 0 ? obsDim : hidden[layer - 1]; }

    public boolean recurrent() { return kind == Kind.LSTM; }

    /** Width of the features the heads read (last torso layer, or the LSTM's h). */
    public int featureDim() { return kind == Kind.LSTM ? lstmHidden : hidden[hidden.length - 1]; }

    public int maxHidden() {
        int m = 0;
        for (int h : hidden) m = Math.max(m, h);
        return m;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NetShape s && s.kind == kind && s.obsDim == obsDim && Arrays.equals(s.hidden, hidden)
                && s.lstmHidden == lstmHidden && s.numActions == numActions;
    }

    @Override
    public int hashCode() { return ((kind.hashCode() * 31 + obsDim) * 31 + Arrays.hashCode(hidden)) * 31 + lstmHidden * 17 + numActions; }

    @Override
    public String toString() {
        return kind.name().toLowerCase() + "(obs " + obsDim + ", hidden " + Arrays.toString(hidden)
                + (kind == Kind.LSTM ? ", lstm " + lstmHidden : "") + ", actions " + numActions + ")";
    }
}
