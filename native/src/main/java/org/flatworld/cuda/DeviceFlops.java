package org.flatworld.cuda;

import org.flatworld.kernels.FlopLedger;

/**
 * The analytic FLOP counts of the device-resident kernels ({@link DeviceKernels}), the same formulas
 * the CPU backends add through {@code org.flatworld.kernels.Abstract*Kernels} (docs/FLOPS.md;
 * written out here so this class does not depend on where the kernels module keeps them), so
 * a rollout or update on the GPU is charged exactly what it would cost on the CPU.
 * DeviceFlopsTest checks each against the CPU ledger on the same shapes.
 */
public final class DeviceFlops {
    private DeviceFlops() {}

    public static void gemm(FlopLedger.Counter f, int m, int n, int k) { f.add(2L * m * n * k); }

    public static void biasAdd(FlopLedger.Counter f, int rows, int cols) { f.add((long) rows * cols); }

    public static void biasGrad(FlopLedger.Counter f, int rows, int cols) { f.add((long) rows * cols); }

    public static void tanh(FlopLedger.Counter f, long n) { f.addTranscendental(n); }

    public static void tanhBackward(FlopLedger.Counter f, long n) { f.add(3L * n); }

    public static void relu(FlopLedger.Counter f, long n) { f.add(n); }

    public static void reluBackward(FlopLedger.Counter f, long n) { f.add(n); }

    /** Per row 4·cols − 1, of which cols + 1 transcendental. */
    public static void logSoftmax(FlopLedger.Counter f, int rows, int cols) {
        if (rows == 0) return;
        f.add((long) rows * (3L * cols - 2));
        f.addTranscendental((long) rows * (cols + 1));
    }

    /** Per row 4·cols − 1, of which cols transcendental. */
    public static void logSoftmaxBackward(FlopLedger.Counter f, int rows, int cols) {
        if (rows == 0) return;
        f.add((long) rows * (3L * cols - 1));
        f.addTranscendental((long) rows * cols);
    }

    /** Per row 3·cols, of which cols transcendental. */
    public static void sampleCategorical(FlopLedger.Counter f, int rows, int cols) {
        f.add(2L * rows * cols);
        f.addTranscendental((long) rows * cols);
    }

    /** Greedy acting: cols − 1 compares per row. */
    public static void argmax(FlopLedger.Counter f, int rows, int cols) { f.add((long) rows * (cols - 1)); }

    public static void sumSquares(FlopLedger.Counter f, long n) { f.add(2L * n); }

    public static void axpy(FlopLedger.Counter f, long n) { f.add(2L * n); }

    public static void scale(FlopLedger.Counter f, long n) { f.add(n); }

    public static void lstmForward(FlopLedger.Counter f, int batch, int hidden) {
        long n = (long) batch * hidden;
        // σ i, σ f, tanh g, σ o, tanh c (5 transcendentals) + f·c_prev, i·g, sum, o·tanh c (4)
        f.add(4 * n);
        f.addTranscendental(5 * n);
    }

    public static void lstmBackward(FlopLedger.Counter f, int batch, int hidden) {
        long n = (long) batch * hidden;
        // tanh c recomputed (1 transcendental) + 22 others
        f.add(22 * n);
        f.addTranscendental(n);
    }

    public static void adam(FlopLedger.Counter f, long n) {
        // 15 per parameter, of which 1 sqrt
        f.add(14 * n);
        f.addTranscendental(n);
    }

    // simple_spread (N agents, L landmarks), per environment: the same counts as the CPU engine's
    // org.flatworld.mpe.SpreadScenario (step, observe, reset), built from the per-item costs of
    // org.flatworld.kernels.physics.PhysicsFlops (DeviceFlopsTest checks the constants agree).
    static final long CONTACT_PAIR = 24, CONTACT_PAIR_TRANSCENDENTAL = 3, INTEGRATE = 12, DISTANCE = 6;

    /**
     * FLOPs of one simple_spread step of one environment, transcendentals included: action force
     * u·accel 2 per agent; contacts N(N−1)/2 pairs; integration N; global reward L·N distances,
     * L·(N−1) min, L subtractions; local reward N(N−1) distances, compares and subtractions (counted
     * whether or not agents touch); reward mix 3 per agent. The observation is {@link #spreadObserve}.
     */
    public static long spreadStep(int agents, int landmarks) {
        long n = agents, l = landmarks, pairs = n * (n - 1) / 2;
        return 2 * n + pairs * CONTACT_PAIR + n * INTEGRATE
                + l * n * DISTANCE + l * (n - 1) + l
                + n * (n - 1) * (DISTANCE + 2)
                + 3 * n;
    }

    /** Transcendentals of {@link #spreadStep}: 3 per contact pair, 1 per distance. */
    public static long spreadStepTranscendentals(int agents, int landmarks) {
        long n = agents, l = landmarks, pairs = n * (n - 1) / 2;
        return pairs * CONTACT_PAIR_TRANSCENDENTAL + l * n + n * (n - 1);
    }

    /** Writing one environment's observations: N·(2L + 2(N − 1)) subtractions (relative positions). */
    public static long spreadObserve(int agents, int landmarks) {
        return (long) agents * (2L * landmarks + 2L * (agents - 1));
    }

    /** One environment reset: 2(N + L) coordinates, each 2·u − 1 (2 FLOPs). */
    public static long spreadReset(int agents, int landmarks) {
        return 4L * (agents + landmarks);
    }

    /** Adds {@code steps} environment steps, {@code resets} environment resets and {@code observes} observation writes. */
    public static void spread(FlopLedger.Counter f, long steps, long resets, long observes, int agents, int landmarks) {
        long t = steps * spreadStepTranscendentals(agents, landmarks);
        long total = steps * spreadStep(agents, landmarks) + resets * spreadReset(agents, landmarks)
                + observes * spreadObserve(agents, landmarks);
        f.add(total - t);
        f.addTranscendental(t);
    }
}
