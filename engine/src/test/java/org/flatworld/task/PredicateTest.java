package org.flatworld.task;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.SplittableRandom;
import org.flatworld.world.World;
import org.flatworld.world.WorldSpec;
import org.junit.jupiter.api.Test;

/** Each predicate's semantics on hand-built states, and DNF evaluation against a plain reference. */
class PredicateTest {
    static final Complexity C = Complexity.medium().with("viewRadius", 1.0);
    static final int RED = 0, GREEN = 1, SQUARE = 0, SPHERE = 1;

    /** Two players, three objects, two zones, no obstacles; player 0 at the origin facing +x. */
    static World world(float[] px, float[] py, float[] ox, float[] oy) {
        var l = new Observations(C);
        World w = new World(C.physics(), C.actionSet(), 1, l.maxPlayers, l.maxObjects, l.maxZones, l.maxObstacles);
        w.load(0, new WorldSpec(3f, 0.25f, 1f, px, py, new float[px.length], ox, oy,
                new int[] {RED, GREEN, RED}, new int[] {SQUARE, SQUARE, SPHERE},
                new float[] {1f, -1f}, new float[] {1f, -1f}, new int[] {RED, GREEN}, new float[0], new float[0]));
        return w;
    }

    static boolean holds(World w, Atom a) {
        return new GoalEval(w).goal(0, GoalCode.compile(new Goal(List.of(List.of(a)))));
    }

    static final Ref ME = Ref.player(0), P1 = Ref.player(1);

    @Test
    void near() {
        World w = world(new float[] {0f, 0.5f}, new float[] {0f, 0f}, new float[] {0.15f, 1f, -1f}, new float[] {0f, 0f, 0f});
        assertTrue(holds(w, new Atom(Predicate.NEAR, false, ME, Ref.object(RED, SQUARE))), "0.15 < nearDistance 0.2");
        assertTrue(holds(w, new Atom(Predicate.NEAR, false, ME, Ref.object(RED, -1))));
        assertFalse(holds(w, new Atom(Predicate.NEAR, false, ME, Ref.object(GREEN, -1))), "green square is 1.0 away");
        assertTrue(holds(w, new Atom(Predicate.NEAR, true, ME, Ref.object(GREEN, -1))));
        assertFalse(holds(w, new Atom(Predicate.NEAR, false, ME, P1)));
        assertTrue(holds(w, new Atom(Predicate.NEAR, false, Ref.object(-1, SQUARE), Ref.object(RED, -1))) == false,
                "the red square is not near itself; other squares are far");
        assertFalse(holds(w, new Atom(Predicate.NEAR, false, Ref.object(-1, SPHERE), Ref.object(-1, SQUARE))));
    }

    @Test
    void holdFollowsTheHolder() {
        World w = world(new float[] {0f, 0.5f}, new float[] {0f, 0f}, new float[] {0.1f, 1f, -1f}, new float[] {0f, 0f, 0f});
        Atom hold = new Atom(Predicate.HOLD, false, ME, Ref.object(RED, SQUARE));
        assertFalse(holds(w, hold));
        int grab = C.actionSet().indexOf(org.flatworld.world.ActionSet.GRAB);
        int[] acts = new int[w.maxPlayers];
        acts[0] = grab;
        w.step(0, acts, 0);
        assertTrue(holds(w, hold));
        assertFalse(holds(w, hold.negate()));
        assertFalse(holds(w, new Atom(Predicate.HOLD, false, ME, Ref.object(GREEN, -1))));
        assertFalse(holds(w, new Atom(Predicate.HOLD, false, P1, Ref.object(RED, SQUARE))));
        acts[0] = 1; // move +x for a few steps: the object comes along
        for (int i = 0; i < 5; i++) w.step(0, acts, 0);
        int o = w.object(0, 0);
        assertEquals(w.px[w.player(0, 0)], w.px[o]);
        assertTrue(w.px[o] > 0.1f);
        acts[0] = C.actionSet().indexOf(org.flatworld.world.ActionSet.DROP);
        w.step(0, acts, 0);
        assertFalse(holds(w, hold));
    }

    @Test
    void onZone() {
        World w = world(new float[] {0.9f, -1.05f}, new float[] {1.1f, -1f}, new float[] {0f, 1.5f, -1.1f}, new float[] {0.5f, 0f, -0.9f});
        assertTrue(holds(w, new Atom(Predicate.ON, false, ME, Ref.zone(RED))), "0.14 from the red zone centre ≤ 0.2");
        assertFalse(holds(w, new Atom(Predicate.ON, false, ME, Ref.zone(GREEN))));
        assertTrue(holds(w, new Atom(Predicate.ON, false, P1, Ref.zone(-1))));
        assertTrue(holds(w, new Atom(Predicate.ON, false, Ref.object(RED, SPHERE), Ref.zone(GREEN))));
        assertFalse(holds(w, new Atom(Predicate.ON, false, Ref.object(-1, SQUARE), Ref.zone(-1))));
        assertTrue(holds(w, new Atom(Predicate.ON, true, Ref.object(-1, SQUARE), Ref.zone(-1))));
    }

    @Test
    void seeUsesFacingConeAndViewRadius() {
        // facing +x (angle 0), cone 90° (±45°), view radius 1.0
        World w = world(new float[] {0f, 0.5f}, new float[] {0f, 0.6f}, new float[] {0.5f, -0.5f, 1.5f}, new float[] {0.2f, 0f, 0f});
        assertTrue(holds(w, new Atom(Predicate.SEE, false, ME, Ref.object(RED, SQUARE))), "22° off axis, 0.54 away");
        assertFalse(holds(w, new Atom(Predicate.SEE, false, ME, Ref.object(GREEN, -1))), "behind");
        assertFalse(holds(w, new Atom(Predicate.SEE, false, ME, Ref.object(-1, SPHERE))), "1.5 away, beyond viewRadius");
        assertFalse(holds(w, new Atom(Predicate.SEE, false, ME, P1)), "50° off axis");
        assertTrue(holds(w, new Atom(Predicate.SEE, true, ME, P1)));
    }

    /** DNF evaluation equals a direct reference on random states and random goals. */
    @Test
    void dnfMatchesReference() {
        SplittableRandom r = new SplittableRandom(3);
        Predicate[] types = Predicate.values();
        int checked = 0, trues = 0;
        for (int trial = 0; trial < 400; trial++) {
            float[] px = {(float) r.nextDouble(-1, 1), (float) r.nextDouble(-1, 1)};
            float[] py = {(float) r.nextDouble(-1, 1), (float) r.nextDouble(-1, 1)};
            float[] ox = new float[3], oy = new float[3];
            for (int i = 0; i < 3; i++) { ox[i] = (float) r.nextDouble(-1.4, 1.4); oy[i] = (float) r.nextDouble(-1.4, 1.4); }
            World w = world(px, py, ox, oy);
            // a random facing
            double ang = r.nextDouble(0, 2 * Math.PI);
            w.fx[0] = (float) Math.cos(ang);
            w.fy[0] = (float) Math.sin(ang);
            int opts = 1 + r.nextInt(3);
            List<List<Atom>> clauses = new java.util.ArrayList<>();
            for (int o = 0; o < opts; o++) {
                List<Atom> cl = new java.util.ArrayList<>();
                for (int k = 0, n = 1 + r.nextInt(3); k < n; k++) {
                    Predicate t = types[r.nextInt(4)];
                    Ref obj = Ref.object(r.nextInt(3) - 1, r.nextInt(3) - 1);
                    Ref subj = r.nextBoolean() ? ME : P1;
                    Atom a = switch (t) {
                        case NEAR -> new Atom(t, r.nextBoolean(), r.nextBoolean() ? subj : Ref.object(r.nextInt(2), -1), obj);
                        case HOLD -> new Atom(t, r.nextBoolean(), subj, obj);
                        case ON -> new Atom(t, r.nextBoolean(), r.nextBoolean() ? subj : obj, Ref.zone(r.nextInt(3) - 1));
                        case SEE -> new Atom(t, r.nextBoolean(), ME, r.nextBoolean() ? obj : P1);
                    };
                    cl.add(a);
                }
                clauses.add(cl);
            }
            Goal g = new Goal(clauses);
            boolean ref = false;
            for (List<Atom> cl : g.clauses()) {
                boolean all = true;
                for (Atom a : cl) all &= reference(w, a);
                ref |= all;
            }
            assertEquals(ref, new GoalEval(w).goal(0, GoalCode.compile(g)), g.format(0));
            checked++;
            if (ref) trues++;
        }
        assertEquals(400, checked);
        assertTrue(trues > 20 && trues < 380, "both outcomes exercised: " + trues);
    }

    /** Straightforward double-precision reference of one atom (nothing held in these states). */
    static boolean reference(World w, Atom a) {
        List<double[]> as = points(w, a.a()), bs = points(w, a.b());
        boolean v = false;
        double nd = C.nearDistance(), zr = C.zoneRadius(), vr = C.viewRadius(), half = Math.toRadians(C.viewAngle() / 2);
        switch (a.type()) {
            case NEAR -> {
                for (double[] p : as) for (double[] q : bs)
                    if (p != q && (p[2] != q[2]) && Math.hypot(p[0] - q[0], p[1] - q[1]) < nd) v = true;
            }
            case HOLD -> v = false;
            case ON -> {
                for (double[] p : as) for (double[] q : bs) if (Math.hypot(p[0] - q[0], p[1] - q[1]) <= zr) v = true;
            }
            case SEE -> {
                double[] p = as.get(0);
                double fa = Math.atan2(w.fy[0], w.fx[0]);
                if (a.a().player() == 1) fa = Math.atan2(w.fy[w.player(0, 1)], w.fx[w.player(0, 1)]);
                for (double[] q : bs) {
                    if (q[2] == p[2]) continue;
                    double d = Math.hypot(q[0] - p[0], q[1] - p[1]);
                    double ang = Math.abs(Math.IEEEremainder(Math.atan2(q[1] - p[1], q[0] - p[0]) - fa, 2 * Math.PI));
                    if (d <= vr && ang <= half + 1e-6) v = true;
                }
            }
        }
        return a.negated() != v;
    }

    /** (x, y, entity id) of what a reference denotes. */
    static List<double[]> points(World w, Ref r) {
        List<double[]> out = new java.util.ArrayList<>();
        switch (r.kind()) {
            case PLAYER -> out.add(new double[] {w.px[w.player(0, r.player())], w.py[w.player(0, r.player())], r.player()});
            case OBJECT -> {
                for (int o = 0; o < w.nObjects[0]; o++)
                    if ((r.colour() < 0 || w.colour[o] == r.colour()) && (r.shape() < 0 || w.shape[o] == r.shape()))
                        out.add(new double[] {w.px[w.object(0, o)], w.py[w.object(0, o)], 10 + o});
            }
            case ZONE -> {
                for (int z = 0; z < w.nZones[0]; z++)
                    if (r.colour() < 0 || w.zoneColour[z] == r.colour()) out.add(new double[] {w.zx[z], w.zy[z], 20 + z});
            }
        }
        return out;
    }
}
