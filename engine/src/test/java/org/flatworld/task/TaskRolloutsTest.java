package org.flatworld.task;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.flatworld.kernels.FlopCategory;
import org.flatworld.kernels.FlopLedger;
import org.junit.jupiter.api.Test;

class TaskRolloutsTest {
    @Test
    void oracleScoresOnEveryAcceptedTaskAndHalfTheHorizonOnSmall() {
        Complexity c = Complexity.small();
        List<Task> tasks = new TaskSampler(c, 9).sample(300);
        double[] oracle = TaskRollouts.oracleReturns(c, tasks, 1, 123, FlopLedger.NONE, 2);
        double[] random = TaskRollouts.meanReturns(c, tasks, null, 4, 123, FlopLedger.NONE, 2);
        double mean = 0, meanRandom = 0;
        int failed = 0;
        for (int i = 0; i < tasks.size(); i++) {
            if (oracle[i] <= 0) failed++;
            mean += oracle[i] / c.horizon();
            meanRandom += random[i] / c.horizon();
        }
        mean /= tasks.size();
        meanRandom /= tasks.size();
        System.out.printf("small: oracle %.3f, random %.3f (normalized to horizon), oracle failures %d/%d%n",
                mean, meanRandom, failed, tasks.size());
        assertEquals(0, failed, "oracle return > 0 on every accepted task");
        assertTrue(mean >= 0.5, "mean oracle return / horizon = " + mean);
        assertTrue(meanRandom < mean);
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
