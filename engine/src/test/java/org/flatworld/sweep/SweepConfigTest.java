package org.flatworld.sweep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SweepConfigTest {
    @Test
    void gridIsAxisLevelModelSeedInOrder() {
        SweepConfig c = SweepTestConfigs.synthetic();
        List<TrialSpec> g = TrialSpec.grid(c);
        assertEquals(4 * 2 * 2, g.size());
        for (int i = 0; i < g.size(); i++) assertEquals(i, g.get(i).index());
        assertEquals(1.0, g.get(0).level());
        assertEquals("s", g.get(0).model().name());
        assertEquals(1L, g.get(1).seed());
        assertEquals("m", g.get(2).model().name());
        assertEquals(2.0, g.get(4).level());
        assertEquals(Double.valueOf(4), g.get(15).knobs().get("objects"));
    }

    @Test
    void productModeCrossesAxes() {
        String json = SweepTestConfigs.syntheticJson().replace("\"axes\": {\"objects\": [1, 2, 3, 4]}",
                "\"axes\": {\"objects\": [1, 2], \"zones\": [1, 3]}, \"axesMode\": \"product\"");
        List<TrialSpec> g = TrialSpec.grid(SweepConfig.parse(json, "t"));
        assertEquals(2 * 2 * 2 * 2, g.size());
        assertEquals("product", g.get(0).axis());
        assertEquals(6.0, g.get(g.size() - 1).level(), "level of a product trial is the product of its knobs");
    }

    @Test
    void everyPresetIsValidForItsRunner() {
        for (String name : SweepConfig.PRESETS) {
            SweepConfig c = SweepConfig.preset(name);
            TrialRunner.forName(c.runner()).validate(c);
            assertTrue(TrialSpec.grid(c).size() >= 1, name);
        }
        SweepConfig quick = SweepConfig.preset("quick");
        assertTrue(quick.axes().values().iterator().next().size() >= 4, "quick: at least 4 levels");
        assertTrue(quick.models().size() >= 2 && quick.seeds().size() >= 2, "quick: 2 model sizes, 2 seeds");
    }

    @Test
    void trainRunnerRejectsUnknownKnobsAndBadLevels() {
        SweepConfig c = SweepConfig.preset("smoke");
        String json = c.toJson();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> {
            SweepConfig bad = SweepConfig.parse(json.replace("\"objects\"", "\"wormholes\""), "t");
            TrialRunner.forName(bad.runner()).validate(bad);
        });
        assertTrue(e.getMessage().contains("wormholes"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> {
            SweepConfig bad = SweepConfig.parse(json.replace("\"objects\" : [ 1.0, 2.0, 3.0 ]", "\"objects\" : [ 1.0, 2.5 ]"), "t");
            TrialRunner.forName(bad.runner()).validate(bad);
        });
        assertTrue(e.getMessage().contains("objects"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> {
            SweepConfig bad = SweepConfig.parse(json.replace("\"preset\" : \"trivial\"", "\"preset\" : \"trivial\", \"lr\" : -1"), "t");
            TrialRunner.forName(bad.runner()).validate(bad);
        });
        assertTrue(e.getMessage().contains("lr"), e.getMessage());
    }

    @Test
    void scheduleIsLogSpacedAndEndsAtTheBudget() {
        double[] s = new SweepConfig.Budget(1e9, 4, 1e-3).schedule();
        assertArrayEquals(new double[] {1e6, 1e7, 1e8, 1e9}, s, 1e-3);
    }

    @Test
    void configRoundTripsThroughJson() {
        SweepConfig c = SweepTestConfigs.synthetic();
        assertEquals(c.toJson(), SweepConfig.parse(c.toJson(), "again").toJson());
    }

    private static IllegalArgumentException bad(String from, String to) {
        String json = SweepTestConfigs.syntheticJson();
        assertTrue(json.contains(from), from);
        return assertThrows(IllegalArgumentException.class, () -> {
            SweepConfig c = SweepConfig.parse(json.replace(from, to), "t");
            TrialRunner.forName(c.runner()).validate(c);
        });
    }

    @Test
    void badConfigsNameKeyValueAndRange() {
        assertTrue(bad("\"objects\": [1, 2, 3, 4]", "\"wormholes\": [1, 2]").getMessage().contains("wormholes"));
        assertTrue(bad("\"objects\": [1, 2, 3, 4]", "\"objects\": []").getMessage().contains("axes.objects"));
        assertTrue(bad("\"seeds\": [0, 1]", "\"seeds\": []").getMessage().contains("seeds"));
        assertTrue(bad("\"checkpoints\": 8", "\"checkpoints\": 1").getMessage().contains("budget.checkpoints"));
        assertTrue(bad("\"firstFraction\": 0.00001", "\"firstFraction\": 1.5").getMessage().contains("budget.firstFraction"));
        assertTrue(bad("\"flops\": 1e14", "\"flops\": -5").getMessage().contains("budget.flops"));
        assertTrue(bad("\"flops\": 1e14", "\"flops\": 100").getMessage().contains("firstFraction"), "first checkpoint < 1 FLOP");
        assertTrue(bad("\"metric\": \"above[0.8]\"", "\"metric\": \"above[0.7]\"").getMessage().contains("above[0.7]"));
        assertTrue(bad("\"split\": \"test-id\"", "\"split\": \"train\"").getMessage().contains("threshold.split"));
        assertTrue(bad("\"bootstrap\": 200", "\"bootstrapp\": 200").getMessage().contains("bootstrapp"));
        assertTrue(bad("\"runner\": \"synthetic\"", "\"runner\": \"magic\"").getMessage().contains("runner"));
        assertTrue(bad("\"algorithms\": [\"vmpo\"]", "\"algorithms\": [\"dqn\"]").getMessage().contains("algorithms"));
        assertThrows(IllegalArgumentException.class, () -> SweepConfig.preset("huge"));
    }
}
