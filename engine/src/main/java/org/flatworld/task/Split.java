package org.flatworld.task;

/**
 * Task splits (SPEC §6). {@code train} and {@code test-id} share one distribution and are told apart
 * by a hash bucket of the task id ({@link #bucket}); each OOD split draws from a distribution that
 * training never produces (docs/TASKS.md lists what each one changes).
 */
public enum Split {
    TRAIN("train"), TEST_ID("test-id"), OOD_COLOUR("ood-colour"), OOD_SHAPE("ood-shape"), OOD_COMBO("ood-combo"),
    OOD_GOAL_SIZE("ood-goal-size"), OOD_WORLD("ood-world"), OOD_DYNAMICS("ood-dynamics");

    private final String label;

    Split(String label) { this.label = label; }

    public String label() { return label; }

    public boolean isOod() { return ordinal() >= 2; }

    public static Split fromLabel(String s) {
        for (Split x : values()) if (x.label.equals(s)) return x;
        StringBuilder allowed = new StringBuilder();
        for (Split x : values()) allowed.append(allowed.isEmpty() ? "" : ", ").append(x.label);
        throw new IllegalArgumentException("unknown split '" + s + "', allowed [" + allowed + "]");
    }

    /** A uniform number in [0, 1) fixed by the id: train when ≥ testFraction, test-id below. */
    public static double bucket(long id) {
        long z = id ^ 0x5DEECE66DL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        return (z >>> 11) * 0x1.0p-53;
    }
}
