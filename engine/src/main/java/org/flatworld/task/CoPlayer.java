package org.flatworld.task;

/** How a co-player (player ≥ 1) of a task acts. */
public enum CoPlayer {
    /** uniform random action each step */
    RANDOM("random"),
    /** always action 0 */
    NOOP("noop"),
    /** the scripted oracle pursuing the co-player's own goal */
    ORACLE("oracle"),
    /** a frozen trained {@link org.flatworld.env.Policy} given to the environment */
    FROZEN("frozen");

    private final String label;

    CoPlayer(String label) { this.label = label; }

    public String label() { return label; }

    public static CoPlayer fromLabel(String s) {
        for (CoPlayer c : values()) if (c.label.equals(s)) return c;
        throw new IllegalArgumentException("unknown co-player kind '" + s + "', allowed [random, noop, oracle, frozen]");
    }
}
