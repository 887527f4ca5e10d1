package org.flatworld.kernels;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * Persistent worker threads for large chunks of work (PERF.md: a per-step hand-off to a pool
 * costs tens of µs, so work is split into at most {@code threads} fixed chunks and the workers
 * stay alive between calls). {@link #run} calls {@code body.accept(chunk)} for chunk = 0..n−1,
 * chunk 0 on the caller's thread, and returns when all are done. The partition is the caller's:
 * results must not depend on which thread ran which chunk.
 */
public final class WorkerPool implements AutoCloseable {
    private final int threads;
    private final Worker[] workers;

    public WorkerPool(int threads) {
        if (threads < 1 || threads > 1024)
            throw new IllegalArgumentException("threads must be in [1, 1024], got " + threads);
        this.threads = threads;
        this.workers = new Worker[threads - 1];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = new Worker("flatworld-worker-" + (i + 1));
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
        if (chunks == 0) return;
        int used = Math.min(threads, chunks);
        if (used == 1) {
            for (int c = 0; c < chunks; c++) body.accept(c);
            return;
        }
        CountDownLatch latch = new CountDownLatch(used - 1);
        for (int t = 1; t < used; t++) workers[t - 1].submit(body, t, used, chunks, latch);
        Throwable failure = null;
        try {
            for (int c = 0; c < chunks; c += used) body.accept(c);
        } catch (Throwable e) {
            failure = e;
        }
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for workers", e);
        }
        for (int t = 1; t < used; t++) {
            Throwable f = workers[t - 1].takeFailure();
            if (f != null && failure == null) failure = f;
        }
        if (failure instanceof RuntimeException re) throw re;
        if (failure instanceof Error er) throw er;
        if (failure != null) throw new IllegalStateException(failure);
    }

    @Override
    public void close() {
        for (Worker w : workers) w.shutdown();
    }

    private static final class Worker extends Thread {
        private volatile IntConsumer body;
        private volatile boolean stop;
        private int first, stride, chunks;
        private CountDownLatch latch;
        private volatile Throwable failure;

        Worker(String name) {
            super(name);
            setDaemon(true);
        }

        void submit(IntConsumer body, int first, int stride, int chunks, CountDownLatch latch) {
            this.first = first;
            this.stride = stride;
            this.chunks = chunks;
            this.latch = latch;
            this.body = body; // volatile write publishes the fields above
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
                IntConsumer b = body;
                if (b == null) {
                    // spin briefly (steps arrive back to back), then park
                    if (++spins < 20_000) Thread.onSpinWait();
                    else LockSupport.park(this);
                    continue;
                }
                spins = 0;
                try {
                    for (int c = first; c < chunks; c += stride) b.accept(c);
                } catch (Throwable e) {
                    failure = e;
                }
                body = null;
                latch.countDown();
            }
        }
    }
}
