package org.flatworld.task;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.flatworld.kernels.FlopCategory;
import org.flatworld.kernels.FlopLedger;
import org.junit.jupiter.api.Test;

class TaskRolloutsTest {
    @Test
    void oracleScoresOnEveryAcceptedTaskAndHalfTheHorizonOnSmall() {
        // issue 4: "the oracle achieves return > 0 on 100 % of accepted tasks", in fresh episodes
        // (co-player streams the sampler never saw): 500 tasks × 2 episodes each
        Complexity c = Complexity.small();
        List<Task> tasks = new TaskSampler(c, 9).sample(500);
        double[] random = TaskRollouts.meanReturns(c, tasks, null, 4, 123, FlopLedger.NONE, 2);
        double mean = 0, meanRandom = 0;
        int failed = 0;
        for (long seed : new long[] {123, 456}) {
            double[] oracle = TaskRollouts.oracleReturns(c, tasks, 1, seed, FlopLedger.NONE, 2);
            for (int i = 0; i < tasks.size(); i++) {
                if (oracle[i] <= 0) failed++;
                mean += oracle[i] / c.horizon() / (2.0 * tasks.size());
            }
        }
        for (double x : random) meanRandom += x / c.horizon() / tasks.size();
        System.out.printf("small: oracle %.3f, random %.3f (normalized to horizon), oracle failures %d/%d episodes%n",
                mean, meanRandom, failed, 2 * tasks.size());
        assertEquals(0, failed, "oracle return > 0 in every episode of every accepted task");
        assertTrue(mean >= 0.5, "mean oracle return / horizon = " + mean);
        assertTrue(meanRandom < mean);
    }

    @Test
    void clausesThatNeedAWanderingCoPlayerToCooperateAreLuck() {
        // the sampler-version-1 failures: near(me, player1) ∧ on(me, any zone) with a random player 1
        // (the oracle can chase player 1, not bring it to the zone)
        Atom chase = new Atom(Predicate.NEAR, false, Ref.player(0), Ref.player(1));
        Atom zone = new Atom(Predicate.ON, false, Ref.player(0), Ref.zone(-1));
        Atom hold = new Atom(Predicate.HOLD, false, Ref.player(0), Ref.object(2, -1));
        Atom face = new Atom(Predicate.SEE, false, Ref.player(0), Ref.player(1));
        List<CoPlayer> random = List.of(CoPlayer.RANDOM), noop = List.of(CoPlayer.NOOP);
        assertFalse(Oracle.hasControllableClause(new Goal(List.of(List.of(chase, zone))), 0, random));
        assertFalse(Oracle.hasControllableClause(new Goal(List.of(List.of(face, zone))), 0, List.of(CoPlayer.FROZEN)));
        assertTrue(Oracle.hasControllableClause(new Goal(List.of(List.of(chase, zone))), 0, noop), "a no-op player stays put");
        assertTrue(Oracle.hasControllableClause(new Goal(List.of(List.of(chase))), 0, random), "chasing alone is skill");
        assertTrue(Oracle.hasControllableClause(new Goal(List.of(List.of(hold, chase))), 0, random), "hold, then chase");
        assertTrue(Oracle.hasControllableClause(new Goal(List.of(List.of(chase, zone), List.of(zone))), 0, random),
                "another clause is enough");
        assertFalse(Oracle.hasControllableClause(new Goal(List.of(List.of(face.negate(), zone))), 0, random),
                "a wanderer walks into view of one standing on a zone");
        assertTrue(Oracle.hasControllableClause(new Goal(List.of(List.of(chase.negate(), zone))), 0, random), "moving away is skill");
        assertFalse(Oracle.hasControllableClause(new Goal(List.of(List.of(
                new Atom(Predicate.HOLD, false, Ref.player(1), Ref.object(2, -1))))), 0, noop), "only player 1 can hold for player 1");
    }

    @Test
    void deterministicWhateverTheThreadsAndCounted() {
        Complexity c = Complexity.trivial();
        List<Task> tasks = new TaskSampler(c, 4).sample(30);
        FlopLedger a = new FlopLedger(), b = new FlopLedger();
        double[] r1 = TaskRollouts.meanReturns(c, tasks, null, 3, 5, a.counter(FlopCategory.EVAL), 1);
        double[] r2 = TaskRollouts.meanReturns(c, tasks, null, 3, 5, b.counter(FlopCategory.EVAL), 2);
        assertArrayEquals(r1, r2);
        assertEquals(a.flops(FlopCategory.EVAL), b.flops(FlopCategory.EVAL));
        assertTrue(a.flops(FlopCategory.EVAL) > 0);
        assertEquals(0, a.flops(FlopCategory.SIM));
        double[] o = TaskRollouts.oracleReturns(c, tasks, 1, 5, null, 1);
        for (int i = 0; i < o.length; i++) assertTrue(o[i] > 0 && o[i] <= c.horizon());
    }
}
