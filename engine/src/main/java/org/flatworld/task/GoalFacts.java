package org.flatworld.task;

import it.unimi.dsi.fastutil.ints.Int2IntAVLTreeMap;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import java.util.List;
import org.flatworld.kernels.world.WorldKernels;
import org.flatworld.world.World;
import org.flatworld.world.WorldSpec;

/**
 * Goal evaluation for a batch of environments in two passes (the batched counterpart of
 * {@link GoalEval}, same truth values). First every geometric fact that some goal of the pool can
 * ask about is computed for a range of environments at once, one kernel call per fact, vectorised
 * across environments, into a bit set per environment: near(a, b) for body pairs, on(a, z) for
 * body × zone, see(p, b) for player × body, hold(p, o) for player × object. Then a goal is a small
 * program per task — OR over clauses of AND over atoms, each atom "some bit of this mask is set"
 * (a descriptor argument is the set of bodies it matches in that task's world), optionally
 * negated — evaluated with integer operations. When the fact bits fit in {@link #FAST_WORDS} words
 * (issue 4's scenario: 99 bits), every goal is also laid out in one fixed shape (the pool's most
 * clauses × most atoms; each atom four word masks and a negation flag; a padding atom is "true", a
 * padding clause "false") and evaluated without branches, 8 environments at a time
 * ({@link WorldKernels#goals}): environments play different tasks, so the variable-length program
 * loops mispredicted (12 % of the step's samples).
 *
 * <p>Bit layout per environment (facts rows {@code (words, stride)}): near pairs a &lt; b in slot
 * order, then on (body, zone), hold (player, object), see (player, body). FLOPs:
 * {@link GoalEval#PAIR_TEST_FLOPS} per near/on fact, {@link GoalEval#SEE_TEST_FLOPS} per see fact,
 * per environment-step ({@link #flopsPerEnv}).
 */
final class GoalFacts {
    private static final int NEAR = 0, ON = 1, SEE = 2;

    private final World w;
    private final int bodies, mp, mo, mz;
    private final int onBase, holdBase, seeBase;
    final int words;
    final int[] bits;                 // (words, stride) fact bits of every environment
    private final int[] opKind, opA, opB, opBit; // facts to compute: kind, first and second slot, bit
    private final boolean[] holdUsed; // (maxPlayers) some goal asks whether this player holds something
    private final float near2, zone2, view2, cone2;
    /** FLOPs of the facts of one environment-step. */
    final long flopsPerEnv;

    private final int[] programs;     // every goal's program, concatenated (one array: no pointer chase per env)
    private final int[] start;        // (goals) offset of goal i's program

    /** Fact words up to which goals are evaluated in the fixed shape. */
    static final int FAST_WORDS = 4;
    /** Ints per atom of the fixed shape: FAST_WORDS masks, then 1 = negated (the layout of {@link WorldKernels#goals}). */
    private static final int FAST_ATOM = WorldKernels.GOAL_ATOM;
    private final int maxClauses, maxAtoms; // fixed shape: the pool's most clauses, most atoms in a clause
    private final int[] fast;         // (goals, maxClauses, maxAtoms, FAST_ATOM) or null when words > FAST_WORDS
    private final int[] row;          // (numEnvs) offset of each environment's goal in fast

    /** Compiles goal i for world i (i = the index {@link #holds} takes). */
    GoalFacts(World w, List<Goal> goals, List<WorldSpec> worlds) {
        this.w = w;
        mp = w.maxPlayers;
        mo = w.maxObjects;
        mz = w.maxZones;
        bodies = mp + mo;
        onBase = bodies * (bodies - 1) / 2;
        holdBase = onBase + bodies * mz;
        seeBase = holdBase + mp * mo;
        int total = seeBase + mp * bodies;
        words = (total + 31) >>> 5;
        bits = new int[words * w.stride];
        near2 = w.phys.near2();
        zone2 = w.phys.zone2();
        view2 = w.phys.view2();
        cone2 = w.phys.coneCos2();
        boolean[] used = new boolean[total];
        IntArrayList all = new IntArrayList();
        start = new int[goals.size()];
        for (int i = 0; i < goals.size(); i++) {
            start[i] = all.size();
            compile(goals.get(i), worlds.get(i), used, all);
        }
        programs = all.toIntArray();
        int mc = 1, ma = 1;
        for (Goal g : goals) {
            mc = Math.max(mc, g.clauses().size());
            for (List<Atom> cl : g.clauses()) ma = Math.max(ma, cl.size());
        }
        maxClauses = mc;
        maxAtoms = ma;
        fast = words <= FAST_WORDS ? fixedShape(goals.size()) : null;
        row = new int[fast != null ? w.numEnvs : 0];
        int n = 0;
        for (int b = 0; b < seeBase; b++) if (used[b] && b < holdBase) n++;
        for (int b = seeBase; b < total; b++) if (used[b]) n++;
        opKind = new int[n];
        opA = new int[n];
        opB = new int[n];
        opBit = new int[n];
        holdUsed = new boolean[mp];
        int k = 0;
        long flops = 0;
        for (int a = 0; a < bodies; a++)
            for (int b = a + 1; b < bodies; b++) {
                int bit = pair(a, b);
                if (used[bit]) { set(k++, NEAR, a, b, bit); flops += GoalEval.PAIR_TEST_FLOPS; }
            }
        for (int a = 0; a < bodies; a++)
            for (int z = 0; z < mz; z++) {
                int bit = onBase + a * mz + z;
                if (used[bit]) { set(k++, ON, a, z, bit); flops += GoalEval.PAIR_TEST_FLOPS; }
            }
        for (int p = 0; p < mp; p++) {
            for (int o = 0; o < mo; o++) holdUsed[p] |= used[holdBase + p * mo + o];
            for (int b = 0; b < bodies; b++) {
                int bit = seeBase + p * bodies + b;
                if (used[bit]) { set(k++, SEE, p, b, bit); flops += GoalEval.SEE_TEST_FLOPS; }
            }
        }
        flopsPerEnv = flops;
    }

    private void set(int k, int kind, int a, int b, int bit) {
        opKind[k] = kind;
        opA[k] = a;
        opB[k] = b;
        opBit[k] = bit;
    }

    private int pair(int a, int b) {
        if (a > b) { int t = a; a = b; b = t; }
        return a * bodies - a * (a + 1) / 2 + (b - a - 1);
    }

    /** Computes the fact bits of environments [from, to) from the world's current state. */
    void compute(WorldKernels k, int from, int to) {
        final int s = w.stride;
        for (int wd = 0; wd < words; wd++) java.util.Arrays.fill(bits, wd * s + from, wd * s + to, 0);
        for (int i = 0; i < opKind.length; i++) {
            int bit = opBit[i], row = (bit >>> 5) * s, sh = bit & 31;
            int a = opA[i] * s, b = opB[i] * s;
            switch (opKind[i]) {
                case NEAR -> k.distanceBits(w.px, w.py, a, w.px, w.py, b, near2, false, bits, row, sh, from, to);
                case ON -> k.distanceBits(w.px, w.py, a, w.zx, w.zy, b, zone2, true, bits, row, sh, from, to);
                default -> k.coneBits(w.px, w.py, a, w.fx, w.fy, a, b, view2, cone2, bits, row, sh, from, to);
            }
        }
        for (int p = 0; p < mp; p++) {
            if (!holdUsed[p]) continue;
            final int hrow = p * s;
            for (int e = from; e < to; e++) {
                int o = w.holding[hrow + e];
                if (o < 0) continue;
                int bit = holdBase + p * mo + o;
                bits[(bit >>> 5) * s + e] |= 1 << (bit & 31);
            }
        }
    }

    /** Lays every goal's program out in the fixed shape (see the class comment). */
    private int[] fixedShape(int goals) {
        int per = maxClauses * maxAtoms * FAST_ATOM;
        int[] out = new int[goals * per];
        for (int g = 0; g < goals; g++) {
            int k = start[g], clauses = programs[k++];
            for (int c = 0; c < maxClauses; c++) {
                int atoms = c < clauses ? programs[k++] : 0;
                for (int a = 0; a < maxAtoms; a++) {
                    int at = g * per + (c * maxAtoms + a) * FAST_ATOM;
                    if (a >= atoms) {
                        // padding: "true" inside a clause of the goal, "false" as the first atom of a missing clause
                        out[at + FAST_WORDS] = c < clauses || a > 0 ? 1 : 0;
                        continue;
                    }
                    out[at + FAST_WORDS] = programs[k++];
                    int terms = programs[k++];
                    for (int t = 0; t < terms; t++, k += 2) out[at + programs[k]] |= programs[k + 1];
                }
            }
        }
        return out;
    }

    /**
     * Rewards of environments [from, to): {@code out[e]} = 1 where goal {@code goalOf[e]} holds, else 0
     * (after {@link #compute} covered them). The fixed shape goes through the world kernels'
     * {@link WorldKernels#goals} (vectorised: gathers of each lane's goal table), else the programs
     * one environment at a time.
     */
    void rewards(WorldKernels k, int[] goalOf, float[] out, int from, int to) {
        if (fast == null) {
            for (int e = from; e < to; e++) out[e] = holdsProgram(e, goalOf[e]) ? 1f : 0f;
            return;
        }
        final int per = maxClauses * maxAtoms * FAST_ATOM;
        for (int e = from; e < to; e++) row[e] = goalOf[e] * per;
        k.goals(bits, w.stride, words, fast, row, maxClauses, maxAtoms, out, from, from, to);
    }

    /** The program as compiled (any number of fact words). */
    private boolean holdsProgram(int e, int goal) {
        final int s = w.stride;
        final int[] prog = programs;
        int k = start[goal], clauses = prog[k++];
        boolean any = false;
        for (int c = 0; c < clauses; c++) {
            int atoms = prog[k++];
            boolean all = true;
            for (int a = 0; a < atoms; a++) {
                boolean neg = prog[k++] != 0;
                int terms = prog[k++];
                boolean v = false;
                for (int t = 0; t < terms; t++, k += 2) v |= (bits[prog[k] * s + e] & prog[k + 1]) != 0;
                all &= v != neg;
            }
            any |= all;
        }
        return any;
    }

    /**
     * Appends the program of goal g in world ws to {@code out}:
     * {@code [clauses, (atoms, (negated, terms, (word, mask)…)…)…]}; marks the bits it reads in {@code used}.
     */
    private void compile(Goal g, WorldSpec ws, boolean[] used, IntArrayList out) {
        out.add(g.clauses().size());
        for (List<Atom> clause : g.clauses()) {
            out.add(clause.size());
            for (Atom a : clause) {
                Int2IntAVLTreeMap masks = new Int2IntAVLTreeMap(); // word → mask
                int[] as = slots(a.a(), ws), bs = slots(a.b(), ws);
                switch (a.type()) {
                    case HOLD -> {
                        if (as.length > 0)
                            for (int b : bs) mark(masks, used, holdBase + as[0] * mo + (b - mp));
                    }
                    case NEAR -> {
                        for (int x : as) for (int y : bs) if (x != y) mark(masks, used, pair(x, y));
                    }
                    case ON -> {
                        for (int x : as) for (int z : bs) mark(masks, used, onBase + x * mz + z);
                    }
                    case SEE -> {
                        if (as.length > 0)
                            for (int y : bs) if (y != as[0]) mark(masks, used, seeBase + as[0] * bodies + y);
                    }
                }
                out.add(a.negated() ? 1 : 0);
                out.add(masks.size());
                for (var en : masks.int2IntEntrySet()) {
                    out.add(en.getIntKey());
                    out.add(en.getIntValue());
                }
            }
        }
    }

    private static void mark(Int2IntAVLTreeMap masks, boolean[] used, int bit) {
        used[bit] = true;
        masks.put(bit >>> 5, masks.get(bit >>> 5) | (1 << (bit & 31)));
    }

    /** Body slots (or zone indices) a reference denotes in world ws, as {@link GoalEval#candidates}. */
    private int[] slots(Ref r, WorldSpec ws) {
        IntArrayList out = new IntArrayList();
        switch (r.kind()) {
            case PLAYER -> { if (r.player() < ws.players()) out.add(r.player()); }
            case OBJECT -> {
                for (int o = 0; o < ws.objects(); o++)
                    if ((r.colour() < 0 || ws.objectColour()[o] == r.colour()) && (r.shape() < 0 || ws.objectShape()[o] == r.shape()))
                        out.add(mp + o);
            }
            case ZONE -> {
                for (int z = 0; z < ws.zones(); z++) if (r.colour() < 0 || ws.zoneColour()[z] == r.colour()) out.add(z);
            }
        }
        return out.toIntArray();
    }
}
