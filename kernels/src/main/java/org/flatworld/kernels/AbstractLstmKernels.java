package org.flatworld.kernels;

/**
 * Validates each {@link LstmKernels} call once, adds its analytic FLOP count
 * ({@link FlopCounts#lstmCellForward}, {@link FlopCounts#lstmCellBackward}) and hands the checked
 * call to the backend.
 */
public abstract class AbstractLstmKernels implements LstmKernels {
    @Override
    public final void cellForward(int batch, int hidden, float[] gates, int gOff, float[] cPrev, int cpOff,
                                  float[] c, int cOff, float[] h, int hOff, FlopLedger.Counter flops) {
        int n = shape(batch, hidden, flops);
        Checks.vector("gates", gates, gOff, Checks.size("gates", batch, 4 * hidden));
        Checks.vector("cPrev", cPrev, cpOff, n);
        Checks.vector("c", c, cOff, n);
        Checks.vector("h", h, hOff, n);
        if (n == 0) return;
        flops.add(FlopCounts.lstmCellForward(batch, hidden) - FlopCounts.lstmCellForwardTranscendentals(batch, hidden));
        flops.addTranscendental(FlopCounts.lstmCellForwardTranscendentals(batch, hidden));
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
        flops.add(FlopCounts.lstmCellBackward(batch, hidden) - FlopCounts.lstmCellBackwardTranscendentals(batch, hidden));
        flops.addTranscendental(FlopCounts.lstmCellBackwardTranscendentals(batch, hidden));
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
