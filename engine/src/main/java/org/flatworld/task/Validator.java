package org.flatworld.task;

import org.flatworld.world.World;

/**
 * The sampler's acceptance test for one task, by simulation: player 0 driven by the scripted oracle
 * (pursuing the goal's skill clauses, {@link Oracle#pursued}) must collect reward in each of
 * {@link #ORACLE_EPISODES} episodes (different co-player streams: a task the oracle solves only with
 * luck fails one of them with high probability),
 * and neither a no-op nor a uniform-random player 0 may score more than
 * {@code trivialThreshold · horizon} in one episode. Co-players act by the task's policies ('frozen'
 * ones play uniformly at random here, no trained policy being available). Episodes stop as soon as
 * the verdict is known. Random draws come from SplitMix64 streams seeded with the task id.
 */
final class Validator {
    static final int ORACLE_EPISODES = 8;
    static final int OK = 0, ORACLE = 1, NOOP = 2, RANDOM = 3;

    private final Complexity c;
    private final World world;
    private final GoalEval ev;
    private final Oracle oracle;
    private final int[] acts;
    private final long[] rng = new long[1];
    private final int numActions;
    private final int limit;
    private final int oracleSteps;

    Validator(Complexity c) {
        this.c = c;
        Observations l = new Observations(c);
        world = new World(c.physics(), c.actionSet(), 1, l.maxPlayers, l.maxObjects, l.maxZones, l.maxObstacles);
        ev = new GoalEval(world);
        oracle = new Oracle(world, ev);
        acts = new int[l.maxPlayers];
        numActions = c.numActions();
        limit = (int) Math.floor(c.trivialThreshold() * c.horizon());
        oracleSteps = c.horizon() - c.horizon() / 4;
    }

    /** OK, or the reason for rejecting the task. */
    int check(Task t) {
        int np = t.players();
        int[][] codes = new int[np][];
        for (int p = 0; p < np; p++) codes[p] = GoalCode.compile(t.goals().get(p));
        int[] pursued = GoalCode.compile(Oracle.pursued(t.goal(), 0, t.coPlayers()));
        for (int k = 0; k < ORACLE_EPISODES; k++)
            if (episode(t, codes, pursued, 0, t.id() + k) == 0) return ORACLE;
        if (episode(t, codes, pursued, 1, t.id() + ORACLE_EPISODES) > limit) return NOOP;
        if (episode(t, codes, pursued, 2, t.id() + ORACLE_EPISODES + 1) > limit) return RANDOM;
        return OK;
    }

    /**
     * Return of player 0 (driver 0 oracle, 1 no-op, 2 random). The oracle stops at its first reward
     * and must get it within the first 3/4 of the horizon (a margin for co-players that delay it);
     * no-op and random stop once the return exceeds the limit or can no longer exceed it.
     */
    private int episode(Task t, int[][] codes, int[] pursued, int driver, long seed) {
        int np = t.players(), h = driver == 0 ? oracleSteps : c.horizon();
        world.load(0, t.world());
        rng[0] = seed;
        int ret = 0;
        for (int step = 0; step < h; step++) {
            acts[0] = driver == 0 ? oracle.act(0, 0, pursued) : driver == 1 ? 0 : TaskVecEnv.nextInt(rng, 0, numActions);
            for (int j = 1; j < np; j++) {
                acts[j] = switch (t.coPlayers().get(j - 1)) {
                    case NOOP -> 0;
                    case ORACLE -> oracle.act(0, j, codes[j]);
                    case RANDOM, FROZEN -> TaskVecEnv.nextInt(rng, 0, numActions);
                };
            }
            world.step(0, acts, 0);
            if (ev.goal(0, codes[0])) ret++;
            if (driver == 0 ? ret > 0 : ret > limit || ret + (h - step - 1) <= limit) break;
        }
        return ret;
    }
}
