package org.flatworld.kernels;

/**
 * Argument checks shared by every backend, run once at the API edge (inside kernels only
 * {@code assert}). Each failure is an {@link IllegalArgumentException} naming the offending value
 * and the allowed range.
 */
public final class Checks {
    private Checks() {}

    /** {@code value ≥ 0}. */
    public static void nonNegative(String name, int value) {
        if (value < 0) throw new IllegalArgumentException(name + " must be ≥ 0, got " + value);
    }

    /** {@code value ≥ 1}. */
    public static void positive(String name, int value) {
        if (value < 1) throw new IllegalArgumentException(name + " must be ≥ 1, got " + value);
    }

    /**
     * A row-major matrix of {@code rows × cols} stored with leading dimension {@code ld} from
     * {@code off}: needs {@code ld ≥ max(1, cols)} and {@code off + (rows−1)·ld + cols ≤ length}.
     * An empty matrix (rows or cols 0) may be null.
     */
    public static void matrix(String name, float[] a, int off, int rows, int cols, int ld) {
        if (ld < Math.max(1, cols))
            throw new IllegalArgumentException("leading dimension of " + name + " must be ≥ " + Math.max(1, cols) + ", got " + ld);
        if (off < 0) throw new IllegalArgumentException("offset of " + name + " must be ≥ 0, got " + off);
        if (rows == 0 || cols == 0) return;
        if (a == null) throw new IllegalArgumentException(name + " is null but must hold " + rows + "×" + cols + " elements");
        long end = off + (long) (rows - 1) * ld + cols;
        if (end > a.length)
            throw new IllegalArgumentException(name + " too short: " + rows + "×" + cols + " (ld " + ld + ") from offset " + off
                    + " needs length ≥ " + end + ", got " + a.length);
    }

    /** {@code n} contiguous elements from {@code off}. An empty range may be null. */
    public static void vector(String name, float[] x, int off, int n) {
        if (off < 0) throw new IllegalArgumentException("offset of " + name + " must be ≥ 0, got " + off);
        if (n == 0) return;
        if (x == null) throw new IllegalArgumentException(name + " is null but must hold " + n + " elements");
        if ((long) off + n > x.length)
            throw new IllegalArgumentException(name + " too short: " + n + " elements from offset " + off
                    + " need length ≥ " + ((long) off + n) + ", got " + x.length);
    }

    /** {@code n} contiguous ints from {@code off}. */
    public static void vector(String name, int[] x, int off, int n) {
        if (off < 0) throw new IllegalArgumentException("offset of " + name + " must be ≥ 0, got " + off);
        if (n == 0) return;
        if (x == null) throw new IllegalArgumentException(name + " is null but must hold " + n + " elements");
        if ((long) off + n > x.length)
            throw new IllegalArgumentException(name + " too short: " + n + " elements from offset " + off
                    + " need length ≥ " + ((long) off + n) + ", got " + x.length);
    }

    /** {@code rows·cols} as an int, or an exception when it overflows. */
    public static int size(String name, int rows, int cols) {
        long n = (long) rows * cols;
        if (n > Integer.MAX_VALUE) throw new IllegalArgumentException(name + " has " + n + " elements, more than " + Integer.MAX_VALUE);
        return (int) n;
    }

    /**
     * Whether the spans [aOff, aOff+aLen) of {@code a} and [bOff, bOff+bLen) of {@code b} overlap
     * (only possible when they are the same array).
     */
    public static boolean overlaps(float[] a, int aOff, long aLen, float[] b, int bOff, long bLen) {
        if (a != b || a == null || aLen == 0 || bLen == 0) return false;
        return aOff < bOff + bLen && bOff < aOff + aLen;
    }
}
