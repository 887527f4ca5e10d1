package org.flatworld.sweep;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One trial of a sweep: which complexity (knob overrides on top of the base), model, seed and
 * algorithm. {@code axis} is the knob this trial varies ({@code "product"} in product mode) and
 * {@code level} its value.
 */
@JsonPropertyOrder({"index", "axis", "level", "knobs", "model", "seed", "algorithm"})
public record TrialSpec(int index, String axis, double level, LinkedHashMap<String, Double> knobs,
                        SweepConfig.Model model, long seed, String algorithm) {

    /** The trials of a config in a fixed order: axis, level, model, seed, algorithm (last varies fastest). */
    public static List<TrialSpec> grid(SweepConfig c) {
        List<TrialSpec> out = new ArrayList<>();
        List<LinkedHashMap<String, Double>> combos = new ArrayList<>();
        List<String> comboAxis = new ArrayList<>();
        List<Double> comboLevel = new ArrayList<>();
        if ("product".equals(c.axesMode())) {
            combos.add(new LinkedHashMap<>());
            for (Map.Entry<String, List<Double>> e : c.axes().entrySet()) {
                List<LinkedHashMap<String, Double>> next = new ArrayList<>();
                for (LinkedHashMap<String, Double> partial : combos)
                    for (Double v : e.getValue()) {
                        LinkedHashMap<String, Double> m = new LinkedHashMap<>(partial);
                        m.put(e.getKey(), v);
                        next.add(m);
                    }
                combos = next;
            }
            for (LinkedHashMap<String, Double> m : combos) {
                comboAxis.add("product");
                double prod = 1;
                for (double v : m.values()) prod *= v;
                comboLevel.add(prod);
            }
        } else {
            for (Map.Entry<String, List<Double>> e : c.axes().entrySet())
                for (Double v : e.getValue()) {
                    LinkedHashMap<String, Double> m = new LinkedHashMap<>();
                    m.put(e.getKey(), v);
                    combos.add(m);
                    comboAxis.add(e.getKey());
                    comboLevel.add(v);
                }
        }
        for (int k = 0; k < combos.size(); k++)
            for (SweepConfig.Model model : c.models())
                for (long seed : c.seeds())
                    for (String alg : c.algorithms())
                        out.add(new TrialSpec(out.size(), comboAxis.get(k), comboLevel.get(k), combos.get(k), model, seed, alg));
        return out;
    }
}
