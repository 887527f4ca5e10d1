package org.flatworld.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Launches JMH with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE removed from the environment. This
 * machine's environment pins OpenBLAS to its AVX2 kernels (PERF.md); JMH's {@code @Fork} can add
 * JVM arguments but not unset variables, and the forks inherit this process's environment, so
 * when either variable is set we re-execute ourselves without them. Then it prints which core
 * OpenBLAS picked and hands the arguments to {@code org.openjdk.jmh.Main}.
 *
 * <pre>java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
 *   -cp bench/target/flatworld-bench.jar:bench/target/lib/* org.flatworld.bench.BenchMain Gemm -f 1 -wi 2 -i 3</pre>
 */
public final class BenchMain {
    static final String[] PINNING = {"OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"};

    private BenchMain() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> env = System.getenv();
        boolean pinned = false;
        for (String v : PINNING) pinned |= env.containsKey(v);
        if (pinned) {
            System.exit(reexec(args));
            return;
        }
        OpenBlas.load().ifPresent(b -> System.out.println("openblas: corename " + b.coreName()
                + " (OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset)"));
        org.openjdk.jmh.Main.main(args);
    }

    private static int reexec(String[] args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(BenchMain.class.getName());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
        for (String v : PINNING) pb.environment().remove(v);
        System.err.println("bench: re-executing without " + String.join(", ", PINNING));
        return pb.start().waitFor();
    }
}
