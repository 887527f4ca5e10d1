package org.flatworld.world;

import org.flatworld.kernels.world.BodyBatch;
import org.flatworld.kernels.world.WorldKernels;

/**
 * A batch of Flatworld arenas in structure-of-arrays form: entity slot {@code s} of environment
 * {@code e} lives at index {@code s * stride + e} (stride = numEnvs padded by 16 floats so that
 * power-of-two batches do not alias in the cache). Players occupy slots [0, maxPlayers), objects
 * [maxPlayers, maxPlayers + maxObjects) of the movable arrays; zones and obstacles have their own.
 *
 * <p>One step ({@link #step(int, int, int[], int, int, WorldKernels)}, over a range of environments):
 * actions (movement force, facing, grab, drop, throw, tag; per environment), contact forces between
 * every pair of colliding bodies (players, free objects, obstacles) and integration (MPE order
 * p += v·dt; v *= 1 − damping; v += F/m·dt; speed cap; solid walls), both vectorised across
 * environments by {@link WorldKernels}, then held objects are moved onto their holder. The scalar and
 * Vector API kernels give the same bits, so a single-environment {@link #step(int, int[], int)} (the
 * sampler's validation) and a batched Vector API step agree exactly. Environments are independent:
 * callers may step disjoint ranges on different threads.
 *
 * <p>FLOPs are counted analytically by {@link #stepFlops} (docs/FLOPS.md, section "Flatworld").
 */
public final class World {
    /** Contact pair cost: dx, dy (2) dist² (3) sqrt (1) gap (1) z (1) exp, log (2) ×margin (1) f (2) f·dx, f·dy (2) apply (4). */
    public static final int PAIR_FLOPS = 19, PAIR_TRANSCENDENTALS = 3;
    /** Integration per movable body: p (4) damping (3) force (4) cap: speed² (3) sqrt (1) max (1) ÷ (1) scale (2) walls (4). */
    public static final int BODY_FLOPS = 23, BODY_TRANSCENDENTALS = 1;
    /** Per player action: movement force (2). A grab or tag tests every candidate: dist² (5) compare (1). */
    public static final int ACTION_FLOPS = 2, REACH_TEST_FLOPS = 6;

    public final Physics phys;
    public final ActionSet actions;
    public final int numEnvs, maxPlayers, maxObjects, maxZones, maxObstacles, stride;

    /** The bodies in the layout the batched kernels work on (positions, velocities, forces, live flags). */
    public final BodyBatch bodies;
    public final float[] px, py, vx, vy; // (maxPlayers + maxObjects, stride) position, velocity (arrays of bodies)
    public final float[] fx, fy;         // (maxPlayers, stride) facing unit vector
    public final int[] holding;          // (maxPlayers, stride) held object index or −1
    public final int[] frozen;           // (maxPlayers, stride) frozen steps left
    public final int[] heldBy;           // (maxObjects, stride) holder player index or −1
    public final int[] colour, shape;    // (maxObjects, stride)
    public final float[] zx, zy;         // (maxZones, stride) zone centres
    public final int[] zoneColour;       // (maxZones, stride)
    public final float[] kx, ky;         // (maxObstacles, stride) obstacle centres (arrays of bodies)
    public final int[] nPlayers, nObjects, nZones, nObstacles; // (numEnvs)
    public final float[] half, damping, massScale;             // (numEnvs)
    private final float[] moveX, moveY, moveIdle; // (numActions) the action set's movement tables
    private final int[] special;                   // (numActions) ActionSet special codes
    /** No tag in the action set: nobody is ever frozen, every present player acts every step. */
    private final boolean noFreeze;

    public World(Physics phys, ActionSet actions, int numEnvs, int maxPlayers, int maxObjects, int maxZones, int maxObstacles) {
        if (numEnvs < 1) throw new IllegalArgumentException("numEnvs must be ≥ 1, got " + numEnvs);
        if (maxPlayers < 1) throw new IllegalArgumentException("maxPlayers must be ≥ 1, got " + maxPlayers);
        this.phys = phys;
        this.actions = actions;
        this.numEnvs = numEnvs;
        this.maxPlayers = maxPlayers;
        this.maxObjects = maxObjects;
        this.maxZones = maxZones;
        this.maxObstacles = maxObstacles;
        this.stride = numEnvs == 1 ? 1 : numEnvs + 16;
        this.bodies = new BodyBatch(maxPlayers + maxObjects, maxPlayers, maxObstacles, stride, phys.dt(), phys.contactMargin(),
                phys.contactForce(), phys.playerRadius(), phys.objectRadius(), phys.obstacleRadius(), phys.maxSpeed(),
                phys.maxSpeed() + phys.throwSpeed());
        px = bodies.px;
        py = bodies.py;
        vx = bodies.vx;
        vy = bodies.vy;
        fx = new float[maxPlayers * stride];
        fy = new float[maxPlayers * stride];
        holding = new int[maxPlayers * stride];
        frozen = new int[maxPlayers * stride];
        heldBy = new int[Math.max(1, maxObjects) * stride];
        colour = new int[Math.max(1, maxObjects) * stride];
        shape = new int[Math.max(1, maxObjects) * stride];
        zx = new float[Math.max(1, maxZones) * stride];
        zy = new float[Math.max(1, maxZones) * stride];
        zoneColour = new int[Math.max(1, maxZones) * stride];
        kx = bodies.kx;
        ky = bodies.ky;
        nPlayers = new int[numEnvs];
        nObjects = new int[numEnvs];
        nZones = new int[numEnvs];
        nObstacles = new int[numEnvs];
        half = new float[numEnvs];
        damping = new float[numEnvs];
        massScale = new float[numEnvs];
        int na = actions.size();
        moveX = new float[na];
        moveY = new float[na];
        moveIdle = new float[na];
        special = new int[na];
        for (int a = 0; a < na; a++) {
            moveX[a] = actions.dx(a);
            moveY[a] = actions.dy(a);
            moveIdle[a] = actions.idle(a);
            special[a] = actions.special(a);
        }
        noFreeze = actions.indexOf(ActionSet.TAG) < 0;
    }

    /** Index of player {@code p} of env {@code e} in the movable arrays. */
    public int player(int e, int p) { return p * stride + e; }

    /** Index of object {@code o} of env {@code e} in the movable arrays. */
    public int object(int e, int o) { return (maxPlayers + o) * stride + e; }

    /** Sets environment {@code e} to the initial state of {@code w}. */
    public void load(int e, WorldSpec w) {
        if (w.players() > maxPlayers || w.objects() > maxObjects || w.zones() > maxZones || w.obstacles() > maxObstacles)
            throw new IllegalArgumentException("world has " + w.players() + " players, " + w.objects() + " objects, "
                    + w.zones() + " zones, " + w.obstacles() + " obstacles; maxima are " + maxPlayers + ", "
                    + maxObjects + ", " + maxZones + ", " + maxObstacles);
        int s = stride;
        nPlayers[e] = w.players();
        nObjects[e] = w.objects();
        nZones[e] = w.zones();
        nObstacles[e] = w.obstacles();
        half[e] = w.worldSize() * 0.5f;
        damping[e] = w.damping();
        massScale[e] = w.massScale();
        BodyBatch b = bodies;
        b.half[e] = half[e];
        b.keep[e] = 1f - w.damping();
        b.invP[e] = phys.dt() / (phys.playerMass() * w.massScale());
        b.invO[e] = phys.dt() / (phys.objectMass() * w.massScale());
        for (int p = 0; p < maxPlayers; p++) {
            int i = p * s + e;
            boolean on = p < w.players();
            px[i] = on ? w.playerX()[p] : 0f;
            py[i] = on ? w.playerY()[p] : 0f;
            vx[i] = 0f;
            vy[i] = 0f;
            b.live[i] = on ? 1f : 0f;
            fx[i] = on ? (float) Math.cos(w.playerAngle()[p]) : 1f;
            fy[i] = on ? (float) Math.sin(w.playerAngle()[p]) : 0f;
            holding[i] = -1;
            frozen[i] = 0;
        }
        for (int o = 0; o < maxObjects; o++) {
            int i = object(e, o);
            boolean on = o < w.objects();
            px[i] = on ? w.objectX()[o] : 0f;
            py[i] = on ? w.objectY()[o] : 0f;
            vx[i] = 0f;
            vy[i] = 0f;
            b.live[i] = on ? 1f : 0f;
            heldBy[o * s + e] = -1;
            colour[o * s + e] = on ? w.objectColour()[o] : -1;
            shape[o * s + e] = on ? w.objectShape()[o] : -1;
        }
        for (int z = 0; z < maxZones; z++) {
            boolean on = z < w.zones();
            zx[z * s + e] = on ? w.zoneX()[z] : 0f;
            zy[z * s + e] = on ? w.zoneY()[z] : 0f;
            zoneColour[z * s + e] = on ? w.zoneColour()[z] : -1;
        }
        for (int k = 0; k < maxObstacles; k++) {
            boolean on = k < w.obstacles();
            kx[k * s + e] = on ? w.obstacleX()[k] : 0f;
            ky[k * s + e] = on ? w.obstacleY()[k] : 0f;
            b.kLive[k * s + e] = on ? 1f : 0f;
        }
    }

    /**
     * Advances environment {@code e} one step; player p's action is {@code act[off + p]}. Returns
     * the FLOPs of the data-dependent part (grab and tag reach tests); the fixed part is
     * {@link #stepFlops}. Scalar kernels: the same bits as the batched {@link #step(int, int, int[], int, int, WorldKernels)}.
     */
    public long step(int e, int[] act, int off) {
        return step(e, e + 1, act, off, 0, WorldKernels.scalar());
    }

    /**
     * Advances environments [from, to) one step; player p of env e acts
     * {@code act[actOff + (e − from)·actStride + p]}. Phases, each over the whole range: actions
     * (per environment: movement force and facing, grab / drop / throw / tag), contact forces and
     * integration ({@code k}, vectorised across environments), held objects moved onto their holder.
     * Returns the FLOPs of the data-dependent part (grab and tag reach tests).
     */
    public long step(int from, int to, int[] act, int actOff, int actStride, WorldKernels k) {
        if (from < 0 || to > numEnvs || from > to)
            throw new IllegalArgumentException("environment range [" + from + ", " + to + ") outside [0, " + numEnvs + ")");
        long extra = 0;
        for (int b = 0; b < bodies.bodies; b++) {
            java.util.Arrays.fill(bodies.fx, b * stride + from, b * stride + to, 0f);
            java.util.Arrays.fill(bodies.fy, b * stride + from, b * stride + to, 0f);
        }
        for (int e = from; e < to; e++) extra += act(e, act, actOff + (e - from) * actStride, 1);
        physics(from, to, k);
        return extra;
    }

    /**
     * As {@link #step(int, int, int[], int, int, WorldKernels)} with the actions in player rows:
     * player p of env e acts {@code act[actOff + p·rowStride + (e − from)]}; entries of players
     * absent from an environment must still be valid action indices (they are ignored). The same
     * bits as the per-environment layout. Without a tag in the action set (nobody is ever frozen)
     * the movement (facing, force) of every player row is one vectorised pass
     * ({@link WorldKernels#move}), and only grab / drop / throw go environment by environment, in
     * player order — the same order of effects as {@link #act}, since those read no other player's
     * facing.
     */
    public long stepRows(int from, int to, int[] act, int actOff, int rowStride, WorldKernels k) {
        if (from < 0 || to > numEnvs || from > to)
            throw new IllegalArgumentException("environment range [" + from + ", " + to + ") outside [0, " + numEnvs + ")");
        long extra = 0;
        if (noFreeze) {
            for (int b = maxPlayers; b < bodies.bodies; b++) { // player rows are written by move
                java.util.Arrays.fill(bodies.fx, b * stride + from, b * stride + to, 0f);
                java.util.Arrays.fill(bodies.fy, b * stride + from, b * stride + to, 0f);
            }
            for (int p = 0; p < maxPlayers; p++)
                k.move(bodies, p, act, actOff + p * rowStride, nPlayers, fx, fy, moveX, moveY, moveIdle, phys.accel(), from, to);
            for (int e = from; e < to; e++) extra += specials(e, act, actOff + (e - from), rowStride);
        } else {
            for (int b = 0; b < bodies.bodies; b++) {
                java.util.Arrays.fill(bodies.fx, b * stride + from, b * stride + to, 0f);
                java.util.Arrays.fill(bodies.fy, b * stride + from, b * stride + to, 0f);
            }
            for (int e = from; e < to; e++) extra += act(e, act, actOff + (e - from), rowStride);
        }
        physics(from, to, k);
        return extra;
    }

    /** Grab / drop / throw of env e's players in index order (no tag: everyone present acts). */
    private long specials(int e, int[] act, int off, int pstride) {
        long extra = 0;
        for (int p = 0, np = nPlayers[e]; p < np; p++) {
            int a = act[off + p * pstride];
            assert a >= 0 && a < special.length : "action " + a;
            switch (special[a]) {
                case ActionSet.NONE -> { }
                case ActionSet.GRAB -> extra += grab(e, p);
                case ActionSet.DROP -> release(e, p, 0f);
                default -> release(e, p, phys.throwSpeed());
            }
        }
        return extra;
    }

    /** Contacts, integration, held objects onto their holder (after the actions). */
    private void physics(int from, int to, WorldKernels k) {
        k.contacts(bodies, from, to);
        k.integrate(bodies, from, to);
        // held objects follow their holder
        final int s = stride, mp = maxPlayers;
        for (int o = 0; o < maxObjects; o++) {
            final int row = o * s, orow = (mp + o) * s;
            for (int e = from; e < to; e++) {
                int holder = heldBy[row + e];
                if (holder < 0) continue;
                int i = orow + e, j = holder * s + e;
                px[i] = px[j];
                py[i] = py[j];
                vx[i] = vx[j];
                vy[i] = vy[j];
            }
        }
    }

    /**
     * Actions of env e: movement forces into the (zeroed) force rows,
     * facing, grab / drop / throw / tag. Who may act is decided before anyone acts, so a tag takes
     * effect from the next step whatever the player order. Players act in index order.
     */
    private long act(int e, int[] act, int off, int pstride) {
        final int s = stride, np = nPlayers[e];
        final float[] ffx = bodies.fx, ffy = bodies.fy;
        long extra = 0;
        int acting = 0; // bit p set: player p acts this step (players ≤ 8)
        for (int p = 0; p < np; p++) {
            int i = p * s + e;
            if (frozen[i] > 0) frozen[i]--;
            else acting |= 1 << p;
        }
        for (int p = 0; p < np; p++) {
            if ((acting & (1 << p)) == 0) continue;
            int i = p * s + e;
            int a = act[off + p * pstride];
            assert a >= 0 && a < actions.size() : "action " + a;
            float dx = actions.dx(a), dy = actions.dy(a), idle = actions.idle(a);
            // facing = the last movement direction: d + f·idle (idle = 1 only for non-movement
            // actions) instead of a select, which random actions mispredict
            fx[i] = dx + fx[i] * idle;
            fy[i] = dy + fy[i] * idle;
            ffx[i] = phys.accel() * dx;
            ffy[i] = phys.accel() * dy;
            int special = actions.special(a);
            if (special == ActionSet.NONE) continue;
            switch (special) {
                case ActionSet.GRAB -> extra += grab(e, p);
                case ActionSet.DROP -> release(e, p, 0f);
                case ActionSet.THROW -> release(e, p, phys.throwSpeed());
                default -> extra += tag(e, p);
            }
        }
        return extra;
    }

    private long grab(int e, int p) {
        int s = stride, i = p * s + e;
        int no = nObjects[e];
        if (holding[i] >= 0) return 0;
        float best = phys.reach() * phys.reach();
        int pick = -1;
        for (int o = 0; o < no; o++) {
            if (heldBy[o * s + e] >= 0) continue;
            int j = object(e, o);
            float dx = px[j] - px[i], dy = py[j] - py[i];
            float d2 = dx * dx + dy * dy;
            if (d2 <= best) {
                best = d2;
                pick = o;
            }
        }
        if (pick >= 0) {
            holding[i] = pick;
            heldBy[pick * s + e] = p;
            bodies.live[object(e, pick)] = 0f; // held objects do not collide
        }
        return (long) REACH_TEST_FLOPS * no;
    }

    /** Releases player p's object in front of it with {@code speed} added along its facing. */
    private void release(int e, int p, float speed) {
        int s = stride, i = p * s + e;
        int o = holding[i];
        if (o < 0) return;
        holding[i] = -1;
        heldBy[o * s + e] = -1;
        int j = object(e, o);
        bodies.live[j] = 1f;
        float gap = phys.playerRadius() + phys.objectRadius();
        float lim = half[e] - phys.objectRadius();
        px[j] = Math.clamp(px[i] + fx[i] * gap, -lim, lim);
        py[j] = Math.clamp(py[i] + fy[i] * gap, -lim, lim);
        vx[j] = vx[i] + fx[i] * speed;
        vy[j] = vy[i] + fy[i] * speed;
    }

    private long tag(int e, int p) {
        int s = stride, i = p * s + e, np = nPlayers[e];
        float best = phys.reach() * phys.reach();
        int pick = -1;
        for (int q = 0; q < np; q++) {
            if (q == p || frozen[q * s + e] > 0) continue;
            int j = q * s + e;
            float dx = px[j] - px[i], dy = py[j] - py[i];
            float d2 = dx * dx + dy * dy;
            if (d2 <= best) {
                best = d2;
                pick = q;
            }
        }
        if (pick >= 0) {
            frozen[pick * s + e] = phys.tagSteps();
            release(e, pick, 0f);
        }
        return (long) REACH_TEST_FLOPS * (np - 1);
    }

    /** Fixed FLOPs of one step of an env with these counts (data-independent part). */
    public static long stepFlops(int players, int objects, int obstacles) {
        long bodies = players + objects;
        long pairs = bodies * (bodies - 1) / 2 + bodies * obstacles;
        return pairs * PAIR_FLOPS + bodies * BODY_FLOPS + (long) players * ACTION_FLOPS;
    }

    /** Transcendentals of one step (contained in {@link #stepFlops}). */
    public static long stepTranscendentals(int players, int objects, int obstacles) {
        long bodies = players + objects;
        long pairs = bodies * (bodies - 1) / 2 + bodies * obstacles;
        return pairs * PAIR_TRANSCENDENTALS + bodies * BODY_TRANSCENDENTALS;
    }
}
