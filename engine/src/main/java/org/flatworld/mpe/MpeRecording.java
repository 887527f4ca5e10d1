package org.flatworld.mpe;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Recorded MPE episodes in the fixture format ({@code ../shared/fixtures/mpe/README.md}): JSON lines,
 * an {@code "episode"} line (scenario, kwargs, agents, initial state) followed by its {@code "step"}
 * lines (actions and the results). Problems are reported as {@link IllegalArgumentException}s whose
 * message starts with {@code "line N: "}.
 */
public final class MpeRecording {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One step line: its 1-based line number in the file and the parsed object. */
    public record Step(int line, int t, JsonNode json) {}

    /** One episode: its header line and its steps. */
    public record Episode(int line, String scenario, Map<String, Object> kwargs, boolean continuous,
                          List<String> agents, JsonNode header, List<Step> steps) {}

    private MpeRecording() {}

    /** Reads every episode of a recording. */
    public static List<Episode> read(BufferedReader in) throws IOException {
        List<Episode> episodes = new ArrayList<>();
        Episode cur = null;
        String text;
        int line = 0;
        while ((text = in.readLine()) != null) {
            line++;
            if (text.isBlank()) continue;
            JsonNode node;
            try {
                node = JSON.readTree(text);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("line " + line + ": malformed JSON: " + e.getOriginalMessage());
            }
            if (node == null || !node.isObject()) throw new IllegalArgumentException("line " + line + ": expected a JSON object");
            String type = node.path("type").asText("");
            if (type.equals("episode")) {
                cur = header(node, line);
                episodes.add(cur);
            } else if (type.equals("step")) {
                if (cur == null) throw new IllegalArgumentException("line " + line + ": a step line before any episode line");
                JsonNode t = node.get("t");
                if (t == null || !t.canConvertToInt()) throw new IllegalArgumentException("line " + line + ": step without an integer 't'");
                if (!node.path("actions").isObject()) throw new IllegalArgumentException("line " + line + ": step without an 'actions' object");
                cur.steps().add(new Step(line, t.asInt(), node));
            } else {
                throw new IllegalArgumentException("line " + line + ": unknown line type '" + type + "' (expected episode or step)");
            }
        }
        return episodes;
    }

    private static Episode header(JsonNode node, int line) {
        String scenario = node.path("scenario").asText(null);
        if (scenario == null) throw new IllegalArgumentException("line " + line + ": episode without 'scenario'");
        Map<String, Object> kwargs = new LinkedHashMap<>();
        JsonNode kw = node.path("kwargs");
        for (Iterator<Map.Entry<String, JsonNode>> it = kw.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            JsonNode v = f.getValue();
            kwargs.put(f.getKey(), v.isIntegralNumber() ? (Object) v.asLong() : v.isNumber() ? (Object) v.asDouble() : v.isBoolean() ? (Object) v.asBoolean() : v.asText());
        }
        JsonNode world = node.path("world");
        if (world.has("max_cycles")) kwargs.putIfAbsent("max_cycles", world.get("max_cycles").asLong());
        if (world.has("local_ratio") && !world.get("local_ratio").isNull() && !kwargs.containsKey("local_ratio")
                && (scenario.equals("simple_spread") || scenario.equals("simple_reference")))
            kwargs.put("local_ratio", world.get("local_ratio").asDouble());
        for (String k : new String[] {"dt", "damping", "contact_force", "contact_margin"})
            if (world.has(k)) kwargs.putIfAbsent(k, world.get(k).asDouble());
        List<String> agents = new ArrayList<>();
        for (JsonNode a : node.path("agents")) agents.add(a.asText());
        if (!node.path("initial_state").isObject()) throw new IllegalArgumentException("line " + line + ": episode without 'initial_state'");
        return new Episode(line, scenario, kwargs, node.path("continuous").asBoolean(false), agents, node, new ArrayList<>());
    }

    /** The layout of an episode (its scenario and kwargs), with the error naming the episode's line. */
    public static MpeLayout layout(Episode ep) {
        try {
            return MpeLayout.of(ep.scenario(), ep.kwargs());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("line " + ep.line() + ": " + e.getMessage());
        }
    }

    /** A reference environment set to the episode's initial state. */
    public static MpeReference start(Episode ep) {
        MpeLayout l = layout(ep);
        int line = ep.line();
        if (!ep.agents().equals(l.agentNames()))
            throw new IllegalArgumentException("line " + line + ": agents " + ep.agents() + " do not match " + ep.scenario() + " with these kwargs, which has " + l.agentNames());
        MpeReference ref = new MpeReference(l);
        JsonNode st = ep.header().path("initial_state");
        JsonNode agents = st.path("agents"), landmarks = st.path("landmarks");
        if (agents.size() != l.agents || landmarks.size() != l.entities - l.agents)
            throw new IllegalArgumentException("line " + line + ": initial_state has " + agents.size() + " agents and " + landmarks.size()
                    + " landmarks; " + ep.scenario() + " needs " + l.agents + " and " + (l.entities - l.agents));
        for (int e = 0; e < l.entities; e++) {
            JsonNode b = e < l.agents ? agents.get(e) : landmarks.get(e - l.agents);
            String name = b.path("name").asText("");
            if (!name.equals(l.names[e]))
                throw new IllegalArgumentException("line " + line + ": entity " + e + " is '" + name + "', expected '" + l.names[e] + "'");
            ref.setBody(e, num(b, "pos", 0, line), num(b, "pos", 1, line), num(b, "vel", 0, line), num(b, "vel", 1, line));
            if (e < l.agents) {
                JsonNode c = b.path("comm_state");
                double[] comm = new double[l.dimC];
                for (int k = 0; k < l.dimC && k < c.size(); k++) comm[k] = c.get(k).asDouble();
                ref.setComm(e, comm);
                if (b.has("goal_b_landmark_index")) ref.setGoalLandmark(e, b.get("goal_b_landmark_index").asInt());
            }
        }
        ref.restart();
        return ref;
    }

    private static double num(JsonNode body, String field, int i, int line) {
        JsonNode v = body.path(field).path(i);
        if (!v.isNumber()) throw new IllegalArgumentException("line " + line + ": '" + field + "[" + i + "]' of '" + body.path("name").asText() + "' is not a number");
        return v.asDouble();
    }

    /** Applies a step line's recorded actions to {@code ref}. */
    public static void apply(MpeReference ref, Episode ep, Step step) {
        MpeLayout l = ref.layout();
        JsonNode acts = step.json().path("actions");
        if (acts.size() != l.agents)
            throw new IllegalArgumentException("line " + step.line() + ": actions for " + acts.size() + " agents, " + ep.scenario() + " has " + l.agents);
        try {
            if (ep.continuous()) {
                float[][] u = new float[l.agents][];
                for (int a = 0; a < l.agents; a++) {
                    JsonNode v = acts.get(l.names[a]);
                    if (v == null || !v.isArray()) throw new IllegalArgumentException("no continuous action (array) for agent '" + l.names[a] + "'");
                    u[a] = new float[v.size()];
                    for (int k = 0; k < v.size(); k++) {
                        if (!v.get(k).isNumber()) throw new IllegalArgumentException("action of '" + l.names[a] + "' entry " + k + " is not a number");
                        double x = v.get(k).asDouble();
                        if (!(x >= 0 && x <= 1)) throw new IllegalArgumentException("action of '" + l.names[a] + "' entry " + k + " must be in [0, 1], got " + x);
                        u[a][k] = (float) x;
                    }
                }
                ref.stepContinuous(u);
            } else {
                int[] u = new int[l.agents];
                for (int a = 0; a < l.agents; a++) {
                    JsonNode v = acts.get(l.names[a]);
                    if (v == null || !v.canConvertToInt() || !v.isIntegralNumber())
                        throw new IllegalArgumentException("no integer action for agent '" + l.names[a] + "'");
                    u[a] = v.asInt();
                }
                ref.stepDiscrete(u);
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("line " + step.line() + ": " + e.getMessage());
        }
    }
}
