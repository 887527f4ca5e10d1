package org.flatworld.sweep.slurm;

import it.unimi.dsi.fastutil.ints.IntArrayList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Slurm job-array index lists ({@code --array=0-5,7,9-12%4}): formatting, parsing, and splitting a set
 * of trial indices into chunks that a cluster accepts.
 *
 * <p>Slurm requires every array index to be below {@code MaxArraySize} (default 1001), so trial
 * {@code I} of a large sweep runs as array index {@code I - offset} of the chunk whose window
 * {@code [offset, offset + maxArraySize)} contains it; the batch script adds the offset back.
 */
public final class ArraySpec {
    private ArraySpec() {}

    /** One {@code sbatch} submission: trial {@code offset + a} for every array index {@code a}. */
    public record Chunk(int offset, int[] arrayIndices) {
        /** The trial indices this chunk runs, ascending. */
        public int[] trials() {
            int[] t = new int[arrayIndices.length];
            for (int i = 0; i < t.length; i++) t[i] = offset + arrayIndices[i];
            return t;
        }

        /** The {@code --array} value, with {@code %maxConcurrent} when that is positive. */
        public String spec(int maxConcurrent) {
            String s = format(arrayIndices);
            return maxConcurrent > 0 ? s + "%" + maxConcurrent : s;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Chunk c && c.offset == offset && Arrays.equals(c.arrayIndices, arrayIndices);
        }

        @Override
        public int hashCode() { return 31 * offset + Arrays.hashCode(arrayIndices); }

        @Override
        public String toString() { return "Chunk[offset=" + offset + ", array=" + format(arrayIndices) + "]"; }
    }

    /**
     * Splits ascending, distinct, non-negative trial indices into chunks whose array indices are all
     * below {@code maxArraySize}, at most {@code maxTasksPerChunk} tasks each. Windows are aligned to
     * multiples of {@code maxArraySize}, so a resubmitted subset keeps its index-to-offset mapping.
     */
    public static List<Chunk> chunk(int[] trials, int maxArraySize, int maxTasksPerChunk) {
        if (maxArraySize < 1) throw new IllegalArgumentException("MaxArraySize must be >= 1, got " + maxArraySize);
        if (maxTasksPerChunk < 1)
            throw new IllegalArgumentException("tasks per chunk must be >= 1, got " + maxTasksPerChunk);
        for (int i = 0; i < trials.length; i++) {
            if (trials[i] < 0) throw new IllegalArgumentException("trial index must be >= 0, got " + trials[i]);
            if (i > 0 && trials[i] <= trials[i - 1])
                throw new IllegalArgumentException("trial indices must be ascending and distinct, got "
                        + trials[i - 1] + " then " + trials[i]);
        }
        List<Chunk> chunks = new ArrayList<>();
        IntArrayList current = new IntArrayList();
        int offset = -1;
        for (int t : trials) {
            int window = t / maxArraySize * maxArraySize;
            if (window != offset || current.size() == maxTasksPerChunk) {
                if (!current.isEmpty()) chunks.add(new Chunk(offset, current.toIntArray()));
                current.clear();
                offset = window;
            }
            current.add(t - offset);
        }
        if (!current.isEmpty()) chunks.add(new Chunk(offset, current.toIntArray()));
        return chunks;
    }

    /** Ascending distinct indices → {@code "0-5,7,9-12"} (runs of three or more become ranges). */
    public static String format(int[] sorted) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < sorted.length) {
            int j = i;
            while (j + 1 < sorted.length && sorted[j + 1] == sorted[j] + 1) j++;
            if (sb.length() > 0) sb.append(',');
            if (j - i >= 2) sb.append(sorted[i]).append('-').append(sorted[j]);
            else {
                sb.append(sorted[i]);
                if (j > i) sb.append(',').append(sorted[j]);
            }
            i = j + 1;
        }
        return sb.toString();
    }

    /**
     * Parses what Slurm prints for array tasks: {@code "7"}, {@code "0-5,7"}, {@code "[1-4,7%2]"},
     * {@code "1-9:2"} (step). A {@code %K} throttle is ignored. Returns ascending distinct indices.
     */
    public static int[] parse(String spec) {
        String s = spec.strip();
        if (s.startsWith("[") && s.endsWith("]")) s = s.substring(1, s.length() - 1);
        int pct = s.indexOf('%');
        if (pct >= 0) s = s.substring(0, pct);
        IntArrayList out = new IntArrayList();
        if (s.isEmpty()) throw new IllegalArgumentException("empty array index list '" + spec + "'");
        try {
            for (String part : s.split(",")) {
                int colon = part.indexOf(':');
                int step = colon >= 0 ? Integer.parseInt(part.substring(colon + 1)) : 1;
                String range = colon >= 0 ? part.substring(0, colon) : part;
                int dash = range.indexOf('-');
                int lo = Integer.parseInt(dash >= 0 ? range.substring(0, dash) : range);
                int hi = dash >= 0 ? Integer.parseInt(range.substring(dash + 1)) : lo;
                if (lo < 0 || hi < lo || step < 1)
                    throw new IllegalArgumentException("bad array range '" + part + "' in '" + spec + "'");
                for (int v = lo; v <= hi; v += step) out.add(v);
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad array index list '" + spec + "'");
        }
        int[] a = out.toIntArray();
        Arrays.sort(a);
        int n = 0;
        for (int i = 0; i < a.length; i++) if (n == 0 || a[i] != a[n - 1]) a[n++] = a[i];
        return Arrays.copyOf(a, n);
    }
}
