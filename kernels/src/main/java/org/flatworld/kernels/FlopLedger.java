package org.flatworld.kernels;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Exact floating-point operation counts by {@link FlopCategory} (SPEC §7). Kernels never count what
 * they execute; they add the analytic count of the work they were asked to do, once per call, so
 * totals are independent of backend, vector width and thread count. Conventions (docs/FLOPS.md):
 * + − × ÷ min max compare = 1, FMA = 2, GEMM = 2·M·N·K, exp/log/tanh/sigmoid/sqrt = 1 each and
 * also tallied as transcendentals.
 *
 * <p>Thread-safe. Callers hand kernels a {@link Counter} bound to one category, made once at setup.
 */
public final class FlopLedger {
    private static final int N = FlopCategory.values().length;
    private final AtomicLongArray flops = new AtomicLongArray(N);
    private final AtomicLongArray transcendentals = new AtomicLongArray(N);

    /** A (ledger, category) pair: what a kernel call receives. */
    public static final class Counter {
        private final FlopLedger ledger;
        private final int index;
        private final FlopCategory category;

        private Counter(FlopLedger ledger, FlopCategory category) {
            this.ledger = ledger;
            this.category = category;
            this.index = category.ordinal();
        }

        public FlopCategory category() { return category; }

        public FlopLedger ledger() { return ledger; }

        /** Adds {@code n} floating-point operations. */
        public void add(long n) {
            if (ledger != null) ledger.flops.addAndGet(index, n);
        }

        /** Adds {@code n} transcendental evaluations: counted as {@code n} FLOPs and tallied apart. */
        public void addTranscendental(long n) {
            if (ledger != null) {
                ledger.flops.addAndGet(index, n);
                ledger.transcendentals.addAndGet(index, n);
            }
        }
    }

    /** A counter that discards everything (for tests and callers that do not account). */
    public static final Counter NONE = new Counter(null, FlopCategory.SIM);

    public Counter counter(FlopCategory category) { return new Counter(this, category); }

    public long flops(FlopCategory c) { return flops.get(c.ordinal()); }

    public long transcendentals(FlopCategory c) { return transcendentals.get(c.ordinal()); }

    public long total() {
        long s = 0;
        for (int i = 0; i < N; i++) s += flops.get(i);
        return s;
    }

    /** Training compute: everything except {@code eval}. */
    public long trainingTotal() { return total() - flops(FlopCategory.EVAL); }

    public long totalTranscendentals() {
        long s = 0;
        for (int i = 0; i < N; i++) s += transcendentals.get(i);
        return s;
    }

    /** Adds every count of {@code other} into this ledger. */
    public void addAll(FlopLedger other) {
        for (int i = 0; i < N; i++) {
            flops.addAndGet(i, other.flops.get(i));
            transcendentals.addAndGet(i, other.transcendentals.get(i));
        }
    }

    /** Sets counts (used when resuming from a checkpoint). */
    public void set(FlopCategory c, long flopCount, long transcendentalCount) {
        flops.set(c.ordinal(), flopCount);
        transcendentals.set(c.ordinal(), transcendentalCount);
    }

    public void reset() {
        for (int i = 0; i < N; i++) { flops.set(i, 0); transcendentals.set(i, 0); }
    }

    /** Category label → FLOPs, in declaration order. */
    public Map<String, Long> asMap() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (FlopCategory c : FlopCategory.values()) m.put(c.label(), flops(c));
        return m;
    }

    @Override
    public String toString() { return "FlopLedger" + asMap(); }
}
