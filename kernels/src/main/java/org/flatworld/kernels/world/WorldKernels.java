package org.flatworld.kernels.world;

/**
 * Batched kernels of the task world over a {@link BodyBatch}, vectorised across environments. Every
 * method works on the environment range [from, to) and touches nothing outside it, so callers may run
 * disjoint ranges on different threads. The scalar reference ({@link #scalar()}) and the Vector API
 * version give identical bits (see the package documentation). FLOPs are counted by the caller
 * (docs/FLOPS.md, section "Flatworld tasks").
 */
public interface WorldKernels {
    /** "scalar" or "panama". */
    String name();

    /** e.g. "panama, 256-bit (8 lanes)". */
    default String description() { return name(); }

    /**
     * Adds the contact force of every pair of live bodies (a &lt; c, in slot order: c gains
     * f·(p_c − p_a), a loses it) and, after a's pairs, of a with every present obstacle (a gains
     * f·(p_a − k)), f = {@link WorldMath#contact}; then nothing else. The per-body order of additions
     * is the slot order, so the sums equal those of a per-environment loop over the live bodies.
     */
    void contacts(BodyBatch b, int from, int to);

    /**
     * Integrates every live body: p += v·dt; v ← v·keep + F·inv (inv = dt/m); speed cap
     * v·cap/max(|v|, cap); solid walls (clamp into [−half + r, half − r], zero the velocity into
     * the wall), x then y, low wall then high wall.
     */
    void integrate(BodyBatch b, int from, int to);

    /**
     * Movement of player row {@code p} for environments [from, to) when no player can be frozen
     * (the action set has no tag): with a = {@code act[actOff + e − from]} (a valid action index even
     * where the player is absent) and the player present ({@code p < nPlayers[e]}), the facing
     * (hx, hy)[p·stride + e] becomes (dx[a] + hx·idle[a], dy[a] + hy·idle[a]) (product, then sum) and
     * the force row p of {@code b} is set to (accel·dx[a], accel·dy[a]); where the player is absent
     * the facing is kept and the force set to 0.
     */
    void move(BodyBatch b, int p, int[] act, int actOff, int[] nPlayers, float[] hx, float[] hy,
              float[] dx, float[] dy, float[] idle, float accel, int from, int to);

    /** Ints per atom of a {@link #goals} table: four fact-word masks, then the negation flag (0 or 1). */
    int GOAL_ATOM = 5;

    /**
     * Goal truth of environments [from, to) from their fact bits ({@code words} ≤ 4 words,
     * {@code bits[w·stride + e]}) and goals laid out in one fixed shape: env e's goal starts at
     * {@code table[row[e]]}, atom a of clause c at {@code row[e] + (c·atoms + a)·GOAL_ATOM}. An atom
     * holds when {@code bits_w & mask_w ≠ 0} for some word, XOR its negation; {@code out[outOff + e − from]}
     * = 1 when every atom of some clause holds, else 0.
     */
    void goals(int[] bits, int stride, int words, int[] table, int[] row, int clauses, int atoms, float[] out, int outOff,
               int from, int to);

    /**
     * {@code bits[bitRow + e] |= 1 << bit} where the squared distance between
     * (ax, ay)[rowA + e] and (bx, by)[rowB + e], computed as dx·dx + dy·dy with dx = a − b, is
     * &lt; thr2 (or ≤ thr2 when {@code inclusive}).
     */
    void distanceBits(float[] ax, float[] ay, int rowA, float[] bx, float[] by, int rowB, float thr2, boolean inclusive,
                      int[] bits, int bitRow, int bit, int from, int to);

    /**
     * {@code bits[bitRow + e] |= 1 << bit} where body row {@code rowB} lies in the view cone of player
     * row {@code rowP} facing (fx, fy)[rowF + e]: with d = p_b − p_p, |d|² ≤ view2, f·d ≥ 0 and
     * (f·d)² ≥ cone2·|d|².
     */
    void coneBits(float[] px, float[] py, int rowP, float[] fx, float[] fy, int rowF, int rowB, float view2, float cone2,
                  int[] bits, int bitRow, int bit, int from, int to);

    /** The plain float32 reference. */
    static WorldKernels scalar() { return ScalarWorldKernels.INSTANCE; }

    /** Whether the Vector API module is in the boot layer. */
    static boolean vectorApiAvailable() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    /**
     * Kernels for a backend name: {@code scalar}, {@code panama}, or {@code auto}/{@code cpu}/{@code cuda}
     * (Vector API when available, else scalar; there is no GPU task-world kernel).
     */
    static WorldKernels create(String backend) {
        return switch (backend) {
            case "scalar" -> scalar();
            case "panama" -> {
                if (!vectorApiAvailable())
                    throw new UnsupportedOperationException("backend 'panama' needs --add-modules jdk.incubator.vector");
                yield PanamaHolder.INSTANCE;
            }
            case "auto", "cpu", "cuda" -> vectorApiAvailable() ? PanamaHolder.INSTANCE : scalar();
            default -> throw new IllegalArgumentException(
                    "world kernel backend must be one of scalar, panama, cpu, cuda, auto; got '" + backend + "'");
        };
    }

    /** Loaded only when the Vector API is present. */
    final class PanamaHolder {
        static final WorldKernels INSTANCE = new PanamaWorldKernels();

        private PanamaHolder() {}
    }
}
