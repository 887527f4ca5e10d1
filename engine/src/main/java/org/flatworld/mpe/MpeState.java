package org.flatworld.mpe;

/**
 * Read access to one environment's state, in double precision, for {@link MpeRules}: implemented
 * by the double reference ({@link MpeReference}) and by a cursor over one environment of a float32
 * batch, so that observation and reward rules are written once.
 */
public interface MpeState {
    double px(int entity);

    double py(int entity);

    double vx(int entity);

    double vy(int entity);

    /** Agent {@code agent}'s communication state, entry {@code k} (0 for silent agents). */
    double comm(int agent, int k);

    /** simple_reference: index (0..2) of the landmark agent {@code agent}'s partner should reach. */
    int goalLandmark(int agent);
}
