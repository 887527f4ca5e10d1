package org.flatworld.world;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
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
        World.Scratch s = w.newScratch();
        w.step(0, a, 0, s);
        // p += v·dt with v = 0; then v = 0·0.75 + 5/1·0.1 = 0.5
        assertEquals(0f, w.px[0]);
        assertEquals(0.5f, w.vx[0], 1e-6f);
        w.step(0, a, 0, s);
        assertEquals(0.05f, w.px[0], 1e-6f);
        assertEquals(0.5f * 0.75f + 0.5f, w.vx[0], 1e-6f);
        for (int i = 0; i < 4; i++) w.step(0, a, 0, s);
        assertEquals(1f, w.vx[0], 1e-6f, "capped at maxSpeed");
        assertEquals(1f, w.fx[0]);
    }

    @Test
    void wallsAreSolid() {
        World w = world(new float[] {0.9f}, new float[] {0f}, new float[0], new float[0], new float[0], new float[0]);
        int[] a = {RIGHT};
        World.Scratch s = w.newScratch();
        for (int i = 0; i < 30; i++) {
            w.step(0, a, 0, s);
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
        World.Scratch s = w.newScratch();
        w.step(0, a, 0, s);
        assertTrue(w.vx[0] < 0 && w.vx[w.player(0, 1)] > 0);
        assertEquals(-w.vx[0], w.vx[w.player(0, 1)], 1e-6f, "equal masses, opposite forces");
        World v = world(new float[] {-0.34f}, new float[] {0f}, new float[0], new float[0], new float[] {-0.5f}, new float[] {0f});
        v.step(0, new int[] {0}, 0, v.newScratch());
        assertTrue(v.vx[0] > 0, "pushed out of the obstacle");
        assertEquals(-0.5f, v.kx[0]);
        assertEquals(World.stepFlops(2, 0, 1), 19L * (1 + 2) + 23L * 2 + 2L * 2);
    }

    @Test
    void grabCarryThrowAndDrop() {
        World w = world(new float[] {0f}, new float[] {0f}, new float[] {0.12f, 0.5f}, new float[] {0f, 0f}, new float[0], new float[0]);
        World.Scratch s = w.newScratch();
        int[] a = {GRAB};
        assertEquals(World.REACH_TEST_FLOPS * 2, w.step(0, a, 0, s));
        assertEquals(0, w.holding[0]);
        assertEquals(0, w.heldBy[0]);
        a[0] = RIGHT;
        w.step(0, a, 0, s);
        w.step(0, a, 0, s);
        int o = w.object(0, 0);
        assertEquals(w.px[0], w.px[o]);
        a[0] = THROW;
        w.step(0, a, 0, s);
        assertEquals(-1, w.holding[0]);
        assertTrue(w.vx[o] > 1.5f, "thrown faster than a player can run: " + w.vx[o]);
        a[0] = GRAB;
        World x = world(new float[] {0f}, new float[] {0f}, new float[] {0.12f}, new float[] {0f}, new float[0], new float[0]);
        x.step(0, a, 0, s);
        a[0] = DROP;
        x.step(0, a, 0, s);
        assertEquals(-1, x.holding[0]);
        assertEquals(-1, x.heldBy[0]);
        assertEquals(0.09f, x.px[x.object(0, 0)] - x.px[0], 0.02f, "dropped just in front");
    }

    @Test
    void tagFreezesTheNearestOtherPlayerAndItDrops() {
        World w = world(new float[] {0f, 0.1f}, new float[] {0f, 0f}, new float[] {0.2f}, new float[] {0f}, new float[0], new float[0]);
        World.Scratch s = w.newScratch();
        w.step(0, new int[] {0, GRAB}, 0, s);
        assertEquals(0, w.holding[w.player(0, 1)]);
        w.step(0, new int[] {TAG, 0}, 0, s);
        int p1 = w.player(0, 1);
        assertEquals(PHYS.tagSteps(), w.frozen[p1], "frozen from the next step on, for tagSteps steps");
        assertEquals(-1, w.holding[p1]);
        float x = w.px[p1];
        w.step(0, new int[] {0, RIGHT}, 0, s);
        assertEquals(PHYS.tagSteps() - 1, w.frozen[p1]);
        assertTrue(w.vx[p1] <= 0.3f, "a frozen player's action is ignored");
        assertTrue(Float.isFinite(x));
    }
}
