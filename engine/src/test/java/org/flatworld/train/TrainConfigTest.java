package org.flatworld.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TrainConfigTest {
    @Test
    void jsonRoundTripAndPresets() {
        TrainConfig d = TrainConfig.defaults();
        assertEquals(d, TrainConfig.fromJson(d.toJson()));
        for (String p : TrainConfig.presetNames()) {
            TrainConfig c = TrainConfig.preset(p);
            assertEquals(c, TrainConfig.fromJson(c.toJson()), p);
        }
        assertEquals("ppo", TrainConfig.fromJson("{\"algo\": \"ppo\"}").algo());
    }

    @Test
    void setChangesNestedKeysAndParsesValues() {
        TrainConfig c = TrainConfig.defaults().withSet("env.kwargs.N", "6").withSet("hidden", "128,32").withSet("popArt", "true")
                .withSet("lr", "3e-4").withSet("model", "lstm");
        assertEquals(6, ((Number) c.env().kwargs().get("N")).intValue());
        assertArrayEquals(new int[] {128, 32}, c.hidden());
        assertTrue(c.popArt());
        assertEquals(3e-4, c.lr());
        assertEquals("lstm", c.model());
    }

    @Test
    void unknownKeysAndOutOfRangeValuesAreRefusedNamingThem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainConfig.defaults().withSet("lrr", "1"));
        assertTrue(e.getMessage().contains("'lrr'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TrainConfig.fromJson("{\"env\": {\"typo\": 1}}"));
        assertTrue(e.getMessage().contains("env.typo"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TrainConfig.defaults().withSet("gamma", "1.5"));
        assertTrue(e.getMessage().contains("gamma") && e.getMessage().contains("1.5") && e.getMessage().contains("[0, 1]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TrainConfig.defaults().withSet("algo", "dqn"));
        assertTrue(e.getMessage().contains("vmpo, ppo"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TrainConfig.preset("nope"));
        assertTrue(e.getMessage().contains("smoke"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TrainConfig.fromJson("{not json"));
        assertThrows(IllegalArgumentException.class, () -> TrainConfig.defaults().withSet("numEnvs", "0"));
    }

    @Test
    void hashIgnoresThreadsButNotHyperParameters() {
        TrainConfig c = TrainConfig.defaults();
        assertEquals(c.hash(), c.withSet("threads", "2").hash());
        assertNotEquals(c.hash(), c.withSet("lr", "0.001").hash());
    }
}
