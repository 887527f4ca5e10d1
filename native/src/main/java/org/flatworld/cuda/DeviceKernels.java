package org.flatworld.cuda;

import org.flatworld.kernels.FlopLedger;

/**
 * The device-resident kernel API: every method enqueues one or two kernels on this object's
 * stream, on device addresses (already offset; see {@link DeviceBuffer#floatAt}), without any
 * host round trip or synchronisation, and adds the same analytic FLOP count as the CPU backends
 * ({@link DeviceFlops}). Chaining these calls keeps a whole rollout (policy forward, sampling, env
 * step) or a whole learner update on the GPU; the host only reads back what it logs. Shapes and
 * semantics are those of {@code org.flatworld.kernels.GemmKernels}, {@code MlpKernels},
 * {@code LstmKernels} and {@code OptimKernels}; bounds are the caller's responsibility (device
 * memory is not checked), sizes are validated. One thread at a time per instance.
 */
public final class DeviceKernels implements AutoCloseable {
    private static final int BLOCK = 256;
    private static final int PARTIALS = 1024;   // blocks of the first sum-of-squares pass
    private static final int SPREAD_N3_BLOCK = 128; // FW_SPREAD_N3_BLOCK in pointmass.cuh

    private final CudaStream stream;
    private final CudaModule module;
    private final int maxBlocks;
    private final DeviceBuffer partials;         // (PARTIALS) double
    private final CudaModule.Kernel gemm, gemm128, biasAdd, biasGrad, tanh, tanhBwd, relu, reluBwd, logSoftmax, logSoftmaxBwd,
            sumSquares, sumPartials, axpy, scale, lstmFwd, lstmBwd, adam, clipScale, sample, argmax, spreadStep, spreadStepN3,
            spreadReset, goalDnf;

    public DeviceKernels(CudaStream stream) {
        this.stream = stream;
        this.module = stream.device().module();
        this.maxBlocks = Math.max(1, stream.device().multiprocessors() * 32);
        this.partials = stream.device().allocate(8L * PARTIALS);
        gemm = k("fw_gemm");
        gemm128 = k("fw_gemm_128");
        biasAdd = k("fw_bias_add");
        biasGrad = k("fw_bias_grad");
        tanh = k("fw_tanh");
        tanhBwd = k("fw_tanh_backward");
        relu = k("fw_relu");
        reluBwd = k("fw_relu_backward");
        logSoftmax = k("fw_log_softmax");
        logSoftmaxBwd = k("fw_log_softmax_backward");
        sumSquares = k("fw_sum_squares");
        sumPartials = k("fw_sum_partials");
        axpy = k("fw_axpy");
        scale = k("fw_scale");
        lstmFwd = k("fw_lstm_forward");
        lstmBwd = k("fw_lstm_backward");
        adam = k("fw_adam");
        clipScale = k("fw_clip_scale");
        sample = k("fw_sample_categorical");
        argmax = k("fw_argmax");
        spreadStep = k("fw_spread_step");
        spreadStepN3 = k("fw_spread_step_n3");
        spreadReset = k("fw_spread_reset");
        goalDnf = k("fw_goal_dnf");
    }

    private CudaModule.Kernel k(String name) { return module.kernel(name); }

    public CudaStream stream() { return stream; }

    /** Blocks for a grid-stride loop over n items. */
    private int blocks(long n) {
        return (int) Math.max(1, Math.min((n + BLOCK - 1) / BLOCK, maxBlocks));
    }

    private static void nonNegative(String name, long v) {
        if (v < 0) throw new IllegalArgumentException(name + " must be ≥ 0, got " + v);
    }

    /**
     * C = op(A)·op(B) (+ C): see GemmKernels. M ≤ 65535·64 rows. Uses the 128×128-tile kernel when
     * its grid still gives every SM ≥ 2 blocks, else the 64×64 one.
     */
    public void gemm(boolean transA, boolean transB, int m, int n, int k, long a, int lda, long b, int ldb,
                     long c, int ldc, boolean accumulate, FlopLedger.Counter flops) {
        long bigBlocks = (long) ((m + 127) / 128) * ((n + 127) / 128);
        gemmWithTile(bigBlocks >= 2L * stream.device().multiprocessors() ? 128 : 64,
                transA, transB, m, n, k, a, lda, b, ldb, c, ldc, accumulate, flops);
    }

    /** {@link #gemm} with the block tile chosen by the caller: 64 (fw_gemm) or 128 (fw_gemm_128). */
    public void gemmWithTile(int tile, boolean transA, boolean transB, int m, int n, int k, long a, int lda, long b,
                             int ldb, long c, int ldc, boolean accumulate, FlopLedger.Counter flops) {
        if (tile != 64 && tile != 128) throw new IllegalArgumentException("tile must be 64 or 128, got " + tile);
        nonNegative("m", m);
        nonNegative("n", n);
        nonNegative("k", k);
        if (m > 65535 * 64) throw new IllegalArgumentException("m must be ≤ " + 65535 * 64 + ", got " + m);
        DeviceFlops.gemm(flops, m, n, k);
        if (m == 0 || n == 0) return;
        stream.args().i32(transA ? 1 : 0).i32(transB ? 1 : 0).i32(m).i32(n).i32(k)
                .ptr(a).i32(lda).ptr(b).i32(ldb).ptr(c).i32(ldc).i32(accumulate ? 1 : 0);
        stream.launch(tile == 128 ? gemm128 : gemm, (n + tile - 1) / tile, (m + tile - 1) / tile, 256, 0);
    }

    public void biasAdd(int rows, int cols, long x, long bias, FlopLedger.Counter flops) {
        nonNegative("rows", rows);
        nonNegative("cols", cols);
        DeviceFlops.biasAdd(flops, rows, cols);
        if (rows == 0 || cols == 0) return;
        stream.args().i32(rows).i32(cols).ptr(x).ptr(bias);
        stream.launch(biasAdd, blocks((long) rows * cols), BLOCK);
    }

    public void biasGrad(int rows, int cols, long dy, long db, boolean accumulate, FlopLedger.Counter flops) {
        nonNegative("rows", rows);
        nonNegative("cols", cols);
        DeviceFlops.biasGrad(flops, rows, cols);
        if (cols == 0) return;
        stream.args().i32(rows).i32(cols).ptr(dy).ptr(db).i32(accumulate ? 1 : 0);
        stream.launch(biasGrad, blocks(cols), BLOCK);
    }

    public void tanh(long n, long x, long y, FlopLedger.Counter flops) {
        unary(tanh, n, x, y);
        DeviceFlops.tanh(flops, n);
    }

    public void tanhBackward(long n, long y, long dy, long dx, FlopLedger.Counter flops) {
        binary(tanhBwd, n, y, dy, dx);
        DeviceFlops.tanhBackward(flops, n);
    }

    public void relu(long n, long x, long y, FlopLedger.Counter flops) {
        unary(relu, n, x, y);
        DeviceFlops.relu(flops, n);
    }

    public void reluBackward(long n, long y, long dy, long dx, FlopLedger.Counter flops) {
        binary(reluBwd, n, y, dy, dx);
        DeviceFlops.reluBackward(flops, n);
    }

    private void unary(CudaModule.Kernel kernel, long n, long x, long y) {
        nonNegative("n", n);
        if (n == 0) return;
        stream.args().i64(n).ptr(x).ptr(y);
        stream.launch(kernel, blocks(n), BLOCK);
    }

    private void binary(CudaModule.Kernel kernel, long n, long y, long dy, long dx) {
        nonNegative("n", n);
        if (n == 0) return;
        stream.args().i64(n).ptr(y).ptr(dy).ptr(dx);
        stream.launch(kernel, blocks(n), BLOCK);
    }

    private static void rowsCols(int rows, int cols) {
        nonNegative("rows", rows);
        if (cols < 1) throw new IllegalArgumentException("cols must be ≥ 1, got " + cols);
    }

    public void logSoftmax(int rows, int cols, long logits, long out, FlopLedger.Counter flops) {
        rowsCols(rows, cols);
        DeviceFlops.logSoftmax(flops, rows, cols);
        if (rows == 0) return;
        stream.args().i32(rows).i32(cols).ptr(logits).ptr(out);
        stream.launch(logSoftmax, blocks(rows), BLOCK);
    }

    public void logSoftmaxBackward(int rows, int cols, long logp, long dlogp, long dlogits, FlopLedger.Counter flops) {
        rowsCols(rows, cols);
        DeviceFlops.logSoftmaxBackward(flops, rows, cols);
        if (rows == 0) return;
        stream.args().i32(rows).i32(cols).ptr(logp).ptr(dlogp).ptr(dlogits);
        stream.launch(logSoftmaxBwd, blocks(rows), BLOCK);
    }

    /**
     * actions (int32, rows) sampled from logp (rows, cols) by inversion. The uniform of row r is
     * {@code uniforms[r]} when {@code uniforms != 0} (device floats the host drew from its random
     * stream), else the counter-based {@code fw_uniform(seed + r, counter)}: pass a new counter per
     * call (e.g. the global step) for independent draws.
     */
    public void sampleCategorical(int rows, int cols, long logp, long uniforms, long seed, long counter, long actions,
                                  FlopLedger.Counter flops) {
        rowsCols(rows, cols);
        DeviceFlops.sampleCategorical(flops, rows, cols);
        if (rows == 0) return;
        stream.args().i32(rows).i32(cols).ptr(logp).ptr(uniforms).i64(seed).i64(counter).ptr(actions);
        stream.launch(sample, blocks(rows), BLOCK);
    }

    /** actions (int32, rows) = argmax of each row of logp (rows, cols), first maximum. */
    public void argmax(int rows, int cols, long logp, long actions, FlopLedger.Counter flops) {
        rowsCols(rows, cols);
        DeviceFlops.argmax(flops, rows, cols);
        if (rows == 0) return;
        stream.args().i32(rows).i32(cols).ptr(logp).ptr(actions);
        stream.launch(argmax, blocks(rows), BLOCK);
    }

    /** *out (one double on the device) = Σ x[i]², in a fixed order (two passes). */
    public void sumSquares(long n, long x, long outDouble, FlopLedger.Counter flops) {
        nonNegative("n", n);
        DeviceFlops.sumSquares(flops, n);
        int grid = (int) Math.max(1, Math.min((n + BLOCK - 1) / BLOCK, PARTIALS));
        stream.args().i64(n).ptr(x).ptr(partials.address());
        stream.launch(sumSquares, grid, BLOCK);
        stream.args().i32(grid).ptr(partials.address()).ptr(outDouble);
        stream.launch(sumPartials, 1, 32);
    }

    public void axpy(long n, float a, long x, long y, FlopLedger.Counter flops) {
        nonNegative("n", n);
        DeviceFlops.axpy(flops, n);
        if (n == 0) return;
        stream.args().i64(n).f32(a).ptr(x).ptr(y);
        stream.launch(axpy, blocks(n), BLOCK);
    }

    public void scale(long n, float a, long x, FlopLedger.Counter flops) {
        nonNegative("n", n);
        DeviceFlops.scale(flops, n);
        if (n == 0) return;
        stream.args().i64(n).f32(a).ptr(x);
        stream.launch(scale, blocks(n), BLOCK);
    }

    public void lstmForward(int batch, int hidden, long gates, long cPrev, long c, long h, FlopLedger.Counter flops) {
        nonNegative("batch", batch);
        nonNegative("hidden", hidden);
        DeviceFlops.lstmForward(flops, batch, hidden);
        long n = (long) batch * hidden;
        if (n == 0) return;
        stream.args().i32(batch).i32(hidden).ptr(gates).ptr(cPrev).ptr(c).ptr(h);
        stream.launch(lstmFwd, blocks(n), BLOCK);
    }

    /** {@code dc} may be 0 (zeros). */
    public void lstmBackward(int batch, int hidden, long gates, long cPrev, long c, long dh, long dc, long dGates,
                             long dcPrev, FlopLedger.Counter flops) {
        nonNegative("batch", batch);
        nonNegative("hidden", hidden);
        DeviceFlops.lstmBackward(flops, batch, hidden);
        long n = (long) batch * hidden;
        if (n == 0) return;
        stream.args().i32(batch).i32(hidden).ptr(gates).ptr(cPrev).ptr(c).ptr(dh).ptr(dc).ptr(dGates).ptr(dcPrev);
        stream.launch(lstmBwd, blocks(n), BLOCK);
    }

    /** One Adam step; c1 = 1/(1−β1ᵗ), c2 = 1/(1−β2ᵗ) as AbstractOptimKernels computes them. */
    public void adam(long n, long params, long grads, long m, long v, float lr, float beta1, float beta2, float eps,
                     float gradScale, float c1, float c2, FlopLedger.Counter flops) {
        adam(n, params, grads, m, v, lr, beta1, beta2, eps, gradScale, 0, c1, c2, flops);
    }

    /**
     * Adam with the gradient scale read on the device from {@code gradScaleDev} (a float written by
     * {@link #clipScale}) when it is not 0; else {@code gradScale}. The clipped update then runs
     * without a host round trip: sumSquares → clipScale → adam per tensor.
     */
    public void adam(long n, long params, long grads, long m, long v, float lr, float beta1, float beta2, float eps,
                     float gradScale, long gradScaleDev, float c1, float c2, FlopLedger.Counter flops) {
        nonNegative("n", n);
        DeviceFlops.adam(flops, n);
        if (n == 0) return;
        stream.args().i64(n).ptr(params).ptr(grads).ptr(m).ptr(v).f32(lr).f32(beta1).f32(beta2).f32(eps)
                .f32(gradScale).f32(c1).f32(c2).ptr(gradScaleDev);
        stream.launch(adam, blocks(n), BLOCK);
    }

    /**
     * *scaleOut (float) = min(1, maxNorm / √(*sumSquaresDouble)), 1 when maxNorm ≤ 0: the device
     * twin of {@code OptimKernels.clipScale}. O(1) work per update; not counted, as on the CPU.
     */
    public void clipScale(long sumSquaresDouble, float maxNorm, long scaleOut) {
        stream.args().ptr(sumSquaresDouble).f32(maxNorm).ptr(scaleOut);
        stream.launch(clipScale, 1, 32);
    }

    /** One step of every environment of {@code env} with {@code actions} (int32, (envs, agents)); {@link DeviceSpreadEnv} counts its FLOPs. */
    void spreadStep(DeviceSpreadEnv env, long actions, long rewards, long done, long obs) {
        SpreadConfig c = env.config();
        stream.args().i32(env.envs()).i32(c.agents()).i32(c.landmarks()).f32(c.dt()).f32(c.damping())
                .f32(c.contactForce()).f32(c.contactMargin()).f32(c.accel()).f32(c.agentSize()).f32(c.mass())
                .f32(c.localRatio()).i32(c.horizon()).i64(env.seed())
                .ptr(env.agentPos()).ptr(env.agentVel()).ptr(env.landmarkPos()).ptr(env.time()).ptr(env.episode())
                .ptr(actions).ptr(rewards).ptr(done).ptr(obs);
        if (c.agents() == 3 && c.landmarks() == 3) {
            // fw_spread_step_n3 stages observations in shared memory sized for exactly SPREAD_N3_BLOCK threads
            int grid = (int) Math.max(1, Math.min((env.envs() + SPREAD_N3_BLOCK - 1) / SPREAD_N3_BLOCK, maxBlocks));
            stream.launch(spreadStepN3, grid, SPREAD_N3_BLOCK);
        } else {
            stream.launch(spreadStep, blocks(env.envs()), BLOCK);
        }
    }

    void spreadReset(DeviceSpreadEnv env, long obs) {
        SpreadConfig c = env.config();
        stream.args().i32(env.envs()).i32(c.agents()).i32(c.landmarks()).i64(env.seed())
                .ptr(env.agentPos()).ptr(env.agentVel()).ptr(env.landmarkPos()).ptr(env.time()).ptr(env.episode())
                .ptr(obs);
        stream.launch(spreadReset, blocks(env.envs()), BLOCK);
    }

    /**
     * Goal rewards (E, P) from predicate truth values by DNF evaluation; layouts in goals.cuh and
     * docs/GPU.md. Boolean work only: adds no FLOPs.
     */
    public void goalDnf(int envs, int players, int predicates, int options, int conjuncts, long truth, long literal,
                        long negated, long reward) {
        nonNegative("envs", envs);
        nonNegative("players", players);
        nonNegative("predicates", predicates);
        if (options < 1 || conjuncts < 1)
            throw new IllegalArgumentException("options and conjuncts must be ≥ 1, got " + options + ", " + conjuncts);
        long n = (long) envs * players;
        if (n == 0) return;
        stream.args().i32(envs).i32(players).i32(predicates).i32(options).i32(conjuncts).ptr(truth).ptr(literal)
                .ptr(negated).ptr(reward);
        stream.launch(goalDnf, blocks(n), BLOCK);
    }

    @Override
    public void close() {
        stream.synchronize();
        partials.close();
    }
}
