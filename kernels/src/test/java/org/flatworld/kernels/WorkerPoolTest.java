package org.flatworld.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class WorkerPoolTest {

    @Test
    void dynamicRunsEveryChunkOnceOnAValidWorker() {
        try (WorkerPool pool = new WorkerPool(3)) {
            for (int chunks : new int[] {1, 2, 3, 7, 100}) {
                AtomicIntegerArray runs = new AtomicIntegerArray(chunks);
                AtomicIntegerArray workers = new AtomicIntegerArray(3);
                for (int rep = 0; rep < 20; rep++)
                    pool.runDynamic(chunks, (c, w) -> {
                        runs.incrementAndGet(c);
                        workers.incrementAndGet(w);
                    });
                for (int c = 0; c < chunks; c++) assertEquals(20, runs.get(c), "chunk " + c + " of " + chunks);
                assertEquals(20 * chunks, workers.get(0) + workers.get(1) + workers.get(2), "chunks per worker");
            }
        }
    }

    @Test
    void backToBackCallsNeverRunAChunkOfOneCallWithAnotherCallsBody() {
        // workers that wake late see an old call; their claims must fail rather than run the
        // previous body on the next call's chunks (or skip a chunk of the next call)
        try (WorkerPool pool = new WorkerPool(3)) {
            for (int call = 0; call < 2000; call++) {
                int chunks = 1 + call % 6, id = call;
                AtomicIntegerArray runs = new AtomicIntegerArray(chunks);
                int[] wrong = new int[1];
                pool.runDynamic(chunks, (c, w) -> {
                    if (c >= chunks) wrong[0]++;
                    else runs.incrementAndGet(c);
                });
                for (int c = 0; c < chunks; c++) assertEquals(1, runs.get(c), "call " + id + " chunk " + c);
                assertEquals(0, wrong[0], "call " + id + " ran chunks it does not have");
            }
        }
    }

    @Test
    void aStalledChunkDoesNotHoldUpTheOthers() throws Exception {
        // chunk 0 waits until every other chunk is done: only a pool whose free threads go on
        // claiming chunks (not one that gave chunk 0's thread a fixed share) can finish
        int chunks = 12;
        try (WorkerPool pool = new WorkerPool(2)) {
            for (int rep = 0; rep < 5; rep++) {
                CountDownLatch others = new CountDownLatch(chunks - 1);
                boolean[] finished = new boolean[1];
                pool.runDynamic(chunks, (c, w) -> {
                    if (c != 0) {
                        others.countDown();
                        return;
                    }
                    try {
                        finished[0] = others.await(20, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                assertTrue(finished[0], "the other 11 chunks were not run while chunk 0 waited");
            }
        }
    }

    @Test
    void failuresPropagateAndThePoolStaysUsable() {
        try (WorkerPool pool = new WorkerPool(2)) {
            for (int bad : new int[] {0, 5, 39}) {
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> pool.runDynamic(40, (c, w) -> {
                    if (c == bad) throw new IllegalStateException("chunk " + bad);
                }));
                assertEquals("chunk " + bad, e.getMessage());
                AtomicIntegerArray runs = new AtomicIntegerArray(40);
                pool.runDynamic(40, (c, w) -> runs.incrementAndGet(c));
                for (int c = 0; c < 40; c++) assertEquals(1, runs.get(c), "after a failure, chunk " + c);
            }
            assertThrows(IllegalStateException.class, () -> pool.run(4, c -> {
                if (c == 3) throw new IllegalStateException("fixed");
            }));
            AtomicIntegerArray runs = new AtomicIntegerArray(4);
            pool.run(4, runs::incrementAndGet);
            for (int c = 0; c < 4; c++) assertEquals(1, runs.get(c), "fixed chunk " + c);
        }
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> new WorkerPool(0));
        try (WorkerPool pool = new WorkerPool(2)) {
            assertThrows(IllegalArgumentException.class, () -> pool.runDynamic(-1, (c, w) -> { }));
            assertThrows(IllegalArgumentException.class, () -> pool.runDynamic(3, null));
        }
    }
}
