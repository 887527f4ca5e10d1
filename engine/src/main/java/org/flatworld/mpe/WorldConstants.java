package org.flatworld.mpe;

/**
 * MPE world constants (all configurable): time step, velocity damping per step, contact force
 * scale and contact margin (the softplus temperature of the penetration).
 */
public record WorldConstants(float dt, float damping, float contactForce, float contactMargin) {
    /** MPE's defaults: dt 0.1, damping 0.25, contact force 100, contact margin 1e−3. */
    public static final WorldConstants MPE = new WorldConstants(0.1f, 0.25f, 100f, 1e-3f);
}
