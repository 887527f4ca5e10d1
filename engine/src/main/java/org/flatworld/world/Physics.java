package org.flatworld.world;

/**
 * Constants of the Flatworld point-mass step (MPE conventions, Lowe et al. 2017): integration
 * order p += v·dt; v *= 1 − damping; v += F/m·dt; speed cap. Contact force between overlapping
 * bodies: F = contactForce · margin · softplus(−(dist − (r_i + r_j)) / margin) along the centre line.
 * Walls are solid (positions clamped into the arena, the outward velocity component zeroed).
 *
 * @param dt            integration step
 * @param damping       velocity damping per step (per-task value may override it, see WorldSpec)
 * @param contactForce  contact stiffness
 * @param contactMargin softplus width of the contact force
 * @param maxSpeed      speed cap of players; objects are capped at maxSpeed + throwSpeed
 * @param accel         force of a movement action (MPE "sensitivity")
 * @param playerMass    mass of a player; objects have objectMass (both × the task's massScale)
 * @param objectMass    mass of an object
 * @param playerRadius  radius of a player
 * @param objectRadius  radius of an object
 * @param obstacleRadius radius of a static obstacle
 * @param zoneRadius    radius of a circular floor zone
 * @param reach         centre distance within which grab and tag act
 * @param throwSpeed    speed added along the facing direction when throwing
 * @param tagSteps      steps a tagged player stays frozen
 * @param nearDistance  centre distance below which near(x, y) holds
 * @param viewRadius    0 = unlimited; else entities farther away are masked and not seen
 * @param viewAngle     full opening angle of the view cone (degrees) for see(·)
 */
public record Physics(float dt, float damping, float contactForce, float contactMargin, float maxSpeed,
                      float accel, float playerMass, float objectMass, float playerRadius, float objectRadius,
                      float obstacleRadius, float zoneRadius, float reach, float throwSpeed, int tagSteps,
                      float nearDistance, float viewRadius, float viewAngle) {

    /** nearDistance², for near(·) tests on squared distances. */
    public float near2() { return nearDistance * nearDistance; }

    /** zoneRadius², for on(·, zone) tests on squared distances. */
    public float zone2() { return zoneRadius * zoneRadius; }

    /** viewRadius², or +∞ when the view is unlimited (viewRadius 0), for see(·) tests on squared distances. */
    public float view2() { return viewRadius > 0 ? viewRadius * viewRadius : Float.POSITIVE_INFINITY; }

    /** cos²(viewAngle / 2), used by the cone test without a square root. */
    public float coneCos2() {
        double c = Math.cos(Math.toRadians(viewAngle) / 2);
        return (float) (c * c);
    }
}
