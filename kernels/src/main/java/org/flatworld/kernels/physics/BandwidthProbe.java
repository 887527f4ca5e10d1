package org.flatworld.kernels.physics;

import java.util.function.IntConsumer;
import org.flatworld.kernels.WorkerPool;

/**
 * Measures the memory bandwidth a batched step can hope for, with streams sized like the step's own
 * working set (so a batch that fits the L3 is compared with L3 bandwidth, one that does not with
 * DRAM's): one pass reads, writes or copies {@code bytes} in all, split into one fixed contiguous
 * part per thread like the batch engine splits environments. The benchmarks put
 * bytes-moved-per-env-step ÷ this bandwidth beside the measured step rate (docs/PERFORMANCE.md).
 *
 * <p>Streams: <b>read</b> sums both buffers as {@code long}s (Vector API, four independent
 * accumulators: enough loads in flight to saturate the memory system, no add chain in the way);
 * <b>write</b> stores into both; <b>copy</b> moves one buffer into the other with
 * {@code System.arraycopy} and counts read plus written bytes (the write-allocate reads of the
 * destination are in its time, as they are in a step's). Each part starts on a 64-byte line boundary
 * relative to the buffer's data.
 */
public final class BandwidthProbe implements AutoCloseable {
    /** A measurement: gigabytes (10⁹ B) per second for each stream, medians over rounds. */
    public record Result(long bytes, int threads, double readGBs, double writeGBs, double copyGBs) {}

    private final long[] a, b;          // (words) each holds half of the working set
    private final int words, threads;
    private final int[] partFrom, partTo; // (threads) fixed partition of [0, words), multiples of 8 longs
    private final long[] sums;          // (threads · 8) one line per thread: checksum of the read stream
    private final WorkerPool pool;
    private final IntConsumer readPart = this::readPart, writePart = this::writePart, copyPart = this::copyPart;
    private final boolean vector = PhysicsKernels.vectorApiAvailable();
    private long fill = 1;
    private volatile long sink;

    /**
     * @param bytes   working-set size in bytes, in [1 KiB, 16 GiB]; split over two buffers
     * @param threads in [1, 256]
     */
    public BandwidthProbe(long bytes, int threads) {
        if (bytes < 1024 || bytes > (16L << 30)) throw new IllegalArgumentException("bytes must be in [1024, 2^34], got " + bytes);
        if (threads < 1 || threads > 256) throw new IllegalArgumentException("threads must be in [1, 256], got " + threads);
        long w = ((bytes / 2 / 8) + 7) & ~7L;
        if (w > Integer.MAX_VALUE - 16) throw new IllegalArgumentException("bytes too large for one array: " + bytes);
        this.words = (int) w;
        this.threads = threads;
        a = new long[words];
        b = new long[words];
        for (int i = 0; i < words; i++) a[i] = i; // touch every page before timing
        partFrom = new int[threads];
        partTo = new int[threads];
        int per = ((words / 8 + threads - 1) / threads) * 8;
        for (int t = 0; t < threads; t++) {
            partFrom[t] = Math.min(words, t * per);
            partTo[t] = Math.min(words, (t + 1) * per);
        }
        sums = new long[threads * 8];
        pool = new WorkerPool(threads);
    }

    /** Bytes one pass of each stream reads and/or writes (copy: read + written). */
    public long bytes() { return 16L * words; }

    public int threads() { return threads; }

    /** One pass of the read stream over both buffers. */
    public void read() {
        pool.run(threads, readPart);
        long s = 0;
        for (int t = 0; t < threads; t++) s += sums[t * 8];
        sink = s;
    }

    /** One pass of the write stream over both buffers. */
    public void write() {
        fill++;
        pool.run(threads, writePart);
    }

    /** One pass of the copy stream: half the bytes read, half written. */
    public void copy() { pool.run(threads, copyPart); }

    /**
     * Interleaved rounds (read, write, copy in turn, each for at least {@code minSeconds}), medians.
     *
     * @param rounds     in [1, 1000]
     * @param minSeconds per stream and round, in [0, 60]
     */
    public Result measure(int rounds, double minSeconds) {
        if (rounds < 1 || rounds > 1000) throw new IllegalArgumentException("rounds must be in [1, 1000], got " + rounds);
        if (!(minSeconds >= 0 && minSeconds <= 60)) throw new IllegalArgumentException("minSeconds must be in [0, 60], got " + minSeconds);
        Runnable[] streams = {this::read, this::write, this::copy};
        long[] passes = new long[3];
        for (int k = 0; k < 3; k++) passes[k] = calibrate(streams[k], minSeconds);
        double[][] sec = new double[3][rounds];
        for (int r = 0; r < rounds; r++)
            for (int k = 0; k < 3; k++) {
                long t0 = System.nanoTime();
                for (long p = 0; p < passes[k]; p++) streams[k].run();
                sec[k][r] = (System.nanoTime() - t0) / 1e9 / passes[k];
            }
        double gb = bytes() / 1e9;
        return new Result(bytes(), threads, gb / median(sec[0]), gb / median(sec[1]), gb / median(sec[2]));
    }

    /** Passes of {@code stream} that take about {@code minSeconds} (at least 1), after a warm-up. */
    private static long calibrate(Runnable stream, double minSeconds) {
        long warm = (long) (Math.max(minSeconds, 0.01) * 1e9 / 2);
        long t0 = System.nanoTime();
        long calls = 0;
        do { stream.run(); calls++; } while (calls < 3 || System.nanoTime() - t0 < warm);
        double per = Math.max((System.nanoTime() - t0) / 1e9 / calls, 1e-9);
        return Math.max(1, (long) Math.ceil(minSeconds / per));
    }

    static double median(double[] x) {
        double[] s = x.clone();
        java.util.Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    private void readPart(int t) {
        sums[t * 8] = sum(a, partFrom[t], partTo[t]) + sum(b, partFrom[t], partTo[t]);
    }

    /** Σ x[from, to): the Vector API stream when the module is present, else a loop C2 vectorises itself. */
    private long sum(long[] x, int from, int to) {
        if (vector) return PanamaStream.sum(x, from, to);
        long s = 0;
        for (int i = from; i < to; i++) s += x[i];
        return s;
    }

    private void writePart(int t) {
        long v = fill;
        java.util.Arrays.fill(a, partFrom[t], partTo[t], v);
        java.util.Arrays.fill(b, partFrom[t], partTo[t], v);
    }

    private void copyPart(int t) {
        System.arraycopy(a, partFrom[t], b, partFrom[t], partTo[t] - partFrom[t]);
    }

    /** The read stream's last checksum (keeps the JIT from dropping the loads). */
    public long checksum() { return sink; }

    @Override
    public void close() { pool.close(); }
}
