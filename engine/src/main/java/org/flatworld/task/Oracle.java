package org.flatworld.task;

import org.flatworld.world.ActionSet;
import org.flatworld.world.World;

/**
 * The scripted oracle (docs/TASKS.md): for each predicate type a controller that makes it true or
 * false — go to (near, on, see), grab and carry (hold, near/on of an object), drop (¬hold),
 * move away (¬near, ¬on, ¬see; for an object: pick it up and carry it away). Each step it keeps a clause that holds, else takes the first clause
 * whose unsatisfied atoms it can all influence, and acts on that clause's first unsatisfied atom.
 * Movement is momentum-aware: it steers the coasting stop point p + v·dt/damping onto the target.
 * Stateless between steps, deterministic; not thread-safe (one instance per thread).
 */
public final class Oracle {
    private final World w;
    private final GoalEval ev;
    private final ActionSet as;
    private final int grab, drop, moves;
    private final int[] cand;
    private final float near, reach, zone;

    public Oracle(World w, GoalEval ev) {
        this.w = w;
        this.ev = ev;
        this.as = w.actions;
        this.grab = as.indexOf(ActionSet.GRAB);
        this.drop = as.indexOf(ActionSet.DROP);
        this.moves = as.movementActions();
        this.cand = new int[w.maxPlayers + Math.max(w.maxObjects, w.maxZones)];
        this.near = w.phys.nearDistance();
        this.reach = w.phys.reach();
        this.zone = w.phys.zoneRadius();
    }

    /**
     * Does {@code g} have a clause that player {@code owner} can make true by skill, whatever its
     * co-players do? A clause is luck, not skill, when it has a positive hold/on/see atom about
     * another player (only that player can make it true), or when it "chases" a wandering co-player
     * (random, or frozen: played at random by the sampler) — a positive near, or a see of either
     * sign, naming one — and also pins something else (a second chase, or any other positive atom
     * but hold(me, ·)): the oracle can chase or face a wanderer, but it cannot make the wanderer come
     * to a zone or an object, or stay out of view while it stands on a zone (the rare oracle
     * failures of sampler version 1, docs/TASKS.md). A clause that needs two objects carried
     * (two positive near/on atoms without the owner) is beyond the one-handed oracle except by luck.
     * Goals without a skill clause are rejected.
     *
     * @param coPlayers the policies of players 1, 2, … (the task's co-players)
     */
    public static boolean hasControllableClause(Goal g, int owner, java.util.List<CoPlayer> coPlayers) {
        for (java.util.List<Atom> clause : g.clauses()) if (skill(clause, owner, coPlayers)) return true;
        return false;
    }

    /**
     * The goal the oracle pursues for {@code owner}: g's skill clauses only (see
     * {@link #hasControllableClause}), or g itself when it has none. Rewards still come from g.
     */
    public static Goal pursued(Goal g, int owner, java.util.List<CoPlayer> coPlayers) {
        java.util.List<java.util.List<Atom>> keep = new java.util.ArrayList<>();
        for (java.util.List<Atom> clause : g.clauses()) if (skill(clause, owner, coPlayers)) keep.add(clause);
        return keep.isEmpty() || keep.size() == g.clauses().size() ? g : new Goal(keep);
    }

    private static boolean skill(java.util.List<Atom> clause, int owner, java.util.List<CoPlayer> coPlayers) {
        {
            boolean ok = true;
            int chase = 0, pins = 0, carries = 0;
            for (Atom a : clause) {
                boolean other = a.a().kind() == Ref.Kind.PLAYER && a.a().player() != owner;
                boolean mine = a.a().kind() == Ref.Kind.PLAYER && a.a().player() == owner
                        || a.b().kind() == Ref.Kind.PLAYER && a.b().player() == owner;
                if (!a.negated() && !mine && (a.type() == Predicate.NEAR || a.type() == Predicate.ON)) carries++;
                if (!a.negated() && other && a.type() != Predicate.NEAR) ok = false;
                boolean wanderer = wanders(a.a(), owner, coPlayers) || wanders(a.b(), owner, coPlayers);
                if (wanderer && (a.type() == Predicate.SEE || a.type() == Predicate.NEAR && !a.negated())) chase++;
                else if (!a.negated() && !(a.type() == Predicate.HOLD && !other)) pins++;
            }
            return ok && carries <= 1 && (chase == 0 || chase == 1 && pins == 0);
        }
    }

    private static boolean wanders(Ref r, int owner, java.util.List<CoPlayer> coPlayers) {
        if (r.kind() != Ref.Kind.PLAYER || r.player() == owner || r.player() == 0) return false;
        CoPlayer k = coPlayers.get(r.player() - 1);
        return k == CoPlayer.RANDOM || k == CoPlayer.FROZEN;
    }

    /** The oracle's action for player p of env e pursuing the compiled goal {@code code}. */
    public int act(int e, int p, int[] code) {
        int clauses = code[0];
        int chosen = -1, fallback = -1, fewest = Integer.MAX_VALUE;
        for (int c = 0; c < clauses; c++) {
            if (ev.clause(e, code, c)) return maintain(e, p, code, c);
            int k = GoalEval.clauseStart(code, c), atoms = code[k++], blocked = 0;
            for (int a = 0; a < atoms; a++) {
                int at = k + a * GoalCode.ATOM;
                if (!ev.atom(e, code, at) && !controllable(p, code, at)) blocked++;
            }
            if (blocked == 0) { chosen = c; break; }
            if (blocked < fewest) { fewest = blocked; fallback = c; }
        }
        if (chosen < 0) chosen = fallback;
        int k = GoalEval.clauseStart(code, chosen), atoms = code[k++];
        boolean hand = needsHand(p, code, k, atoms);
        // first get what must be held (holding lasts, so it is never undone by the other atoms),
        // then the other atoms in order; otherwise a chase of a moving target and a fetch take
        // turns forever (one undoes the other as soon as the target moves)
        for (int pass = 0; pass < 2; pass++)
            for (int a = 0; a < atoms; a++) {
                int at = k + a * GoalCode.ATOM;
                boolean holdMine = code[at] == Predicate.HOLD.ordinal() && code[at + 1] == 0 && isMe(code[at + 2], code[at + 3], p);
                if (holdMine != (pass == 0) || ev.atom(e, code, at)) continue;
                int act = pursue(e, p, code, at, hand);
                if (act >= 0) return act;
            }
        return 0;
    }

    /** A clause that holds: stand still (drop nothing) unless momentum is about to break it. */
    private int maintain(int e, int p, int[] code, int c) {
        int i = w.player(e, p);
        float v2 = w.vx[i] * w.vx[i] + w.vy[i] * w.vy[i];
        if (v2 < 1e-4f) return 0;
        // brake: push against the velocity
        return bestMove(-w.vx[i], -w.vy[i]);
    }

    private static boolean isMe(int kind, int x, int p) { return kind == GoalCode.PLAYER && x == p; }

    private boolean controllable(int p, int[] code, int at) {
        int type = code[at];
        boolean neg = code[at + 1] != 0;
        boolean aMe = isMe(code[at + 2], code[at + 3], p), bMe = isMe(code[at + 5], code[at + 6], p);
        boolean aObj = code[at + 2] == GoalCode.OBJECT, bObj = code[at + 5] == GoalCode.OBJECT;
        if (type == Predicate.NEAR.ordinal()) return aMe || bMe || ((aObj || bObj) && grab >= 0);
        if (type == Predicate.HOLD.ordinal()) return aMe && grab >= 0;
        if (type == Predicate.ON.ordinal()) return aMe || (aObj && grab >= 0);
        return aMe; // SEE
    }

    /** Does the clause need the hand for something other than near(me, ·)? */
    private boolean needsHand(int p, int[] code, int k, int atoms) {
        for (int a = 0; a < atoms; a++) {
            int at = k + a * GoalCode.ATOM, type = code[at];
            if (code[at + 1] != 0) continue;
            if (type == Predicate.HOLD.ordinal()) return true;
            boolean aMe = isMe(code[at + 2], code[at + 3], p), bMe = isMe(code[at + 5], code[at + 6], p);
            if ((type == Predicate.NEAR.ordinal() && !aMe && !bMe) || (type == Predicate.ON.ordinal() && !aMe)) return true;
        }
        return false;
    }

    /** An action that works towards making the atom at {@code at} hold, or −1. */
    private int pursue(int e, int p, int[] code, int at, boolean hand) {
        int type = code[at];
        boolean neg = code[at + 1] != 0;
        int ak = code[at + 2], a1 = code[at + 3], a2 = code[at + 4];
        int bk = code[at + 5], b1 = code[at + 6], b2 = code[at + 7];
        boolean aMe = isMe(ak, a1, p), bMe = isMe(bk, b1, p);
        int me = w.player(e, p);
        if (type == Predicate.NEAR.ordinal()) {
            if (aMe || bMe) {
                int ok = aMe ? bk : ak, o1 = aMe ? b1 : a1, o2 = aMe ? b2 : a2;
                if (neg) {
                    if (heldMatches(e, p, ok, o1, o2)) return drop;
                    int t = nearest(e, me, ok, o1, o2);
                    return t < 0 ? -1 : away(e, me, w.px[t], w.py[t]);
                }
                if (ok == GoalCode.OBJECT && grab >= 0 && !hand) return fetch(e, p, o1, o2);
                int t = nearest(e, me, ok, o1, o2);
                return t < 0 ? -1 : goTo(e, me, w.px[t], w.py[t], near * 0.5f);
            }
            if (neg) {
                // take an object of one side away from the other: hold it first
                if (ak == GoalCode.OBJECT && heldMatches(e, p, ak, a1, a2)) {
                    int t = nearest(e, me, bk, b1, b2);
                    return t < 0 ? -1 : away(e, me, w.px[t], w.py[t]);
                }
                if (bk == GoalCode.OBJECT && heldMatches(e, p, bk, b1, b2)) {
                    int t = nearest(e, me, ak, a1, a2);
                    return t < 0 ? -1 : away(e, me, w.px[t], w.py[t]);
                }
                if (ak == GoalCode.OBJECT) return fetch(e, p, a1, a2);
                if (bk == GoalCode.OBJECT) return fetch(e, p, b1, b2);
                return -1;
            }
            // carry or push an object of one side to the nearest entity of the other
            if (ak == GoalCode.OBJECT) return carry(e, p, a1, a2, bk, b1, b2, near * 0.5f);
            if (bk == GoalCode.OBJECT) return carry(e, p, b1, b2, ak, a1, a2, near * 0.5f);
            return -1;
        }
        if (type == Predicate.HOLD.ordinal()) {
            if (!aMe) return -1;
            if (neg) return drop;
            return fetch(e, p, b1, b2);
        }
        if (type == Predicate.ON.ordinal()) {
            if (aMe) {
                int z = nearestZone(e, me, b1);
                if (z < 0) return -1;
                return neg ? away(e, me, w.zx[z], w.zy[z]) : goTo(e, me, w.zx[z], w.zy[z], zone * 0.4f);
            }
            if (ak != GoalCode.OBJECT) return -1;
            if (neg) {
                if (!heldMatches(e, p, ak, a1, a2)) return fetch(e, p, a1, a2); // pick it up, then carry it off
                int z = nearestZone(e, me, b1);
                return z < 0 ? -1 : away(e, me, w.zx[z], w.zy[z]);
            }
            return carry(e, p, a1, a2, GoalCode.ZONE, b1, -1, zone * 0.4f);
        }
        // SEE
        if (!aMe) return -1;
        int t = nearest(e, me, bk, b1, b2);
        if (t < 0) return -1;
        if (neg) return away(e, me, w.px[t], w.py[t]);
        float dx = w.px[t] - w.px[me], dy = w.py[t] - w.py[me];
        float d2 = dx * dx + dy * dy;
        float vr = w.phys.viewRadius();
        if (vr > 0 && d2 > vr * vr * 0.8f) return goTo(e, me, w.px[t], w.py[t], near);
        return bestMove(dx, dy); // turning = moving towards it
    }

    /** Go to and grab the nearest free object matching (colour, shape); drop a wrong one first. */
    private int fetch(int e, int p, int col, int shp) {
        int me = w.player(e, p);
        if (grab < 0) return -1;
        int h = w.holding[me];
        if (h >= 0) {
            if (matches(e, h, col, shp)) return -1;
            return drop;
        }
        int t = nearestFree(e, me, col, shp);
        if (t < 0) return -1;
        float dx = w.px[t] - w.px[me], dy = w.py[t] - w.py[me];
        if (dx * dx + dy * dy <= reach * reach * 0.8f) return grab;
        return goTo(e, me, w.px[t], w.py[t], reach * 0.4f);
    }

    /** Bring an object (col, shp) to the nearest target of kind tk by carrying it (needs grab). */
    private int carry(int e, int p, int col, int shp, int tk, int t1, int t2, float tol) {
        int me = w.player(e, p);
        int h = w.holding[me];
        if (grab >= 0) {
            if (h >= 0 && matches(e, h, col, shp)) {
                int heldSlot = w.object(e, h);
                float tx, ty;
                if (tk == GoalCode.ZONE) {
                    int z = nearestZone(e, me, t1);
                    if (z < 0) return -1;
                    tx = w.zx[z];
                    ty = w.zy[z];
                } else {
                    int t = nearestExcept(e, me, tk, t1, t2, heldSlot);
                    if (t < 0) return -1;
                    tx = w.px[t];
                    ty = w.py[t];
                }
                return goTo(e, me, tx, ty, tol);
            }
            return fetch(e, p, col, shp);
        }
        return -1; // without grab, objects are never goal subjects (TaskSampler)
    }

    private boolean heldMatches(int e, int p, int kind, int col, int shp) {
        if (kind != GoalCode.OBJECT) return false;
        int h = w.holding[w.player(e, p)];
        return h >= 0 && matches(e, h, col, shp);
    }

    private boolean matches(int e, int o, int col, int shp) {
        int s = w.stride;
        return (col < 0 || w.colour[o * s + e] == col) && (shp < 0 || w.shape[o * s + e] == shp);
    }

    /** Nearest entity (movable slot) of a reference to slot {@code from}, excluding {@code from}. */
    private int nearest(int e, int from, int kind, int x, int y) {
        return nearestExcept(e, from, kind, x, y, from);
    }

    private int nearestExcept(int e, int from, int kind, int x, int y, int except) {
        int n = ev.candidates(e, kind, x, y, cand);
        int best = -1;
        float bd = Float.POSITIVE_INFINITY;
        for (int k = 0; k < n; k++) {
            int j = cand[k];
            if (j == except || j == from) continue;
            float dx = w.px[j] - w.px[from], dy = w.py[j] - w.py[from];
            float d2 = dx * dx + dy * dy;
            if (d2 < bd) { bd = d2; best = j; }
        }
        return best;
    }

    private int nearestFree(int e, int from, int col, int shp) {
        int n = ev.candidates(e, GoalCode.OBJECT, col, shp, cand);
        int best = -1, s = w.stride;
        float bd = Float.POSITIVE_INFINITY;
        for (int k = 0; k < n; k++) {
            int j = cand[k];
            int o = j / s - w.maxPlayers;
            if (w.heldBy[o * s + e] >= 0) continue;
            float dx = w.px[j] - w.px[from], dy = w.py[j] - w.py[from];
            float d2 = dx * dx + dy * dy;
            if (d2 < bd) { bd = d2; best = j; }
        }
        return best;
    }

    /** Nearest zone slot of colour col (−1 = any) to movable slot {@code from}. */
    private int nearestZone(int e, int from, int col) {
        int n = ev.candidates(e, GoalCode.ZONE, col, -1, cand);
        int best = -1;
        float bd = Float.POSITIVE_INFINITY;
        for (int k = 0; k < n; k++) {
            int z = cand[k];
            float dx = w.zx[z] - w.px[from], dy = w.zy[z] - w.py[from];
            float d2 = dx * dx + dy * dy;
            if (d2 < bd) { bd = d2; best = z; }
        }
        return best;
    }

    /** Steer the coasting stop point p + v·dt/damping onto (tx, ty); no-op within {@code tol}. */
    private int goTo(int e, int me, float tx, float ty, float tol) {
        float coast = w.phys.dt() / Math.max(w.damping[e], 0.05f);
        float sx = w.px[me] + w.vx[me] * coast, sy = w.py[me] + w.vy[me] * coast;
        float dx = tx - sx, dy = ty - sy;
        if (dx * dx + dy * dy <= tol * tol) return 0;
        return bestMove(dx, dy);
    }

    private int away(int e, int me, float tx, float ty) {
        float dx = w.px[me] - tx, dy = w.py[me] - ty;
        if (dx * dx + dy * dy < 1e-12f) dx = 1f;
        // near a wall the direct way out may be blocked: slide along the wall
        float h = w.half[e] - w.phys.playerRadius() - 0.02f;
        if ((w.px[me] >= h && dx > 0) || (w.px[me] <= -h && dx < 0)) dx = 0f;
        if ((w.py[me] >= h && dy > 0) || (w.py[me] <= -h && dy < 0)) dy = 0f;
        if (dx == 0f && dy == 0f) { dx = -w.px[me]; dy = -w.py[me]; }
        return bestMove(dx, dy);
    }

    /** The movement action whose direction best matches (dx, dy). */
    private int bestMove(float dx, float dy) {
        int best = 0;
        float bd = 0f;
        for (int a = 1; a < moves; a++) {
            float d = as.dx(a) * dx + as.dy(a) * dy;
            if (d > bd) { bd = d; best = a; }
        }
        return best;
    }
}
