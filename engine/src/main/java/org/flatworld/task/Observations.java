package org.flatworld.task;

import java.util.Arrays;
import java.util.List;
import org.flatworld.world.World;
import org.flatworld.world.WorldSpec;

/**
 * Writes a player's observation (layout version {@link #VERSION}, docs/OBSERVATIONS.md). All sizes
 * come from the config's layout maxima, so every split of one config has one obsDim:
 * <pre>
 *   self   (SELF)                         x, y, vx, vy, facing x, y, holding, frozen, t/horizon, goal visible
 *   slots  (players−1 + objects + zones + obstacles, SLOT)   per entity, padded with zeros
 *   goal   (options, conjuncts, ATOM)     per atom: present, predicate one-hot, negated, 2 arguments
 * </pre>
 */
public final class Observations {
    public static final int VERSION = 1;
    public static final int SELF = 10;
    /** Slot prefix before the colour and shape one-hots. */
    public static final int SLOT_FIXED = 12;
    /** Atom prefix: present, 4 predicate bits, negated. */
    public static final int ATOM_FIXED = 6;
    public static final int SELF_FLOPS = 6, SLOT_FLOPS = 12;

    public final int maxPlayers, maxObjects, maxZones, maxObstacles, maxOptions, maxConjuncts, colours, shapes;
    public final int slotWidth, slots, argWidth, atomWidth, goalOffset, goalDim, dim;
    private final float invMaxSpeed, invHorizon, invTag;
    private final float view2;

    public Observations(Complexity c) {
        maxPlayers = c.layoutPlayers();
        maxObjects = c.layoutObjects();
        maxZones = c.layoutZones();
        maxObstacles = c.layoutObstacles();
        maxOptions = c.layoutOptions();
        maxConjuncts = c.layoutConjuncts();
        colours = c.colours();
        shapes = c.shapes();
        slotWidth = SLOT_FIXED + colours + shapes;
        slots = maxPlayers - 1 + maxObjects + maxZones + maxObstacles;
        argWidth = 4 + (maxPlayers - 1) + colours + shapes;
        atomWidth = ATOM_FIXED + 2 * argWidth;
        goalOffset = SELF + slots * slotWidth;
        goalDim = maxOptions * maxConjuncts * atomWidth;
        dim = goalOffset + goalDim;
        invMaxSpeed = (float) (1 / c.maxSpeed());
        invHorizon = 1f / c.horizon();
        invTag = 1f / c.tagSteps();
        view2 = c.viewRadius() > 0 ? (float) (c.viewRadius() * c.viewRadius()) : Float.POSITIVE_INFINITY;
    }

    public static int dim(Complexity c) { return new Observations(c).dim; }

    /** Relative slot of player q as seen by player p among n players (0-based, p excluded). */
    public static int relative(int p, int q, int n) { return Math.floorMod(q - p, n) - 1; }

    /** The goal tensor (goalDim) of {@code g} as seen by player {@code owner} among {@code players}. */
    public float[] encodeGoal(Goal g, int owner, int players) {
        if (g.options() > maxOptions || g.conjuncts() > maxConjuncts)
            throw new IllegalArgumentException("goal of " + g.options() + " options × " + g.conjuncts()
                    + " conjuncts exceeds the layout " + maxOptions + " × " + maxConjuncts);
        float[] out = new float[goalDim];
        List<List<Atom>> cl = g.clauses();
        for (int c = 0; c < cl.size(); c++) {
            for (int j = 0; j < cl.get(c).size(); j++) {
                Atom a = cl.get(c).get(j);
                int o = (c * maxConjuncts + j) * atomWidth;
                out[o] = 1f;
                out[o + 1 + a.type().ordinal()] = 1f;
                out[o + 5] = a.negated() ? 1f : 0f;
                arg(out, o + ATOM_FIXED, a.a(), owner, players);
                arg(out, o + ATOM_FIXED + argWidth, a.b(), owner, players);
            }
        }
        return out;
    }

    private void arg(float[] out, int o, Ref r, int owner, int players) {
        out[o + r.kind().ordinal()] = 1f;
        if (r.kind() == Ref.Kind.PLAYER) {
            if (r.player() == owner) out[o + 3] = 1f;
            else out[o + 4 + relative(owner, r.player(), players)] = 1f;
        }
        int co = o + 4 + (maxPlayers - 1);
        if (r.colour() >= 0) out[co + r.colour()] = 1f;
        if (r.shape() >= 0) out[co + colours + r.shape()] = 1f;
    }

    /**
     * Writes player p's observation of env e at out[off, off + dim). {@code goal} is the encoded goal
     * or null when hidden. Returns the FLOPs (SELF_FLOPS + SLOT_FLOPS per present entity).
     */
    public long write(World w, int e, int p, int t, float[] goal, float[] out, int off) {
        final int s = w.stride, np = w.nPlayers[e], no = w.nObjects[e], nz = w.nZones[e], nk = w.nObstacles[e];
        final float h = w.half[e], ih = 1f / h;
        Arrays.fill(out, off, off + dim, 0f);
        int i = p * s + e;
        float x = w.px[i], y = w.py[i], vx = w.vx[i], vy = w.vy[i];
        out[off] = x * ih;
        out[off + 1] = y * ih;
        out[off + 2] = vx * invMaxSpeed;
        out[off + 3] = vy * invMaxSpeed;
        out[off + 4] = w.fx[i];
        out[off + 5] = w.fy[i];
        out[off + 6] = w.holding[i] >= 0 ? 1f : 0f;
        out[off + 7] = w.frozen[i] * invTag;
        out[off + 8] = t * invHorizon;
        out[off + 9] = goal != null ? 1f : 0f;
        int base = off + SELF;
        int colOff = SLOT_FIXED, shpOff = SLOT_FIXED + colours;
        for (int k = 1; k < np; k++) {
            int q = (p + k) % np, j = q * s + e;
            int o = base + (k - 1) * slotWidth;
            if (movable(w, j, x, y, vx, vy, ih, out, o)) {
                out[o + 5] = 1f;
                out[o + 9] = w.holding[j] >= 0 ? 1f : 0f;
                out[o + 10] = w.frozen[j] > 0 ? 1f : 0f;
            }
        }
        base += (maxPlayers - 1) * slotWidth;
        for (int ob = 0; ob < no; ob++) {
            int j = w.object(e, ob);
            int o = base + ob * slotWidth;
            if (movable(w, j, x, y, vx, vy, ih, out, o)) {
                int holder = w.heldBy[ob * s + e];
                out[o + 6] = 1f;
                out[o + 9] = holder >= 0 ? 1f : 0f;
                out[o + 11] = holder == p ? 1f : 0f;
                out[o + colOff + w.colour[ob * s + e]] = 1f;
                out[o + shpOff + w.shape[ob * s + e]] = 1f;
            }
        }
        base += maxObjects * slotWidth;
        for (int z = 0; z < nz; z++) {
            int o = base + z * slotWidth;
            if (still(w.zx[z * s + e], w.zy[z * s + e], x, y, vx, vy, ih, out, o)) {
                out[o + 7] = 1f;
                out[o + colOff + w.zoneColour[z * s + e]] = 1f;
            }
        }
        base += maxZones * slotWidth;
        for (int k = 0; k < nk; k++) {
            int o = base + k * slotWidth;
            if (still(w.kx[k * s + e], w.ky[k * s + e], x, y, vx, vy, ih, out, o)) out[o + 8] = 1f;
        }
        if (goal != null) System.arraycopy(goal, 0, out, off + goalOffset, goalDim);
        return SELF_FLOPS + (long) SLOT_FLOPS * (np - 1 + no + nz + nk);
    }

    /**
     * The parts of player p's observation that stay fixed during an episode of a task with world
     * {@code ws}, assuming every entity is in view: presence and kind flags, colour and shape
     * one-hots, the goal-visible flag and the goal tensor {@code goal}. {@link #writeFrom} copies it and
     * adds the rest; the result equals {@link #write}.
     */
    public float[] template(WorldSpec ws, int p, float[] goal) {
        float[] out = new float[dim];
        int np = ws.players();
        out[9] = 1f;
        int base = SELF;
        for (int k = 1; k < np; k++) {
            int o = base + (k - 1) * slotWidth;
            out[o] = 1f;
            out[o + 5] = 1f;
        }
        base += (maxPlayers - 1) * slotWidth;
        for (int ob = 0; ob < ws.objects(); ob++) {
            int o = base + ob * slotWidth;
            out[o] = 1f;
            out[o + 6] = 1f;
            out[o + SLOT_FIXED + ws.objectColour()[ob]] = 1f;
            out[o + SLOT_FIXED + colours + ws.objectShape()[ob]] = 1f;
        }
        base += maxObjects * slotWidth;
        for (int z = 0; z < ws.zones(); z++) {
            int o = base + z * slotWidth;
            out[o] = 1f;
            out[o + 7] = 1f;
            out[o + SLOT_FIXED + ws.zoneColour()[z]] = 1f;
        }
        base += maxZones * slotWidth;
        for (int k = 0; k < ws.obstacles(); k++) {
            int o = base + k * slotWidth;
            out[o] = 1f;
            out[o + 8] = 1f;
        }
        System.arraycopy(goal, 0, out, goalOffset, goalDim);
        return out;
    }

    /**
     * Writes player p's observation of env e at out[off, off + dim) from the episode's
     * {@link #template} at tpl[tplOff, tplOff + dim): one straight copy, then the values that move
     * (self state, relative positions and velocities, held/frozen flags); entities out of view are
     * blanked; a hidden goal is zeroed. Same result and FLOPs as {@link #write}.
     */
    public long writeFrom(World w, int e, int p, int t, boolean goalVisible, float[] tpl, int tplOff, float[] out, int off) {
        System.arraycopy(tpl, tplOff, out, off, dim);
        if (!goalVisible) {
            out[off + 9] = 0f;
            Arrays.fill(out, off + goalOffset, off + goalOffset + goalDim, 0f);
        }
        return writeMoving(w, e, p, t, tpl, tplOff, out, off, false);
    }

    /**
     * Rewrites only the values of player p's observation that can change within an episode, in a
     * row out[off, off + dim) that already holds a complete observation of the same task and goal
     * visibility (written by {@link #writeFrom} or by this method from the same template): self
     * state, relative positions and velocities, held/frozen flags; with a view radius, each entity
     * slot in view is first restored from the template (it may have been blanked) and a slot out of
     * view is blanked. Afterwards the row equals what {@link #writeFrom} writes (tested). Touches
     * the moving values only (65 of 392 floats in issue 4's scenario) instead of {@code dim}. Same FLOPs as {@link #write}.
     */
    public long writeChanged(World w, int e, int p, int t, float[] tpl, int tplOff, float[] out, int off) {
        return writeMoving(w, e, p, t, tpl, tplOff, out, off, true);
    }

    /** The moving values; {@code restore}: copy an in-view slot from the template first (finite view only). */
    private long writeMoving(World w, int e, int p, int t, float[] tpl, int tplOff, float[] out, int off, boolean restore) {
        final int s = w.stride, np = w.nPlayers[e], no = w.nObjects[e], nz = w.nZones[e], nk = w.nObstacles[e];
        final float ih = 1f / w.half[e];
        int i = p * s + e;
        float x = w.px[i], y = w.py[i], vx = w.vx[i], vy = w.vy[i];
        out[off] = x * ih;
        out[off + 1] = y * ih;
        out[off + 2] = vx * invMaxSpeed;
        out[off + 3] = vy * invMaxSpeed;
        out[off + 4] = w.fx[i];
        out[off + 5] = w.fy[i];
        out[off + 6] = w.holding[i] >= 0 ? 1f : 0f;
        out[off + 7] = w.frozen[i] * invTag;
        out[off + 8] = t * invHorizon;
        final boolean all = view2 == Float.POSITIVE_INFINITY;
        final int shift = tplOff - off; // template index of out index o
        int base = off + SELF;
        for (int k = 1; k < np; k++) {
            int q = (p + k) % np, j = q * s + e;
            int o = base + (k - 1) * slotWidth;
            float dx = w.px[j] - x, dy = w.py[j] - y;
            if (!all) {
                if (dx * dx + dy * dy > view2) { Arrays.fill(out, o, o + slotWidth, 0f); continue; }
                if (restore) System.arraycopy(tpl, o + shift, out, o, slotWidth);
            }
            out[o + 1] = dx * ih;
            out[o + 2] = dy * ih;
            out[o + 3] = (w.vx[j] - vx) * invMaxSpeed;
            out[o + 4] = (w.vy[j] - vy) * invMaxSpeed;
            out[o + 9] = w.holding[j] >= 0 ? 1f : 0f;
            out[o + 10] = w.frozen[j] > 0 ? 1f : 0f;
        }
        base += (maxPlayers - 1) * slotWidth;
        for (int ob = 0; ob < no; ob++) {
            int j = w.object(e, ob);
            int o = base + ob * slotWidth;
            float dx = w.px[j] - x, dy = w.py[j] - y;
            if (!all) {
                if (dx * dx + dy * dy > view2) { Arrays.fill(out, o, o + slotWidth, 0f); continue; }
                if (restore) System.arraycopy(tpl, o + shift, out, o, slotWidth);
            }
            int holder = w.heldBy[ob * s + e];
            out[o + 1] = dx * ih;
            out[o + 2] = dy * ih;
            out[o + 3] = (w.vx[j] - vx) * invMaxSpeed;
            out[o + 4] = (w.vy[j] - vy) * invMaxSpeed;
            out[o + 9] = holder >= 0 ? 1f : 0f;
            out[o + 11] = holder == p ? 1f : 0f;
        }
        base += maxObjects * slotWidth;
        float rvx = -vx * invMaxSpeed, rvy = -vy * invMaxSpeed;
        for (int z = 0; z < nz; z++) {
            int o = base + z * slotWidth;
            float dx = w.zx[z * s + e] - x, dy = w.zy[z * s + e] - y;
            if (!all) {
                if (dx * dx + dy * dy > view2) { Arrays.fill(out, o, o + slotWidth, 0f); continue; }
                if (restore) System.arraycopy(tpl, o + shift, out, o, slotWidth);
            }
            out[o + 1] = dx * ih;
            out[o + 2] = dy * ih;
            out[o + 3] = rvx;
            out[o + 4] = rvy;
        }
        base += maxZones * slotWidth;
        for (int k = 0; k < nk; k++) {
            int o = base + k * slotWidth;
            float dx = w.kx[k * s + e] - x, dy = w.ky[k * s + e] - y;
            if (!all) {
                if (dx * dx + dy * dy > view2) { Arrays.fill(out, o, o + slotWidth, 0f); continue; }
                if (restore) System.arraycopy(tpl, o + shift, out, o, slotWidth);
            }
            out[o + 1] = dx * ih;
            out[o + 2] = dy * ih;
            out[o + 3] = rvx;
            out[o + 4] = rvy;
        }
        return SELF_FLOPS + (long) SLOT_FLOPS * (np - 1 + no + nz + nk);
    }

    private boolean movable(World w, int j, float x, float y, float vx, float vy, float ih, float[] out, int o) {
        float dx = w.px[j] - x, dy = w.py[j] - y;
        if (dx * dx + dy * dy > view2) return false;
        out[o] = 1f;
        out[o + 1] = dx * ih;
        out[o + 2] = dy * ih;
        out[o + 3] = (w.vx[j] - vx) * invMaxSpeed;
        out[o + 4] = (w.vy[j] - vy) * invMaxSpeed;
        return true;
    }

    private boolean still(float zx, float zy, float x, float y, float vx, float vy, float ih, float[] out, int o) {
        float dx = zx - x, dy = zy - y;
        if (dx * dx + dy * dy > view2) return false;
        out[o] = 1f;
        out[o + 1] = dx * ih;
        out[o + 2] = dy * ih;
        out[o + 3] = -vx * invMaxSpeed;
        out[o + 4] = -vy * invMaxSpeed;
        return true;
    }
}
