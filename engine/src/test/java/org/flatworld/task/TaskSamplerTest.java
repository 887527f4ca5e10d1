package org.flatworld.task;

import static org.junit.jupiter.api.Assertions.*;

import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskSamplerTest {
    @Test
    void sameSeedSameTasksAndIds() {
        Complexity c = Complexity.small();
        List<Task> a = new TaskSampler(c, 42).sample(50);
        List<Task> b = new TaskSampler(c, 42).sample(50);
        assertEquals(a, b);
        for (Task t : a)
            assertEquals(t.id(), Task.contentId(t.world(), t.goals(), t.coPlayers(), t.relations()), "id = hash of content");
        assertNotEquals(a.get(0).id(), new TaskSampler(c, 43).next().id());
    }

    @Test
    void rejectsOracleFailuresAndTrivialTasksAndReportsTheRate() {
        TaskSampler s = new TaskSampler(Complexity.small(), 1);
        s.sample(200);
        assertEquals(200, s.accepted());
        assertTrue(s.attempts() > 200);
        Map<String, Long> r = s.rejections();
        assertEquals(s.attempts() - 200, r.values().stream().mapToLong(Long::longValue).sum());
        assertTrue(r.get("noop") > 0, "tasks whose goal already holds at the start are rejected: " + r);
        assertEquals(1.0 - 200.0 / s.attempts(), s.rejectionRate(), 1e-12);
    }

    /**
     * 10,000 tasks per split: no duplicate ids within a split, none shared between train and any
     * test split, and each split holds only what it claims (classification is a function of content).
     */
    @Test
    void splitsAreDisjointAndContainWhatTheyClaim() {
        Complexity c = Complexity.small();
        int n = 10_000;
        Map<Split, LongOpenHashSet> ids = new EnumMap<>(Split.class);
        for (Split split : Split.values()) {
            assertTrue(c.hasSplit(split), split.label());
            TaskSampler s = new TaskSampler(c, 7, split);
            LongOpenHashSet set = new LongOpenHashSet();
            for (int i = 0; i < n; i++) {
                Task t = s.next();
                assertEquals(split, t.split());
                assertEquals(split, TaskSampler.classify(c, t), "classification is a function of the content");
                assertTrue(set.add(t.id()), "duplicate id in " + split.label());
                checkClaim(c, split, t);
            }
            ids.put(split, set);
        }
        LongOpenHashSet train = ids.get(Split.TRAIN);
        for (Split split : Split.values()) {
            if (split == Split.TRAIN) continue;
            for (long id : ids.get(split)) assertFalse(train.contains(id), "leak: " + split.label() + " id in train");
        }
    }

    private static void checkClaim(Complexity c, Split split, Task t) {
        int held = c.heldOutColours().get(0), heldShape = c.heldOutShapes().get(0);
        boolean colourInWorld = false, shapeInWorld = false;
        for (int x : t.world().objectColour()) colourInWorld |= c.heldOutColours().contains(x);
        for (int x : t.world().objectShape()) shapeInWorld |= c.heldOutShapes().contains(x);
        String g = t.goal().format(0);
        switch (split) {
            case TRAIN, TEST_ID -> {
                assertFalse(colourInWorld, "held-out colour in " + split.label());
                assertFalse(shapeInWorld, "held-out shape in " + split.label());
                assertFalse(g.contains(Vocabulary.colour(held)), g);
                assertFalse(g.contains(Vocabulary.shape(heldShape)), g);
                for (Goal x : t.goals()) assertFalse(TaskSampler.hasCombo(c, x));
                assertTrue(t.goal().options() <= c.options() && t.goal().conjuncts() <= c.conjuncts());
                assertEquals(c.objects(), t.world().objects());
                assertEquals(split == Split.TEST_ID, Split.bucket(t.id()) < c.testFraction());
            }
            case OOD_COLOUR -> {
                assertTrue(colourInWorld);
                assertTrue(g.contains(Vocabulary.colour(held)), "the goal refers to the held-out colour: " + g);
            }
            case OOD_SHAPE -> {
                assertTrue(shapeInWorld);
                assertTrue(g.contains(Vocabulary.shape(heldShape)), g);
            }
            case OOD_COMBO -> assertTrue(TaskSampler.hasCombo(c, t.goal()), g);
            case OOD_GOAL_SIZE -> assertTrue(t.goal().options() > c.options() || t.goal().conjuncts() > c.conjuncts(), g);
            case OOD_WORLD -> assertTrue(t.world().objects() > c.objects() || t.world().worldSize() > c.worldSize());
            case OOD_DYNAMICS -> assertTrue(t.world().massScale() != 1f || t.world().damping() != (float) c.damping());
        }
    }

    @Test
    void undeclaredSplitIsRejected() {
        Complexity c = Complexity.trivial();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TaskSampler(c, 1, Split.OOD_COMBO));
        assertTrue(e.getMessage().contains("ood-combo"));
    }

    @Test
    void goalsPrintAsFormulas() {
        Goal g = new Goal(List.of(List.of(new Atom(Predicate.NEAR, false, Ref.player(0), Ref.object(3, 0)),
                new Atom(Predicate.HOLD, true, Ref.player(2), Ref.object(-1, 1)))));
        assertEquals("near(me, yellow square) ∧ ¬hold(player2, any sphere)", g.format(0));
    }
}
