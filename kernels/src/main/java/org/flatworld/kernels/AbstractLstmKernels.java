package org.flatworld.kernels;

/**
 * Validates each {@link LstmKernels} call once, adds its analytic FLOP count (docs/FLOPS.md) and
 * hands the checked call to the backend.
 * Forward per element of (batch, hidden): 5 transcendentals (σ i, σ f, tanh g, σ o, tanh c) and
 * 4 other FLOPs (f·c_prev, i·g, their sum, o·tanh c) = 9.
 * Backward per element: 1 transcendental (tanh c, recomputed) and 22 other FLOPs = 23.
 */
public abstract class AbstractLstmKernels implements LstmKernels {
    /** FLOPs per (batch, hidden) element of {@link #cellForward}, transcendentals included. */
    public static final int FORWARD_FLOPS = 9;
    /** Transcendentals per element of {@link #cellForward}. */
    public static final int FORWARD_TRANSCENDENTALS = 5;
    /** FLOPs per (batch, hidden) element of {@link #cellBackward}, transcendentals included. */
    public static final int BACKWARD_FLOPS = 23;
    /** Transcendentals per element of {@link #cellBackward}. */
    public static final int BACKWARD_TRANSCENDENTALS = 1;

    @Override
    public final void cellForward(int batch, int hidden, float[] gates, int gOff, float[] cPrev, int cpOff,
                                  float[] c, int cOff, float[] h, int hOff, FlopLedger.Counter flops) {
        int n = shape(batch, hidden, flops);
        Checks.vector("gates", gates, gOff, Checks.size("gates", batch, 4 * hidden));
        Checks.vector("cPrev", cPrev, cpOff, n);
        Checks.vector("c", c, cOff, n);
        Checks.vector("h", h, hOff, n);
        if (n == 0) return;
        flops.add((long) n * (FORWARD_FLOPS - FORWARD_TRANSCENDENTALS));
        flops.addTranscendental((long) n * FORWARD_TRANSCENDENTALS);
        cellForwardChecked(batch, hidden, gates, gOff, cPrev, cpOff, c, cOff, h, hOff);
    }

    @Override
    public final void cellBackward(int batch, int hidden, float[] gates, int gOff, float[] cPrev, int cpOff,
                                   float[] c, int cOff, float[] dh, int dhOff, float[] dc, int dcOff,
                                   float[] dGates, int dgOff, float[] dcPrev, int dcpOff, FlopLedger.Counter flops) {
        int n = shape(batch, hidden, flops);
        int gSize = Checks.size("gates", batch, 4 * hidden);
        Checks.vector("gates", gates, gOff, gSize);
        Checks.vector("cPrev", cPrev, cpOff, n);
        Checks.vector("c", c, cOff, n);
        Checks.vector("dh", dh, dhOff, n);
        if (dc != null) Checks.vector("dc", dc, dcOff, n);
        Checks.vector("dGates", dGates, dgOff, gSize);
        Checks.vector("dcPrev", dcPrev, dcpOff, n);
        if (n == 0) return;
        flops.add((long) n * (BACKWARD_FLOPS - BACKWARD_TRANSCENDENTALS));
        flops.addTranscendental((long) n * BACKWARD_TRANSCENDENTALS);
        cellBackwardChecked(batch, hidden, gates, gOff, cPrev, cpOff, c, cOff, dh, dhOff, dc, dcOff, dGates, dgOff, dcPrev, dcpOff);
    }

    private static int shape(int batch, int hidden, FlopLedger.Counter flops) {
        Checks.nonNegative("batch", batch);
        Checks.nonNegative("hidden", hidden);
        if (hidden > Integer.MAX_VALUE / 4) throw new IllegalArgumentException("hidden must be ≤ " + Integer.MAX_VALUE / 4 + ", got " + hidden);
        if (flops == null) throw new IllegalArgumentException("flops counter is null (use FlopLedger.NONE)");
        return Checks.size("c", batch, hidden);
    }

    protected abstract void cellForwardChecked(int batch, int hidden, float[] gates, int gOff, float[] cPrev, int cpOff,
                                               float[] c, int cOff, float[] h, int hOff);

    /** {@code dc} may be null (zeros). */
    protected abstract void cellBackwardChecked(int batch, int hidden, float[] gates, int gOff, float[] cPrev, int cpOff,
                                                float[] c, int cOff, float[] dh, int dhOff, float[] dc, int dcOff,
                                                float[] dGates, int dgOff, float[] dcPrev, int dcpOff);
}
