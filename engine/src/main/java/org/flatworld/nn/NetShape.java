package org.flatworld.nn;

import java.util.Arrays;

/**
 * The architecture of an actor-critic network: an MLP torso of tanh layers ({@code hidden}
 * widths, the model-size knob), optionally followed by an LSTM of {@code lstmHidden} units, then a
 * categorical policy head ({@code numActions} logits) and a scalar value head, both reading the
 * last feature vector.
 *
 * <p>The {@code ENTITY} kind puts an object-centric encoder in front of the MLP torso (see
 * {@link EntityEncoder}): the observation is read as {@code [self (selfDim) | slots × slotDim |
 * context]} (the task observation layout, docs/OBSERVATIONS.md: the context is the goal block and
 * anything appended after it), one tanh MLP of widths {@code entityHidden} is shared by every slot
 * and reads {@code [slot ; context]}, its outputs are summed over the present slots (slot offset 0 is
 * the "present" flag), and the torso reads {@code [self ; context ; pooled]}. Unused fields of the
 * other kinds are 0 / empty.
 */
public record NetShape(Kind kind, int obsDim, int[] hidden, int lstmHidden, int numActions,
                       int selfDim, int slots, int slotDim, int[] entityHidden) {
    public enum Kind { MLP, LSTM, ENTITY }

    public NetShape {
        if (kind == null) throw new IllegalArgumentException("model kind must be mlp, lstm or entity, got null");
        if (obsDim < 1 || obsDim > 1 << 20) throw new IllegalArgumentException("obsDim must be in [1, 2^20], got " + obsDim);
        if (hidden == null || hidden.length < 1 || hidden.length > 16)
            throw new IllegalArgumentException("hidden must list 1 to 16 layer widths, got " + (hidden == null ? "null" : Arrays.toString(hidden)));
        for (int h : hidden)
            if (h < 1 || h > 65_536) throw new IllegalArgumentException("hidden widths must be in [1, 65536], got " + Arrays.toString(hidden));
        if (kind == Kind.LSTM && (lstmHidden < 1 || lstmHidden > 65_536))
            throw new IllegalArgumentException("lstmHidden must be in [1, 65536] for an LSTM model, got " + lstmHidden);
        if (numActions < 2 || numActions > 65_536) throw new IllegalArgumentException("numActions must be in [2, 65536], got " + numActions);
        if (entityHidden == null) entityHidden = new int[0];
        if (kind == Kind.ENTITY) {
            if (selfDim < 0 || slots < 1 || slots > 4096 || slotDim < 1 || slotDim > 65_536)
                throw new IllegalArgumentException("entity model needs selfDim ≥ 0, slots in [1, 4096], slotDim in [1, 65536], got "
                        + selfDim + ", " + slots + ", " + slotDim);
            if ((long) selfDim + (long) slots * slotDim > obsDim)
                throw new IllegalArgumentException("entity model: selfDim + slots·slotDim = " + ((long) selfDim + (long) slots * slotDim)
                        + " exceeds obsDim " + obsDim);
            if (entityHidden.length < 1 || entityHidden.length > 16)
                throw new IllegalArgumentException("entityHidden must list 1 to 16 layer widths, got " + Arrays.toString(entityHidden));
            for (int h : entityHidden)
                if (h < 1 || h > 65_536) throw new IllegalArgumentException("entityHidden widths must be in [1, 65536], got " + Arrays.toString(entityHidden));
        }
        hidden = hidden.clone();
        entityHidden = entityHidden.clone();
    }

    public static NetShape mlp(int obsDim, int[] hidden, int numActions) {
        return new NetShape(Kind.MLP, obsDim, hidden, 0, numActions, 0, 0, 0, null);
    }

    public static NetShape lstm(int obsDim, int[] hidden, int lstmHidden, int numActions) {
        return new NetShape(Kind.LSTM, obsDim, hidden, lstmHidden, numActions, 0, 0, 0, null);
    }

    /**
     * An object-centric network: {@code slots} entity slots of {@code slotDim} floats after a self
     * block of {@code selfDim}; the rest of the observation is the context (goal) every slot sees.
     */
    public static NetShape entity(int obsDim, int selfDim, int slots, int slotDim, int[] entityHidden, int[] hidden, int numActions) {
        return new NetShape(Kind.ENTITY, obsDim, hidden, 0, numActions, selfDim, slots, slotDim, entityHidden);
    }

    @Override
    public int[] hidden() { return hidden.clone(); }

    @Override
    public int[] entityHidden() { return entityHidden.clone(); }

    public int layers() { return hidden.length; }

    public int width(int layer) { return hidden[layer]; }

    /** Input width of torso layer {@code layer}. */
    public int inWidth(int layer) {
        if (layer > 0) return hidden[layer - 1];
        return kind == Kind.ENTITY ? selfDim + contextDim() + entityWidth(entityLayers() - 1) : obsDim;
    }

    public boolean recurrent() { return kind == Kind.LSTM; }

    public boolean entity() { return kind == Kind.ENTITY; }

    /** Entity model: floats after the slots (the goal block and anything appended), seen by every slot. */
    public int contextDim() { return kind == Kind.ENTITY ? obsDim - selfDim - slots * slotDim : 0; }

    public int entityLayers() { return entityHidden.length; }

    public int entityWidth(int layer) { return entityHidden[layer]; }

    /** Input width of entity layer {@code layer}: [slot ; context] for the first. */
    public int entityInWidth(int layer) { return layer == 0 ? slotDim + contextDim() : entityHidden[layer - 1]; }

    /** Width of the features the heads read (last torso layer, or the LSTM's h). */
    public int featureDim() { return kind == Kind.LSTM ? lstmHidden : hidden[hidden.length - 1]; }

    public int maxHidden() {
        int m = 0;
        for (int h : hidden) m = Math.max(m, h);
        return m;
    }

    public int maxEntityHidden() {
        int m = 0;
        for (int h : entityHidden) m = Math.max(m, h);
        return m;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NetShape s && s.kind == kind && s.obsDim == obsDim && Arrays.equals(s.hidden, hidden)
                && s.lstmHidden == lstmHidden && s.numActions == numActions && s.selfDim == selfDim && s.slots == slots
                && s.slotDim == slotDim && Arrays.equals(s.entityHidden, entityHidden);
    }

    @Override
    public int hashCode() {
        int h = ((kind.hashCode() * 31 + obsDim) * 31 + Arrays.hashCode(hidden)) * 31 + lstmHidden * 17 + numActions;
        return ((h * 31 + selfDim) * 31 + slots * 7 + slotDim) * 31 + Arrays.hashCode(entityHidden);
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase() + "(obs " + obsDim
                + (kind == Kind.ENTITY ? ", self " + selfDim + ", slots " + slots + " × " + slotDim + ", context " + contextDim()
                        + ", entity " + Arrays.toString(entityHidden) : "")
                + ", hidden " + Arrays.toString(hidden)
                + (kind == Kind.LSTM ? ", lstm " + lstmHidden : "") + ", actions " + numActions + ")";
    }
}
