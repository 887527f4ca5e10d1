package org.flatworld.eval;

import it.unimi.dsi.fastutil.longs.Long2DoubleOpenHashMap;

/**
 * The per-sweep reference returns R_ref of SPEC §6: for each task id, the best of the scripted
 * oracle and every agent seen on that task. Offers only raise an entry. Not thread-safe: a sweep
 * builds it once from all trial results, in index order, then normalizes.
 */
public final class ReferenceTable {
    private final Long2DoubleOpenHashMap best = new Long2DoubleOpenHashMap();

    public ReferenceTable() { best.defaultReturnValue(Double.NEGATIVE_INFINITY); }

    /** Raises task {@code id}'s reference to {@code ret} if that is better; non-finite returns are ignored. */
    public void offer(long id, double ret) {
        if (!Double.isFinite(ret)) return;
        if (ret > best.get(id)) best.put(id, ret);
    }

    /** Offers one return per task. */
    public void offerAll(long[] ids, double[] returns) {
        if (ids.length != returns.length)
            throw new IllegalArgumentException("ids and returns differ in length: " + ids.length + " vs " + returns.length);
        for (int i = 0; i < ids.length; i++) offer(ids[i], returns[i]);
    }

    /** Task {@code id}'s reference, or −∞ when nothing was offered. */
    public double get(long id) { return best.get(id); }

    /** References of the given tasks. */
    public double[] get(long[] ids) {
        double[] r = new double[ids.length];
        for (int i = 0; i < ids.length; i++) r[i] = best.get(ids[i]);
        return r;
    }

    public int size() { return best.size(); }
}
