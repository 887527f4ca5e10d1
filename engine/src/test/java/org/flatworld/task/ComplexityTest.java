package org.flatworld.task;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class ComplexityTest {
    @Test
    void presetsAreValidAndRoundTripThroughJson() throws Exception {
        for (String p : Complexity.PRESETS) {
            Complexity c = Complexity.preset(p);
            Complexity back = Complexity.fromJson(new ObjectMapper().writeValueAsString(c.toJson()));
            assertEquals(c, back, p);
            assertEquals(Complexity.keys().size(), c.toJson().size(), "every knob is serialized");
        }
        assertEquals(5, Complexity.trivial().numActions(), "move4 only gives the MPE |A| = 5");
        assertEquals(1, Complexity.trivial().players());
    }

    @Test
    void withChangesOneKnobAndKeepsTheRest() {
        Complexity c = Complexity.small();
        Complexity d = c.with("objects", 6);
        assertEquals(6, d.objects());
        assertEquals(c.with("objects", c.objects()), c);
        assertEquals(c.zones(), d.zones());
        assertEquals(List.of("move8", "grab"), c.with("actions", List.of("move8", "grab")).actions());
        assertEquals(9 + 1, c.with("actions", List.of("move8", "grab")).numActions());
        assertTrue(d.layoutObjects() >= 6, "layout maxima follow the counts when auto (0)");
    }

    private static void rejects(String json, String... words) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Complexity.fromJson(json), json);
        for (String w : words) assertTrue(e.getMessage().contains(w), "'" + e.getMessage() + "' should mention " + w);
        assertFalse(e.getMessage().contains("\n"), "one line");
    }

    @Test
    void invalidConfigsAreRejectedNamingKeyValueAndRange() {
        rejects("{\"bogus\": 1}", "bogus", "allowed");
        rejects("{\"objects\": -1}", "objects", "-1", "[");
        rejects("{\"zones\": -2}", "zones", "-2");
        rejects("{\"players\": 0}", "players", "0");
        rejects("{\"objects\": 60, \"worldSize\": 1.0}", "objects", "60", "allowed range");
        rejects("{\"actions\": [\"move4\"], \"predicates\": [\"near\", \"hold\"]}", "hold", "grab");
        rejects("{\"actions\": [\"move4\", \"drop\"]}", "drop", "grab");
        rejects("{\"predicates\": [\"on\"], \"zones\": 0}", "on", "zones");
        rejects("{\"preset\": \"huge\"}", "huge", "trivial");
        rejects("{\"horizon\": 1.5}", "horizon", "integer");
        rejects("{\"coPlayers\": {\"smart\": 1}}", "coPlayers", "smart");
        rejects("{\"heldOutColours\": [9]}", "heldOutColours", "9");
        rejects("{\"maxObjects\": 2}", "maxObjects", "2");
    }

    @Test
    void sizeMeasuresGrowWithEachKnob() {
        Complexity c = Complexity.small();
        Complexity.Sizes s = c.sizes();
        assertTrue(c.with("objects", 6).sizes().log10States() > s.log10States());
        assertTrue(c.with("worldSize", 3.0).sizes().log10States() > s.log10States());
        assertTrue(c.with("conjuncts", 3).sizes().log10Goals() > s.log10Goals());
        assertTrue(c.with("options", 2).sizes().log10Goals() > s.log10Goals());
        assertTrue(c.with("actions", List.of("move8", "grab", "drop")).sizes().log10Actions() > s.log10Actions());
        assertEquals(s.log10States() + s.log10Goals() + Math.log10(Math.log(s.numActions())), s.log10LogPolicies(), 1e-9);
        assertEquals(Observations.dim(c), s.obsDim());
    }

    @Test
    void observationLayoutCoversEverySplitOfAConfig() {
        Complexity c = Complexity.small();
        assertTrue(c.layoutObjects() >= c.oodObjects());
        assertTrue(c.layoutConjuncts() >= c.oodConjuncts());
        Complexity fixed = c.with("maxObjects", 8);
        assertEquals(Observations.dim(fixed), Observations.dim(fixed.with("oodObjects", 7)),
                "maxima are part of the config: OOD counts within them keep the layout");
    }
}
