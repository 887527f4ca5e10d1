package org.flatworld.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.flatworld.task.Complexity;
import org.flatworld.task.Split;
import org.flatworld.task.Task;
import org.flatworld.task.TaskSampler;
import org.flatworld.task.Vocabulary;
import org.flatworld.world.WorldSpec;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code flatworld tasks}: lists sampled tasks as JSON lines (CONTRACT.md). */
@Command(name = "tasks", mixinStandardHelpOptions = true,
        description = "Samples tasks of a complexity config and prints one JSON object per line: id, split, goal per player, world summary.")
public class TasksCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** --preset | --config, plus --set overrides; shared with render. */
    static final class Source {
        @Option(names = "--preset", description = "A complexity preset: trivial, small, medium, large.")
        String preset;

        @Option(names = "--config", description = "A complexity config file (JSON or YAML): optional \"preset\" plus overrides.")
        Path config;
    }

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Source source;

    @Option(names = "--set", description = "Override one knob, e.g. --set objects=6 (value parsed as JSON, else a string). Repeatable.")
    List<String> sets = new ArrayList<>();

    @Option(names = "--split", defaultValue = "train", description = "train, test-id or an OOD split declared by the config (default: ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--count", defaultValue = "10", description = "Number of tasks (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--seed", defaultValue = "0", description = "Sampler seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--stats", description = "Print the sampler's rejection rate to stderr.")
    boolean stats;

    @Option(names = "--sizes", description = "Print the config's size measures (|A|, obsDim, log10 sizes of state, goal and policy space) as one JSON object instead of tasks.")
    boolean sizes;

    @Override
    public Integer call() throws Exception {
        if (count < 0 || count > 10_000_000) throw new UserError("--count must be in [0, 10000000], got " + count);
        Complexity c = complexity(source, sets);
        if (sizes) {
            System.out.println(JSON.writeValueAsString(c.sizes()));
            return 0;
        }
        TaskSampler sampler = new TaskSampler(c, seed, Split.fromLabel(split));
        PrintStream out = System.out;
        for (int i = 0; i < count; i++) out.println(JSON.writeValueAsString(describe(sampler.next())));
        out.flush();
        if (stats)
            System.err.printf(Locale.ROOT, "tasks: %d accepted of %d candidates, rejection rate %.3f %s%n",
                    sampler.accepted(), sampler.attempts(), sampler.rejectionRate(), sampler.rejections());
        return 0;
    }

    /** The config named by --preset / --config (default preset small) with every --set applied. */
    static Complexity complexity(Source source, List<String> sets) {
        Complexity c;
        if (source != null && source.config != null) c = Complexity.load(source.config);
        else c = Complexity.preset(source != null && source.preset != null ? source.preset : "small");
        for (String kv : sets) {
            int eq = kv.indexOf('=');
            if (eq <= 0) throw new UserError("--set needs key=value, got '" + kv + "'");
            String key = kv.substring(0, eq), value = kv.substring(eq + 1);
            JsonNode v;
            try {
                v = JSON.readTree(value);
            } catch (Exception e) {
                v = null;
            }
            if (v == null || v.isMissingNode()) v = JSON.getNodeFactory().textNode(value);
            c = c.with(key, v);
        }
        return c;
    }

    /** One JSON line: id, split, goal per player, co-players, relations and a world summary. */
    static ObjectNode describe(Task t) {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", t.idHex());
        o.put("split", t.split().label());
        ObjectNode goal = o.putObject("goal");
        for (int p = 0; p < t.players(); p++) goal.put("player" + p, t.goals().get(p).format(p));
        ArrayNode co = o.putArray("coPlayers");
        t.coPlayers().forEach(x -> co.add(x.label()));
        ArrayNode rel = o.putArray("relations");
        t.relations().forEach(x -> rel.add(x.label()));
        WorldSpec w = t.world();
        ObjectNode world = o.putObject("world");
        world.put("worldSize", w.worldSize());
        world.put("players", w.players());
        world.put("damping", w.damping());
        world.put("massScale", w.massScale());
        ArrayNode objs = world.putArray("objects");
        for (int i = 0; i < w.objects(); i++)
            objs.add(Vocabulary.colour(w.objectColour()[i]) + " " + Vocabulary.shape(w.objectShape()[i]));
        ArrayNode zones = world.putArray("zones");
        for (int i = 0; i < w.zones(); i++) zones.add(Vocabulary.colour(w.zoneColour()[i]) + " zone");
        world.put("obstacles", w.obstacles());
        return o;
    }
}
