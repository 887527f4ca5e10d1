package org.flatworld.train;

import java.util.Map;
import java.util.TreeMap;

/**
 * Which environment a run trains on.
 *
 * @param type   {@code mpe} (a multi-agent particle scenario), {@code task} (a Flatworld task family) or
 *               {@code cue} (the built-in cue-recall bandit: seconds to learn, for smoke tests)
 * @param name   the MPE scenario (e.g. {@code simple_spread}) or the task-family preset (e.g. {@code trivial});
 *               ignored for {@code cue}
 * @param kwargs scenario keyword arguments (MPE: {@code N}, {@code local_ratio}, {@code max_cycles}…),
 *               {@code Complexity} overrides plus {@code split} for tasks, or the cue env's
 *               {@code cues}, {@code horizon}, {@code cueSteps}; validated by the environment itself
 */
public record EnvSpec(String type, String name, Map<String, Object> kwargs) {
    public EnvSpec {
        kwargs = kwargs == null ? new TreeMap<>() : new TreeMap<>(kwargs);
    }

    public static EnvSpec of(String type, String name, Map<String, Object> kwargs) { return new EnvSpec(type, name, kwargs); }
}
