package org.flatworld.task;

import org.flatworld.world.World;

/**
 * Evaluates compiled goals ({@link GoalCode}) on a {@link World}. Semantics (docs/TASKS.md):
 * a descriptor argument means "some entity matching it"; near(x, y): ∃ distinct a ∈ x, b ∈ y with
 * |p_a − p_b| &lt; nearDistance; hold(p, o): p holds an object matching o; on(x, z): ∃ a ∈ x and a
 * zone of z's colour with |p_a − c_z| ≤ zoneRadius; see(p, y): ∃ b ∈ y inside p's view cone
 * (half-angle viewAngle/2 around its facing) and, when viewRadius &gt; 0, within viewRadius.
 *
 * <p>Not thread-safe: one instance per thread. {@link #flops} accumulates the FLOPs of the tests
 * performed (near/on 6 per candidate pair, see 13 per candidate, hold 0).
 */
public final class GoalEval {
    public static final int PAIR_TEST_FLOPS = 6, SEE_TEST_FLOPS = 13;

    private final World w;
    private final float near2, zone2, view2, cone2;
    private final int[] candA, candB; // entity indices (movable slots, or zone slots)
    /** FLOPs of the tests done since construction (callers read and reset it). */
    public long flops;

    public GoalEval(World w) {
        this.w = w;
        near2 = w.phys.near2();
        zone2 = w.phys.zone2();
        view2 = w.phys.view2();
        cone2 = w.phys.coneCos2();
        int n = w.maxPlayers + Math.max(w.maxObjects, w.maxZones);
        candA = new int[n];
        candB = new int[n];
    }

    /** True when the DNF goal holds in env {@code e}. */
    public boolean goal(int e, int[] code) {
        int clauses = code[0], k = 1;
        boolean any = false;
        for (int c = 0; c < clauses; c++) {
            int atoms = code[k++];
            if (!any) {
                boolean all = true;
                for (int a = 0; a < atoms && all; a++) all = atom(e, code, k + a * GoalCode.ATOM);
                any = all;
            }
            k += atoms * GoalCode.ATOM;
        }
        return any;
    }

    /** Truth of the clause {@code clause} (0-based) of a compiled goal. */
    public boolean clause(int e, int[] code, int clause) {
        int k = clauseStart(code, clause);
        int atoms = code[k++];
        for (int a = 0; a < atoms; a++) if (!atom(e, code, k + a * GoalCode.ATOM)) return false;
        return true;
    }

    /** Offset of clause {@code clause}'s atom count in {@code code}. */
    public static int clauseStart(int[] code, int clause) {
        int k = 1;
        for (int c = 0; c < clause; c++) k += 1 + code[k] * GoalCode.ATOM;
        return k;
    }

    /** Truth of the atom at offset {@code at} (negation applied). */
    public boolean atom(int e, int[] code, int at) {
        boolean v = raw(e, code, at);
        return code[at + 1] != 0 ? !v : v;
    }

    /** Truth of the atom at offset {@code at} before negation. */
    public boolean raw(int e, int[] code, int at) {
        int type = code[at];
        int na = candidates(e, code[at + 2], code[at + 3], code[at + 4], candA);
        if (na == 0) return false;
        if (type == Predicate.HOLD.ordinal()) {
            int i = candA[0];
            int o = w.holding[i];
            if (o < 0) return false;
            int s = w.stride, col = code[at + 6], shp = code[at + 7];
            return (col < 0 || w.colour[o * s + e] == col) && (shp < 0 || w.shape[o * s + e] == shp);
        }
        int nb = candidates(e, code[at + 5], code[at + 6], code[at + 7], candB);
        if (nb == 0) return false;
        if (type == Predicate.NEAR.ordinal()) {
            for (int a = 0; a < na; a++) {
                int ia = candA[a];
                for (int b = 0; b < nb; b++) {
                    int ib = candB[b];
                    if (ia == ib) continue;
                    flops += PAIR_TEST_FLOPS;
                    float dx = w.px[ia] - w.px[ib], dy = w.py[ia] - w.py[ib];
                    if (dx * dx + dy * dy < near2) return true;
                }
            }
            return false;
        }
        if (type == Predicate.ON.ordinal()) {
            for (int a = 0; a < na; a++) {
                int ia = candA[a];
                for (int b = 0; b < nb; b++) {
                    int z = candB[b];
                    flops += PAIR_TEST_FLOPS;
                    float dx = w.px[ia] - w.zx[z], dy = w.py[ia] - w.zy[z];
                    if (dx * dx + dy * dy <= zone2) return true;
                }
            }
            return false;
        }
        // SEE: a is one player
        int ip = candA[0];
        for (int b = 0; b < nb; b++) {
            int ib = candB[b];
            if (ib == ip) continue;
            flops += SEE_TEST_FLOPS;
            if (visible(ip, ib)) return true;
        }
        return false;
    }

    /** Is movable slot {@code ib} inside the view cone (and radius) of player slot {@code ip}? */
    public boolean visible(int ip, int ib) {
        float dx = w.px[ib] - w.px[ip], dy = w.py[ib] - w.py[ip];
        float d2 = dx * dx + dy * dy;
        if (d2 > view2) return false;
        float dot = w.fx[ip] * dx + w.fy[ip] * dy;
        // angle ≤ half-cone ⇔ dot ≥ 0 and dot² ≥ cos²·|d|²
        return dot >= 0f && dot * dot >= cone2 * d2;
    }

    /** Fills {@code out} with the entity indices a reference denotes in env e; returns how many. */
    public int candidates(int e, int kind, int x, int y, int[] out) {
        int s = w.stride;
        if (kind == GoalCode.PLAYER) {
            if (x >= w.nPlayers[e]) return 0;
            out[0] = x * s + e;
            return 1;
        }
        int n = 0;
        if (kind == GoalCode.OBJECT) {
            int no = w.nObjects[e];
            for (int o = 0; o < no; o++) {
                if ((x < 0 || w.colour[o * s + e] == x) && (y < 0 || w.shape[o * s + e] == y)) out[n++] = w.object(e, o);
            }
            return n;
        }
        int nz = w.nZones[e];
        for (int z = 0; z < nz; z++) if (x < 0 || w.zoneColour[z * s + e] == x) out[n++] = z * s + e;
        return n;
    }
}
