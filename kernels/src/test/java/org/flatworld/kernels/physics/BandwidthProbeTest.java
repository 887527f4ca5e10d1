package org.flatworld.kernels.physics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The streams really read, write and copy every word, whatever the thread count; rates are positive. */
class BandwidthProbeTest {
    @Test
    void streamsTouchEveryWordAndReportPositiveRates() {
        for (int threads : new int[] {1, 2, 3}) {
            long requested = 10_000 + 8L * threads; // not a multiple of the part size: the last part is shorter
            try (BandwidthProbe p = new BandwidthProbe(requested, threads)) {
                long words = p.bytes() / 16; // per buffer
                assertTrue(p.bytes() >= requested - 16, "bytes " + p.bytes() + " for " + requested);
                p.read(); // a[i] = i, b = 0
                assertEquals(words * (words - 1) / 2, p.checksum(), threads + " threads");
                p.write(); // both buffers := 2
                p.read();
                assertEquals(2 * words * 2, p.checksum(), threads + " threads");
                p.copy();
                p.read();
                assertEquals(2 * words * 2, p.checksum(), threads + " threads");
                BandwidthProbe.Result r = p.measure(3, 0.0);
                assertEquals(p.bytes(), r.bytes());
                assertEquals(threads, r.threads());
                for (double g : new double[] {r.readGBs(), r.writeGBs(), r.copyGBs()})
                    assertTrue(g > 0 && Double.isFinite(g), r.toString());
            }
        }
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> new BandwidthProbe(100, 1));
        assertThrows(IllegalArgumentException.class, () -> new BandwidthProbe(1 << 20, 0));
        try (BandwidthProbe p = new BandwidthProbe(1 << 12, 1)) {
            assertThrows(IllegalArgumentException.class, () -> p.measure(0, 0.1));
            assertThrows(IllegalArgumentException.class, () -> p.measure(1, -1));
        }
    }
}
