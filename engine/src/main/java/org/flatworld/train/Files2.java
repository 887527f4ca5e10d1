package org.flatworld.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Small file and process helpers of the trainer. */
final class Files2 {
    private Files2() {}

    /** Writes {@code text} to a temporary file in the same folder, then renames it over {@code file}. */
    static void writeAtomically(Path file, String text) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** CPU time of this process in seconds (NaN where the JVM cannot tell). */
    static double processCpuSeconds() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            long ns = os.getProcessCpuTime();
            return ns < 0 ? Double.NaN : ns * 1e-9;
        }
        return Double.NaN;
    }

    /** "model name" of /proc/cpuinfo, cores and architecture. */
    static String hardware() {
        String model = "unknown CPU";
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    model = line.substring(line.indexOf(':') + 1).strip();
                    break;
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // not Linux: keep the generic description
        }
        return model + ", " + Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.arch")
                + ", JDK " + Runtime.version();
    }

    /** The git commit of the working tree the program runs from (found upward from the current folder), or "unknown". */
    static String codeVersion() {
        try {
            Path dir = Path.of("").toAbsolutePath();
            String root = System.getProperty("flatworld.root");
            if (root != null) dir = Path.of(root).toAbsolutePath();
            while (dir != null && !Files.isDirectory(dir.resolve(".git"))) dir = dir.getParent();
            if (dir == null) return "unknown";
            Path git = dir.resolve(".git");
            String head = Files.readString(git.resolve("HEAD")).strip();
            if (!head.startsWith("ref: ")) return head;
            String ref = head.substring(5);
            Path refFile = git.resolve(ref);
            if (Files.exists(refFile)) return Files.readString(refFile).strip();
            Path packed = git.resolve("packed-refs");
            if (Files.exists(packed))
                for (String line : Files.readAllLines(packed))
                    if (line.endsWith(" " + ref)) return line.substring(0, line.indexOf(' '));
            return "unknown";
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
