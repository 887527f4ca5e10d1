package org.flatworld.scaling;

import java.util.List;

/**
 * The functional forms fitted to compute-to-threshold C* versus a complexity measure x. All are
 * fitted to y = ln C* by least squares (multiplicative noise on C*).
 * <ul>
 *   <li>{@link #POWER}: C* = C0 · x^b (log-log linear); params C0, exponent.</li>
 *   <li>{@link #EXPONENTIAL}: C* = C0 · e^(r·x) (semi-log linear); params C0, rate.</li>
 *   <li>{@link #SATURATING}: C* = C0 · min(x, xsat)^b — a power law up to a changepoint after which the
 *       compute stops growing (the changepoint/plateau fits of Jones 2021, "Scaling Scaling Laws with
 *       Board Games"); params C0, exponent, xsat.</li>
 * </ul>
 * Internally parameters are θ = (ln C0, b[, ln xsat]); {@link #report} turns them into the reported
 * names and units.
 */
public enum LawForm {
    POWER("power", List.of("C0", "exponent")),
    EXPONENTIAL("exponential", List.of("C0", "rate")),
    SATURATING("saturating", List.of("C0", "exponent", "xsat"));

    private final String label;
    private final List<String> params;

    LawForm(String label, List<String> params) {
        this.label = label;
        this.params = params;
    }

    public String label() { return label; }

    public List<String> paramNames() { return params; }

    public int numParams() { return params.size(); }

    /** Whether x must be positive for this form. */
    public boolean needsPositiveX() { return this != EXPONENTIAL; }

    /** ln C* predicted at x for internal parameters θ. */
    public double predictLog(double[] theta, double x) {
        return switch (this) {
            case POWER -> theta[0] + theta[1] * Math.log(x);
            case EXPONENTIAL -> theta[0] + theta[1] * x;
            case SATURATING -> theta[0] + theta[1] * Math.min(Math.log(x), theta[2]);
        };
    }

    /** Gradient of ln C* with respect to θ at x, written into {@code row}. */
    void gradient(double[] theta, double x, double[] row) {
        switch (this) {
            case POWER -> { row[0] = 1; row[1] = Math.log(x); }
            case EXPONENTIAL -> { row[0] = 1; row[1] = x; }
            case SATURATING -> {
                double u = Math.log(x);
                boolean below = u < theta[2];
                row[0] = 1;
                row[1] = below ? u : theta[2];
                row[2] = below ? 0 : theta[1];
            }
        }
    }

    /** Internal θ → reported parameter values (same order as {@link #paramNames()}). */
    public double[] report(double[] theta) {
        double[] r = theta.clone();
        r[0] = Math.exp(theta[0]);
        if (this == SATURATING) r[2] = Math.exp(theta[2]);
        return r;
    }

    public static LawForm fromLabel(String label) {
        for (LawForm f : values()) if (f.label.equals(label)) return f;
        throw new IllegalArgumentException("unknown law form '" + label + "'; allowed: power, exponential, saturating");
    }
}
