package org.flatworld.task;

/** How a co-player's goal relates to player 0's goal. */
public enum Relation {
    /** the co-player wants exactly player 0's goal (same absolute formula) */
    SHARED("shared"),
    /** the co-player wants one atom of player 0's goal to be false */
    OPPOSED("opposed"),
    /** an independently sampled goal */
    INDEPENDENT("independent");

    private final String label;

    Relation(String label) { this.label = label; }

    public String label() { return label; }
}
