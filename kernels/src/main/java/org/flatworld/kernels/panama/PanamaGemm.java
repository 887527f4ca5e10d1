package org.flatworld.kernels.panama;

import static org.flatworld.kernels.panama.Vec.F;
import static org.flatworld.kernels.panama.Vec.L;

import java.util.Arrays;
import java.util.function.IntConsumer;
import jdk.incubator.vector.FloatVector;
import org.flatworld.kernels.AbstractGemmKernels;
import org.flatworld.kernels.WorkerPool;

/**
 * Vector API SGEMM in the Goto/BLIS style (Goto and van de Geijn 2008, "Anatomy of
 * high-performance matrix multiplication"): op(B) is packed into kc×NR micro-panels (NR = two
 * vectors) that stay in L1, op(A) into MR×kc micro-panels streamed from L2, and a straight-line
 * micro-kernel keeps MR×2 accumulators in registers: 6 × 2 = 12 independent FMA chains with
 * AVX-512's 32 registers, 4 × 2 = 8 with AVX2's 16 (the 6-row kernel spills there). Packing also
 * absorbs the transposes.
 *
 * <p>Skinny outputs (n < 16, op(A) = A: the policy and value heads x·Wᵀ) take a dot-product form
 * along k instead, with a 4-row × 5-column register block (20 accumulators; two 2 × 5 halves
 * where only 16 vector registers exist).
 *
 * <p>Determinism: every output element is one fixed chain of operations (general path: FMA over k
 * in order, kc blocks in order, starting from C or 0; skinny path: one vector accumulator over k,
 * its lanes summed in order, an FMA scalar tail), whatever tile or thread computes it. Threads get fixed
 * row (or column) ranges, so results are bit-identical for any thread count.
 *
 * <p>Calls are serialized on the worker pool (shared with the LSTM kernels) and the packing buffers;
 * callers that run in parallel should each use their own backend or batch their rows into one call.
 */
final class PanamaGemm extends AbstractGemmKernels {
    /**
     * Rows of the micro-kernel: 6 × 2 vectors = 12 accumulators with AVX-512's 32 registers; with
     * AVX2's 16 the 6-row kernel spills (measured 2.3× slower than 4 × 2 on this machine), so 4.
     */
    static final int MR = Vec.L >= 16 ? 6 : 4;
    static final int NR = 2 * L;
    static final int KC = 256;
    static final int MC = 96;          // multiple of MR (4 and 6); MC×KC packed A = 96 KiB, in L2
    static final int NC = 512;         // multiple of NR; KC×NC packed B = 512 KiB
    static final int SKINNY_N = 16;    // n below this with op(A) = A takes the dot-product path
    /** Below this many FLOPs a second thread costs more than it saves (PERF.md: hand-off ≈ tens of µs). */
    static final long PARALLEL_MIN_FLOPS = 1L << 22;

    private final WorkerPool pool;
    private final float[][] packA;     // per thread: (MC/MR panels, kc, MR)
    private final float[][] packB;     // per thread: (NC/NR panels, kc, NR)
    private final float[][] tile;      // per thread: (MR, NR) edge tile, or the skinny path's accumulators
    private float[] skinnyB = new float[0]; // (n, k) op(B)ᵀ packed for the skinny path, grown on demand
    private final Task task = new Task();

    PanamaGemm(WorkerPool pool) {
        this.pool = pool;
        int t = pool.threads();
        packA = new float[t][MC * KC];
        packB = new float[t][KC * NC];
        tile = new float[t][Math.max(MR * NR, RED)];
    }

    @Override
    protected void gemmChecked(boolean transA, boolean transB, int m, int n, int k,
                               float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                               float[] c, int cOff, int ldc, boolean accumulate) {
        synchronized (pool) {   // the pool and the packing buffers serve one call at a time
            if (k == 0) {
                if (!accumulate) for (int i = 0; i < m; i++) Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
                return;
            }
            Task t = task;
            t.transA = transA; t.transB = transB; t.m = m; t.n = n; t.k = k;
            t.a = a; t.aOff = aOff; t.lda = lda; t.c = c; t.cOff = cOff; t.ldc = ldc; t.accumulate = accumulate;
            t.skinny = n < SKINNY_N && !transA;
            if (t.skinny) {
                if (transB) { t.b = b; t.bOff = bOff; t.ldb = ldb; }
                else {
                    // op(B)ᵀ rows must be contiguous along k: transpose the k×n matrix once (n·k floats)
                    int need = n * k;
                    if (skinnyB.length < need) skinnyB = new float[need];
                    for (int p = 0; p < k; p++)
                        for (int j = 0; j < n; j++) skinnyB[j * k + p] = b[bOff + p * ldb + j];
                    t.b = skinnyB; t.bOff = 0; t.ldb = k;
                }
            } else {
                t.b = b; t.bOff = bOff; t.ldb = ldb;
            }
            // fixed partition: rows in multiples of the row block, else columns in multiples of NR
            int threads = pool.threads();
            int rowBlock = t.skinny ? 4 : MR;
            t.chunks = 1; t.byRows = true; t.span = m;
            if (threads > 1 && 2L * m * n * k >= PARALLEL_MIN_FLOPS) {
                if (m >= threads * rowBlock * 4) {
                    t.chunks = threads;
                    t.span = roundUp((m + threads - 1) / threads, rowBlock);
                } else if (!t.skinny && n >= threads * NR) {
                    t.chunks = threads; t.byRows = false;
                    t.span = roundUp((n + threads - 1) / threads, NR);
                }
            }
            if (t.chunks == 1) t.accept(0);
            else pool.run(t.chunks, t);
            t.a = null; t.b = null; t.c = null;
        }
    }

    private static int roundUp(int x, int q) { return (x + q - 1) / q * q; }

    /** One GEMM call's arguments; chunk → its fixed row or column range. */
    private final class Task implements IntConsumer {
        boolean transA, transB, accumulate, skinny, byRows;
        int m, n, k, aOff, lda, bOff, ldb, cOff, ldc, chunks, span;
        float[] a, b, c;

        @Override
        public void accept(int chunk) {
            int i0 = 0, i1 = m, j0 = 0, j1 = n;
            if (byRows) { i0 = Math.min(m, chunk * span); i1 = Math.min(m, i0 + span); }
            else { j0 = Math.min(n, chunk * span); j1 = Math.min(n, j0 + span); }
            if (i0 >= i1 || j0 >= j1) return;
            if (skinny) skinnyRows(i0, i1, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate, tile[chunk]);
            else general(chunk, i0, i1, j0, j1);
        }

        private void general(int thread, int i0, int i1, int j0, int j1) {
            float[] pa = packA[thread], pb = packB[thread], tl = tile[thread];
            for (int jc = j0; jc < j1; jc += NC) {
                int nc = Math.min(NC, j1 - jc);
                for (int pc = 0; pc < k; pc += KC) {
                    int kc = Math.min(KC, k - pc);
                    boolean load = accumulate || pc > 0;
                    packB(transB, b, bOff, ldb, pc, kc, jc, nc, pb);
                    for (int ic = i0; ic < i1; ic += MC) {
                        int mc = Math.min(MC, i1 - ic);
                        packA(transA, a, aOff, lda, ic, mc, pc, kc, pa);
                        for (int jr = 0; jr < nc; jr += NR) {
                            int nr = Math.min(NR, nc - jr);
                            int pbOff = jr * kc;              // panel jr/NR starts at (jr/NR)·NR·kc
                            for (int ir = 0; ir < mc; ir += MR) {
                                int mr = Math.min(MR, mc - ir);
                                int paOff = ir * kc;          // panel ir/MR starts at (ir/MR)·MR·kc
                                int cij = cOff + (ic + ir) * ldc + jc + jr;
                                if (mr == MR && nr == NR) {
                                    if (MR == 6) kernel6x2(kc, pa, paOff, pb, pbOff, c, cij, ldc, load);
                                    else kernel4x2(kc, pa, paOff, pb, pbOff, c, cij, ldc, load);
                                } else {
                                    // edge: same arithmetic on a full tile, only the valid part copied
                                    if (load) {
                                        for (int r = 0; r < MR; r++)
                                            if (r < mr) {
                                                System.arraycopy(c, cij + r * ldc, tl, r * NR, nr);
                                                Arrays.fill(tl, r * NR + nr, (r + 1) * NR, 0f);
                                            } else Arrays.fill(tl, r * NR, (r + 1) * NR, 0f);
                                    } else Arrays.fill(tl, 0f);
                                    if (MR == 6) kernel6x2(kc, pa, paOff, pb, pbOff, tl, 0, NR, true);
                                    else kernel4x2(kc, pa, paOff, pb, pbOff, tl, 0, NR, true);
                                    for (int r = 0; r < mr; r++) System.arraycopy(tl, r * NR, c, cij + r * ldc, nr);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /** op(B)[pc..pc+kc, jc..jc+nc] → panels of NR columns, (panel, p, NR), zero-padded columns. */
    static void packB(boolean transB, float[] b, int bOff, int ldb, int pc, int kc, int jc, int nc, float[] pb) {
        for (int jr = 0; jr < nc; jr += NR) {
            int nr = Math.min(NR, nc - jr);
            int base = jr * kc;
            if (!transB) {
                int src = bOff + pc * ldb + jc + jr;
                if (nr == NR) {
                    for (int p = 0; p < kc; p++) {
                        int s = src + p * ldb, d = base + p * NR;
                        FloatVector.fromArray(F, b, s).intoArray(pb, d);
                        FloatVector.fromArray(F, b, s + L).intoArray(pb, d + L);
                    }
                } else {
                    for (int p = 0; p < kc; p++) {
                        int d = base + p * NR;
                        System.arraycopy(b, src + p * ldb, pb, d, nr);
                        Arrays.fill(pb, d + nr, d + NR, 0f);
                    }
                }
            } else {
                // B stored n×k: column j of op(B) is row j of B, contiguous along p
                for (int jj = 0; jj < NR; jj++) {
                    if (jj < nr) {
                        int s = bOff + (jc + jr + jj) * ldb + pc;
                        for (int p = 0; p < kc; p++) pb[base + p * NR + jj] = b[s + p];
                    } else {
                        for (int p = 0; p < kc; p++) pb[base + p * NR + jj] = 0f;
                    }
                }
            }
        }
    }

    /** op(A)[ic..ic+mc, pc..pc+kc] → panels of MR rows, (panel, p, MR), zero-padded rows. */
    static void packA(boolean transA, float[] a, int aOff, int lda, int ic, int mc, int pc, int kc, float[] pa) {
        for (int ir = 0; ir < mc; ir += MR) {
            int mr = Math.min(MR, mc - ir);
            int base = ir * kc;
            if (!transA) {
                for (int ii = 0; ii < MR; ii++) {
                    if (ii < mr) {
                        int s = aOff + (ic + ir + ii) * lda + pc;
                        for (int p = 0; p < kc; p++) pa[base + p * MR + ii] = a[s + p];
                    } else {
                        for (int p = 0; p < kc; p++) pa[base + p * MR + ii] = 0f;
                    }
                }
            } else {
                // A stored k×m: the MR values of one p are contiguous
                for (int p = 0; p < kc; p++) {
                    int s = aOff + (pc + p) * lda + ic + ir, d = base + p * MR;
                    for (int ii = 0; ii < mr; ii++) pa[d + ii] = a[s + ii];
                    for (int ii = mr; ii < MR; ii++) pa[d + ii] = 0f;
                }
            }
        }
    }

    /**
     * C[6×2L] (+)= Apanel[6×kc] · Bpanel[kc×2L]. Straight-line: per p two B loads, six broadcasts,
     * twelve FMAs into twelve independent accumulators (kept small so C2 inlines and never boxes).
     */
    static void kernel6x2(int kc, float[] pa, int paOff, float[] pb, int pbOff, float[] c, int cOff, int ldc, boolean load) {
        FloatVector c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51;
        int r0 = cOff, r1 = r0 + ldc, r2 = r1 + ldc, r3 = r2 + ldc, r4 = r3 + ldc, r5 = r4 + ldc;
        if (load) {
            c00 = FloatVector.fromArray(F, c, r0); c01 = FloatVector.fromArray(F, c, r0 + L);
            c10 = FloatVector.fromArray(F, c, r1); c11 = FloatVector.fromArray(F, c, r1 + L);
            c20 = FloatVector.fromArray(F, c, r2); c21 = FloatVector.fromArray(F, c, r2 + L);
            c30 = FloatVector.fromArray(F, c, r3); c31 = FloatVector.fromArray(F, c, r3 + L);
            c40 = FloatVector.fromArray(F, c, r4); c41 = FloatVector.fromArray(F, c, r4 + L);
            c50 = FloatVector.fromArray(F, c, r5); c51 = FloatVector.fromArray(F, c, r5 + L);
        } else {
            FloatVector z = FloatVector.zero(F);
            c00 = z; c01 = z; c10 = z; c11 = z; c20 = z; c21 = z; c30 = z; c31 = z; c40 = z; c41 = z; c50 = z; c51 = z;
        }
        for (int p = 0; p < kc; p++) {
            int pbi = pbOff + p * NR, pai = paOff + p * MR;
            FloatVector b0 = FloatVector.fromArray(F, pb, pbi);
            FloatVector b1 = FloatVector.fromArray(F, pb, pbi + L);
            FloatVector a0 = FloatVector.broadcast(F, pa[pai]);
            c00 = a0.fma(b0, c00); c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(F, pa[pai + 1]);
            c10 = a1.fma(b0, c10); c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(F, pa[pai + 2]);
            c20 = a2.fma(b0, c20); c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(F, pa[pai + 3]);
            c30 = a3.fma(b0, c30); c31 = a3.fma(b1, c31);
            FloatVector a4 = FloatVector.broadcast(F, pa[pai + 4]);
            c40 = a4.fma(b0, c40); c41 = a4.fma(b1, c41);
            FloatVector a5 = FloatVector.broadcast(F, pa[pai + 5]);
            c50 = a5.fma(b0, c50); c51 = a5.fma(b1, c51);
        }
        c00.intoArray(c, r0); c01.intoArray(c, r0 + L);
        c10.intoArray(c, r1); c11.intoArray(c, r1 + L);
        c20.intoArray(c, r2); c21.intoArray(c, r2 + L);
        c30.intoArray(c, r3); c31.intoArray(c, r3 + L);
        c40.intoArray(c, r4); c41.intoArray(c, r4 + L);
        c50.intoArray(c, r5); c51.intoArray(c, r5 + L);
    }

    /** C[4×2L] (+)= Apanel[4×kc] · Bpanel[kc×2L]: the 6 × 2 kernel cut to 8 accumulators for AVX2. */
    static void kernel4x2(int kc, float[] pa, int paOff, float[] pb, int pbOff, float[] c, int cOff, int ldc, boolean load) {
        FloatVector c00, c01, c10, c11, c20, c21, c30, c31;
        int r0 = cOff, r1 = r0 + ldc, r2 = r1 + ldc, r3 = r2 + ldc;
        if (load) {
            c00 = FloatVector.fromArray(F, c, r0); c01 = FloatVector.fromArray(F, c, r0 + L);
            c10 = FloatVector.fromArray(F, c, r1); c11 = FloatVector.fromArray(F, c, r1 + L);
            c20 = FloatVector.fromArray(F, c, r2); c21 = FloatVector.fromArray(F, c, r2 + L);
            c30 = FloatVector.fromArray(F, c, r3); c31 = FloatVector.fromArray(F, c, r3 + L);
        } else {
            FloatVector z = FloatVector.zero(F);
            c00 = z; c01 = z; c10 = z; c11 = z; c20 = z; c21 = z; c30 = z; c31 = z;
        }
        for (int p = 0; p < kc; p++) {
            int pbi = pbOff + p * NR, pai = paOff + p * MR;
            FloatVector b0 = FloatVector.fromArray(F, pb, pbi);
            FloatVector b1 = FloatVector.fromArray(F, pb, pbi + L);
            FloatVector a0 = FloatVector.broadcast(F, pa[pai]);
            c00 = a0.fma(b0, c00); c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(F, pa[pai + 1]);
            c10 = a1.fma(b0, c10); c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(F, pa[pai + 2]);
            c20 = a2.fma(b0, c20); c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(F, pa[pai + 3]);
            c30 = a3.fma(b0, c30); c31 = a3.fma(b1, c31);
        }
        c00.intoArray(c, r0); c01.intoArray(c, r0 + L);
        c10.intoArray(c, r1); c11.intoArray(c, r1 + L);
        c20.intoArray(c, r2); c21.intoArray(c, r2 + L);
        c30.intoArray(c, r3); c31.intoArray(c, r3 + L);
    }

    /**
     * Skinny path over rows [i0, i1): C[i, j] (+)= A row i · Bt row j, where Bt is op(B)ᵀ stored
     * (n, k) with leading dimension ldbt. Blocks of 4 rows × 5 columns (on AVX2's 16 vector
     * registers as two 2 × 5 halves, 10 accumulators each), then 4 × 1, then 1 × 1. Every kernel
     * stores its accumulators into {@code red} (one per element), and {@link #finishBlock} sums
     * each element's lanes in order, adds the scalar tail of k with FMAs and combines with C:
     * the same operations for an element whatever block computed it.
     */
    static void skinnyRows(int i0, int i1, int n, int k, float[] a, int aOff, int lda, float[] bt, int btOff, int ldbt,
                           float[] c, int cOff, int ldc, boolean accumulate, float[] red) {
        int i = i0;
        for (; i + 4 <= i1; i += 4) {
            int ai = aOff + i * lda, ci = cOff + i * ldc;
            int j = 0;
            for (; j + 5 <= n; j += 5) {
                int bj = btOff + j * ldbt;
                if (WIDE) {
                    dot4x5(k, a, ai, lda, bt, bj, ldbt, red);
                    finishBlock(4, 5, red, 0, k, a, ai, lda, bt, bj, ldbt, c, ci + j, ldc, accumulate);
                } else {
                    dot2x5(k, a, ai, lda, bt, bj, ldbt, red);
                    finishBlock(2, 5, red, 0, k, a, ai, lda, bt, bj, ldbt, c, ci + j, ldc, accumulate);
                    dot2x5(k, a, ai + 2 * lda, lda, bt, bj, ldbt, red);
                    finishBlock(2, 5, red, 0, k, a, ai + 2 * lda, lda, bt, bj, ldbt, c, ci + 2 * ldc + j, ldc, accumulate);
                }
            }
            for (; j < n; j++) {
                int bj = btOff + j * ldbt;
                dot4x1(k, a, ai, lda, bt, bj, red);
                finishBlock(4, 1, red, 0, k, a, ai, lda, bt, bj, ldbt, c, ci + j, ldc, accumulate);
            }
        }
        for (; i < i1; i++)
            for (int j = 0; j < n; j++) {
                int bj = btOff + j * ldbt;
                dot1x1(k, a, aOff + i * lda, bt, bj, red);
                finishBlock(1, 1, red, 0, k, a, aOff + i * lda, lda, bt, bj, ldbt, c, cOff + i * ldc + j, ldc, accumulate);
            }
    }

    /** 32 vector registers (AVX-512) hold the 4 × 5 block; 16 (AVX2) do not. */
    static final boolean WIDE = L >= 16;

    /** Per-thread scratch the skinny kernels store accumulators into: 20 vectors. */
    static final int RED = 20 * L;

    /**
     * For each element (r, q) of a rows × cols block whose accumulator lanes are at
     * red[(r·cols + q)·L …]: lanes summed in order, the k tail added with FMAs, combined with C.
     */
    static void finishBlock(int rows, int cols, float[] red, int redOff, int k, float[] a, int a0, int lda,
                            float[] b, int b0, int ldb, float[] c, int c0, int ldc, boolean accumulate) {
        int kb = F.loopBound(k);
        for (int r = 0; r < rows; r++)
            for (int q = 0; q < cols; q++) {
                int base = redOff + (r * cols + q) * L;
                float s = red[base];
                for (int l = 1; l < L; l++) s += red[base + l];
                int ar = a0 + r * lda, bq = b0 + q * ldb;
                for (int p = kb; p < k; p++) s = Math.fma(a[ar + p], b[bq + p], s);
                int ix = c0 + r * ldc + q;
                c[ix] = accumulate ? c[ix] + s : s;
            }
    }

    /** One element, one accumulator (row tails only). */
    static void dot1x1(int k, float[] a, int a0, float[] b, int b0, float[] red) {
        int kb = F.loopBound(k);
        FloatVector s = FloatVector.zero(F);
        for (int p = 0; p < kb; p += L) s = FloatVector.fromArray(F, a, a0 + p).fma(FloatVector.fromArray(F, b, b0 + p), s);
        s.intoArray(red, 0);
    }

    /** One column against four rows: four independent accumulators. */
    static void dot4x1(int k, float[] a, int a0, int lda, float[] b, int b0, float[] red) {
        int kb = F.loopBound(k);
        int a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda;
        FloatVector s0 = FloatVector.zero(F), s1 = s0, s2 = s0, s3 = s0;
        for (int p = 0; p < kb; p += L) {
            FloatVector bv = FloatVector.fromArray(F, b, b0 + p);
            s0 = FloatVector.fromArray(F, a, a0 + p).fma(bv, s0);
            s1 = FloatVector.fromArray(F, a, a1 + p).fma(bv, s1);
            s2 = FloatVector.fromArray(F, a, a2 + p).fma(bv, s2);
            s3 = FloatVector.fromArray(F, a, a3 + p).fma(bv, s3);
        }
        s0.intoArray(red, 0); s1.intoArray(red, L); s2.intoArray(red, 2 * L); s3.intoArray(red, 3 * L);
    }

    /**
     * Two rows × five columns: per vector step 2 A loads, 5 B loads, 10 FMAs into 10 independent
     * accumulators (13 of AVX2's 16 registers; 10 chains cover 2 FMA ports × 4 cycles latency).
     */
    static void dot2x5(int k, float[] a, int a0, int lda, float[] b, int b0, int ldb, float[] red) {
        int kb = F.loopBound(k);
        int a1 = a0 + lda;
        int q1 = b0 + ldb, q2 = q1 + ldb, q3 = q2 + ldb, q4 = q3 + ldb;
        FloatVector z = FloatVector.zero(F);
        FloatVector s00 = z, s01 = z, s02 = z, s03 = z, s04 = z;
        FloatVector s10 = z, s11 = z, s12 = z, s13 = z, s14 = z;
        for (int p = 0; p < kb; p += L) {
            FloatVector x0 = FloatVector.fromArray(F, a, a0 + p);
            FloatVector x1 = FloatVector.fromArray(F, a, a1 + p);
            FloatVector w = FloatVector.fromArray(F, b, b0 + p);
            s00 = x0.fma(w, s00); s10 = x1.fma(w, s10);
            w = FloatVector.fromArray(F, b, q1 + p);
            s01 = x0.fma(w, s01); s11 = x1.fma(w, s11);
            w = FloatVector.fromArray(F, b, q2 + p);
            s02 = x0.fma(w, s02); s12 = x1.fma(w, s12);
            w = FloatVector.fromArray(F, b, q3 + p);
            s03 = x0.fma(w, s03); s13 = x1.fma(w, s13);
            w = FloatVector.fromArray(F, b, q4 + p);
            s04 = x0.fma(w, s04); s14 = x1.fma(w, s14);
        }
        // (row, column) accumulator at red[(row·5 + column)·L]
        s00.intoArray(red, 0); s01.intoArray(red, L); s02.intoArray(red, 2 * L); s03.intoArray(red, 3 * L); s04.intoArray(red, 4 * L);
        s10.intoArray(red, 5 * L); s11.intoArray(red, 6 * L); s12.intoArray(red, 7 * L); s13.intoArray(red, 8 * L); s14.intoArray(red, 9 * L);
    }

    /**
     * Four rows × five columns: per vector step 4 A loads, 5 B loads, 20 FMAs into 20 independent
     * accumulators (29 of AVX-512's 32 vector registers).
     */
    static void dot4x5(int k, float[] a, int a0, int lda, float[] b, int b0, int ldb, float[] red) {
        int kb = F.loopBound(k);
        int a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda;
        int q1 = b0 + ldb, q2 = q1 + ldb, q3 = q2 + ldb, q4 = q3 + ldb;
        FloatVector z = FloatVector.zero(F);
        FloatVector s00 = z, s01 = z, s02 = z, s03 = z, s04 = z;
        FloatVector s10 = z, s11 = z, s12 = z, s13 = z, s14 = z;
        FloatVector s20 = z, s21 = z, s22 = z, s23 = z, s24 = z;
        FloatVector s30 = z, s31 = z, s32 = z, s33 = z, s34 = z;
        for (int p = 0; p < kb; p += L) {
            FloatVector x0 = FloatVector.fromArray(F, a, a0 + p);
            FloatVector x1 = FloatVector.fromArray(F, a, a1 + p);
            FloatVector x2 = FloatVector.fromArray(F, a, a2 + p);
            FloatVector x3 = FloatVector.fromArray(F, a, a3 + p);
            FloatVector w = FloatVector.fromArray(F, b, b0 + p);
            s00 = x0.fma(w, s00); s10 = x1.fma(w, s10); s20 = x2.fma(w, s20); s30 = x3.fma(w, s30);
            w = FloatVector.fromArray(F, b, q1 + p);
            s01 = x0.fma(w, s01); s11 = x1.fma(w, s11); s21 = x2.fma(w, s21); s31 = x3.fma(w, s31);
            w = FloatVector.fromArray(F, b, q2 + p);
            s02 = x0.fma(w, s02); s12 = x1.fma(w, s12); s22 = x2.fma(w, s22); s32 = x3.fma(w, s32);
            w = FloatVector.fromArray(F, b, q3 + p);
            s03 = x0.fma(w, s03); s13 = x1.fma(w, s13); s23 = x2.fma(w, s23); s33 = x3.fma(w, s33);
            w = FloatVector.fromArray(F, b, q4 + p);
            s04 = x0.fma(w, s04); s14 = x1.fma(w, s14); s24 = x2.fma(w, s24); s34 = x3.fma(w, s34);
        }
        // stored, not passed to a helper (PERF.md: vector arguments of a non-inlined call are boxed)
        s00.intoArray(red, 0); s01.intoArray(red, L); s02.intoArray(red, 2 * L); s03.intoArray(red, 3 * L); s04.intoArray(red, 4 * L);
        s10.intoArray(red, 5 * L); s11.intoArray(red, 6 * L); s12.intoArray(red, 7 * L); s13.intoArray(red, 8 * L); s14.intoArray(red, 9 * L);
        s20.intoArray(red, 10 * L); s21.intoArray(red, 11 * L); s22.intoArray(red, 12 * L); s23.intoArray(red, 13 * L); s24.intoArray(red, 14 * L);
        s30.intoArray(red, 15 * L); s31.intoArray(red, 16 * L); s32.intoArray(red, 17 * L); s33.intoArray(red, 18 * L); s34.intoArray(red, 19 * L);
    }
}
