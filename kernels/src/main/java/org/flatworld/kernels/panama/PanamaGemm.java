package org.flatworld.kernels.panama;

import static org.flatworld.kernels.panama.Vec.F;
import static org.flatworld.kernels.panama.Vec.L;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import org.flatworld.kernels.AbstractGemmKernels;
import org.flatworld.kernels.WorkerPool;

/**
 * Vector API SGEMM in the Goto/BLIS style (Goto and van de Geijn 2008, "Anatomy of
 * high-performance matrix multiplication"): op(B) is packed into kc×NR micro-panels (NR = two
 * vectors) that stay in L1, op(A) into MR×kc micro-panels streamed from L2, and a straight-line
 * micro-kernel keeps MR×2 accumulators in registers: 6 × 2 = 12 independent FMA chains with
 * AVX-512's 32 registers, 5 × 2 = 10 with AVX2's 16 (the 6-row kernel spills there). Packing also
 * absorbs the transposes.
 *
 * <p>Skinny outputs (n < 16, op(A) = A: the policy and value heads x·Wᵀ) take one of two paths
 * without packing A. With n < 6 (and with 16 lanes) a dot-product form along k, with a 4-row ×
 * 5-column register block (20 accumulators; two 2 × 5 halves where only 16 vector registers exist).
 * With 6 ≤ n < 16 and 8 lanes a row-broadcast form: lanes are the columns of C (one or two vectors),
 * op(B) packed (k, 8 or 16), A broadcast straight from its rows.
 *
 * <p>Threads: op(B) is packed once per call into a buffer all threads read (packing itself split
 * into chunks), then C is cut into tiles of at most MC rows × NC columns (finer when there are too
 * few to keep every thread busy) that threads claim one after another
 * ({@link WorkerPool#runDynamic}); op(A) panels are packed per thread.
 *
 * <p>Determinism: every output element is one fixed chain of operations (general path: FMA over k
 * in order, kc blocks in order, starting from C or 0; dot-product path: one vector accumulator over k,
 * its lanes summed by one fixed tree, an FMA scalar tail; row-broadcast path: FMA over k in order from 0,
 * then added to C), whatever tile, chunk or thread computes it, and the path depends on the shape only, so
 * results are bit-identical for any thread count and any assignment of chunks to threads.
 *
 * <p>Calls are serialized on the worker pool (shared with the LSTM kernels) and the packing buffers;
 * callers that run in parallel should each use their own backend or batch their rows into one call.
 */
final class PanamaGemm extends AbstractGemmKernels {
    /**
     * Rows of the micro-kernel: 6 × 2 vectors = 12 accumulators with AVX-512's 32 registers. With
     * AVX2's 16, 6 × 2 (12 + 2 B + 1 broadcast = 15) spills under C2 (measured 2× slower), while
     * 5 × 2 (13 registers) ran 1.05–1.10× faster than 4 × 2 (more FMAs per B load and per loop
     * overhead; docs/PERFORMANCE.md), so 5.
     */
    static final int MR = Vec.L >= 16 ? 6 : 5;
    static final int NR = 2 * L;
    /**
     * kc: 512 with 8 lanes. A B micro-panel kc×NR is then 32 KiB, the whole L1d, yet it streams
     * well from L2 (each B vector feeds MR FMAs), and k ≤ 512 needs one pass over C: per CPU second,
     * 1024×512×512 went from 0.89–0.95 to 0.99–1.01 × OpenBLAS and k = 4096 from 0.79–0.80 to
     * 0.83–0.85, the other shapes unchanged (docs/PERFORMANCE.md). 256 with 16 lanes (a 512-deep
     * panel of 32 floats would be 64 KiB).
     */
    static final int KC = Vec.L >= 16 ? 256 : 512;
    /** mc = 16·MR (80 or 96 rows): the packed A block mc×kc (160 or 96 KiB) stays in the 512 KiB L2. */
    static final int MC = 16 * MR;
    /** nc: the packed B block kc×nc (1 MiB or 512 KiB) streams from L3, one NR micro-panel at a time. */
    static final int NC = 512;
    static final int SKINNY_N = 16;    // n below this with op(A) = A takes a skinny path (dot product or row broadcast)
    /** Below this many FLOPs a second thread costs more than it saves (PERF.md: hand-off ≈ tens of µs). */
    static final long PARALLEL_MIN_FLOPS = 1L << 22;
    /** Aim for this many chunks per thread, so that a slow thread leaves little for the others to wait on. */
    static final int CHUNKS_PER_THREAD = 4;
    /** Rows per chunk on the skinny path (a multiple of its 4-row block): ≈ 0.2 MFLOP at k = 256, n = 5. */
    static final int SKINNY_ROWS = 64;
    /** op(B) micro-panels per packing chunk. */
    static final int PACK_PANELS = 8;

    private final WorkerPool pool;
    private final float[][] packA;     // per worker: (MC/MR panels, kc, MR)
    private final float[][] tile;      // per worker: (MR, NR) edge tile, or the skinny path's accumulators
    private float[] packB = new float[0];   // (k/KC blocks, nPad/NR panels, kc, NR), shared, grown on demand
    private float[] skinnyB = new float[0]; // (n, k) op(B)ᵀ packed for the skinny path, grown on demand
    private float[] skinnyBi = new float[0]; // (n/5, k/L, 5, L) op(B)ᵀ rows of each 5-column block interleaved per vector step
    private float[] bcastB = new float[0];  // (k, NB) op(B) for the row-broadcast path, NB = 8 or 16, grown on demand
    private final Task task = new Task();

    PanamaGemm(WorkerPool pool) {
        this.pool = pool;
        int t = pool.threads();
        packA = new float[t][MC * KC];
        tile = new float[t][Math.max(Math.max(MR * NR, RED), 10 * L)];
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
            t.b = b; t.bOff = bOff; t.ldb = ldb;
            boolean parallel = pool.threads() > 1 && 2L * m * n * k >= PARALLEL_MIN_FLOPS;
            int want = parallel ? CHUNKS_PER_THREAD * pool.threads() : 1;
            if (n < SKINNY_N && !transA && L == 8 && n >= BCAST_MIN_N) {
                // row-broadcast path: op(B) packed (k, NB) with NB = 8 or 16 zero-padded columns
                int nb = n <= L ? L : 2 * L;
                int need = k * nb;
                if (bcastB.length < need) bcastB = new float[need];
                Arrays.fill(bcastB, 0, need, 0f);
                if (transB) {
                    for (int j = 0; j < n; j++)
                        for (int p = 0; p < k; p++) bcastB[p * nb + j] = b[bOff + j * ldb + p];
                } else {
                    for (int p = 0; p < k; p++) System.arraycopy(b, bOff + p * ldb, bcastB, p * nb, n);
                }
                t.b = bcastB; t.bOff = 0; t.ldb = nb;
                t.phase = Task.BCAST;
                t.rowSpan = parallel ? SKINNY_ROWS : m;
                t.rowChunks = (m + t.rowSpan - 1) / t.rowSpan;
                if (t.rowChunks == 1) t.run(0, 0);
                else pool.runDynamic(t.rowChunks, t);
            } else if (n < SKINNY_N && !transA) {
                if (!transB) {
                    // op(B)ᵀ rows must be contiguous along k: transpose the k×n matrix once (n·k floats)
                    int need = n * k;
                    if (skinnyB.length < need) skinnyB = new float[need];
                    for (int p = 0; p < k; p++)
                        for (int j = 0; j < n; j++) skinnyB[j * k + p] = b[bOff + p * ldb + j];
                    t.b = skinnyB; t.bOff = 0; t.ldb = k;
                }
                if (!WIDE) {
                    // the 2 × 5 kernel's five Bᵀ rows interleaved per vector step: (n/5 blocks, k/L steps, 5, L)
                    int kb = F.loopBound(k), blocks = n / 5, need = blocks * 5 * kb;
                    if (skinnyBi.length < need) skinnyBi = new float[need];
                    for (int jb = 0; jb < blocks; jb++)
                        for (int q = 0; q < 5; q++) {
                            int src = t.bOff + (jb * 5 + q) * t.ldb, dst = jb * 5 * kb + q * L;
                            for (int p = 0; p < kb; p += L) FloatVector.fromArray(F, t.b, src + p).intoArray(skinnyBi, dst + 5 * p);
                        }
                }
                t.phase = Task.SKINNY;
                t.rowSpan = parallel ? SKINNY_ROWS : m;
                t.rowChunks = (m + t.rowSpan - 1) / t.rowSpan;
                if (t.rowChunks == 1) t.run(0, 0);
                else pool.runDynamic(t.rowChunks, t);
            } else {
                int nPad = roundUp(n, NR), kBlocks = (k + KC - 1) / KC, panels = nPad / NR;
                long need = (long) k * nPad;
                if (need > Integer.MAX_VALUE - 16)
                    throw new IllegalArgumentException("k·n = " + need + " too large to pack (limit " + (Integer.MAX_VALUE - 16) + ")");
                if (packB.length < need) packB = new float[(int) need];
                t.nPad = nPad;
                t.packGroups = (panels + PACK_PANELS - 1) / PACK_PANELS;
                t.phase = Task.PACK_B;
                int packChunks = kBlocks * t.packGroups;
                if (parallel) pool.runDynamic(packChunks, t);
                else for (int q = 0; q < packChunks; q++) t.run(q, 0);
                // tiles: MC rows × NC columns, cut finer (rows in multiples of MR, then columns in
                // multiples of NR) while there are fewer than `want` of them
                int rowSpan = MC, colSpan = NC;
                int rows = (m + rowSpan - 1) / rowSpan, cols = (n + colSpan - 1) / colSpan;
                if (rows * cols < want && m > MR) {
                    rowSpan = Math.max(MR, roundUp((m + want - 1) / want, MR));
                    rows = (m + rowSpan - 1) / rowSpan;
                }
                if (rows * cols < want && n > NR) {
                    int perRow = (want + rows - 1) / rows;
                    colSpan = Math.max(NR, roundUp((n + perRow - 1) / perRow, NR));
                    cols = (n + colSpan - 1) / colSpan;
                }
                t.rowSpan = rowSpan; t.colSpan = colSpan; t.rowChunks = rows; t.colChunks = cols;
                t.phase = Task.TILES;
                if (rows * cols == 1 || !parallel) for (int q = 0; q < rows * cols; q++) t.run(q, 0);
                else pool.runDynamic(rows * cols, t);
            }
            t.a = null; t.b = null; t.c = null;
        }
    }

    private static int roundUp(int x, int q) { return (x + q - 1) / q * q; }

    /** One GEMM call's arguments and its current phase; chunk → a packing slice or a tile of C. */
    private final class Task implements WorkerPool.ChunkBody {
        static final int PACK_B = 0, TILES = 1, SKINNY = 2, BCAST = 3;
        boolean transA, transB, accumulate;
        int phase, m, n, k, aOff, lda, bOff, ldb, cOff, ldc;
        int nPad, packGroups, rowSpan, colSpan, rowChunks, colChunks;
        float[] a, b, c;

        @Override
        public void run(int chunk, int worker) {
            if (phase == BCAST) {
                int i0 = chunk * rowSpan, i1 = Math.min(m, i0 + rowSpan);
                bcastRows(i0, i1, n, k, a, aOff, lda, b, ldb, c, cOff, ldc, accumulate, tile[worker]);
            } else if (phase == SKINNY) {
                int i0 = chunk * rowSpan, i1 = Math.min(m, i0 + rowSpan);
                skinnyRows(i0, i1, n, k, a, aOff, lda, b, bOff, ldb, skinnyBi, c, cOff, ldc, accumulate, tile[worker]);
            } else if (phase == PACK_B) {
                int pc = chunk / packGroups * KC, kc = Math.min(KC, k - pc);
                int j0 = chunk % packGroups * PACK_PANELS * NR, j1 = Math.min(n, j0 + PACK_PANELS * NR);
                packB(transB, b, bOff, ldb, pc, kc, j0, j1 - j0, packB, pc * nPad + j0 * kc);
            } else {
                int i0 = chunk / colChunks * rowSpan, j0 = chunk % colChunks * colSpan;
                tile(worker, i0, Math.min(m, i0 + rowSpan), j0, Math.min(n, j0 + colSpan));
            }
        }

        /** C[i0..i1, j0..j1] from the shared packed op(B), packing op(A) rows into this worker's buffer. */
        private void tile(int worker, int i0, int i1, int j0, int j1) {
            float[] pa = packA[worker], pb = packB, tl = tile[worker];
            for (int ic = i0; ic < i1; ic += MC) {
                int mc = Math.min(MC, i1 - ic);
                for (int pc = 0; pc < k; pc += KC) {
                    int kc = Math.min(KC, k - pc);
                    boolean load = accumulate || pc > 0;
                    packA(transA, a, aOff, lda, ic, mc, pc, kc, pa);
                    for (int jr = j0; jr < j1; jr += NR) {
                        int nr = Math.min(NR, j1 - jr);
                        int pbOff = pc * nPad + jr * kc;          // panel jr/NR of kc block pc/KC
                        for (int ir = 0; ir < mc; ir += MR) {
                            int mr = Math.min(MR, mc - ir);
                            int paOff = ir * kc;                  // panel ir/MR starts at (ir/MR)·MR·kc
                            int cij = cOff + (ic + ir) * ldc + jr;
                            if (mr == MR && nr == NR) {
                                if (MR == 6) kernel6x2(kc, pa, paOff, pb, pbOff, c, cij, ldc, load);
                                else kernel5x2(kc, pa, paOff, pb, pbOff, c, cij, ldc, load);
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
                                else kernel5x2(kc, pa, paOff, pb, pbOff, tl, 0, NR, true);
                                for (int r = 0; r < mr; r++) System.arraycopy(tl, r * NR, c, cij + r * ldc, nr);
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * op(B)[pc..pc+kc, jc..jc+nc] → panels of NR columns, (panel, p, NR) from pb[pbOff], zero-padded
     * columns (jc a multiple of NR).
     */
    static void packB(boolean transB, float[] b, int bOff, int ldb, int pc, int kc, int jc, int nc, float[] pb, int pbOff) {
        for (int jr = 0; jr < nc; jr += NR) {
            int nr = Math.min(NR, nc - jr);
            int base = pbOff + jr * kc;
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
                if (mr == MR) {
                    // a constant trip count, which C2 unrolls (1.6× faster packing than the variable one, interleaved)
                    for (int p = 0; p < kc; p++) {
                        int s = aOff + (pc + p) * lda + ic + ir, d = base + p * MR;
                        for (int ii = 0; ii < MR; ii++) pa[d + ii] = a[s + ii];
                    }
                } else {
                    for (int p = 0; p < kc; p++) {
                        int s = aOff + (pc + p) * lda + ic + ir, d = base + p * MR;
                        for (int ii = 0; ii < mr; ii++) pa[d + ii] = a[s + ii];
                        for (int ii = mr; ii < MR; ii++) pa[d + ii] = 0f;
                    }
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

    /** C[5×2L] (+)= Apanel[5×kc] · Bpanel[kc×2L]: 10 accumulators + 2 B + 1 broadcast = 13 of AVX2's 16 registers. */
    static void kernel5x2(int kc, float[] pa, int paOff, float[] pb, int pbOff, float[] c, int cOff, int ldc, boolean load) {
        FloatVector c00, c01, c10, c11, c20, c21, c30, c31, c40, c41;
        int r0 = cOff, r1 = r0 + ldc, r2 = r1 + ldc, r3 = r2 + ldc, r4 = r3 + ldc;
        if (load) {
            c00 = FloatVector.fromArray(F, c, r0); c01 = FloatVector.fromArray(F, c, r0 + L);
            c10 = FloatVector.fromArray(F, c, r1); c11 = FloatVector.fromArray(F, c, r1 + L);
            c20 = FloatVector.fromArray(F, c, r2); c21 = FloatVector.fromArray(F, c, r2 + L);
            c30 = FloatVector.fromArray(F, c, r3); c31 = FloatVector.fromArray(F, c, r3 + L);
            c40 = FloatVector.fromArray(F, c, r4); c41 = FloatVector.fromArray(F, c, r4 + L);
        } else {
            FloatVector z = FloatVector.zero(F);
            c00 = z; c01 = z; c10 = z; c11 = z; c20 = z; c21 = z; c30 = z; c31 = z; c40 = z; c41 = z;
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
        }
        c00.intoArray(c, r0); c01.intoArray(c, r0 + L);
        c10.intoArray(c, r1); c11.intoArray(c, r1 + L);
        c20.intoArray(c, r2); c21.intoArray(c, r2 + L);
        c30.intoArray(c, r3); c31.intoArray(c, r3 + L);
        c40.intoArray(c, r4); c41.intoArray(c, r4 + L);
    }

    /**
     * From this many columns (to {@link #SKINNY_N}) a skinny output takes the row-broadcast path, with
     * 8 lanes only. Per CPU second against OpenBLAS in the same runs (4096×256×n, x·Wᵀ), the dot-product
     * path gave n = 6: 1.34–1.53, 7: 1.43, 8: 0.86, 10: 0.89, 13: 0.88 and this path 1.46–1.75, 2.11,
     * 1.35, 1.20, 1.59; at n = 5 both gave 1.6–1.8 (docs/PERFORMANCE.md, session 3).
     */
    static final int BCAST_MIN_N = 6;

    /**
     * Row-broadcast path over rows [i0, i1) for 6 ≤ n < 16 (op(A) = A, 8 lanes): lanes are columns
     * of C, op(B) is packed (k, nb) with nb = 8 or 16 zero-padded columns, and each A element is
     * broadcast straight from its row (no packing of A: on these shapes packing A costs as much as
     * the product, since each A element feeds only nb lanes). Blocks of 8 rows × 1 vector (n ≤ 8)
     * or 5 rows × 2 vectors, then single rows. Every element of C is one chain s = fma(a[i,p],
     * b[p,j], s) over p in order from 0, then c + s or s: the same whichever block or thread computes it.
     */
    static void bcastRows(int i0, int i1, int n, int k, float[] a, int aOff, int lda, float[] pb, int nb,
                          float[] c, int cOff, int ldc, boolean accumulate, float[] tl) {
        int i = i0;
        if (nb == L) {
            for (; i + 8 <= i1; i += 8) {
                bcast8x1(k, a, aOff + i * lda, lda, pb, tl);
                bcastStore(8, n, nb, tl, c, cOff + i * ldc, ldc, accumulate);
            }
        } else {
            for (; i + 5 <= i1; i += 5) {
                bcast5x2(k, a, aOff + i * lda, lda, pb, tl);
                bcastStore(5, n, nb, tl, c, cOff + i * ldc, ldc, accumulate);
            }
        }
        for (; i < i1; i++) {
            bcast1(k, a, aOff + i * lda, pb, nb, tl);
            bcastStore(1, n, nb, tl, c, cOff + i * ldc, ldc, accumulate);
        }
    }

    /** Rows × n sums from the tile (row r at r·nb) into C, added to C when accumulating. */
    static void bcastStore(int rows, int n, int nb, float[] tl, float[] c, int c0, int ldc, boolean accumulate) {
        for (int r = 0; r < rows; r++) {
            int t0 = r * nb, ci = c0 + r * ldc;
            if (accumulate) for (int j = 0; j < n; j++) c[ci + j] += tl[t0 + j];
            else System.arraycopy(tl, t0, c, ci, n);
        }
    }

    /** Eight rows × one vector: per p one B load, 8 broadcasts, 8 FMAs (10 vector registers). */
    static void bcast8x1(int k, float[] a, int a0, int lda, float[] pb, float[] tl) {
        FloatVector z = FloatVector.zero(F);
        FloatVector c0 = z, c1 = z, c2 = z, c3 = z, c4 = z, c5 = z, c6 = z, c7 = z;
        int r1 = a0 + lda, r2 = r1 + lda, r3 = r2 + lda, r4 = r3 + lda, r5 = r4 + lda, r6 = r5 + lda, r7 = r6 + lda;
        for (int p = 0; p < k; p++) {
            FloatVector b = FloatVector.fromArray(F, pb, p * L);
            c0 = FloatVector.broadcast(F, a[a0 + p]).fma(b, c0);
            c1 = FloatVector.broadcast(F, a[r1 + p]).fma(b, c1);
            c2 = FloatVector.broadcast(F, a[r2 + p]).fma(b, c2);
            c3 = FloatVector.broadcast(F, a[r3 + p]).fma(b, c3);
            c4 = FloatVector.broadcast(F, a[r4 + p]).fma(b, c4);
            c5 = FloatVector.broadcast(F, a[r5 + p]).fma(b, c5);
            c6 = FloatVector.broadcast(F, a[r6 + p]).fma(b, c6);
            c7 = FloatVector.broadcast(F, a[r7 + p]).fma(b, c7);
        }
        c0.intoArray(tl, 0); c1.intoArray(tl, L); c2.intoArray(tl, 2 * L); c3.intoArray(tl, 3 * L);
        c4.intoArray(tl, 4 * L); c5.intoArray(tl, 5 * L); c6.intoArray(tl, 6 * L); c7.intoArray(tl, 7 * L);
    }

    /** Five rows × two vectors: per p two B loads, 5 broadcasts, 10 FMAs (13 vector registers). */
    static void bcast5x2(int k, float[] a, int a0, int lda, float[] pb, float[] tl) {
        FloatVector z = FloatVector.zero(F);
        FloatVector c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z, c30 = z, c31 = z, c40 = z, c41 = z;
        int r1 = a0 + lda, r2 = r1 + lda, r3 = r2 + lda, r4 = r3 + lda;
        for (int p = 0; p < k; p++) {
            FloatVector b0 = FloatVector.fromArray(F, pb, 2 * p * L);
            FloatVector b1 = FloatVector.fromArray(F, pb, 2 * p * L + L);
            FloatVector x = FloatVector.broadcast(F, a[a0 + p]);
            c00 = x.fma(b0, c00); c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(F, a[r1 + p]);
            c10 = x.fma(b0, c10); c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(F, a[r2 + p]);
            c20 = x.fma(b0, c20); c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(F, a[r3 + p]);
            c30 = x.fma(b0, c30); c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(F, a[r4 + p]);
            c40 = x.fma(b0, c40); c41 = x.fma(b1, c41);
        }
        c00.intoArray(tl, 0); c01.intoArray(tl, L); c10.intoArray(tl, 2 * L); c11.intoArray(tl, 3 * L);
        c20.intoArray(tl, 4 * L); c21.intoArray(tl, 5 * L); c30.intoArray(tl, 6 * L); c31.intoArray(tl, 7 * L);
        c40.intoArray(tl, 8 * L); c41.intoArray(tl, 9 * L);
    }

    /** One row × nb / L vectors (row tails). */
    static void bcast1(int k, float[] a, int a0, float[] pb, int nb, float[] tl) {
        FloatVector s0 = FloatVector.zero(F), s1 = s0;
        if (nb == L) {
            for (int p = 0; p < k; p++) s0 = FloatVector.broadcast(F, a[a0 + p]).fma(FloatVector.fromArray(F, pb, p * L), s0);
        } else {
            for (int p = 0; p < k; p++) {
                FloatVector x = FloatVector.broadcast(F, a[a0 + p]);
                s0 = x.fma(FloatVector.fromArray(F, pb, 2 * p * L), s0);
                s1 = x.fma(FloatVector.fromArray(F, pb, 2 * p * L + L), s1);
            }
        }
        s0.intoArray(tl, 0);
        if (nb > L) s1.intoArray(tl, L);
    }

    /**
     * Skinny path over rows [i0, i1): C[i, j] (+)= A row i · Bt row j, where Bt is op(B)ᵀ stored
     * (n, k) with leading dimension ldbt. Blocks of 4 rows × 5 columns (on AVX2's 16 vector
     * registers as two 2 × 5 halves, 10 accumulators each), then 4 × 1, then 1 × 1. Every kernel
     * sums each accumulator's lanes in registers by the same tree ({@link #H1}) and stores the sums
     * into {@code red} (one per element), and {@link #finishBlock} adds the scalar tail of k with
     * FMAs and combines with C: the same operations for an element whatever block computed it.
     */
    static void skinnyRows(int i0, int i1, int n, int k, float[] a, int aOff, int lda, float[] bt, int btOff, int ldbt,
                           float[] bi, float[] c, int cOff, int ldc, boolean accumulate, float[] red) {
        int kb = F.loopBound(k);
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
                    int bij = j * kb;                        // block j/5 of bi
                    if (dot2x5(k, a, ai, lda, bi, bij, red, c, ci + j, ldc, accumulate) == 0)
                        finishBlock(2, 5, red, 0, k, a, ai, lda, bt, bj, ldbt, c, ci + j, ldc, accumulate);
                    if (dot2x5(k, a, ai + 2 * lda, lda, bi, bij, red, c, ci + 2 * ldc + j, ldc, accumulate) == 0)
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

    /** Per-thread scratch the skinny kernels store their lane sums into: up to 20 elements. */
    static final int RED = 20;

    /**
     * Lane sums, taken in registers by the same fixed tree in every skinny kernel: lane i plus
     * lane i ^ d for d = L/2, L/4, …, 1, then lane 0 — with 8 lanes ((l0+l4)+(l2+l6))+((l1+l5)+(l3+l7)).
     * Lane-wise adds and permutes are exact, so interpreter and C2 agree. (Storing the accumulators
     * and adding their lanes one by one cost 30 % of the skinny path: 31–36 against 40–50 GFLOP/s.)
     */
    static final VectorShuffle<Float> H1 = VectorShuffle.fromOp(F, i -> i ^ (L / 2));
    static final VectorShuffle<Float> H2 = VectorShuffle.fromOp(F, i -> i ^ (L / 4));
    static final VectorShuffle<Float> H3 = VectorShuffle.fromOp(F, i -> i ^ (L / 8));
    /** The fourth level, with 16 lanes only (with 8 it is never applied). */
    static final VectorShuffle<Float> H4 = VectorShuffle.fromOp(F, i -> L >= 16 ? i ^ (L / 16) : i);

    /**
     * For each element (r, q) of a rows × cols block whose lane sum is at red[r·cols + q]: the k
     * tail added with FMAs, combined with C.
     */
    static void finishBlock(int rows, int cols, float[] red, int redOff, int k, float[] a, int a0, int lda,
                            float[] b, int b0, int ldb, float[] c, int c0, int ldc, boolean accumulate) {
        int kb = F.loopBound(k);
        for (int r = 0; r < rows; r++)
            for (int q = 0; q < cols; q++) {
                float s = red[redOff + r * cols + q];
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
        s = s.add(s.rearrange(H1)); s = s.add(s.rearrange(H2)); s = s.add(s.rearrange(H3));
        if (L >= 16) s = s.add(s.rearrange(H4));
        red[0] = s.lane(0);
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
        s0 = s0.add(s0.rearrange(H1)); s0 = s0.add(s0.rearrange(H2)); s0 = s0.add(s0.rearrange(H3));
        if (L >= 16) s0 = s0.add(s0.rearrange(H4));
        red[0] = s0.lane(0);
        s1 = s1.add(s1.rearrange(H1)); s1 = s1.add(s1.rearrange(H2)); s1 = s1.add(s1.rearrange(H3));
        if (L >= 16) s1 = s1.add(s1.rearrange(H4));
        red[1] = s1.lane(0);
        s2 = s2.add(s2.rearrange(H1)); s2 = s2.add(s2.rearrange(H2)); s2 = s2.add(s2.rearrange(H3));
        if (L >= 16) s2 = s2.add(s2.rearrange(H4));
        red[2] = s2.lane(0);
        s3 = s3.add(s3.rearrange(H1)); s3 = s3.add(s3.rearrange(H2)); s3 = s3.add(s3.rearrange(H3));
        if (L >= 16) s3 = s3.add(s3.rearrange(H4));
        red[3] = s3.lane(0);
    }

    /**
     * Lane masks of the transposed lane-sum tree (8 lanes): lanes 4–7, lanes whose index has bit 1
     * set, lanes whose index has bit 0 set.
     */
    static final VectorMask<Float> T4 = VectorMask.fromLong(F, 0xF0L);
    static final VectorMask<Float> T2 = VectorMask.fromLong(F, 0xCCL);
    static final VectorMask<Float> T1 = VectorMask.fromLong(F, 0xAAL);

    /**
     * Two rows × five columns: per vector step 2 A loads, 5 B loads, 10 FMAs into 10 independent
     * accumulators (13 vector registers; C2 allocates at most 14 here — one more live vector, as in a
     * software-prefetch variant, spilled two accumulators to the stack; 10 chains cover 2 FMA ports ×
     * 4 cycles latency). The five Bᵀ rows come interleaved per vector step ({@code bi}: (k/L, 5, L)
     * from {@code b0}), so the five loads share one index with constant displacements: 1.14–1.18×
     * faster with A in L1, no change with A streamed from L3 (docs/PERFORMANCE.md).
     *
     * <p>With 8 lanes the ten lane sums are taken together by a transposed tree: at each level two
     * accumulators are blended half and half and added to the other halves swapped, so one permute
     * and one add serve two vectors; after three levels one vector holds eight sums (10 permutes,
     * 10 adds and 16 blends for the ten, instead of 30 permutes and 30 adds). Every sum is added in
     * the same grouping as {@link #H1}'s tree, ((l0+l4)+(l2+l6))+((l1+l5)+(l3+l7)), only with some
     * operands swapped (IEEE addition is commutative), so the results are bit-identical to the other
     * skinny kernels'.
     *
     * @return 1 when the block was written to C directly (8 lanes, no k tail, ldc = 5 so that the
     *     block's ten elements are contiguous); 0 when the sums are in red[r·5 + q] for {@link #finishBlock}
     */
    static int dot2x5(int k, float[] a, int a0, int lda, float[] bi, int b0, float[] red,
                      float[] c, int c0, int ldc, boolean accumulate) {
        int kb = F.loopBound(k);
        int a1 = a0 + lda;
        FloatVector z = FloatVector.zero(F);
        FloatVector s00 = z, s01 = z, s02 = z, s03 = z, s04 = z;
        FloatVector s10 = z, s11 = z, s12 = z, s13 = z, s14 = z;
        for (int p = 0, q = b0; p < kb; p += L, q += 5 * L) {
            FloatVector x0 = FloatVector.fromArray(F, a, a0 + p);
            FloatVector x1 = FloatVector.fromArray(F, a, a1 + p);
            FloatVector w = FloatVector.fromArray(F, bi, q);
            s00 = x0.fma(w, s00); s10 = x1.fma(w, s10);
            w = FloatVector.fromArray(F, bi, q + L);
            s01 = x0.fma(w, s01); s11 = x1.fma(w, s11);
            w = FloatVector.fromArray(F, bi, q + 2 * L);
            s02 = x0.fma(w, s02); s12 = x1.fma(w, s12);
            w = FloatVector.fromArray(F, bi, q + 3 * L);
            s03 = x0.fma(w, s03); s13 = x1.fma(w, s13);
            w = FloatVector.fromArray(F, bi, q + 4 * L);
            s04 = x0.fma(w, s04); s14 = x1.fma(w, s14);
        }
        if (L == 8) {
            // level 1 pairs (s00, s04), (s02, s11), (s01, s10), (s03, s12), (s13, s14): lanes 0–3 hold
            // the first one's l + (l ^ 4) sums, lanes 4–7 the second one's
            FloatVector p0 = s00.blend(s04, T4).add(s04.blend(s00, T4).rearrange(H1));
            FloatVector p1 = s02.blend(s11, T4).add(s11.blend(s02, T4).rearrange(H1));
            FloatVector p2 = s01.blend(s10, T4).add(s10.blend(s01, T4).rearrange(H1));
            FloatVector p3 = s03.blend(s12, T4).add(s12.blend(s03, T4).rearrange(H1));
            FloatVector p4 = s13.blend(s14, T4).add(s14.blend(s13, T4).rearrange(H1));
            // level 2 (l ^ 2), level 3 (l ^ 1): lanes of v = sums of s00, s01, s02, s03, s04, s10, s11, s12
            FloatVector u0 = p0.blend(p1, T2).add(p1.blend(p0, T2).rearrange(H2));
            FloatVector u1 = p2.blend(p3, T2).add(p3.blend(p2, T2).rearrange(H2));
            p4 = p4.add(p4.rearrange(H2));
            FloatVector v = u0.blend(u1, T1).add(u1.blend(u0, T1).rearrange(H3));
            p4 = p4.add(p4.rearrange(H3));                 // lane 0: s13, lane 4: s14
            if (ldc == 5 && F.loopBound(k) == k) {
                // the block is C[c0 .. c0 + 10): same result as finishBlock (no tail; c + s = s + c)
                if (accumulate) {
                    v = v.add(FloatVector.fromArray(F, c, c0));
                    c[c0 + 8] += p4.lane(0);
                    c[c0 + 9] += p4.lane(4);
                } else {
                    c[c0 + 8] = p4.lane(0);
                    c[c0 + 9] = p4.lane(4);
                }
                v.intoArray(c, c0);
                return 1;
            }
            v.intoArray(red, 0);
            red[8] = p4.lane(0);
            red[9] = p4.lane(4);
            return 0;
        }
        // (row, column) lane sum at red[row·5 + column]
        s00 = s00.add(s00.rearrange(H1)); s00 = s00.add(s00.rearrange(H2)); s00 = s00.add(s00.rearrange(H3));
        if (L >= 16) s00 = s00.add(s00.rearrange(H4));
        red[0] = s00.lane(0);
        s01 = s01.add(s01.rearrange(H1)); s01 = s01.add(s01.rearrange(H2)); s01 = s01.add(s01.rearrange(H3));
        if (L >= 16) s01 = s01.add(s01.rearrange(H4));
        red[1] = s01.lane(0);
        s02 = s02.add(s02.rearrange(H1)); s02 = s02.add(s02.rearrange(H2)); s02 = s02.add(s02.rearrange(H3));
        if (L >= 16) s02 = s02.add(s02.rearrange(H4));
        red[2] = s02.lane(0);
        s03 = s03.add(s03.rearrange(H1)); s03 = s03.add(s03.rearrange(H2)); s03 = s03.add(s03.rearrange(H3));
        if (L >= 16) s03 = s03.add(s03.rearrange(H4));
        red[3] = s03.lane(0);
        s04 = s04.add(s04.rearrange(H1)); s04 = s04.add(s04.rearrange(H2)); s04 = s04.add(s04.rearrange(H3));
        if (L >= 16) s04 = s04.add(s04.rearrange(H4));
        red[4] = s04.lane(0);
        s10 = s10.add(s10.rearrange(H1)); s10 = s10.add(s10.rearrange(H2)); s10 = s10.add(s10.rearrange(H3));
        if (L >= 16) s10 = s10.add(s10.rearrange(H4));
        red[5] = s10.lane(0);
        s11 = s11.add(s11.rearrange(H1)); s11 = s11.add(s11.rearrange(H2)); s11 = s11.add(s11.rearrange(H3));
        if (L >= 16) s11 = s11.add(s11.rearrange(H4));
        red[6] = s11.lane(0);
        s12 = s12.add(s12.rearrange(H1)); s12 = s12.add(s12.rearrange(H2)); s12 = s12.add(s12.rearrange(H3));
        if (L >= 16) s12 = s12.add(s12.rearrange(H4));
        red[7] = s12.lane(0);
        s13 = s13.add(s13.rearrange(H1)); s13 = s13.add(s13.rearrange(H2)); s13 = s13.add(s13.rearrange(H3));
        if (L >= 16) s13 = s13.add(s13.rearrange(H4));
        red[8] = s13.lane(0);
        s14 = s14.add(s14.rearrange(H1)); s14 = s14.add(s14.rearrange(H2)); s14 = s14.add(s14.rearrange(H3));
        if (L >= 16) s14 = s14.add(s14.rearrange(H4));
        red[9] = s14.lane(0);
        return 0;
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
        // reduced here, not in a helper (PERF.md: vector arguments of a non-inlined call are boxed)
        s00 = s00.add(s00.rearrange(H1)); s00 = s00.add(s00.rearrange(H2)); s00 = s00.add(s00.rearrange(H3));
        if (L >= 16) s00 = s00.add(s00.rearrange(H4));
        red[0] = s00.lane(0);
        s01 = s01.add(s01.rearrange(H1)); s01 = s01.add(s01.rearrange(H2)); s01 = s01.add(s01.rearrange(H3));
        if (L >= 16) s01 = s01.add(s01.rearrange(H4));
        red[1] = s01.lane(0);
        s02 = s02.add(s02.rearrange(H1)); s02 = s02.add(s02.rearrange(H2)); s02 = s02.add(s02.rearrange(H3));
        if (L >= 16) s02 = s02.add(s02.rearrange(H4));
        red[2] = s02.lane(0);
        s03 = s03.add(s03.rearrange(H1)); s03 = s03.add(s03.rearrange(H2)); s03 = s03.add(s03.rearrange(H3));
        if (L >= 16) s03 = s03.add(s03.rearrange(H4));
        red[3] = s03.lane(0);
        s04 = s04.add(s04.rearrange(H1)); s04 = s04.add(s04.rearrange(H2)); s04 = s04.add(s04.rearrange(H3));
        if (L >= 16) s04 = s04.add(s04.rearrange(H4));
        red[4] = s04.lane(0);
        s10 = s10.add(s10.rearrange(H1)); s10 = s10.add(s10.rearrange(H2)); s10 = s10.add(s10.rearrange(H3));
        if (L >= 16) s10 = s10.add(s10.rearrange(H4));
        red[5] = s10.lane(0);
        s11 = s11.add(s11.rearrange(H1)); s11 = s11.add(s11.rearrange(H2)); s11 = s11.add(s11.rearrange(H3));
        if (L >= 16) s11 = s11.add(s11.rearrange(H4));
        red[6] = s11.lane(0);
        s12 = s12.add(s12.rearrange(H1)); s12 = s12.add(s12.rearrange(H2)); s12 = s12.add(s12.rearrange(H3));
        if (L >= 16) s12 = s12.add(s12.rearrange(H4));
        red[7] = s12.lane(0);
        s13 = s13.add(s13.rearrange(H1)); s13 = s13.add(s13.rearrange(H2)); s13 = s13.add(s13.rearrange(H3));
        if (L >= 16) s13 = s13.add(s13.rearrange(H4));
        red[8] = s13.lane(0);
        s14 = s14.add(s14.rearrange(H1)); s14 = s14.add(s14.rearrange(H2)); s14 = s14.add(s14.rearrange(H3));
        if (L >= 16) s14 = s14.add(s14.rearrange(H4));
        red[9] = s14.lane(0);
        s20 = s20.add(s20.rearrange(H1)); s20 = s20.add(s20.rearrange(H2)); s20 = s20.add(s20.rearrange(H3));
        if (L >= 16) s20 = s20.add(s20.rearrange(H4));
        red[10] = s20.lane(0);
        s21 = s21.add(s21.rearrange(H1)); s21 = s21.add(s21.rearrange(H2)); s21 = s21.add(s21.rearrange(H3));
        if (L >= 16) s21 = s21.add(s21.rearrange(H4));
        red[11] = s21.lane(0);
        s22 = s22.add(s22.rearrange(H1)); s22 = s22.add(s22.rearrange(H2)); s22 = s22.add(s22.rearrange(H3));
        if (L >= 16) s22 = s22.add(s22.rearrange(H4));
        red[12] = s22.lane(0);
        s23 = s23.add(s23.rearrange(H1)); s23 = s23.add(s23.rearrange(H2)); s23 = s23.add(s23.rearrange(H3));
        if (L >= 16) s23 = s23.add(s23.rearrange(H4));
        red[13] = s23.lane(0);
        s24 = s24.add(s24.rearrange(H1)); s24 = s24.add(s24.rearrange(H2)); s24 = s24.add(s24.rearrange(H3));
        if (L >= 16) s24 = s24.add(s24.rearrange(H4));
        red[14] = s24.lane(0);
        s30 = s30.add(s30.rearrange(H1)); s30 = s30.add(s30.rearrange(H2)); s30 = s30.add(s30.rearrange(H3));
        if (L >= 16) s30 = s30.add(s30.rearrange(H4));
        red[15] = s30.lane(0);
        s31 = s31.add(s31.rearrange(H1)); s31 = s31.add(s31.rearrange(H2)); s31 = s31.add(s31.rearrange(H3));
        if (L >= 16) s31 = s31.add(s31.rearrange(H4));
        red[16] = s31.lane(0);
        s32 = s32.add(s32.rearrange(H1)); s32 = s32.add(s32.rearrange(H2)); s32 = s32.add(s32.rearrange(H3));
        if (L >= 16) s32 = s32.add(s32.rearrange(H4));
        red[17] = s32.lane(0);
        s33 = s33.add(s33.rearrange(H1)); s33 = s33.add(s33.rearrange(H2)); s33 = s33.add(s33.rearrange(H3));
        if (L >= 16) s33 = s33.add(s33.rearrange(H4));
        red[18] = s33.lane(0);
        s34 = s34.add(s34.rearrange(H1)); s34 = s34.add(s34.rearrange(H2)); s34 = s34.add(s34.rearrange(H3));
        if (L >= 16) s34 = s34.add(s34.rearrange(H4));
        red[19] = s34.lane(0);
    }
}
