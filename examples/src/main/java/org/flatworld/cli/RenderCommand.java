package org.flatworld.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.flatworld.env.Policy;
import org.flatworld.eval.Evaluator;
import org.flatworld.task.Complexity;
import org.flatworld.task.EpisodeRender;
import org.flatworld.task.Split;
import org.flatworld.task.Task;
import org.flatworld.task.TaskSampler;
import org.flatworld.train.Checkpoints;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code flatworld render}: draws one episode of a task as an SVG filmstrip, an animated GIF or an
 * HTML page. The task is found by id among the tasks {@code flatworld tasks} lists for the same
 * config and seed (or given as {@code SPLIT:INDEX}).
 */
@Command(name = "render", mixinStandardHelpOptions = true,
        description = "Draws an episode of a task: .svg (frames), .gif or .html (animated).")
public class RenderCommand implements Callable<Integer> {
    @Option(names = "--task", required = true,
            description = "Task id (16 hex digits, as printed by flatworld tasks) or SPLIT:INDEX, e.g. train:0.")
    String taskRef;

    @Option(names = "--out", required = true, description = "Output file: .svg, .gif or .html.")
    Path out;

    @Option(names = "--run", description = "A run folder of flatworld train: its policy plays player 0 and its config is used.")
    Path run;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    TasksCommand.Source source;

    @Option(names = "--set", description = "Override one knob (key=value). Repeatable.")
    List<String> sets = new ArrayList<>();

    @Option(names = "--split", description = "Search only this split for the id (default: every declared split).")
    String split;

    @Option(names = "--policy", defaultValue = "oracle", description = "Player 0 without --run: oracle or random (default: ${DEFAULT-VALUE}).")
    String policy;

    @Option(names = "--seed", defaultValue = "0", description = "Sampler seed the id was listed with (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--episode-seed", defaultValue = "0", description = "Seed of the episode (co-players, sampling).")
    long episodeSeed;

    @Option(names = "--search", defaultValue = "2000", description = "Tasks per split searched for the id (default: ${DEFAULT-VALUE}).")
    int search;

    @Override
    public Integer call() {
        String name = out.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!(name.endsWith(".svg") || name.endsWith(".gif") || name.endsWith(".html") || name.endsWith(".htm")))
            throw new UserError("--out must end in .svg, .gif or .html, got '" + out + "'");
        if (search < 1 || search > 1_000_000) throw new UserError("--search must be in [1, 1000000], got " + search);
        Complexity c;
        Policy pol = null;
        EpisodeRender.Driver driver;
        if (run != null) {
            Checkpoints.LoadedPolicy loaded = Checkpoints.loadPolicy(run);
            pol = loaded.policy();
            c = source != null || !sets.isEmpty() ? TasksCommand.complexity(source, sets) : Evaluator.complexityOf(loaded.config());
            driver = EpisodeRender.Driver.POLICY;
        } else {
            c = TasksCommand.complexity(source, sets);
            driver = switch (policy) {
                case "oracle" -> EpisodeRender.Driver.ORACLE;
                case "random" -> EpisodeRender.Driver.RANDOM;
                default -> throw new UserError("--policy must be oracle or random, got '" + policy + "'");
            };
        }
        Task task = find(c);
        EpisodeRender r = EpisodeRender.record(c, task, driver, pol, episodeSeed);
        r.write(out);
        System.err.printf(Locale.ROOT, "render: task %s (%s) return %.0f over %d steps → %s%n",
                task.idHex(), task.split().label(), r.episodeReturn(), c.horizon(), out);
        return 0;
    }

    private Task find(Complexity c) {
        int colon = taskRef.indexOf(':');
        if (colon > 0) {
            Split s = Split.fromLabel(taskRef.substring(0, colon));
            int index;
            try {
                index = Integer.parseInt(taskRef.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new UserError("--task SPLIT:INDEX needs an integer index, got '" + taskRef + "'");
            }
            if (index < 0 || index >= 1_000_000) throw new UserError("--task index must be in [0, 999999], got " + index);
            TaskSampler sampler = new TaskSampler(c, seed, s);
            Task t = null;
            for (int i = 0; i <= index; i++) t = sampler.next();
            return t;
        }
        long id;
        try {
            id = Long.parseUnsignedLong(taskRef.startsWith("0x") ? taskRef.substring(2) : taskRef, 16);
        } catch (NumberFormatException e) {
            throw new UserError("--task must be a 16-hex-digit id or SPLIT:INDEX, got '" + taskRef + "'");
        }
        List<Split> splits = new ArrayList<>();
        if (split != null) splits.add(Split.fromLabel(split));
        else for (Split s : Split.values()) if (c.hasSplit(s)) splits.add(s);
        for (Split s : splits) {
            TaskSampler sampler = new TaskSampler(c, seed, s);
            for (int i = 0; i < search; i++) {
                Task t = sampler.next();
                if (t.id() == id) return t;
            }
        }
        throw new UserError("task " + taskRef + " not found in the first " + search + " tasks of "
                + splits.stream().map(Split::label).toList()
                + " for this config and --seed " + seed + " (list ids with flatworld tasks)");
    }
}
