package org.flatworld.sweep.slurm;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The Java command line an array task runs on a compute node: the same thing {@code ./flatworld}
 * runs, spelled out so that the node needs neither Maven nor the launcher script — only a Java ≥ 25
 * (for example a {@code jlink}ed runtime on the shared filesystem) and the built jars.
 *
 * @param java       the {@code java} executable on the nodes
 * @param jvmOptions options before {@code -cp} (the incubator module and native access come first)
 * @param classpath  the CLI's class path as the nodes see it
 * @param mainClass  the CLI entry point
 * @param globalArgs CLI options placed before the subcommand (e.g. {@code --backend cpu})
 */
public record JavaLauncher(String java, List<String> jvmOptions, String classpath, String mainClass,
                           List<String> globalArgs) {

    /** Flags every Flatworld JVM needs (see the launcher script and the root pom). */
    public static final List<String> REQUIRED_JVM_OPTIONS =
            List.of("--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED");
    public static final String CLI_MAIN = "org.flatworld.cli.Main";

    public JavaLauncher {
        if (java == null || java.isBlank()) throw new IllegalArgumentException("--java must name a java executable");
        if (classpath == null || classpath.isBlank())
            throw new IllegalArgumentException("the class path for the nodes is empty");
        jvmOptions = List.copyOf(jvmOptions);
        globalArgs = List.copyOf(globalArgs);
    }

    /**
     * The JVM running now: its {@code java}, its class path, the required flags plus {@code extraJvmOptions}.
     * Right on a cluster whose nodes mount the same filesystem at the same paths (the usual case);
     * otherwise pass {@code --java}.
     */
    public static JavaLauncher current(String javaOverride, List<String> extraJvmOptions, List<String> globalArgs) {
        String java = javaOverride != null ? javaOverride
                : Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> opts = new ArrayList<>(REQUIRED_JVM_OPTIONS);
        opts.addAll(extraJvmOptions);
        return new JavaLauncher(java, opts, absoluteClasspath(System.getProperty("java.class.path"),
                Path.of(System.getProperty("user.dir"))), CLI_MAIN, globalArgs);
    }

    /**
     * Every entry made absolute against {@code cwd} (tasks start in the sweep folder, not here);
     * a {@code dir/*} wildcard entry stays a wildcard.
     */
    public static String absoluteClasspath(String classpath, Path cwd) {
        StringBuilder sb = new StringBuilder();
        for (String e : classpath.split(File.pathSeparator)) {
            if (e.isEmpty()) continue;
            if (sb.length() > 0) sb.append(File.pathSeparator);
            boolean wildcard = e.equals("*") || e.endsWith(File.separator + "*");
            String base = wildcard ? e.substring(0, e.length() - 1) : e;
            Path abs = cwd.resolve(base.isEmpty() ? "." : base).toAbsolutePath().normalize();
            sb.append(wildcard ? abs.resolve("*").toString() : abs.toString());
        }
        return sb.toString();
    }

    /** The same launcher with another class path (tests use the Surefire class path). */
    public JavaLauncher withClasspath(String cp) {
        return new JavaLauncher(java, jvmOptions, cp, mainClass, globalArgs);
    }

    /** java, options, {@code -cp}, class path, main class, global arguments: everything before the subcommand. */
    public List<String> argv() {
        List<String> a = new ArrayList<>();
        a.add(java);
        a.addAll(jvmOptions);
        a.add("-cp");
        a.add(classpath);
        a.add(mainClass);
        a.addAll(globalArgs);
        return a;
    }
}
