package org.flatworld.kernels;

/** The compute categories of SPEC §7. {@link #label()} is the name used in files and JSON. */
public enum FlopCategory {
    SIM("sim"), ACT("act"), LEARN_FWD("learn.fwd"), LEARN_BWD("learn.bwd"), OPTIM("optim"), EVAL("eval");

    private final String label;

    FlopCategory(String label) { this.label = label; }

    public String label() { return label; }

    public static FlopCategory fromLabel(String label) {
        for (FlopCategory c : values()) if (c.label.equals(label)) return c;
        throw new IllegalArgumentException("unknown FLOP category '" + label + "'");
    }
}
