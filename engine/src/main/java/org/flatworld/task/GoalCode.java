package org.flatworld.task;

import java.util.List;

/**
 * A goal compiled to a flat int program for evaluation in the step loop:
 * {@code [clauses, (atoms, atoms × ATOM ints)…]}; an atom is
 * {@code [type, negated, aKind, a1, a2, bKind, b1, b2]} where a reference is
 * PLAYER (0, player, −1), OBJECT (1, colour, shape) or ZONE (2, colour, −1).
 */
public final class GoalCode {
    public static final int ATOM = 8;
    public static final int PLAYER = 0, OBJECT = 1, ZONE = 2;

    private GoalCode() {}

    public static int[] compile(Goal g) {
        int n = 1;
        for (List<Atom> c : g.clauses()) n += 1 + c.size() * ATOM;
        int[] code = new int[n];
        int k = 0;
        code[k++] = g.clauses().size();
        for (List<Atom> c : g.clauses()) {
            code[k++] = c.size();
            for (Atom a : c) {
                code[k++] = a.type().ordinal();
                code[k++] = a.negated() ? 1 : 0;
                k = ref(code, k, a.a());
                k = ref(code, k, a.b());
            }
        }
        return code;
    }

    private static int ref(int[] code, int k, Ref r) {
        switch (r.kind()) {
            case PLAYER -> { code[k] = PLAYER; code[k + 1] = r.player(); code[k + 2] = -1; }
            case OBJECT -> { code[k] = OBJECT; code[k + 1] = r.colour(); code[k + 2] = r.shape(); }
            case ZONE -> { code[k] = ZONE; code[k + 1] = r.colour(); code[k + 2] = -1; }
        }
        return k + 3;
    }
}
