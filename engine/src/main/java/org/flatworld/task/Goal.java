package org.flatworld.task;

import java.util.List;

/**
 * A goal in disjunctive normal form: OR over {@code clauses}, each an AND of atoms (XLand-style).
 * Player references are absolute; {@link #format(int)} prints them from the owner's view.
 */
public record Goal(List<List<Atom>> clauses) {
    public Goal {
        if (clauses.isEmpty()) throw new IllegalArgumentException("a goal needs at least one clause");
        for (List<Atom> c : clauses)
            if (c.isEmpty()) throw new IllegalArgumentException("a goal clause needs at least one atom");
        clauses = clauses.stream().map(List::copyOf).toList();
    }

    public int options() { return clauses.size(); }

    /** Largest clause length. */
    public int conjuncts() {
        int m = 0;
        for (List<Atom> c : clauses) m = Math.max(m, c.size());
        return m;
    }

    public int atoms() {
        int n = 0;
        for (List<Atom> c : clauses) n += c.size();
        return n;
    }

    /** e.g. {@code near(me, yellow square) ∧ ¬hold(player2, any sphere) ∨ on(me, red zone)}. */
    public String format(int owner) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < clauses.size(); i++) {
            if (i > 0) sb.append(" ∨ ");
            boolean paren = clauses.size() > 1 && clauses.get(i).size() > 1;
            if (paren) sb.append('(');
            List<Atom> c = clauses.get(i);
            for (int j = 0; j < c.size(); j++) {
                if (j > 0) sb.append(" ∧ ");
                sb.append(c.get(j).format(owner));
            }
            if (paren) sb.append(')');
        }
        return sb.toString();
    }
}
