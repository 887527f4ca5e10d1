package org.flatworld.sweep.slurm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ArraySpecTest {

    @Test
    void formatsRunsAsRanges() {
        assertEquals("0-5,7,9-12", ArraySpec.format(new int[] {0, 1, 2, 3, 4, 5, 7, 9, 10, 11, 12}));
        assertEquals("3", ArraySpec.format(new int[] {3}));
        assertEquals("3,4", ArraySpec.format(new int[] {3, 4}));
        assertEquals("", ArraySpec.format(new int[0]));
    }

    @Test
    void parsesWhatSlurmPrints() {
        assertArrayEquals(new int[] {1, 2, 3, 4, 7}, ArraySpec.parse("[1-4,7%2]"));
        assertArrayEquals(new int[] {1, 3, 5, 7, 9}, ArraySpec.parse("1-9:2"));
        assertArrayEquals(new int[] {7}, ArraySpec.parse("7"));
        assertThrows(IllegalArgumentException.class, () -> ArraySpec.parse("5-2"));
        assertThrows(IllegalArgumentException.class, () -> ArraySpec.parse("a-b"));
    }

    @Test
    void formatAndParseRoundTripOnRandomSets() {
        SplittableRandom rng = new SplittableRandom(7);
        for (int trial = 0; trial < 200; trial++) {
            int n = rng.nextInt(1, 60);
            int[] set = rng.ints(n, 0, 100).sorted().distinct().toArray();
            assertArrayEquals(set, ArraySpec.parse(ArraySpec.format(set)), ArraySpec.format(set));
        }
    }

    @Test
    void chunksStayBelowMaxArraySizeAndCoverEveryTrialOnce() {
        int[] trials = new int[2500];
        for (int i = 0; i < trials.length; i++) trials[i] = i;
        List<ArraySpec.Chunk> chunks = ArraySpec.chunk(trials, 1001, Integer.MAX_VALUE);
        assertEquals(3, chunks.size());
        assertEquals(0, chunks.get(0).offset());
        assertEquals(1001, chunks.get(1).offset());
        assertEquals(2002, chunks.get(2).offset());
        assertEquals("0-497", ArraySpec.format(chunks.get(2).arrayIndices()));
        int next = 0;
        for (ArraySpec.Chunk c : chunks) {
            for (int a : c.arrayIndices()) assertTrue(a >= 0 && a < 1001, "array index " + a);
            for (int t : c.trials()) assertEquals(next++, t);
        }
        assertEquals(trials.length, next);
    }

    @Test
    void resubmittedSubsetKeepsItsWindow() {
        List<ArraySpec.Chunk> chunks = ArraySpec.chunk(new int[] {3, 1500, 1502}, 1000, Integer.MAX_VALUE);
        assertEquals(List.of(new ArraySpec.Chunk(0, new int[] {3}), new ArraySpec.Chunk(1000, new int[] {500, 502})), chunks);
        assertEquals("500,502%4", chunks.get(1).spec(4));
        assertEquals("3", chunks.get(0).spec(0));
    }

    @Test
    void tasksPerChunkCapSplitsAWindow() {
        List<ArraySpec.Chunk> chunks = ArraySpec.chunk(new int[] {0, 1, 2, 3, 4}, 100, 2);
        assertEquals(3, chunks.size());
        assertArrayEquals(new int[] {4}, chunks.get(2).trials());
    }

    @Test
    void rejectsUnsortedOrNegativeIndices() {
        assertThrows(IllegalArgumentException.class, () -> ArraySpec.chunk(new int[] {2, 1}, 10, 10));
        assertThrows(IllegalArgumentException.class, () -> ArraySpec.chunk(new int[] {1, 1}, 10, 10));
        assertThrows(IllegalArgumentException.class, () -> ArraySpec.chunk(new int[] {-1}, 10, 10));
        assertThrows(IllegalArgumentException.class, () -> ArraySpec.chunk(new int[] {1}, 0, 10));
    }
}
