package org.flatworld.world;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.SplittableRandom;
import org.flatworld.kernels.world.WorldKernels;
import org.junit.jupiter.api.Test;

class WorldTest {
    static final Physics PHYS = new Physics(0.1f, 0.25f, 100f, 1e-3f, 1f, 5f, 1f, 0.5f, 0.05f, 0.04f, 0.15f, 0.2f,
            0.15f, 1.5f, 10, 0.2f, 0f, 90f);
    static final ActionSet ACTIONS = new ActionSet(List.of("move4", "grab", "drop", "throw", "tag"));
    static final int RIGHT = 1, LEFT = 2, GRAB = 5, DROP = 6, THROW = 7, TAG = 8;

    static World world(float[] px, float[] py, float[] ox, float[] oy, float[] kx, float[] ky) {
        World w = new World(PHYS, ACTIONS, 1, 3, 3, 1, 2);
        int no = ox.length;
        w.load(0, new WorldSpec(2f, 0.25f, 1f, px, py, new float[px.length], ox, oy, new int[no], new int[no],
                new float[0], new float[0], new int[0], kx, ky));
        return w;
    }

    @Test
    void actionSetSizes() {
        assertEquals(5, new ActionSet(List.of("move4")).size());
        assertEquals(9, new ActionSet(List.of("move8")).size());
        assertEquals(9, ACTIONS.size());
        assertEquals(GRAB, ACTIONS.indexOf(ActionSet.GRAB));
        assertEquals(TAG, ACTIONS.indexOf(ActionSet.TAG));
        assertThrows(IllegalArgumentException.class, () -> new ActionSet(List.of("grab")));
    }

    @Test
    void integrationFollowsMpeOrderAndSpeedCap() {
        World w = world(new float[] {0f}, new float[] {0f}, new float[0], new float[0], new float[0], new float[0]);
        int[] a = {RIGHT};
        w.step(0, a, 0);
        // p += v·dt with v = 0; then v = 0·0.75 + 5/1·0.1 = 0.5
        assertEquals(0f, w.px[0]);
        assertEquals(0.5f, w.vx[0], 1e-6f);
        w.step(0, a, 0);
        assertEquals(0.05f, w.px[0], 1e-6f);
        assertEquals(0.5f * 0.75f + 0.5f, w.vx[0], 1e-6f);
        for (int i = 0; i < 4; i++) w.step(0, a, 0);
        assertEquals(1f, w.vx[0], 1e-6f, "capped at maxSpeed");
        assertEquals(1f, w.fx[0]);
    }

    @Test
    void wallsAreSolid() {
        World w = world(new float[] {0.9f}, new float[] {0f}, new float[0], new float[0], new float[0], new float[0]);
        int[] a = {RIGHT};
        for (int i = 0; i < 30; i++) {
            w.step(0, a, 0);
            assertTrue(w.px[0] <= 1f - 0.05f + 1e-6f);
        }
        assertEquals(0.95f, w.px[0], 1e-6f);
        assertEquals(0f, w.vx[0]);
    }

    @Test
    void contactsPushApartSymmetricallyAndObstaclesDoNotMove() {
        World w = world(new float[] {0f, 0.08f}, new float[] {0f, 0f}, new float[0], new float[0],
                new float[] {-0.5f}, new float[] {0f});
        int[] a = {0, 0};
        w.step(0, a, 0);
        assertTrue(w.vx[0] < 0 && w.vx[w.player(0, 1)] > 0);
        assertEquals(-w.vx[0], w.vx[w.player(0, 1)], 1e-6f, "equal masses, opposite forces");
        World v = world(new float[] {-0.34f}, new float[] {0f}, new float[0], new float[0], new float[] {-0.5f}, new float[] {0f});
        v.step(0, new int[] {0}, 0);
        assertTrue(v.vx[0] > 0, "pushed out of the obstacle");
        assertEquals(-0.5f, v.kx[0]);
        assertEquals(World.stepFlops(2, 0, 1), 19L * (1 + 2) + 23L * 2 + 2L * 2);
    }

    @Test
    void grabCarryThrowAndDrop() {
        World w = world(new float[] {0f}, new float[] {0f}, new float[] {0.12f, 0.5f}, new float[] {0f, 0f}, new float[0], new float[0]);
        int[] a = {GRAB};
        assertEquals(World.REACH_TEST_FLOPS * 2, w.step(0, a, 0));
        assertEquals(0, w.holding[0]);
        assertEquals(0, w.heldBy[0]);
        a[0] = RIGHT;
        w.step(0, a, 0);
        w.step(0, a, 0);
        int o = w.object(0, 0);
        assertEquals(w.px[0], w.px[o]);
        a[0] = THROW;
        w.step(0, a, 0);
        assertEquals(-1, w.holding[0]);
        assertTrue(w.vx[o] > 1.5f, "thrown faster than a player can run: " + w.vx[o]);
        a[0] = GRAB;
        World x = world(new float[] {0f}, new float[] {0f}, new float[] {0.12f}, new float[] {0f}, new float[0], new float[0]);
        x.step(0, a, 0);
        a[0] = DROP;
        x.step(0, a, 0);
        assertEquals(-1, x.holding[0]);
        assertEquals(-1, x.heldBy[0]);
        assertEquals(0.09f, x.px[x.object(0, 0)] - x.px[0], 0.02f, "dropped just in front");
    }

    @Test
    void tagFreezesTheNearestOtherPlayerAndItDrops() {
        World w = world(new float[] {0f, 0.1f}, new float[] {0f, 0f}, new float[] {0.2f}, new float[] {0f}, new float[0], new float[0]);
        w.step(0, new int[] {0, GRAB}, 0);
        assertEquals(0, w.holding[w.player(0, 1)]);
        w.step(0, new int[] {TAG, 0}, 0);
        int p1 = w.player(0, 1);
        assertEquals(PHYS.tagSteps(), w.frozen[p1], "frozen from the next step on, for tagSteps steps");
        assertEquals(-1, w.holding[p1]);
        float x = w.px[p1];
        w.step(0, new int[] {0, RIGHT}, 0);
        assertEquals(PHYS.tagSteps() - 1, w.frozen[p1]);
        assertTrue(w.vx[p1] <= 0.3f, "a frozen player's action is ignored");
        assertTrue(Float.isFinite(x));
    }

    /** A random crowded world: 4 players, 6 objects, 2 obstacles in a 0.8 arena (contacts, walls, grabs, tags). */
    static WorldSpec crowded(SplittableRandom r, int players, int objects) {
        float[] px = new float[players], py = new float[players], pa = new float[players];
        float[] ox = new float[objects], oy = new float[objects];
        for (int p = 0; p < players; p++) {
            px[p] = (float) (r.nextDouble() * 0.7 - 0.35);
            py[p] = (float) (r.nextDouble() * 0.7 - 0.35);
            pa[p] = (float) (r.nextInt(8) * Math.PI / 4);
        }
        for (int o = 0; o < objects; o++) {
            ox[o] = (float) (r.nextDouble() * 0.7 - 0.35);
            oy[o] = (float) (r.nextDouble() * 0.7 - 0.35);
        }
        return new WorldSpec(0.8f, 0.25f, r.nextBoolean() ? 1f : 1.5f, px, py, pa, ox, oy, new int[objects], new int[objects],
                new float[0], new float[0], new int[0], new float[] {0.1f, -0.2f}, new float[] {0f, 0.1f});
    }

    @Test
    void vectorApiBatchEqualsScalarBatchAndSingleEnvironmentSteps() {
        // many envs with random player and object counts, random actions (moves, grab, drop, throw,
        // tag) for 200 steps: the Vector API batch, the scalar batch and one single-environment world
        // per env must stay bit-identical (float32 state compared exactly; tolerance would hide drift)
        int n = 45, mp = 4, mo = 6, steps = 200;
        SplittableRandom r = new SplittableRandom(42);
        World v = new World(PHYS, ACTIONS, n, mp, mo, 1, 2), s = new World(PHYS, ACTIONS, n, mp, mo, 1, 2);
        World[] single = new World[n];
        WorldKernels vk = WorldKernels.create("auto"), sk = WorldKernels.scalar();
        for (int e = 0; e < n; e++) {
            WorldSpec ws = crowded(r, 2 + r.nextInt(mp - 1), 1 + r.nextInt(mo));
            v.load(e, ws);
            s.load(e, ws);
            single[e] = new World(PHYS, ACTIONS, 1, mp, mo, 1, 2);
            single[e].load(0, ws);
        }
        int[] act = new int[n * mp];
        int contacts = 0, grabs = 0;
        for (int t = 0; t < steps; t++) {
            for (int i = 0; i < act.length; i++) act[i] = r.nextInt(ACTIONS.size());
            long fv = v.step(0, n, act, 0, mp, vk);
            long fs = 0;
            fs += s.step(0, 20, act, 0, mp, sk); // two ranges: the split must not matter
            fs += s.step(20, n, act, 20 * mp, mp, sk);
            long f1 = 0;
            for (int e = 0; e < n; e++) f1 += single[e].step(0, act, e * mp);
            assertEquals(fv, fs);
            assertEquals(fv, f1);
            for (int e = 0; e < n; e++) {
                for (int b = 0; b < mp + mo; b++) {
                    int i = b * v.stride + e, j = b;
                    assertEquals(Float.floatToRawIntBits(s.px[i]), Float.floatToRawIntBits(v.px[i]), "px env " + e + " body " + b + " step " + t);
                    assertEquals(Float.floatToRawIntBits(s.vy[i]), Float.floatToRawIntBits(v.vy[i]), "vy env " + e + " body " + b + " step " + t);
                    assertEquals(Float.floatToRawIntBits(single[e].px[j]), Float.floatToRawIntBits(v.px[i]), "px vs single env " + e + " step " + t);
                    assertEquals(Float.floatToRawIntBits(single[e].py[j]), Float.floatToRawIntBits(v.py[i]));
                    assertEquals(Float.floatToRawIntBits(single[e].vx[j]), Float.floatToRawIntBits(v.vx[i]));
                    assertEquals(Float.floatToRawIntBits(single[e].vy[j]), Float.floatToRawIntBits(v.vy[i]));
                }
                for (int p = 0; p < mp; p++) {
                    assertEquals(single[e].holding[p], v.holding[p * v.stride + e]);
                    assertEquals(single[e].frozen[p], v.frozen[p * v.stride + e]);
                    if (single[e].holding[p] >= 0) grabs++;
                }
                for (int b = 0; b < mp + mo; b++) if (v.bodies.fx[b * v.stride + e] != 0f && b >= mp) contacts++;
            }
        }
        assertTrue(contacts > 100 && grabs > 100, "the run exercised contacts (" + contacts + ") and grabs (" + grabs + ")");
    }

    @Test
    void playerRowActionsGiveTheSameBitsAsSingleEnvironmentSteps() {
        // stepRows (actions in player rows; without tag the movement is one vectorised pass per
        // player row and grab/drop/throw go env by env) against one single-environment world per env,
        // for an action set without tag and one with it; absent players' rows hold random actions
        for (ActionSet as : List.of(new ActionSet(List.of("move4", "grab", "drop", "throw")), ACTIONS)) {
            int n = 45, mp = 3, mo = 5, steps = 150;
            SplittableRandom r = new SplittableRandom(7);
            World v = new World(PHYS, as, n, mp, mo, 1, 2), s = new World(PHYS, as, n, mp, mo, 1, 2);
            World[] single = new World[n];
            WorldKernels vk = WorldKernels.create("auto"), sk = WorldKernels.scalar();
            for (int e = 0; e < n; e++) {
                WorldSpec ws = crowded(r, 1 + r.nextInt(mp), 1 + r.nextInt(mo));
                v.load(e, ws);
                s.load(e, ws);
                single[e] = new World(PHYS, as, 1, mp, mo, 1, 2);
                single[e].load(0, ws);
            }
            int[] act = new int[n * mp], rows = new int[mp * n];
            int grabs = 0, turned = 0;
            for (int t = 0; t < steps; t++) {
                for (int i = 0; i < act.length; i++) act[i] = r.nextInt(as.size());
                for (int e = 0; e < n; e++) for (int p = 0; p < mp; p++) rows[p * n + e] = act[e * mp + p];
                long fv = v.stepRows(0, n, rows, 0, n, vk);
                long fs = s.stepRows(0, 20, rows, 0, n, sk) + s.stepRows(20, n, rows, 20, n, sk);
                long f1 = 0;
                for (int e = 0; e < n; e++) f1 += single[e].step(0, act, e * mp);
                assertEquals(f1, fv);
                assertEquals(f1, fs);
                for (int e = 0; e < n; e++) {
                    for (int b = 0; b < mp + mo; b++) {
                        int i = b * v.stride + e;
                        String at = "env " + e + " body " + b + " step " + t + " " + as.names();
                        for (World x : new World[] {v, s}) {
                            assertEquals(Float.floatToRawIntBits(single[e].px[b]), Float.floatToRawIntBits(x.px[i]), "px " + at);
                            assertEquals(Float.floatToRawIntBits(single[e].py[b]), Float.floatToRawIntBits(x.py[i]), "py " + at);
                            assertEquals(Float.floatToRawIntBits(single[e].vx[b]), Float.floatToRawIntBits(x.vx[i]), "vx " + at);
                            assertEquals(Float.floatToRawIntBits(single[e].vy[b]), Float.floatToRawIntBits(x.vy[i]), "vy " + at);
                        }
                    }
                    for (int p = 0; p < mp; p++) {
                        int i = p * v.stride + e;
                        for (World x : new World[] {v, s}) {
                            assertEquals(Float.floatToRawIntBits(single[e].fx[p]), Float.floatToRawIntBits(x.fx[i]), "facing x env " + e);
                            assertEquals(Float.floatToRawIntBits(single[e].fy[p]), Float.floatToRawIntBits(x.fy[i]), "facing y env " + e);
                            assertEquals(single[e].holding[p], x.holding[i]);
                            assertEquals(single[e].frozen[p], x.frozen[i]);
                        }
                        if (single[e].holding[p] >= 0) grabs++;
                        if (single[e].fx[p] < 0f) turned++;
                    }
                }
            }
            assertTrue(grabs > 100 && turned > 100, "the run exercised grabs (" + grabs + ") and turns (" + turned + ")");
        }
    }
}
