package org.flatworld.sweep.slurm;

import java.util.List;
import java.util.regex.Pattern;

/**
 * What each array task asks the cluster for. Every field maps to one {@code #SBATCH} line
 * (docs/CLUSTER.md has the table); {@code null} or 0 leaves the site default.
 *
 * @param partition     {@code --partition}; null = the cluster's default partition
 * @param account       {@code --account}; null = the user's default account
 * @param time          {@code --time} per trial, Slurm syntax ({@code MM}, {@code HH:MM:SS}, {@code D-HH:MM}…)
 * @param cpusPerTrial  {@code --cpus-per-task}, ≥ 1
 * @param gpusPerTrial  {@code --gres=gpu:N}, ≥ 0 (0 = no GPU line)
 * @param memPerTrial   {@code --mem}, e.g. {@code 4G}, {@code 1500M}; null = site default
 * @param maxConcurrent the {@code %K} throttle: at most K trials of the sweep run at once, 0 = no limit
 * @param jobName       {@code --job-name}
 * @param extraSbatch   extra directives copied verbatim after {@code #SBATCH }, e.g. {@code --qos=high}
 */
public record SlurmOptions(String partition, String account, String time, int cpusPerTrial, int gpusPerTrial,
                           String memPerTrial, int maxConcurrent, String jobName, List<String> extraSbatch) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.:+@-]+");
    // minutes | MM:SS | HH:MM:SS | D-HH | D-HH:MM | D-HH:MM:SS | UNLIMITED
    private static final Pattern TIME = Pattern.compile(
            "\\d+|\\d+:\\d{1,2}|\\d+:\\d{1,2}:\\d{1,2}|\\d+-\\d{1,2}(:\\d{1,2}){0,2}|(?i:unlimited|infinite)");
    private static final Pattern MEM = Pattern.compile("\\d+[KMGT]?");

    public SlurmOptions {
        checkName("--partition", partition, true);
        checkName("--account", account, true);
        checkName("--job-name", jobName, false);
        if (time != null && !TIME.matcher(time).matches())
            throw new IllegalArgumentException("--time must be Slurm time syntax (minutes, HH:MM:SS or D-HH:MM:SS), got '"
                    + time + "'");
        if (cpusPerTrial < 1) throw new IllegalArgumentException("--cpus-per-trial must be >= 1, got " + cpusPerTrial);
        if (gpusPerTrial < 0) throw new IllegalArgumentException("--gpus-per-trial must be >= 0, got " + gpusPerTrial);
        if (memPerTrial != null && !MEM.matcher(memPerTrial).matches())
            throw new IllegalArgumentException("--mem-per-trial must be a number with an optional K/M/G/T suffix, got '"
                    + memPerTrial + "'");
        if (maxConcurrent < 0) throw new IllegalArgumentException("--max-concurrent must be >= 0, got " + maxConcurrent);
        extraSbatch = List.copyOf(extraSbatch == null ? List.of() : extraSbatch);
        for (String line : extraSbatch) {
            String d = line.strip();
            if (d.isEmpty() || d.contains("\n") || d.contains("\r") || !d.startsWith("-"))
                throw new IllegalArgumentException("--sbatch takes one option such as --qos=high (no newlines), got '"
                        + line.replace("\n", "\\n") + "'");
        }
    }

    /** One CPU, no GPU, site defaults for everything else, no throttle. */
    public static SlurmOptions defaults() {
        return new SlurmOptions(null, null, null, 1, 0, null, 0, "flatworld", List.of());
    }

    private static void checkName(String option, String value, boolean nullable) {
        if (value == null && nullable) return;
        if (value == null || !NAME.matcher(value).matches())
            throw new IllegalArgumentException(option + " must be letters, digits and _.:+@- only, got '" + value + "'");
    }
}
