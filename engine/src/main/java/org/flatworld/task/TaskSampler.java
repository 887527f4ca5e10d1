package org.flatworld.task;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.flatworld.world.WorldSpec;

/**
 * A deterministic stream of tasks of one split (SPEC §4, §6): {@code new TaskSampler(c, seed, split)}
 * always yields the same tasks in the same order. Each candidate is drawn from the split's
 * distribution with its own random stream (seed, split, attempt), classified with
 * {@link #classify} (it must land in the requested split), then validated by simulation: rejected
 * when the scripted oracle gets no reward within the horizon (in either of 2 episodes with different
 * co-player streams), or when a no-op or uniform-random player 0 already scores more than
 * {@code trivialThreshold · horizon}. Rejection counts are kept.
 *
 * <p>Changing anything that alters which tasks are produced requires bumping {@link #VERSION}
 * (it is hashed into every id).
 */
public final class TaskSampler {
    /** Sampler version, part of every task id (docs/TASKS.md). */
    public static final int VERSION = 2;
    /** {@link #next} gives up after this many candidates in a row are rejected. */
    public static final int MAX_CONSECUTIVE_REJECTIONS = 100_000;

    private final Complexity c;
    private final long seed;
    private final Split split;
    private final Validator validator;
    private long attempts, rejectedSplit, rejectedOracle, rejectedNoop, rejectedRandom, accepted;

    public TaskSampler(Complexity c, long seed) { this(c, seed, Split.TRAIN); }

    public TaskSampler(Complexity c, long seed, Split split) {
        if (!c.hasSplit(split))
            throw new IllegalArgumentException("split '" + split.label() + "' is not declared in oodSplits " + c.oodSplits());
        this.c = c;
        this.seed = seed;
        this.split = split;
        this.validator = new Validator(c);
    }

    public Split split() { return split; }

    /** The next accepted task. */
    public Task next() {
        for (int guard = 0; guard < MAX_CONSECUTIVE_REJECTIONS; guard++) {
            long a = attempts++;
            SplittableRandom r = new SplittableRandom(Task.Hasher.mix(seed * 0x9E3779B97F4A7C15L + split.ordinal() * 0x632BE59BD9B4E019L + a));
            Task t = candidate(r);
            if (t == null || classify(c, t) != split) { rejectedSplit++; continue; }
            if (!Oracle.hasControllableClause(t.goal(), 0, t.coPlayers())) { rejectedOracle++; continue; }
            int verdict = validator.check(t);
            if (verdict == Validator.ORACLE) { rejectedOracle++; continue; }
            if (verdict == Validator.NOOP) { rejectedNoop++; continue; }
            if (verdict == Validator.RANDOM) { rejectedRandom++; continue; }
            accepted++;
            return new Task(t.id(), split, t.world(), t.goals(), t.coPlayers(), t.relations());
        }
        throw new IllegalArgumentException("no task of split " + split.label() + " accepted in " + MAX_CONSECUTIVE_REJECTIONS
                + " consecutive candidates (rejections so far " + rejections() + "); the config's goals may be unsatisfiable"
                + " or trivial (see trivialThreshold)");
    }

    /** The next {@code n} accepted tasks. */
    public List<Task> sample(int n) {
        if (n < 0) throw new IllegalArgumentException("count must be ≥ 0, got " + n);
        List<Task> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) out.add(next());
        return out;
    }

    public long attempts() { return attempts; }

    public long accepted() { return accepted; }

    /** Fraction of candidates rejected (by split membership, oracle failure or triviality). */
    public double rejectionRate() { return attempts == 0 ? 0 : 1.0 - (double) accepted / attempts; }

    /** Rejections by reason: split, oracle, noop, random. */
    public Map<String, Long> rejections() {
        return Map.of("split", rejectedSplit, "oracle", rejectedOracle, "noop", rejectedNoop, "random", rejectedRandom);
    }

    // ------------------------------------------------------------------ classification

    /**
     * The split a task belongs to, a function of its content and the config only: the first OOD family
     * whose held-out feature it shows (colour, shape, predicate combination, goal size, world size or
     * object count, dynamics), else test-id or train by the id's hash bucket.
     */
    public static Split classify(Complexity c, Task t) {
        WorldSpec w = t.world();
        if (usesColour(c, t)) return Split.OOD_COLOUR;
        if (usesShape(c, t)) return Split.OOD_SHAPE;
        for (Goal g : t.goals()) if (hasCombo(c, g)) return Split.OOD_COMBO;
        for (Goal g : t.goals()) if (g.options() > c.options() || g.conjuncts() > c.conjuncts()) return Split.OOD_GOAL_SIZE;
        if (w.objects() != c.objects() || w.worldSize() != (float) c.worldSize()) return Split.OOD_WORLD;
        if (w.massScale() != 1f || w.damping() != (float) c.damping()) return Split.OOD_DYNAMICS;
        return Split.bucket(t.id()) < c.testFraction() ? Split.TEST_ID : Split.TRAIN;
    }

    private static boolean usesColour(Complexity c, Task t) {
        List<Integer> h = c.heldOutColours();
        for (int x : t.world().objectColour()) if (h.contains(x)) return true;
        for (int x : t.world().zoneColour()) if (h.contains(x)) return true;
        for (Goal g : t.goals())
            for (List<Atom> cl : g.clauses())
                for (Atom a : cl) if (h.contains(a.a().colour()) || h.contains(a.b().colour())) return true;
        return false;
    }

    private static boolean usesShape(Complexity c, Task t) {
        List<Integer> h = c.heldOutShapes();
        for (int x : t.world().objectShape()) if (h.contains(x)) return true;
        for (Goal g : t.goals())
            for (List<Atom> cl : g.clauses())
                for (Atom a : cl) if (h.contains(a.a().shape()) || h.contains(a.b().shape())) return true;
        return false;
    }

    /** Does some clause contain both predicates of a held-out combination "a+b"? */
    static boolean hasCombo(Complexity c, Goal g) {
        for (String combo : c.heldOutCombos()) {
            String[] ab = combo.split("\\+");
            Predicate pa = Predicate.fromLabel(ab[0]), pb = Predicate.fromLabel(ab[1]);
            for (List<Atom> cl : g.clauses()) {
                int na = 0, nb = 0;
                for (Atom a : cl) {
                    if (a.type() == pa) na++;
                    if (a.type() == pb) nb++;
                }
                if (pa == pb ? na >= 2 : na >= 1 && nb >= 1) return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------ generation

    private Task candidate(SplittableRandom r) {
        boolean world = split == Split.OOD_WORLD, dyn = split == Split.OOD_DYNAMICS;
        double size = world ? c.worldSize() * c.oodWorldScale() : c.worldSize();
        int nObj = world ? Math.max(c.objects(), c.oodObjects()) : c.objects();
        float damping = (float) (dyn ? c.oodDamping() : c.damping());
        float mass = (float) (dyn ? c.oodMassScale() : 1.0);
        int[] colours = split == Split.OOD_COLOUR ? all(c.colours()) : c.trainColours();
        int[] shapes = split == Split.OOD_SHAPE ? all(c.shapes()) : c.trainShapes();
        WorldSpec w = layout(r, (float) size, damping, mass, nObj, colours, shapes);
        if (w == null) return null;
        int focus = -1;
        if (split == Split.OOD_COLOUR) {
            focus = r.nextInt(nObj);
            w.objectColour()[focus] = pick(r, c.heldOutColours());
        } else if (split == Split.OOD_SHAPE) {
            focus = r.nextInt(nObj);
            w.objectShape()[focus] = pick(r, c.heldOutShapes());
        }
        int np = c.players();
        int maxOpt = c.options(), maxConj = c.conjuncts();
        int forceOpt = 0, forceConj = 0;
        if (split == Split.OOD_GOAL_SIZE) {
            if (c.oodConjuncts() > c.conjuncts()) { maxConj = c.oodConjuncts(); forceConj = maxConj; }
            else { maxOpt = c.oodOptions(); forceOpt = maxOpt; }
        }
        Predicate[] combo = null;
        if (split == Split.OOD_COMBO) {
            String[] ab = c.heldOutCombos().get(r.nextInt(c.heldOutCombos().size())).split("\\+");
            combo = new Predicate[] {Predicate.fromLabel(ab[0]), Predicate.fromLabel(ab[1])};
        }
        List<Goal> goals = new ArrayList<>();
        Goal g0 = goal(r, w, 0, maxOpt, maxConj, forceOpt, forceConj, focus, combo);
        if (g0 == null) return null;
        goals.add(g0);
        List<CoPlayer> co = new ArrayList<>();
        List<Relation> rel = new ArrayList<>();
        for (int j = 1; j < np; j++) {
            int pickRel = r.nextInt(c.negation() ? 3 : 2);
            Relation relation = pickRel == 0 ? Relation.INDEPENDENT : pickRel == 1 ? Relation.SHARED : Relation.OPPOSED;
            Goal gj = switch (relation) {
                case SHARED -> g0;
                case OPPOSED -> new Goal(List.of(List.of(g0.clauses().get(0).get(0).negate())));
                case INDEPENDENT -> goal(r, w, j, c.options(), c.conjuncts(), 0, 0, -1, null);
            };
            if (gj == null) return null;
            goals.add(gj);
            rel.add(relation);
            co.add(coPlayer(r));
        }
        long id = Task.contentId(w, goals, co, rel);
        return new Task(id, split, w, goals, co, rel);
    }

    private CoPlayer coPlayer(SplittableRandom r) {
        double total = 0;
        for (double v : c.coPlayers().values()) total += v;
        double u = r.nextDouble() * total;
        CoPlayer last = CoPlayer.RANDOM;
        for (var e : c.coPlayers().entrySet()) { // TreeMap: key order
            if (e.getValue() <= 0) continue;
            last = CoPlayer.fromLabel(e.getKey());
            u -= e.getValue();
            if (u < 0) return last;
        }
        return last;
    }

    private static int[] all(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) a[i] = i;
        return a;
    }

    private static int pick(SplittableRandom r, List<Integer> xs) { return xs.get(r.nextInt(xs.size())); }

    private WorldSpec layout(SplittableRandom r, float size, float damping, float mass, int nObj, int[] colours, int[] shapes) {
        float h = size / 2;
        int np = c.players(), nk = c.obstacles(), nz = c.zones();
        float rp = (float) c.playerRadius(), ro = (float) c.objectRadius(), rk = (float) c.obstacleRadius();
        int n = nk + np + nObj;
        float[] xs = new float[n], ys = new float[n], rs = new float[n];
        for (int i = 0; i < n; i++) {
            float rad = i < nk ? rk : i < nk + np ? rp : ro;
            boolean placed = false;
            for (int tries = 0; tries < 200 && !placed; tries++) {
                float x = (float) ((r.nextDouble() * 2 - 1) * (h - rad)), y = (float) ((r.nextDouble() * 2 - 1) * (h - rad));
                placed = true;
                for (int j = 0; j < i && placed; j++) {
                    float dx = x - xs[j], dy = y - ys[j], m = rad + rs[j] + 0.02f;
                    if (dx * dx + dy * dy < m * m) placed = false;
                }
                xs[i] = x;
                ys[i] = y;
                rs[i] = rad;
            }
            if (!placed) return null;
        }
        float[] px = new float[np], py = new float[np], pa = new float[np];
        for (int p = 0; p < np; p++) {
            px[p] = xs[nk + p];
            py[p] = ys[nk + p];
            pa[p] = (float) (r.nextInt(8) * Math.PI / 4);
        }
        float[] ox = new float[nObj], oy = new float[nObj];
        int[] oc = new int[nObj], os = new int[nObj];
        for (int o = 0; o < nObj; o++) {
            ox[o] = xs[nk + np + o];
            oy[o] = ys[nk + np + o];
            oc[o] = colours[r.nextInt(colours.length)];
            os[o] = shapes[r.nextInt(shapes.length)];
        }
        float zr = (float) c.zoneRadius();
        float[] zx = new float[nz], zy = new float[nz];
        int[] zc = new int[nz];
        int[] zoneColours = split == Split.OOD_COLOUR ? c.trainColours() : colours;
        for (int z = 0; z < nz; z++) {
            for (int tries = 0; tries < 100; tries++) {
                zx[z] = (float) ((r.nextDouble() * 2 - 1) * Math.max(0, h - zr));
                zy[z] = (float) ((r.nextDouble() * 2 - 1) * Math.max(0, h - zr));
                boolean ok = true;
                for (int q = 0; q < z && ok; q++) {
                    float dx = zx[z] - zx[q], dy = zy[z] - zy[q];
                    if (dx * dx + dy * dy < 4 * zr * zr) ok = false;
                }
                if (ok) break;
            }
            zc[z] = zoneColours[r.nextInt(zoneColours.length)];
        }
        float[] kx = new float[nk], ky = new float[nk];
        System.arraycopy(xs, 0, kx, 0, nk);
        System.arraycopy(ys, 0, ky, 0, nk);
        return new WorldSpec(size, damping, mass, px, py, pa, ox, oy, oc, os, zx, zy, zc, kx, ky);
    }

    /**
     * A goal for {@code owner}: up to maxOpt clauses of up to maxConj atoms (forced sizes when &gt; 0);
     * {@code focus} ≥ 0 makes the first atom refer to that object with its (held-out) attribute;
     * {@code combo} puts that predicate pair into the first clause.
     */
    private Goal goal(SplittableRandom r, WorldSpec w, int owner, int maxOpt, int maxConj, int forceOpt, int forceConj,
                      int focus, Predicate[] combo) {
        List<Predicate> types = new ArrayList<>();
        for (String p : c.predicates()) types.add(Predicate.fromLabel(p));
        int options = forceOpt > 0 ? forceOpt : 1 + r.nextInt(maxOpt);
        List<List<Atom>> clauses = new ArrayList<>();
        for (int ci = 0; ci < options; ci++) {
            int n = ci == 0 && forceConj > 0 ? forceConj : 1 + r.nextInt(maxConj);
            if (ci == 0 && combo != null) n = Math.max(n, 2);
            List<Atom> atoms = new ArrayList<>();
            for (int ai = 0; ai < n; ai++) {
                Atom a = null;
                for (int tries = 0; tries < 20 && a == null; tries++) {
                    Predicate type = ci == 0 && combo != null && ai < 2 ? combo[ai] : types.get(r.nextInt(types.size()));
                    int f = ci == 0 && ai == 0 ? focus : -1;
                    Atom cand = atom(r, w, owner, type, f);
                    if (cand != null && !atoms.contains(cand) && !atoms.contains(cand.negate())
                            && (combo != null || !completesCombo(atoms, cand))) a = cand;
                }
                if (a == null) return null;
                atoms.add(a);
            }
            clauses.add(atoms);
        }
        return new Goal(clauses);
    }

    /** Would adding {@code a} to the clause put a held-out predicate pair into it? */
    private boolean completesCombo(List<Atom> clause, Atom a) {
        for (String combo : c.heldOutCombos()) {
            String[] ab = combo.split("\\+");
            Predicate pa = Predicate.fromLabel(ab[0]), pb = Predicate.fromLabel(ab[1]);
            if (a.type() != pa && a.type() != pb) continue;
            Predicate partner = a.type() == pa ? pb : pa;
            for (Atom x : clause) if (x.type() == partner) return true;
        }
        return false;
    }

    private Atom atom(SplittableRandom r, WorldSpec w, int owner, Predicate type, int focus) {
        int np = w.players();
        Ref me = Ref.player(owner);
        boolean neg = c.negation() && r.nextDouble() < 0.25;
        Ref other = np > 1 ? Ref.player((owner + 1 + r.nextInt(np - 1)) % np) : null;
        boolean carry = c.hasAction("grab"); // objects as subjects only when they can be carried
        return switch (type) {
            case NEAR -> {
                if (focus >= 0 || !carry || r.nextDouble() < 0.75) {
                    Ref b = other != null && focus < 0 && r.nextDouble() < 0.15 ? other : object(r, w, focus);
                    yield new Atom(type, neg, me, b);
                }
                Ref a = object(r, w, -1);
                Ref b = other != null && r.nextDouble() < 0.3 ? other : object(r, w, -1);
                if (a.equals(b)) yield null;
                yield new Atom(type, neg, a, b);
            }
            case HOLD -> new Atom(type, neg, other != null && focus < 0 && r.nextDouble() < 0.15 ? other : me, object(r, w, focus));
            case ON -> {
                if (w.zones() == 0) yield null;
                Ref zone = Ref.zone(r.nextDouble() < 0.2 ? -1 : w.zoneColour()[r.nextInt(w.zones())]);
                Ref a = carry && (focus >= 0 || r.nextDouble() < 0.4) ? object(r, w, focus) : me;
                yield new Atom(type, neg, a, zone);
            }
            case SEE -> {
                Ref a = other != null && focus < 0 && r.nextDouble() < 0.15 ? other : me;
                Ref b = other != null && focus < 0 && a == me && r.nextDouble() < 0.2 ? other : object(r, w, focus);
                yield new Atom(type, neg, a, b);
            }
        };
    }

    /**
     * A descriptor of object {@code k} (random when −1): colour and shape, colour only, or shape only;
     * a focused object keeps its held-out attribute.
     */
    private Ref object(SplittableRandom r, WorldSpec w, int k) {
        int o = k >= 0 ? k : r.nextInt(w.objects());
        int col = w.objectColour()[o], shp = w.objectShape()[o];
        int mode = r.nextInt(3);
        if (k >= 0) {
            if (split == Split.OOD_COLOUR && mode == 2) mode = 1;
            if (split == Split.OOD_SHAPE && mode == 1) mode = 2;
        }
        return switch (mode) {
            case 0 -> Ref.object(col, shp);
            case 1 -> Ref.object(col, -1);
            default -> Ref.object(-1, shp);
        };
    }
}
