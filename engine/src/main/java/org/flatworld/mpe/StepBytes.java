package org.flatworld.mpe;

/**
 * Bytes one env-step (or one environment's observation write) moves between the cores and the
 * memory that holds the batch, counted from the layout: every row of the structure-of-arrays state
 * and every caller buffer the work touches, once per env-step (within a block the passes of a
 * step reuse what is already in cache). Write-allocate reads of written lines are not added: the
 * copy bandwidth it is divided by ({@link org.flatworld.kernels.physics.BandwidthProbe}) pays them
 * in its own time, counting only the bytes read and written.
 *
 * @param read    bytes any implementation must read (state, actions)
 * @param written bytes any implementation must write (state, rewards, done flags, resets amortized
 *                over the episode)
 * @param scratch bytes of intermediate rows this implementation writes and reads back on top of
 *                those (force rows, per-agent scratch): counted once, as the write that leaves the cache
 */
public record StepBytes(double read, double written, double scratch) {
    /** What the step must move at least. */
    public double compulsory() { return read + written; }

    /** What this implementation moves. */
    public double total() { return read + written + scratch; }

    /** Env-steps per second that {@code bytesPerSecond} allows for {@link #total()} bytes per env-step. */
    public double bound(double bytesPerSecond) { return bytesPerSecond / total(); }

    /** The sum of two counts (a step followed by an observation write). */
    public StepBytes plus(StepBytes o) { return new StepBytes(read + o.read, written + o.written, scratch + o.scratch); }
}
