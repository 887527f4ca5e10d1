package org.flatworld.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Once compiled, the Vector API GEMM allocates nothing per call, on the calling thread or the
 * pool's workers (PERF.md: a kernel that boxes its vectors allocates megabytes per call and runs
 * several times slower). Counted with {@code com.sun.management.ThreadMXBean#getThreadAllocatedBytes}
 * around a batch of calls, after warm-up; the JIT compiles in the background, so a batch that still
 * allocates is retried a bounded number of times before the test fails.
 */
class GemmAllocationTest {
    /**
     * m, n, k, transB (0/1): the general path (A·B and the forward pass's x·Wᵀ) and the skinny heads
     * (n = 5: dot-product path; n = 8 and 13: row-broadcast path with one and two vectors).
     */
    static final int[][] SHAPES = {{96, 96, 96, 0}, {160, 160, 160, 1}, {512, 5, 256, 1}, {4096, 5, 256, 0}, {1024, 64, 64, 0},
        {2048, 13, 64, 1}, {1024, 8, 256, 1}};

    @Test
    void warmGemmAllocatesNothingPerCall() {
        java.lang.management.ThreadMXBean plain = ManagementFactory.getThreadMXBean();
        assumeTrue(plain instanceof com.sun.management.ThreadMXBean, "no per-thread allocation counter in this JVM");
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) plain;
        assumeTrue(mx.isThreadAllocatedMemorySupported(), "per-thread allocation counting unsupported");
        mx.setThreadAllocatedMemoryEnabled(true);
        SplittableRandom r = new SplittableRandom(7);
        for (int threads : new int[] {1, 2}) {
            try (Kernels kernels = KernelProvider.create("panama", threads)) {
                GemmKernels g = kernels.gemm();
                for (int[] s : SHAPES) {
                    int m = s[0], n = s[1], k = s[2];
                    boolean tb = s[3] == 1;
                    float[] a = random(r, m * k), b = random(r, k * n), c = new float[m * n];
                    // warm up on this shape (the first calls also size the shared packing buffers)
                    for (int i = 0; i < 50; i++) g.gemm(false, tb, m, n, k, a, 0, k, b, 0, tb ? k : n, c, 0, n, false, FlopLedger.NONE);
                    long[] ids = threadIds();
                    long bytes = -1;
                    for (int attempt = 0; attempt < 40 && bytes != 0; attempt++) {
                        long before = total(mx, ids);
                        for (int i = 0; i < 20; i++) g.gemm(false, tb, m, n, k, a, 0, k, b, 0, tb ? k : n, c, 0, n, false, FlopLedger.NONE);
                        bytes = total(mx, ids) - before;
                        if (bytes != 0) // let the JIT finish: more calls on this shape
                            for (int i = 0; i < 200; i++) g.gemm(false, tb, m, n, k, a, 0, k, b, 0, tb ? k : n, c, 0, n, false, FlopLedger.NONE);
                    }
                    assertEquals(0, bytes, "bytes allocated by 20 warm calls, " + threads + " thread(s), m=" + m + " n=" + n + " k=" + k + " transB=" + tb);
                }
            }
        }
    }

    /** The calling thread and every pool worker alive now. */
    private static long[] threadIds() {
        List<Long> ids = new ArrayList<>();
        ids.add(Thread.currentThread().threadId());
        for (Thread t : Thread.getAllStackTraces().keySet())
            if (t.getName().startsWith("flatworld-worker-")) ids.add(t.threadId());
        long[] out = new long[ids.size()];
        for (int i = 0; i < out.length; i++) out[i] = ids.get(i);
        return out;
    }

    private static long total(com.sun.management.ThreadMXBean mx, long[] ids) {
        long sum = 0;
        for (long id : ids) sum += Math.max(0, mx.getThreadAllocatedBytes(id));
        return sum;
    }

    private static float[] random(SplittableRandom r, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) (r.nextDouble() * 2 - 1);
        return x;
    }
}
