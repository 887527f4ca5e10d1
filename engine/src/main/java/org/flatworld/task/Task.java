package org.flatworld.task;

import java.util.List;
import org.flatworld.world.WorldSpec;

/**
 * A task = world + game (one goal per player) + the co-players' policies (SPEC §4). Player 0 is the
 * learner; {@code coPlayers.get(j - 1)} and {@code relations.get(j - 1)} describe player j ≥ 1.
 * {@link #id} is a 64-bit hash of the content ({@link #contentId}) under
 * {@link TaskSampler#VERSION}; {@link #split} is where the sampler put it.
 */
public record Task(long id, Split split, WorldSpec world, List<Goal> goals, List<CoPlayer> coPlayers,
                   List<Relation> relations) {

    public Task {
        goals = List.copyOf(goals);
        coPlayers = List.copyOf(coPlayers);
        relations = List.copyOf(relations);
        if (goals.size() != world.players())
            throw new IllegalArgumentException("a task needs one goal per player: " + goals.size() + " goals, " + world.players() + " players");
        if (coPlayers.size() != world.players() - 1 || relations.size() != world.players() - 1)
            throw new IllegalArgumentException("a task needs one co-player policy and relation per player ≥ 1");
    }

    public int players() { return world.players(); }

    /** Player 0's goal. */
    public Goal goal() { return goals.get(0); }

    /** Hex form of the id, as printed by the CLI. */
    public String idHex() { return String.format("%016x", id); }

    /** The stable content hash (everything but id and split). */
    public static long contentId(WorldSpec w, List<Goal> goals, List<CoPlayer> co, List<Relation> rel) {
        Hasher h = new Hasher(TaskSampler.VERSION);
        h.f(w.worldSize()).f(w.damping()).f(w.massScale());
        h.fs(w.playerX()).fs(w.playerY()).fs(w.playerAngle()).fs(w.objectX()).fs(w.objectY());
        h.is(w.objectColour()).is(w.objectShape()).fs(w.zoneX()).fs(w.zoneY()).is(w.zoneColour());
        h.fs(w.obstacleX()).fs(w.obstacleY());
        h.l(goals.size());
        for (Goal g : goals) {
            h.l(g.clauses().size());
            for (List<Atom> c : g.clauses()) {
                h.l(c.size());
                for (Atom a : c) {
                    h.l(a.type().ordinal()).l(a.negated() ? 1 : 0);
                    h.l(a.a().kind().ordinal()).l(a.a().player()).l(a.a().colour()).l(a.a().shape());
                    h.l(a.b().kind().ordinal()).l(a.b().player()).l(a.b().colour()).l(a.b().shape());
                }
            }
        }
        for (CoPlayer c : co) h.l(c.ordinal());
        for (Relation r : rel) h.l(r.ordinal());
        return h.h;
    }

    /** A 64-bit streaming hash (SplitMix64 finaliser per word); stable across JVMs and platforms. */
    static final class Hasher {
        long h;

        Hasher(long seed) { h = mix(seed ^ 0x6A09E667F3BCC909L); }

        Hasher l(long v) {
            h = Long.rotateLeft(h ^ mix(v + 0x9E3779B97F4A7C15L), 29) * 0xBF58476D1CE4E5B9L + 0x94D049BB133111EBL;
            return this;
        }

        Hasher f(float v) { return l(Float.floatToIntBits(v)); }

        Hasher fs(float[] v) {
            l(v.length);
            for (float x : v) f(x);
            return this;
        }

        Hasher is(int[] v) {
            l(v.length);
            for (int x : v) l(x);
            return this;
        }

        static long mix(long z) {
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            return z ^ (z >>> 31);
        }
    }
}
