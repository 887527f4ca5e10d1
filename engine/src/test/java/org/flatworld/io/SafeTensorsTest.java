package org.flatworld.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsTest {
    @TempDir
    Path dir;

    @Test
    void roundTripKeepsNamesShapesValuesAndMetadata() throws Exception {
        Path f = dir.resolve("a.safetensors");
        float[] w = {1.5f, -2f, 3.25f, Float.MIN_VALUE, -0f, 7f};
        SafeTensors.write(f, List.of(new SafeTensors.Tensor("torso.0.weight", new int[] {2, 3}, w),
                new SafeTensors.Tensor("torso.0.bias", new int[] {2}, new float[] {0.5f, 0.25f})), Map.of("config_hash", "abc"));
        byte[] raw = Files.readAllBytes(f);
        long n = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, (8 + n) % 8, "header padded to 8 bytes");
        assertEquals(8 + n + 4 * 8, raw.length);
        SafeTensors.Contents c = SafeTensors.read(f);
        assertEquals("abc", c.metadata().get("config_hash"));
        assertArrayEquals(new int[] {2, 3}, c.tensor("torso.0.weight").shape());
        assertArrayEquals(w, c.tensor("torso.0.weight").data());
        assertArrayEquals(new float[] {0.5f, 0.25f}, c.tensor("torso.0.bias").data());
        assertEquals(List.of("torso.0.weight", "torso.0.bias"), List.copyOf(c.tensors().keySet()));
    }

    @Test
    void hostileOrDamagedFilesAreRefusedWithAReason() throws Exception {
        Path good = dir.resolve("g.safetensors");
        SafeTensors.write(good, List.of(new SafeTensors.Tensor("x", new int[] {2}, new float[] {1, 2})), Map.of());
        byte[] raw = Files.readAllBytes(good);
        expect(Arrays.copyOf(raw, raw.length - 1), "data section");                    // truncated data
        expect(Arrays.copyOf(raw, 5), "shorter than the 8-byte");                      // truncated length
        expect(withLength(raw, Long.MAX_VALUE), "out of bounds");                       // absurd header length
        expect(withLength(raw, -8), "out of bounds");                                   // negative (huge unsigned)
        expect(file("{\"x\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]}}", 4), "only F32");
        expect(file("{\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,16]}}", 8), "outside the data section");
        expect(file("{\"x\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8), "needs 12");
        expect(file("{\"x\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}", 8), "invalid dimension");
        expect(file("{\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"y\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 8), "overlaps");
        expect(file("{\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8), "not valid JSON");
        expect(file("[1,2]", 0), "not a JSON object");
        expect(file("{\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}", 4), "not valid JSON");
    }

    private static byte[] withLength(byte[] raw, long n) {
        byte[] b = raw.clone();
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(0, n);
        return b;
    }

    private static byte[] file(String header, int dataBytes) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        return b.array();
    }

    private void expect(byte[] content, String reason) throws Exception {
        Path f = Files.createTempFile(dir, "bad", ".safetensors");
        Files.write(f, content);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SafeTensors.read(f));
        assertTrue(e.getMessage().contains(reason), "message '" + e.getMessage() + "' should say '" + reason + "'");
    }
}
