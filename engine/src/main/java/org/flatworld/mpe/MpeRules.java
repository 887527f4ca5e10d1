package org.flatworld.mpe;

/**
 * Observation and reward rules of the MPE scenarios (MPE2 1.1.0), written as NumPy evaluates them
 * (float64, same operation order) so that the double reference reproduces recorded episodes.
 * Observations are returned in double; MPE casts them to float32.
 */
public final class MpeRules {
    private MpeRules() {}

    /** |p_a − p_b| as MPE computes it. */
    static double dist(MpeState s, int a, int b) {
        double dx = s.px(a) - s.px(b), dy = s.py(a) - s.py(b);
        return Math.sqrt(dx * dx + dy * dy);
    }

    /** MPE's is_collision: distance &lt; size_a + size_b. */
    static boolean touching(MpeLayout l, MpeState s, int a, int b) { return dist(s, a, b) < l.size[a] + l.size[b]; }

    /** simple_tag / simple_world_comm boundary penalty: 0 below 0.9, linear to 1, then min(e^{2x−2}, 10). */
    static double bound(double x) {
        if (x < 0.9) return 0;
        if (x < 1.0) return (x - 0.9) * 10;
        return Math.min(Math.exp(2 * x - 2), 10);
    }

    /** Writes agent {@code a}'s observation into {@code out[off…]}; returns its width. */
    public static int observe(MpeLayout l, MpeState s, int a, double[] out, int off) {
        int o = off;
        double ax = s.px(a), ay = s.py(a);
        out[o++] = s.vx(a);
        out[o++] = s.vy(a);
        switch (l.kind) {
            case SPREAD: {
                out[o++] = ax;
                out[o++] = ay;
                for (int e = l.agents; e < l.entities; e++) { out[o++] = s.px(e) - ax; out[o++] = s.py(e) - ay; }
                for (int j = 0; j < l.agents; j++) if (j != a) { out[o++] = s.px(j) - ax; out[o++] = s.py(j) - ay; }
                for (int j = 0; j < l.agents; j++) if (j != a) for (int k = 0; k < l.dimC; k++) out[o++] = s.comm(j, k);
                break;
            }
            case REFERENCE: {
                for (int e = l.agents; e < l.entities; e++) { out[o++] = s.px(e) - ax; out[o++] = s.py(e) - ay; }
                double[] colour = MpeLayout.REFERENCE_COLORS[s.goalLandmark(a)];
                for (double c : colour) out[o++] = c;
                for (int j = 0; j < l.agents; j++) if (j != a) for (int k = 0; k < l.dimC; k++) out[o++] = s.comm(j, k);
                break;
            }
            case TAG: {
                out[o++] = ax;
                out[o++] = ay;
                for (int e : l.obstacles) { out[o++] = s.px(e) - ax; out[o++] = s.py(e) - ay; }
                for (int j = 0; j < l.agents; j++) if (j != a) { out[o++] = s.px(j) - ax; out[o++] = s.py(j) - ay; }
                for (int j = 0; j < l.agents; j++) if (j != a && !l.adversary[j]) { out[o++] = s.vx(j); out[o++] = s.vy(j); }
                break;
            }
            case WORLD_COMM: {
                out[o++] = ax;
                out[o++] = ay;
                for (int e = l.agents; e < l.entities; e++) { out[o++] = s.px(e) - ax; out[o++] = s.py(e) - ay; }
                // others' relative positions, (0, 0) when a forest hides them
                for (int j = 0; j < l.agents; j++) {
                    if (j == a) continue;
                    boolean v = visible(l, s, a, j);
                    out[o++] = v ? s.px(j) - ax : 0;
                    out[o++] = v ? s.py(j) - ay : 0;
                }
                if (l.adversary[a]) {
                    o = goodVelocities(l, s, a, out, o);
                    for (int f : l.forests) out[o++] = touching(l, s, a, f) ? 1 : -1;
                    for (int k = 0; k < l.dimC; k++) out[o++] = s.comm(0, k); // the leader's communication
                } else {
                    for (int f : l.forests) out[o++] = touching(l, s, a, f) ? 1 : -1;
                    o = goodVelocities(l, s, a, out, o);
                }
                break;
            }
            default:
                throw new AssertionError(l.kind);
        }
        return o - off;
    }

    /** simple_world_comm: velocities of the good agents other than a, (0, 0) when hidden. */
    private static int goodVelocities(MpeLayout l, MpeState s, int a, double[] out, int o) {
        for (int j = 0; j < l.agents; j++) {
            if (j == a || l.adversary[j]) continue;
            boolean v = visible(l, s, a, j);
            out[o++] = v ? s.vx(j) : 0;
            out[o++] = v ? s.vy(j) : 0;
        }
        return o;
    }

    /**
     * simple_world_comm: agent j is visible to a when both are in one same forest, or neither is in
     * any forest, or a is the leader.
     */
    static boolean visible(MpeLayout l, MpeState s, int a, int j) {
        boolean anyMine = false, anyTheirs = false;
        for (int f : l.forests) {
            boolean mine = touching(l, s, a, f), theirs = touching(l, s, j, f);
            if (mine && theirs) return true;
            anyMine |= mine;
            anyTheirs |= theirs;
        }
        return (!anyMine && !anyTheirs) || l.leader[a];
    }

    /** Rewards of every agent after a step (float64, MPE's expression order). */
    public static void rewards(MpeLayout l, MpeState s, double[] out) {
        switch (l.kind) {
            case SPREAD: {
                double g = 0;
                for (int t = l.agents; t < l.entities; t++) {
                    double m = Double.POSITIVE_INFINITY;
                    for (int a = 0; a < l.agents; a++) m = Math.min(m, dist(s, a, t));
                    g -= m;
                }
                for (int a = 0; a < l.agents; a++) {
                    double local = 0;
                    for (int j = 0; j < l.agents; j++) if (j != a && touching(l, s, j, a)) local -= 1.0;
                    out[a] = g * (1 - l.localRatio) + local * l.localRatio;
                }
                break;
            }
            case REFERENCE: {
                // r_a = −|p(goal agent) − p(goal landmark)|, the goal agent being the other one
                double sum = 0;
                for (int a = 0; a < l.agents; a++) {
                    out[a] = -dist(s, 1 - a, l.agents + s.goalLandmark(a));
                    sum += out[a];
                }
                double g = sum / l.agents;
                for (int a = 0; a < l.agents; a++) out[a] = g * (1 - l.localRatio) + out[a] * l.localRatio;
                break;
            }
            case TAG: {
                for (int a = 0; a < l.agents; a++) {
                    double rew = 0;
                    if (l.adversary[a]) {
                        for (int g : l.good) for (int b : l.bad) if (touching(l, s, g, b)) rew += 10;
                    } else {
                        for (int b : l.bad) if (touching(l, s, b, a)) rew -= 10;
                        rew -= bound(Math.abs(s.px(a)));
                        rew -= bound(Math.abs(s.py(a)));
                    }
                    out[a] = rew;
                }
                break;
            }
            case WORLD_COMM: {
                for (int a = 0; a < l.agents; a++) {
                    double rew = 0;
                    if (l.adversary[a]) {
                        double m = Double.POSITIVE_INFINITY;
                        for (int g : l.good) m = Math.min(m, dist(s, g, a));
                        rew -= 0.1 * m;
                        for (int g : l.good) for (int b : l.bad) if (touching(l, s, g, b)) rew += 5;
                    } else {
                        for (int b : l.bad) if (touching(l, s, b, a)) rew -= 5;
                        rew -= 2 * bound(Math.abs(s.px(a)));
                        rew -= 2 * bound(Math.abs(s.py(a)));
                        for (int f : l.food) if (touching(l, s, a, f)) rew += 2;
                        double m = Double.POSITIVE_INFINITY;
                        for (int f : l.food) m = Math.min(m, dist(s, f, a));
                        rew -= 0.05 * m;
                    }
                    out[a] = rew;
                }
                break;
            }
            default:
                throw new AssertionError(l.kind);
        }
    }
}
