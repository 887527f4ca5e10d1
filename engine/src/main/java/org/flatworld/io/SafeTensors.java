package org.flatworld.io;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The safetensors format (Hugging Face): an 8-byte little-endian header length N, N bytes of
 * JSON ({@code {"__metadata__": {str: str}, name: {"dtype", "shape", "data_offsets": [begin, end]}}},
 * padded with spaces to a multiple of 8), then the raw little-endian tensor bytes, offsets relative
 * to the start of that data. Only float32 ({@code F32}) tensors are written and accepted.
 *
 * <p>{@link #read} trusts nothing: the header length must fit the file (and 100 MB), the JSON must be
 * an object without duplicate keys, every tensor must be F32 with a non-negative shape whose byte
 * size equals its offsets, and the offsets must tile the data section exactly. Anything else is an
 * {@link IllegalArgumentException} naming the file and the problem.
 */
public final class SafeTensors {
    /** Largest header accepted, as in the reference implementation. */
    public static final long MAX_HEADER = 100L << 20;

    private static final ObjectMapper JSON = JsonMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();

    private SafeTensors() {}

    /** A float32 tensor, row-major. */
    public record Tensor(String name, int[] shape, float[] data) {
        public Tensor {
            long n = 1;
            for (int d : shape) {
                if (d < 0) throw new IllegalArgumentException("tensor '" + name + "' has a negative dimension " + Arrays.toString(shape));
                n *= d;
            }
            if (n != data.length) throw new IllegalArgumentException("tensor '" + name + "' shape " + Arrays.toString(shape) + " needs " + n + " values, got " + data.length);
        }
    }

    /** What a file holds: metadata and tensors in file order. */
    public record Contents(Map<String, String> metadata, Map<String, Tensor> tensors) {
        public Tensor tensor(String name) {
            Tensor t = tensors.get(name);
            if (t == null) throw new IllegalArgumentException("tensor '" + name + "' missing; present: " + tensors.keySet());
            return t;
        }
    }

    /** Writes atomically (temporary file in the same folder, then a rename). */
    public static void write(Path file, List<Tensor> tensors, Map<String, String> metadata) {
        ObjectNode header = JSON.createObjectNode();
        if (metadata != null && !metadata.isEmpty()) {
            ObjectNode m = header.putObject("__metadata__");
            for (Map.Entry<String, String> e : new TreeMap<>(metadata).entrySet()) m.put(e.getKey(), e.getValue());
        }
        long off = 0;
        for (Tensor t : tensors) {
            if (t.name().equals("__metadata__") || header.has(t.name()))
                throw new IllegalArgumentException("duplicate or reserved tensor name '" + t.name() + "'");
            ObjectNode n = header.putObject(t.name());
            n.put("dtype", "F32");
            ArrayNode s = n.putArray("shape");
            for (int d : t.shape()) s.add(d);
            ArrayNode o = n.putArray("data_offsets");
            o.add(off);
            off += 4L * t.data().length;
            o.add(off);
        }
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(header);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        int padded = (json.length + 7) / 8 * 8;
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
                head.putLong(padded).put(json);
                while (head.hasRemaining()) head.put((byte) ' ');
                head.flip();
                while (head.hasRemaining()) ch.write(head);
                ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
                for (Tensor t : tensors) {
                    for (float v : t.data()) {
                        if (!buf.hasRemaining()) {
                            buf.flip();
                            while (buf.hasRemaining()) ch.write(buf);
                            buf.clear();
                        }
                        buf.putFloat(v);
                    }
                }
                buf.flip();
                while (buf.hasRemaining()) ch.write(buf);
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads and validates a file; see the class comment for what is refused. */
    public static Contents read(Path file) {
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > Integer.MAX_VALUE - 16) throw bad(file, "file of " + size + " bytes is larger than 2 GB");
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
        }
        if (bytes.length < 8) throw bad(file, "file of " + bytes.length + " bytes is shorter than the 8-byte header length");
        ByteBuffer bb = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long n = bb.getLong(0);
        if (n < 2 || n > MAX_HEADER || n > bytes.length - 8)
            throw bad(file, "header length " + Long.toUnsignedString(n) + " out of bounds (file has " + (bytes.length - 8) + " bytes after it, limit " + MAX_HEADER + ")");
        JsonNode header;
        try {
            header = JSON.readTree(new String(bytes, 8, (int) n, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw bad(file, "header is not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (header == null || !header.isObject()) throw bad(file, "header is not a JSON object");
        long dataStart = 8 + n, dataLen = bytes.length - dataStart;
        Map<String, String> meta = new LinkedHashMap<>();
        List<long[]> ranges = new ArrayList<>();
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
        header.fields().forEachRemaining(fields::add);
        for (Map.Entry<String, JsonNode> e : fields) {
            String name = e.getKey();
            JsonNode v = e.getValue();
            if (name.equals("__metadata__")) {
                if (!v.isObject()) throw bad(file, "__metadata__ is not an object");
                Iterator<Map.Entry<String, JsonNode>> it = v.fields();
                while (it.hasNext()) {
                    Map.Entry<String, JsonNode> m = it.next();
                    if (!m.getValue().isTextual()) throw bad(file, "metadata value of '" + m.getKey() + "' is not a string");
                    meta.put(m.getKey(), m.getValue().asText());
                }
                continue;
            }
            if (!v.isObject()) throw bad(file, "tensor '" + name + "' is not an object");
            JsonNode dtype = v.get("dtype"), shape = v.get("shape"), offs = v.get("data_offsets");
            if (dtype == null || !dtype.isTextual()) throw bad(file, "tensor '" + name + "' has no dtype");
            if (!dtype.asText().equals("F32")) throw bad(file, "tensor '" + name + "' has dtype " + dtype.asText() + "; only F32 is supported");
            if (shape == null || !shape.isArray() || shape.size() > 8) throw bad(file, "tensor '" + name + "' has no valid shape");
            if (offs == null || !offs.isArray() || offs.size() != 2) throw bad(file, "tensor '" + name + "' has no valid data_offsets");
            int[] dims = new int[shape.size()];
            long count = 1;
            for (int i = 0; i < dims.length; i++) {
                JsonNode d = shape.get(i);
                if (!d.canConvertToLong() || !d.isIntegralNumber() || d.asLong() < 0 || d.asLong() > Integer.MAX_VALUE)
                    throw bad(file, "tensor '" + name + "' has an invalid dimension " + d);
                dims[i] = (int) d.asLong();
                count *= dims[i];
                if (count > dataLen) throw bad(file, "tensor '" + name + "' shape " + shape + " is larger than the data section");
            }
            JsonNode b0 = offs.get(0), b1 = offs.get(1);
            if (!b0.isIntegralNumber() || !b1.isIntegralNumber() || !b0.canConvertToLong() || !b1.canConvertToLong())
                throw bad(file, "tensor '" + name + "' has non-integer data_offsets");
            long begin = b0.asLong(), end = b1.asLong();
            if (begin < 0 || end < begin || end > dataLen)
                throw bad(file, "tensor '" + name + "' data_offsets [" + begin + ", " + end + "] outside the data section of " + dataLen + " bytes");
            if (end - begin != 4 * count)
                throw bad(file, "tensor '" + name + "' data_offsets span " + (end - begin) + " bytes but shape " + shape + " of F32 needs " + 4 * count);
            ranges.add(new long[] {begin, end});
            float[] data = new float[(int) count];
            ByteBuffer slice = ByteBuffer.wrap(bytes, (int) (dataStart + begin), (int) (end - begin)).order(ByteOrder.LITTLE_ENDIAN);
            slice.asFloatBuffer().get(data);
            tensors.put(name, new Tensor(name, dims, data));
        }
        ranges.sort((x, y) -> Long.compare(x[0], y[0]));
        long expect = 0;
        for (long[] r : ranges) {
            if (r[0] != expect) throw bad(file, "tensor data overlaps or leaves a gap at byte " + expect);
            expect = r[1];
        }
        if (expect != dataLen) throw bad(file, "data section has " + dataLen + " bytes but tensors cover " + expect);
        return new Contents(Collections.unmodifiableMap(meta), Collections.unmodifiableMap(tensors));
    }

    private static IllegalArgumentException bad(Path file, String why) {
        return new IllegalArgumentException("invalid safetensors file " + file + ": " + why);
    }
}
