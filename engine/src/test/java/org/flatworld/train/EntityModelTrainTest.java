package org.flatworld.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.flatworld.io.SafeTensors;
import org.flatworld.nn.NetShape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code entity} model through the trainer: config, thread-count determinism, checkpoint round trip. */
class EntityModelTrainTest {
    @TempDir
    Path dir;

    private static TrainConfig tiny(int threads) {
        return TrainConfig.preset("trivial-entity").withSet("backend", "cpu").withSet("totalAgentSteps", "8192")
                .withSet("env.kwargs.pool", "64").withSet("logEvery", "2").withSet("threads", Integer.toString(threads));
    }

    @Test
    void trainsIdenticallyOnOneAndTwoThreadsAndItsCheckpointLoads() throws Exception {
        Path a = dir.resolve("t1"), b = dir.resolve("t2");
        TrainResult r = Trainer.train(tiny(1), a, TrainingListener.NONE);
        Trainer.train(tiny(2), b, TrainingListener.NONE);
        assertArrayEquals(Files.readAllBytes(a.resolve("policy.safetensors")), Files.readAllBytes(b.resolve("policy.safetensors")));
        assertEquals(TrainerTest.withoutWallColumns(a.resolve("metrics.csv")), TrainerTest.withoutWallColumns(b.resolve("metrics.csv")));

        NetShape shape = r.policy().network().shape();
        assertTrue(shape.entity(), "trivial-entity builds the entity model, got " + shape);
        assertEquals(4, shape.slots(), "the trivial layout has 4 object slots");
        assertEquals(17, shape.slotDim(), "slot width 12 + 3 colours + 2 shapes");
        SafeTensors.Contents c = SafeTensors.read(a.resolve("policy.safetensors"));
        assertArrayEquals(new int[] {64, 17 + 24}, c.tensors().get("entity.0.weight").shape(), "[slot ; goal] → 64");
        assertEquals("entity", c.metadata().get("model"));

        Checkpoints.LoadedPolicy lp = Checkpoints.loadPolicy(a);
        assertEquals(shape, lp.policy().network().shape());
        assertArrayEquals(r.policy().params(), lp.policy().params(), "the saved weights are the trained ones");
    }

    @Test
    void entityModelNeedsATaskEnvironmentAndKeepsOtherHashes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainConfig.preset("spread").withSet("model", "entity"));
        assertTrue(e.getMessage().contains("'model'") && e.getMessage().contains("task"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TrainConfig.preset("trivial-entity").withSet("entityHidden", "0"));
        assertTrue(e.getMessage().contains("entityHidden"), e.getMessage());
        // entityHidden only enters the hash of entity models, so earlier runs' checkpoints still load
        TrainConfig mlp = TrainConfig.preset("trivial");
        assertEquals(mlp.hash(), mlp.withSet("entityHidden", "32").hash());
        TrainConfig ent = TrainConfig.preset("trivial-entity");
        assertTrue(!ent.hash().equals(ent.withSet("entityHidden", "32").hash()), "entity widths change an entity model's hash");
    }
}
