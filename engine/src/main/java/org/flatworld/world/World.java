package org.flatworld.world;

/**
 * A batch of Flatworld arenas in structure-of-arrays form: entity slot {@code s} of environment
 * {@code e} lives at index {@code s * stride + e} (stride = numEnvs padded by 16 floats so that
 * power-of-two batches do not alias in the cache). Players occupy slots [0, maxPlayers), objects
 * [maxPlayers, maxPlayers + maxObjects) of the movable arrays; zones and obstacles have their own.
 *
 * <p>One step of one environment ({@link #step}): actions (movement force, facing, grab, drop,
 * throw, tag), contact forces between every pair of colliding bodies (players, free objects,
 * obstacles), integration (MPE order p += v·dt; v *= 1 − damping; v += F/m·dt; speed cap), solid
 * walls, then held objects are moved onto their holder. Environments are independent, so callers
 * may step disjoint environments on different threads; each thread passes its own {@link Scratch}.
 *
 * <p>FLOPs are counted analytically by {@link #stepFlops} (docs/FLOPS.md, section "Flatworld").
 */
public final class World {
    /** softplus(z) · margin is exactly 0 in float for z below this, so such pairs are skipped. */
    private static final float CONTACT_CUTOFF = 104f;
    /** Contact pair cost: dx, dy (2) dist² (3) sqrt (1) gap (1) z (1) exp, log (2) ×margin (1) f (2) f·dx, f·dy (2) apply (4). */
    public static final int PAIR_FLOPS = 19, PAIR_TRANSCENDENTALS = 3;
    /** Integration per movable body: p (4) damping (3) force (4) cap: speed² (3) sqrt (1) max (1) ÷ (1) scale (2) walls (4). */
    public static final int BODY_FLOPS = 23, BODY_TRANSCENDENTALS = 1;
    /** Per player action: movement force (2). A grab or tag tests every candidate: dist² (5) compare (1). */
    public static final int ACTION_FLOPS = 2, REACH_TEST_FLOPS = 6;

    public final Physics phys;
    public final ActionSet actions;
    public final int numEnvs, maxPlayers, maxObjects, maxZones, maxObstacles, stride;

    public final float[] px, py, vx, vy; // (maxPlayers + maxObjects, stride) position, velocity
    public final float[] fx, fy;         // (maxPlayers, stride) facing unit vector
    public final int[] holding;          // (maxPlayers, stride) held object index or −1
    public final int[] frozen;           // (maxPlayers, stride) frozen steps left
    public final int[] heldBy;           // (maxObjects, stride) holder player index or −1
    public final int[] colour, shape;    // (maxObjects, stride)
    public final float[] zx, zy;         // (maxZones, stride) zone centres
    public final int[] zoneColour;       // (maxZones, stride)
    public final float[] kx, ky;         // (maxObstacles, stride) obstacle centres
    public final int[] nPlayers, nObjects, nZones, nObstacles; // (numEnvs)
    public final float[] half, damping, massScale;             // (numEnvs)

    /** Per-thread working memory of {@link #step}. */
    public static final class Scratch {
        final float[] fx, fy; // (maxPlayers + maxObjects) accumulated forces
        final int[] body;     // (maxPlayers + maxObjects) free bodies of this step, by slot
        final float[] bx, by, br; // (maxPlayers + maxObjects) their positions and radii

        Scratch(int n) {
            fx = new float[n];
            fy = new float[n];
            body = new int[n];
            bx = new float[n];
            by = new float[n];
            br = new float[n];
        }
    }

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
        int movable = (maxPlayers + maxObjects) * stride;
        px = new float[movable];
        py = new float[movable];
        vx = new float[movable];
        vy = new float[movable];
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
        kx = new float[Math.max(1, maxObstacles) * stride];
        ky = new float[Math.max(1, maxObstacles) * stride];
        nPlayers = new int[numEnvs];
        nObjects = new int[numEnvs];
        nZones = new int[numEnvs];
        nObstacles = new int[numEnvs];
        half = new float[numEnvs];
        damping = new float[numEnvs];
        massScale = new float[numEnvs];
    }

    public Scratch newScratch() { return new Scratch(maxPlayers + maxObjects); }

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
        for (int p = 0; p < maxPlayers; p++) {
            int i = p * s + e;
            boolean on = p < w.players();
            px[i] = on ? w.playerX()[p] : 0f;
            py[i] = on ? w.playerY()[p] : 0f;
            vx[i] = 0f;
            vy[i] = 0f;
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
        }
    }

    /**
     * Advances environment {@code e} one step; player p's action is {@code act[off + p]}. Returns
     * the FLOPs of the data-dependent part (grab and tag reach tests); the fixed part is
     * {@link #stepFlops}.
     */
    public long step(int e, int[] act, int off, Scratch scratch) {
        final int s = stride, np = nPlayers[e], no = nObjects[e], nk = nObstacles[e], mp = maxPlayers;
        final float[] ffx = scratch.fx, ffy = scratch.fy;
        long extra = 0;
        // 1. actions → movement forces, facing, grab / drop / throw / tag. Who may act is decided
        //    before anyone acts, so a tag takes effect from the next step whatever the player order.
        int acting = 0; // bit p set: player p acts this step (players ≤ 8)
        for (int p = 0; p < np; p++) {
            int i = p * s + e;
            if (frozen[i] > 0) frozen[i]--;
            else acting |= 1 << p;
        }
        for (int p = 0; p < np; p++) {
            int i = p * s + e;
            ffx[p] = 0f;
            ffy[p] = 0f;
            if ((acting & (1 << p)) == 0) continue;
            int a = act[off + p];
            assert a >= 0 && a < actions.size() : "action " + a;
            float dx = actions.dx(a), dy = actions.dy(a);
            if (dx != 0f || dy != 0f) {
                fx[i] = dx;
                fy[i] = dy;
            }
            ffx[p] = phys.accel() * dx;
            ffy[p] = phys.accel() * dy;
            switch (actions.special(a)) {
                case ActionSet.GRAB -> extra += grab(e, p);
                case ActionSet.DROP -> release(e, p, 0f);
                case ActionSet.THROW -> release(e, p, phys.throwSpeed());
                case ActionSet.TAG -> extra += tag(e, p);
                default -> { }
            }
        }
        for (int o = 0; o < no; o++) {
            ffx[mp + o] = 0f;
            ffy[mp + o] = 0f;
        }
        // 2. contact forces: every pair of colliding bodies (held objects do not collide). The free
        //    bodies are gathered once into a compact list so the pair loop has no slot tests.
        final float margin = phys.contactMargin(), kf = phys.contactForce();
        final float rp = phys.playerRadius(), ro = phys.objectRadius(), rk = phys.obstacleRadius();
        final int[] body = scratch.body;
        final float[] bx = scratch.bx, by = scratch.by, br = scratch.br;
        int n = 0;
        for (int p = 0; p < np; p++) {
            int i = p * s + e;
            body[n] = p;
            bx[n] = px[i];
            by[n] = py[i];
            br[n++] = rp;
        }
        for (int o = 0; o < no; o++) {
            if (heldBy[o * s + e] >= 0) continue;
            int i = (mp + o) * s + e;
            body[n] = mp + o;
            bx[n] = px[i];
            by[n] = py[i];
            br[n++] = ro;
        }
        for (int a = 0; a < n; a++) {
            final float xa = bx[a], ya = by[a], ra = br[a];
            final int sa = body[a];
            for (int b = a + 1; b < n; b++) {
                float dx = bx[b] - xa, dy = by[b] - ya;
                float f = contact(dx, dy, ra + br[b], margin, kf);
                if (f != 0f) {
                    int sb = body[b];
                    float cx = f * dx, cy = f * dy;
                    ffx[sb] += cx;
                    ffy[sb] += cy;
                    ffx[sa] -= cx;
                    ffy[sa] -= cy;
                }
            }
            for (int k = 0; k < nk; k++) {
                int ik = k * s + e;
                float dx = xa - kx[ik], dy = ya - ky[ik];
                float f = contact(dx, dy, ra + rk, margin, kf);
                if (f != 0f) {
                    ffx[sa] += f * dx;
                    ffy[sa] += f * dy;
                }
            }
        }
        // 3. integration of every free body, then solid walls
        final float dt = phys.dt(), keep = 1f - damping[e], h = half[e];
        final float invP = dt / (phys.playerMass() * massScale[e]), invO = dt / (phys.objectMass() * massScale[e]);
        final float capP = phys.maxSpeed(), capO = phys.maxSpeed() + phys.throwSpeed();
        for (int k = 0; k < n; k++) {
            final int a = body[k];
            boolean isPlayer = a < mp;
            int i = a * s + e;
            float inv = isPlayer ? invP : invO, cap = isPlayer ? capP : capO, r = isPlayer ? rp : ro;
            float x = px[i] + vx[i] * dt, y = py[i] + vy[i] * dt;
            float u = vx[i] * keep + ffx[a] * inv, w = vy[i] * keep + ffy[a] * inv;
            float sp = (float) Math.sqrt(u * u + w * w);
            float scale = cap / Math.max(sp, cap);
            u *= scale;
            w *= scale;
            float lo = -h + r, hi = h - r;
            // solid walls: clamp, and no velocity into a wall the body touches
            if (x <= lo) { x = lo; if (u < 0f) u = 0f; }
            if (x >= hi) { x = hi; if (u > 0f) u = 0f; }
            if (y <= lo) { y = lo; if (w < 0f) w = 0f; }
            if (y >= hi) { y = hi; if (w > 0f) w = 0f; }
            px[i] = x;
            py[i] = y;
            vx[i] = u;
            vy[i] = w;
        }
        // 4. held objects follow their holder
        for (int o = 0; o < no; o++) {
            int holder = heldBy[o * s + e];
            if (holder < 0) continue;
            int i = (mp + o) * s + e, j = holder * s + e;
            px[i] = px[j];
            py[i] = py[j];
            vx[i] = vx[j];
            vy[i] = vy[j];
        }
        return extra;
    }

    /**
     * Contact force magnitude divided by the distance (so the caller multiplies by the offset):
     * kf · margin · softplus(−(dist − dmin)/margin) / dist; exactly 0 beyond the cutoff.
     */
    private static float contact(float dx, float dy, float dmin, float margin, float kf) {
        float d2 = dx * dx + dy * dy;
        float cut = dmin + CONTACT_CUTOFF * margin;
        if (d2 >= cut * cut) return 0f; // the formula below gives exactly 0f here
        float dist = Math.max((float) Math.sqrt(d2), 1e-6f);
        double z = -(dist - dmin) / margin;
        // softplus(z) = log(1 + e^z); e^z alone below −20 (relative difference < 1e-9, under float
        // precision). Math.log (an intrinsic) rather than log1p (StrictMath, several times slower):
        // for z ≥ −20 the rounding of 1 + e^z costs < 1e-7 relative, below float precision.
        double softplus = z > 30 ? z : z < -20 ? Math.exp(z) : Math.log(1 + Math.exp(z));
        float pen = (float) (margin * softplus);
        return kf * pen / dist;
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
