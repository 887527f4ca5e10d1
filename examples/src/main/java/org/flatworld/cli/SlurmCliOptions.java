package org.flatworld.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flatworld.sweep.SweepExecutor;
import org.flatworld.sweep.SweepFolder;
import org.flatworld.sweep.slurm.JavaLauncher;
import org.flatworld.sweep.slurm.SlurmClient;
import org.flatworld.sweep.slurm.SlurmExecutor;
import org.flatworld.sweep.slurm.SlurmOptions;
import org.flatworld.sweep.slurm.SlurmStatus;
import org.flatworld.sweep.slurm.SlurmSweepExecutor;
import picocli.CommandLine.Option;

/**
 * The Slurm options of {@code flatworld sweep} (a picocli mixin; docs/CLUSTER.md maps each one to
 * its {@code #SBATCH} line), the Slurm executor they configure, and {@code sweep --status DIR}.
 */
public final class SlurmCliOptions {
    @Option(names = "--partition", paramLabel = "P", description = "Slurm partition (#SBATCH --partition).")
    String partition;

    @Option(names = "--account", paramLabel = "A", description = "Slurm account to charge (#SBATCH --account).")
    String account;

    @Option(names = "--time", paramLabel = "T", description = "Time limit per trial, Slurm syntax: minutes, HH:MM:SS, D-HH:MM (#SBATCH --time).")
    String time;

    @Option(names = "--cpus-per-trial", paramLabel = "N", description = "CPUs per trial (#SBATCH --cpus-per-task; default: the config's threads per trial).")
    Integer cpusPerTrial;

    @Option(names = "--gpus-per-trial", paramLabel = "G", defaultValue = "0", description = "GPUs per trial (#SBATCH --gres=gpu:G; default: ${DEFAULT-VALUE}).")
    int gpusPerTrial;

    @Option(names = "--mem-per-trial", paramLabel = "M", description = "Memory per trial, e.g. 4G (#SBATCH --mem).")
    String memPerTrial;

    @Option(names = "--max-concurrent", paramLabel = "K", defaultValue = "0", description = "At most K trials at once (--array=…%%K; 0 = no limit).")
    int maxConcurrent;

    @Option(names = "--sbatch", paramLabel = "OPTION", description = "Extra #SBATCH line, e.g. --sbatch=--qos=high (repeatable).")
    List<String> extraSbatch = new ArrayList<>();

    @Option(names = "--job-name", paramLabel = "NAME", defaultValue = "flatworld", description = "Slurm job name (default: ${DEFAULT-VALUE}).")
    String jobName;

    @Option(names = "--java", paramLabel = "PATH", description = "java (≥ 25) on the compute nodes, e.g. a jlink'ed runtime on the shared filesystem (default: the java running now).")
    String java;

    @Option(names = "--java-opt", paramLabel = "OPTION", description = "Extra JVM option for trials on the nodes, e.g. --java-opt=-Xmx8g (repeatable).")
    List<String> javaOpts = new ArrayList<>();

    @Option(names = "--node-classpath", paramLabel = "CP", description = "The CLI's class path as the nodes see it (default: this JVM's).")
    String nodeClasspath;

    @Option(names = "--slurm-conf", paramLabel = "FILE", description = "slurm.conf for the Slurm commands (sets SLURM_CONF).")
    Path slurmConf;

    @Option(names = "--detach", description = "Return once Slurm accepted the job arrays (default: wait, then merge).")
    boolean detach;

    @Option(names = "--wait", description = "Wait until every trial ended, then merge (the default).")
    boolean waitForTrials;

    @Option(names = "--poll", paramLabel = "SECONDS", defaultValue = "10", description = "How often to ask squeue while waiting (default: ${DEFAULT-VALUE}).")
    double pollSeconds;

    @Option(names = "--status", paramLabel = "DIR", description = "Show done/running/pending/failed trials of a sweep folder (from the folder, squeue and sacct) and exit.")
    Path status;

    /** Refuses Slurm options with another engine (they would be silently ignored). */
    void checkEngine(String engine) {
        if (engine.equals("slurm")) return;
        String given = partition != null ? "--partition" : account != null ? "--account" : time != null ? "--time"
                : cpusPerTrial != null ? "--cpus-per-trial" : gpusPerTrial != 0 ? "--gpus-per-trial"
                : memPerTrial != null ? "--mem-per-trial" : maxConcurrent != 0 ? "--max-concurrent"
                : !extraSbatch.isEmpty() ? "--sbatch" : java != null ? "--java" : !javaOpts.isEmpty() ? "--java-opt"
                : nodeClasspath != null ? "--node-classpath" : detach ? "--detach" : waitForTrials ? "--wait" : null;
        if (given != null) throw new UserError(given + " applies to --engine slurm only (this sweep runs with --engine " + engine + ")");
    }

    /** The executor for {@code --engine slurm}. */
    SweepExecutor executor(SweepFolder folder) {
        if (detach && waitForTrials) throw new IllegalArgumentException("--wait and --detach exclude each other; give one");
        return new SlurmSweepExecutor(core(folder.config().threadsOrDefault()), detach, System.err);
    }

    private SlurmExecutor core(int defaultCpus) {
        if (!(pollSeconds >= 0.05 && pollSeconds <= 3600))
            throw new IllegalArgumentException("--poll must be in [0.05, 3600] seconds, got " + pollSeconds);
        SlurmOptions opt = new SlurmOptions(partition, account, time, cpusPerTrial != null ? cpusPerTrial : defaultCpus,
                gpusPerTrial, memPerTrial, maxConcurrent, jobName, extraSbatch);
        JavaLauncher launcher = JavaLauncher.current(java, javaOpts, List.of("--backend", Main.backend()));
        if (nodeClasspath != null) launcher = launcher.withClasspath(nodeClasspath);
        return new SlurmExecutor(SlurmClient.fromEnvironment(slurmConf), opt, launcher,
                Duration.ofMillis(Math.round(pollSeconds * 1000)), System.err);
    }

    /** After {@code --detach}: trials are queued, nothing to merge yet; with {@code --json} one object saying so. */
    int detached(SweepFolder folder, boolean json) throws IOException {
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("out", folder.dir().toString());
            o.put("trials", folder.size());
            o.put("finished", folder.size() - folder.pending().size());
            o.put("detached", true);
            System.out.println(new ObjectMapper().writeValueAsString(o));
        }
        return 0;
    }

    /** {@code sweep --status DIR}: a summary and one line per unfinished trial, or one JSON object. */
    int printStatus(boolean json) throws IOException {
        SweepFolder folder = SweepFolder.open(status);
        SlurmStatus st = core(folder.config().threadsOrDefault()).status(folder.dir(), folder.size());
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("sweep", folder.dir().toString());
            o.put("trials", folder.size());
            for (SlurmStatus.State s : SlurmStatus.State.values()) o.put(s.name().toLowerCase(), st.count(s));
            List<Map<String, Object>> rest = new ArrayList<>();
            for (SlurmStatus.Trial t : st.trials()) {
                if (t.state() == SlurmStatus.State.DONE) continue;
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("index", t.index());
                r.put("state", t.state().name().toLowerCase());
                r.put("job", t.jobId());
                r.put("detail", t.detail());
                rest.add(r);
            }
            o.put("unfinished", rest);
            o.put("queue_known", st.queueKnown());
            if (!st.note().isEmpty()) o.put("note", st.note());
            System.out.println(new ObjectMapper().writeValueAsString(o));
            return 0;
        }
        System.out.println(folder.dir() + ": " + st.summary());
        for (SlurmStatus.Trial t : st.trials()) {
            if (t.state() == SlurmStatus.State.DONE) continue;
            System.out.println("  trial " + t.index() + "  " + t.state().name().toLowerCase()
                    + (t.jobId().isEmpty() ? "" : "  job " + t.jobId()) + (t.detail().isEmpty() ? "" : "  " + t.detail()));
        }
        if (!st.queueKnown())
            System.out.println("note: the queue is unknown (" + st.note() + "): queued or running trials show as failed");
        if (st.allDone()) System.out.println("all trials done; `flatworld report --sweep " + folder.dir() + "` merges them");
        return 0;
    }
}
