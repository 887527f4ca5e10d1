package org.flatworld.cuda;

import org.flatworld.kernels.AbstractGemmKernels;
import org.flatworld.kernels.AbstractLstmKernels;
import org.flatworld.kernels.AbstractMlpKernels;
import org.flatworld.kernels.AbstractOptimKernels;
import org.flatworld.kernels.FlopLedger;
import org.flatworld.kernels.GemmKernels;
import org.flatworld.kernels.Kernels;
import org.flatworld.kernels.LstmKernels;
import org.flatworld.kernels.MlpKernels;
import org.flatworld.kernels.OptimKernels;

/**
 * The CUDA backend behind the host-array {@link Kernels} interfaces: each call copies its inputs
 * to the device, runs the kernel and copies the outputs back (one stream, one wait per call).
 * Validation and FLOP counting come from the shared {@code Abstract*Kernels} bases, so the ledger
 * gets exactly the CPU's counts. Correct but dominated by PCIe copies for small calls: training
 * that wants the GPU's speed uses the device-resident {@link #device()} API instead (docs/GPU.md).
 * {@code sampleCategorical} runs on the host (the base class), drawing from the caller's stream.
 * Thread-safe: calls are serialised.
 */
public final class CudaKernels implements Kernels {
    private final CudaDevice device;
    private final int threads;
    private final HostBridge bridge;
    private final Gemm gemm = new Gemm();
    private final Mlp mlp = new Mlp();
    private final Lstm lstm = new Lstm();
    private final Optim optim = new Optim();

    public CudaKernels(CudaDevice device, int threads) {
        if (threads < 1 || threads > 1024) throw new IllegalArgumentException("threads must be in [1, 1024], got " + threads);
        this.device = device;
        this.threads = threads;
        this.bridge = new HostBridge(device);
    }

    @Override public String description() { return "cuda, " + device.description(); }
    @Override public String name() { return "cuda"; }
    /** Host threads are not used by the kernels; reported as requested. */
    @Override public int threads() { return threads; }
    @Override public GemmKernels gemm() { return gemm; }
    @Override public MlpKernels mlp() { return mlp; }
    @Override public LstmKernels lstm() { return lstm; }
    @Override public OptimKernels optim() { return optim; }

    /** The device-resident API on this backend's stream (for whole rollouts / updates on the GPU). */
    public DeviceKernels device() { return bridge.kernels; }

    @Override
    public void close() {
        synchronized (bridge) {
            bridge.close();
        }
    }

    private static final FlopLedger.Counter NONE = FlopLedger.NONE; // counted by the Abstract* bases

    private final class Gemm extends AbstractGemmKernels {
        @Override
        protected void gemmChecked(boolean transA, boolean transB, int m, int n, int k, float[] a, int aOff, int lda,
                                   float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, boolean accumulate) {
            long aSpan = k == 0 ? 0 : (long) ((transA ? k : m) - 1) * lda + (transA ? m : k);
            long bSpan = k == 0 ? 0 : (long) ((transB ? n : k) - 1) * ldb + (transB ? k : n);
            long cSpan = (long) (m - 1) * ldc + n;
            synchronized (bridge) {
                bridge.begin(aSpan + bSpan + cSpan, 3);
                long da = bridge.in(a, aOff, aSpan), db = bridge.in(b, bOff, bSpan);
                long dc = bridge.in(c, cOff, cSpan); // also keeps the gaps between rows when ldc > n
                bridge.kernels.gemm(transA, transB, m, n, k, da, lda, db, ldb, dc, ldc, accumulate, NONE);
                bridge.fetch(dc, c, cOff, (int) cSpan);
                bridge.finish();
            }
        }
    }

    private final class Mlp extends AbstractMlpKernels {
        @Override
        protected void biasAddChecked(int rows, int cols, float[] x, int xOff, float[] bias, int bOff) {
            int n = rows * cols;
            synchronized (bridge) {
                bridge.begin(n + cols, 2);
                long dx = bridge.in(x, xOff, n), db = bridge.in(bias, bOff, cols);
                bridge.kernels.biasAdd(rows, cols, dx, db, NONE);
                bridge.fetch(dx, x, xOff, n);
                bridge.finish();
            }
        }

        @Override
        protected void biasGradChecked(int rows, int cols, float[] dy, int dyOff, float[] db, int dbOff, boolean accumulate) {
            int n = rows * cols;
            synchronized (bridge) {
                bridge.begin(n + cols, 2);
                long ddy = bridge.in(dy, dyOff, n), ddb = bridge.in(db, dbOff, cols);
                bridge.kernels.biasGrad(rows, cols, ddy, ddb, accumulate, NONE);
                bridge.fetch(ddb, db, dbOff, cols);
                bridge.finish();
            }
        }

        @Override
        protected void tanhChecked(int n, float[] x, int xOff, float[] y, int yOff) {
            synchronized (bridge) {
                bridge.begin(2L * n, 2);
                long dx = bridge.in(x, xOff, n), dy = bridge.out(n);
                bridge.kernels.tanh(n, dx, dy, NONE);
                bridge.fetch(dy, y, yOff, n);
                bridge.finish();
            }
        }

        @Override
        protected void tanhBackwardChecked(int n, float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff) {
            synchronized (bridge) {
                bridge.begin(3L * n, 3);
                long d0 = bridge.in(y, yOff, n), d1 = bridge.in(dy, dyOff, n), d2 = bridge.out(n);
                bridge.kernels.tanhBackward(n, d0, d1, d2, NONE);
                bridge.fetch(d2, dx, dxOff, n);
                bridge.finish();
            }
        }

        @Override
        protected void reluChecked(int n, float[] x, int xOff, float[] y, int yOff) {
            synchronized (bridge) {
                bridge.begin(2L * n, 2);
                long dx = bridge.in(x, xOff, n), dy = bridge.out(n);
                bridge.kernels.relu(n, dx, dy, NONE);
                bridge.fetch(dy, y, yOff, n);
                bridge.finish();
            }
        }

        @Override
        protected void reluBackwardChecked(int n, float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff) {
            synchronized (bridge) {
                bridge.begin(3L * n, 3);
                long d0 = bridge.in(y, yOff, n), d1 = bridge.in(dy, dyOff, n), d2 = bridge.out(n);
                bridge.kernels.reluBackward(n, d0, d1, d2, NONE);
                bridge.fetch(d2, dx, dxOff, n);
                bridge.finish();
            }
        }

        @Override
        protected void logSoftmaxChecked(int rows, int cols, float[] logits, int lOff, float[] out, int oOff) {
            int n = rows * cols;
            synchronized (bridge) {
                bridge.begin(2L * n, 2);
                long dl = bridge.in(logits, lOff, n), dout = bridge.out(n);
                bridge.kernels.logSoftmax(rows, cols, dl, dout, NONE);
                bridge.fetch(dout, out, oOff, n);
                bridge.finish();
            }
        }

        @Override
        protected void logSoftmaxBackwardChecked(int rows, int cols, float[] logp, int lpOff, float[] dlogp, int dOff,
                                                 float[] dlogits, int gOff) {
            int n = rows * cols;
            synchronized (bridge) {
                bridge.begin(3L * n, 3);
                long dp = bridge.in(logp, lpOff, n), dd = bridge.in(dlogp, dOff, n), dg = bridge.out(n);
                bridge.kernels.logSoftmaxBackward(rows, cols, dp, dd, dg, NONE);
                bridge.fetch(dg, dlogits, gOff, n);
                bridge.finish();
            }
        }

        @Override
        protected double sumSquaresChecked(int n, float[] x, int xOff) {
            synchronized (bridge) {
                bridge.begin(n + 2L, 2);
                long dx = bridge.in(x, xOff, n), out = bridge.out(2);
                bridge.kernels.sumSquares(n, dx, out, NONE);
                return bridge.fetchDouble(out);
            }
        }

        @Override
        protected void axpyChecked(int n, float a, float[] x, int xOff, float[] y, int yOff) {
            synchronized (bridge) {
                bridge.begin(2L * n, 2);
                long dx = bridge.in(x, xOff, n), dy = bridge.in(y, yOff, n);
                bridge.kernels.axpy(n, a, dx, dy, NONE);
                bridge.fetch(dy, y, yOff, n);
                bridge.finish();
            }
        }

        @Override
        protected void scaleChecked(int n, float a, float[] x, int xOff) {
            synchronized (bridge) {
                bridge.begin(n, 1);
                long dx = bridge.in(x, xOff, n);
                bridge.kernels.scale(n, a, dx, NONE);
                bridge.fetch(dx, x, xOff, n);
                bridge.finish();
            }
        }
    }

    private final class Lstm extends AbstractLstmKernels {
        @Override
        protected void cellForwardChecked(int batch, int hidden, float[] gates, int gOff, float[] cPrev, int cpOff,
                                          float[] c, int cOff, float[] h, int hOff) {
            int n = batch * hidden;
            synchronized (bridge) {
                bridge.begin(7L * n, 4);
                long dg = bridge.in(gates, gOff, 4L * n), dcp = bridge.in(cPrev, cpOff, n);
                long dc = bridge.out(n), dh = bridge.out(n);
                bridge.kernels.lstmForward(batch, hidden, dg, dcp, dc, dh, NONE);
                bridge.fetch(dg, gates, gOff, 4 * n);
                bridge.fetch(dc, c, cOff, n);
                bridge.fetch(dh, h, hOff, n);
                bridge.finish();
            }
        }

        @Override
        protected void cellBackwardChecked(int batch, int hidden, float[] gates, int gOff, float[] cPrev, int cpOff,
                                           float[] c, int cOff, float[] dh, int dhOff, float[] dc, int dcOff,
                                           float[] dGates, int dgOff, float[] dcPrev, int dcpOff) {
            int n = batch * hidden;
            synchronized (bridge) {
                bridge.begin(13L * n, 7);
                long dg = bridge.in(gates, gOff, 4L * n), dcp = bridge.in(cPrev, cpOff, n), dcc = bridge.in(c, cOff, n);
                long ddh = bridge.in(dh, dhOff, n), ddc = dc == null ? 0 : bridge.in(dc, dcOff, n);
                long ddg = bridge.out(4L * n), ddcp = bridge.out(n);
                bridge.kernels.lstmBackward(batch, hidden, dg, dcp, dcc, ddh, ddc, ddg, ddcp, NONE);
                bridge.fetch(ddg, dGates, dgOff, 4 * n);
                bridge.fetch(ddcp, dcPrev, dcpOff, n);
                bridge.finish();
            }
        }
    }

    private final class Optim extends AbstractOptimKernels {
        @Override
        protected void adamChecked(int n, float[] params, int pOff, float[] grads, int gOff, float[] m, int mOff,
                                   float[] v, int vOff, float lr, float beta1, float beta2, float eps, float gradScale,
                                   float c1, float c2) {
            synchronized (bridge) {
                bridge.begin(4L * n, 4);
                long dp = bridge.in(params, pOff, n), dg = bridge.in(grads, gOff, n);
                long dm = bridge.in(m, mOff, n), dv = bridge.in(v, vOff, n);
                bridge.kernels.adam(n, dp, dg, dm, dv, lr, beta1, beta2, eps, gradScale, c1, c2, NONE);
                bridge.fetch(dp, params, pOff, n);
                bridge.fetch(dm, m, mOff, n);
                bridge.fetch(dv, v, vOff, n);
                bridge.finish();
            }
        }
    }
}
