package org.flatworld.kernels.physics;

import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The read stream of {@link BandwidthProbe} in the Vector API: C2's own vectorisation of a scalar
 * sum reached about half of this on the build VM. Loaded only when the incubator module is present.
 */
final class PanamaStream {
    private static final VectorSpecies<Long> S = LongVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private PanamaStream() {}

    /** Σ x[from, to): four independent vector accumulators (one load each per iteration), one reduction, scalar tail. */
    static long sum(long[] x, int from, int to) {
        LongVector a = LongVector.zero(S), b = a, c = a, d = a;
        int i = from, upper = from + ((to - from) / (4 * L)) * (4 * L);
        for (; i < upper; i += 4 * L) {
            a = a.add(LongVector.fromArray(S, x, i));
            b = b.add(LongVector.fromArray(S, x, i + L));
            c = c.add(LongVector.fromArray(S, x, i + 2 * L));
            d = d.add(LongVector.fromArray(S, x, i + 3 * L));
        }
        long s = a.add(b).add(c.add(d)).reduceLanes(VectorOperators.ADD);
        for (; i < to; i++) s += x[i];
        return s;
    }
}
