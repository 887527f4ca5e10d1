package org.flatworld.kernels;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * Persistent worker threads for large chunks of work (PERF.md: a per-step hand-off to a pool
 * costs tens of µs, so the workers stay alive between calls). A thread with nothing to do waits in
 * three stages ({@link #idle}): spin-wait hints for ≈ 0.5 ms, then short timed parks for ≥ 50 ms,
 * then a park until it is unparked. The middle stage exists because on the 2-vCPU virtual machine
 * of docs/PERFORMANCE.md a worker parked for a few ms often started on a new call 0.25–2.5 ms
 * after the call began, a large part of a 4096×256×256 GEMM on two threads (≈ 3.2 ms); polling
 * every ≈ 0.1 ms made ≈ 15 µs the usual delay (a third of the calls still saw 0.2–3 ms). Sleeping, not
 * {@link Thread#yield}: Linux's EEVDF scheduler pushes a yielding thread's deadline back on every
 * yield, and a yield loop measured 2T/1T 1.06 on 1024×512×512 next to OpenBLAS's spinning threads.
 * Two ways to hand out chunks 0..n−1, both returning when all are done, chunk work on the caller's
 * thread too:
 * <ul>
 *   <li>{@link #run}: a fixed assignment, thread t runs chunks t, t + threads, … ;</li>
 *   <li>{@link #runDynamic}: threads claim the next unclaimed chunk from a shared counter, so a
 *       thread that is descheduled or slow (a busy vCPU) no longer holds the others up, and the
 *       caller returns as soon as every chunk is done, without waiting for a worker that has not
 *       woken up yet (on an oversubscribed machine that wake-up can take milliseconds). The body
 *       learns which worker (0 = caller) runs the chunk, to pick that worker's scratch buffers.</li>
 * </ul>
 * Either way the partition is the caller's: results must not depend on which thread ran which
 * chunk. A hand-off allocates nothing. One call at a time: callers that share a pool serialize
 * on it ({@code synchronized (pool)}).
 */
public final class WorkerPool implements AutoCloseable {
    /** Work for {@link #runDynamic}: chunk {@code chunk} on worker {@code worker} ∈ [0, threads). */
    @FunctionalInterface
    public interface ChunkBody {
        void run(int chunk, int worker);
    }

    /** Spin-wait hints before an idle thread starts its timed parks: ≈ 0.5 ms on Zen 3 (measured 0.52–0.69 ms). */
    static final int SPIN_PAUSES = 20_000;
    /** Timed parks before an idle thread parks for good: ≥ 50 ms, ≈ 0.1 ms each with Linux's 50 µs timer slack. */
    static final int POLLS = 1000;
    /** Requested length of one timed park (the kernel adds its 50 µs timer slack). */
    static final long POLL_NANOS = 50_000L;

    private final int threads;
    private final Worker[] workers;
    /** Workers of the current fixed call that have not finished. */
    private final AtomicInteger pending = new AtomicInteger();
    private volatile Thread waiter;

    // the current dynamic call: published by writing `generation` last; a worker that wakes late
    // holds an old generation, and its claims fail because `claim` carries the generation
    /** (generation << 32) | next unclaimed chunk. */
    private final AtomicLong claim = new AtomicLong();
    /** Chunks of the current dynamic call that are finished. */
    private final AtomicInteger done = new AtomicInteger();
    private final AtomicReference<Throwable> dynamicFailure = new AtomicReference<>();
    private volatile ChunkBody dynamicBody;
    private volatile int dynamicChunks;
    private volatile boolean dynamicFailed;
    private volatile int generation;

    public WorkerPool(int threads) {
        if (threads < 1 || threads > 1024)
            throw new IllegalArgumentException("threads must be in [1, 1024], got " + threads);
        this.threads = threads;
        this.workers = new Worker[threads - 1];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = new Worker("flatworld-worker-" + (i + 1), i + 1);
            workers[i].start();
        }
    }

    public int threads() { return threads; }

    /**
     * Runs chunks 0..chunks−1; with {@code chunks ≤ threads} each chunk gets its own thread.
     * With more chunks than threads, thread t runs chunks t, t+threads, … in order.
     */
    public void run(int chunks, IntConsumer body) {
        if (chunks < 0) throw new IllegalArgumentException("chunks must be ≥ 0, got " + chunks);
        if (body == null) throw new IllegalArgumentException("body is null");
        if (chunks == 0) return;
        int used = Math.min(threads, chunks);
        if (used == 1) {
            for (int c = 0; c < chunks; c++) body.accept(c);
            return;
        }
        start(used, chunks, body);
        Throwable failure = null;
        try {
            for (int c = 0; c < chunks; c += used) body.accept(c);
        } catch (Throwable e) {
            failure = e;
        }
        finish(used, failure);
    }

    /**
     * Runs chunks 0..chunks−1, each exactly once, on up to {@code threads} threads that claim
     * chunks in increasing order as they become free; {@code body.run(chunk, worker)} with worker 0
     * for the calling thread. Which worker runs a chunk varies from call to call.
     */
    public void runDynamic(int chunks, ChunkBody body) {
        if (chunks < 0) throw new IllegalArgumentException("chunks must be ≥ 0, got " + chunks);
        if (body == null) throw new IllegalArgumentException("body is null");
        if (chunks == 0) return;
        int used = Math.min(threads, chunks);
        if (used == 1) {
            for (int c = 0; c < chunks; c++) body.run(c, 0);
            return;
        }
        int g = generation + 1;
        done.set(0);
        dynamicFailed = false;
        claim.set((long) g << 32);
        waiter = Thread.currentThread();
        dynamicBody = body;
        dynamicChunks = chunks;
        generation = g;                       // publishes the fields above
        for (int t = 1; t < used; t++) LockSupport.unpark(workers[t - 1]);
        claimAll(g, body, chunks, 0);
        int spins = 0;
        while (done.get() != chunks) {        // chunks some worker claimed and is still running
            idle(spins, this);                // the worker finishing the last chunk unparks us
            if (spins < Integer.MAX_VALUE) spins++;
        }
        dynamicBody = null;
        waiter = null;
        Throwable failure = dynamicFailure.getAndSet(null);
        if (failure instanceof RuntimeException re) throw re;
        if (failure instanceof Error er) throw er;
        if (failure != null) throw new IllegalStateException(failure);
    }

    /** Claims and runs chunks of dynamic call {@code g} until none is left (or the call is over). */
    private void claimAll(int g, ChunkBody body, int chunks, int worker) {
        while (true) {
            long v = claim.get();
            int c = (int) v;
            if ((int) (v >>> 32) != g || c >= chunks) return;
            if (!claim.compareAndSet(v, v + 1)) continue;
            try {
                if (!dynamicFailed) body.run(c, worker);
            } catch (Throwable e) {
                dynamicFailed = true;         // the remaining chunks are counted, not run
                dynamicFailure.compareAndSet(null, e);
            } finally {
                if (done.incrementAndGet() == chunks) LockSupport.unpark(waiter);
            }
        }
    }

    private void start(int used, int chunks, IntConsumer fixed) {
        waiter = Thread.currentThread();
        pending.set(used - 1);
        for (int t = 1; t < used; t++) workers[t - 1].submit(fixed, used, chunks);
    }

    /** Waits for the workers of the current fixed call, then rethrows the first failure. */
    private void finish(int used, Throwable failure) {
        int spins = 0;
        while (pending.get() != 0) {
            idle(spins, this);              // the last worker unparks us; a spurious wake-up loops
            if (spins < Integer.MAX_VALUE) spins++;
        }
        waiter = null;
        for (int t = 1; t < used; t++) {
            Throwable f = workers[t - 1].takeFailure();
            if (f != null && failure == null) failure = f;
        }
        if (failure instanceof RuntimeException re) throw re;
        if (failure instanceof Error er) throw er;
        if (failure != null) throw new IllegalStateException(failure);
    }

    /**
     * Step {@code step} (0, 1, …) of an idle wait: a spin-wait hint, then a short timed park, then
     * a park until unparked; the thread's owner checks its condition between steps.
     */
    static void idle(int step, Object blocker) {
        if (step < SPIN_PAUSES) Thread.onSpinWait();
        else if (step < SPIN_PAUSES + POLLS) LockSupport.parkNanos(blocker, POLL_NANOS);
        else LockSupport.park(blocker);
    }

    @Override
    public void close() {
        for (Worker w : workers) w.shutdown();
    }

    private final class Worker extends Thread {
        private final int index;
        private IntConsumer fixed;
        private int stride, chunks;
        /** Set by {@link #submit} (after the fields above: the volatile write publishes them), cleared when done. */
        private volatile boolean busy;
        private volatile boolean stop;
        private volatile Throwable failure;
        /** The last dynamic call this worker looked at. */
        private int seen;

        Worker(String name, int index) {
            super(name);
            this.index = index;
            setDaemon(true);
        }

        void submit(IntConsumer fixed, int stride, int chunks) {
            this.fixed = fixed;
            this.stride = stride;
            this.chunks = chunks;
            busy = true;
            LockSupport.unpark(this);
        }

        Throwable takeFailure() {
            Throwable f = failure;
            failure = null;
            return f;
        }

        void shutdown() {
            stop = true;
            LockSupport.unpark(this);
        }

        @Override
        public void run() {
            int spins = 0;
            while (!stop) {
                int g = generation;
                if (g != seen) {
                    seen = g;
                    ChunkBody b = dynamicBody;
                    int n = dynamicChunks;
                    if (b != null) claimAll(g, b, n, index);   // b may belong to a later call: its claims then fail
                    spins = 0;
                    continue;
                }
                if (!busy) {
                    // spin (calls arrive back to back), poll (a call may follow other work), then park
                    idle(spins, this);
                    if (spins < Integer.MAX_VALUE) spins++;
                    continue;
                }
                spins = 0;
                try {
                    for (int c = index; c < chunks; c += stride) fixed.accept(c);
                } catch (Throwable e) {
                    failure = e;
                }
                fixed = null;
                busy = false;
                if (pending.decrementAndGet() == 0) LockSupport.unpark(waiter);
            }
        }
    }
}
