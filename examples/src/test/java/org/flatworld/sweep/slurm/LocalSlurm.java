package org.flatworld.sweep.slurm;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A real single-node Slurm for tests (../shared/notes/SLURM.md): installs Debian's packages when
 * missing (root only), then starts a private {@code munged} (own socket and key use in a temp folder),
 * {@code slurmctld} and {@code slurmd} on loopback with a generated {@code slurm.conf} and free ports,
 * all as child processes of the test JVM. {@link #close()} cancels the jobs it ran and stops exactly
 * those three processes. Nothing is installed as a service and nothing outside the folder is touched
 * (besides the package install).
 */
final class LocalSlurm implements AutoCloseable {
    static final String NODE = "fwnode";
    /** Array indices must be below this: tiny, so the tests' sweeps exercise chunking on a real controller. */
    static final int MAX_ARRAY_SIZE = 4;
    private static final List<String> TOOLS = List.of("/usr/sbin/munged", "/usr/sbin/slurmctld", "/usr/sbin/slurmd",
            "/usr/bin/sbatch", "/usr/bin/squeue", "/usr/bin/scontrol", "/usr/bin/sinfo", "/usr/bin/scancel");

    final Path dir;
    final Path conf;
    final Path mungeSocket;
    private final List<Process> started = new ArrayList<>();

    private LocalSlurm(Path dir) {
        this.dir = dir;
        this.conf = dir.resolve("slurm.conf");
        this.mungeSocket = dir.resolve("munge").resolve("munge.socket");
    }

    /** Null when the Slurm and munge programs are (now) installed, else why they are not. */
    static String installIfMissing() {
        if (installed()) return null;
        if (!"root".equals(System.getProperty("user.name"))) return "Slurm is not installed and this is not root";
        if (!Files.isExecutable(Path.of("/usr/bin/apt-get"))) return "Slurm is not installed and there is no apt-get";
        try {
            Result r = run(List.of("bash", "-c", "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "
                    + "--no-install-recommends slurmctld slurmd slurm-client munge"), Map.of(), 240);
            if (r.exit != 0) return "apt-get could not install Slurm: " + lastLine(r.out);
        } catch (IOException e) {
            return "apt-get failed: " + e.getMessage();
        }
        return installed() ? null : "Slurm packages installed but programs are missing";
    }

    private static boolean installed() {
        for (String t : TOOLS) if (!Files.isExecutable(Path.of(t))) return false;
        return Files.isReadable(Path.of("/etc/munge/munge.key")) || "root".equals(System.getProperty("user.name"));
    }

    /**
     * Starts munged, slurmctld and slurmd in {@code dir} (created; every folder above it must be
     * world-executable, as munged checks) and waits for the node to be idle.
     */
    static LocalSlurm start(Path dir) throws IOException, InterruptedException {
        LocalSlurm s = new LocalSlurm(Files.createDirectories(dir));
        try {
            s.startAll();
        } catch (IOException | InterruptedException | RuntimeException e) {
            s.close();
            throw e;
        }
        return s;
    }

    /** Environment for the Slurm clients (SLURM_CONF). */
    Map<String, String> env() { return Map.of("SLURM_CONF", conf.toString()); }

    SlurmClient client() {
        return new SlurmClient(SlurmClient.pathDirs(System.getenv("PATH")), env());
    }

    private void startAll() throws IOException, InterruptedException {
        // munged insists that every folder above its socket is world-executable and that its own is its user's.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path munge = Files.createDirectories(dir.resolve("munge"));
        Files.setPosixFilePermissions(munge, PosixFilePermissions.fromString("rwxr-xr-x"));
        UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
        PosixFileAttributeView view = Files.getFileAttributeView(munge, PosixFileAttributeView.class);
        view.setOwner(users.lookupPrincipalByName("munge"));
        GroupPrincipal group = users.lookupPrincipalByGroupName("munge");
        view.setGroup(group);
        for (String d : List.of("state", "spool", "log")) Files.createDirectories(dir.resolve(d));

        Process munged = spawn(List.of("setpriv", "--reuid=munge", "--regid=munge", "--init-groups",
                "/usr/sbin/munged", "--foreground", "--socket=" + munge.resolve("munge.socket"),
                "--pid-file=" + munge.resolve("munged.pid"), "--log-file=" + munge.resolve("munged.log"),
                "--seed-file=" + munge.resolve("munged.seed")), "munged");
        waitFor(() -> Files.exists(munge.resolve("munge.socket")) || !munged.isAlive(), 15, "munged to create its socket");
        if (!munged.isAlive()) throw new IOException("munged exited: " + tail(dir.resolve("munged.out")));

        String host = run(List.of("hostname", "-s"), Map.of(), 10).out.strip();
        int ctldPort = freePort(), slurmdPort = freePort();
        Files.writeString(conf, config(host, ctldPort, slurmdPort));

        Process ctld = spawn(List.of("/usr/sbin/slurmctld", "-D", "-i", "-f", conf.toString()), "slurmctld");
        Process slurmd = spawn(List.of("/usr/sbin/slurmd", "-D", "-f", conf.toString(), "-N", NODE), "slurmd");
        waitFor(() -> {
            if (!ctld.isAlive() || !slurmd.isAlive()) return true;
            try {
                return run(List.of("sinfo", "--noheader", "--format=%t"), env(), 10).out.strip().equals("idle");
            } catch (IOException e) {
                return false;
            }
        }, 45, "the Slurm node to become idle");
        if (!ctld.isAlive()) throw new IOException("slurmctld exited: " + tail(dir.resolve("slurmctld.out")));
        if (!slurmd.isAlive()) throw new IOException("slurmd exited: " + tail(dir.resolve("slurmd.out")));
    }

    private String config(String host, int ctldPort, int slurmdPort) {
        String d = dir.toString();
        return String.join("\n",
                "# Generated by LocalSlurm (a test): one node on loopback, state in " + d,
                "ClusterName=flatworldtest",
                "SlurmctldHost=" + host + "(127.0.0.1)",
                "SlurmctldPort=" + ctldPort,
                "SlurmdPort=" + slurmdPort,
                "SlurmUser=root",
                "SlurmdUser=root",
                "AuthType=auth/munge",
                "CredType=cred/munge",
                "AuthInfo=socket=" + mungeSocket,
                "ProctrackType=proctrack/pgid", // kills the whole process group: no task outlives a cancel
                "TaskPlugin=task/none",
                "SelectType=select/cons_tres",
                "SelectTypeParameters=CR_Core",
                "SwitchType=switch/none",
                "MpiDefault=none",
                "JobAcctGatherType=jobacct_gather/none",
                "AccountingStorageType=accounting_storage/none",
                "JobCompType=jobcomp/none",
                "ReturnToService=2",
                "KillWait=5",
                "SchedulerType=sched/backfill",
                "# tiny, so that the tests' sweeps are split into chunks",
                "MaxArraySize=" + MAX_ARRAY_SIZE,
                "StateSaveLocation=" + d + "/state",
                "SlurmdSpoolDir=" + d + "/spool/slurmd-%n",
                "SlurmctldPidFile=" + d + "/slurmctld.pid",
                "SlurmdPidFile=" + d + "/slurmd-%n.pid",
                "SlurmctldLogFile=" + d + "/log/slurmctld.log",
                "SlurmdLogFile=" + d + "/log/slurmd-%n.log",
                "NodeName=" + NODE + " NodeHostname=" + host + " NodeAddr=127.0.0.1 CPUs=2 RealMemory=4000 State=UNKNOWN",
                "PartitionName=debug Nodes=" + NODE + " Default=YES MaxTime=INFINITE State=UP",
                "");
    }

    private Process spawn(List<String> argv, String name) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".out").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().putAll(env());
        Process p = pb.start();
        started.add(p);
        return p;
    }

    /** Cancels every job of this cluster, then stops slurmd, slurmctld and munged — the processes it started. */
    @Override
    public void close() {
        if (Files.exists(conf) && started.size() == 3 && started.get(1).isAlive()) {
            try {
                run(List.of("scancel", "--full", "--user=" + System.getProperty("user.name")), env(), 20);
                waitFor(() -> {
                    try {
                        return run(List.of("squeue", "--noheader"), env(), 10).out.isBlank();
                    } catch (IOException e) {
                        return true;
                    }
                }, 20, "the queue to drain");
            } catch (IOException | ConditionTimeoutException e) {
                // stopping the daemons below ends what is left
            }
        }
        for (int i = started.size() - 1; i >= 0; i--) {
            Process p = started.get(i);
            // setpriv execs munged, so this is munged's own pid; SIGTERM is the clean stop for all three
            p.destroy();
            try {
                if (!p.waitFor(15, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    p.waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        started.clear();
    }

    boolean allAlive() {
        for (Process p : started) if (!p.isAlive()) return false;
        return started.size() == 3;
    }

    List<Long> pids() {
        List<Long> l = new ArrayList<>();
        for (Process p : started) l.add(p.pid());
        return l;
    }

    // ---- small process helpers ----

    record Result(int exit, String out) {}

    static Result run(List<String> argv, Map<String, String> env, int timeoutSeconds) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().putAll(env);
        Process p = pb.start();
        try {
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(argv.get(0) + " timed out");
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    interface Check { boolean ok() throws IOException; }

    static void waitFor(Check check, int seconds, String what) {
        Awaitility.await(what).atMost(Duration.ofSeconds(seconds)).pollInterval(Duration.ofMillis(250))
                .ignoreException(IOException.class).until(check::ok);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String tail(Path f) {
        try {
            return lastLine(Files.readString(f));
        } catch (IOException e) {
            return "(no output)";
        }
    }

    private static String lastLine(String s) {
        String[] lines = s.strip().split("\\R");
        return lines.length == 0 ? "" : lines[lines.length - 1];
    }
}
