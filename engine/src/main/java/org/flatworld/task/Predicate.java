package org.flatworld.task;

/**
 * The atomic predicate types (SPEC §4). Argument kinds: near(player|object, player|object),
 * hold(player, object), on(player|object, zone), see(player, player|object).
 */
public enum Predicate {
    NEAR("near"), HOLD("hold"), ON("on"), SEE("see");

    private final String label;

    Predicate(String label) { this.label = label; }

    public String label() { return label; }

    public static Predicate fromLabel(String s) {
        for (Predicate p : values()) if (p.label.equals(s)) return p;
        throw new IllegalArgumentException("predicates: unknown predicate '" + s + "', allowed [near, hold, on, see]");
    }
}
