package io.securewebinfra.stack;

import io.securewebinfra.plandoc.Plan;
import io.securewebinfra.mockengine.MockCloud;
import io.securewebinfra.mockengine.MockEngine;
import io.securewebinfra.config.InvalidConfigException;

import io.securewebinfra.TestStacks;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The offline plan's task runner reports a failing program as Pulumi's runner does. That both runners give
 * byte-identical plans is proved by {@code ShadedJarIT}, which runs Pulumi's runner in a process of its own, with
 * the common pool it needs (see {@link CommonPool}).
 */
class PlanRunnerTest {
    @Test
    void aProgramThatThrowsFailsThePlanWithItsMessage() {
        var settings = TestStacks.settings("dev", java.util.Map.of());
        var cloud = new MockCloud(settings.region());
        var error = assertThrows(IllegalStateException.class, () -> MockEngine.run("p", "s", cloud, List.of(), InvalidConfigException.class,
                ctx -> {
                    throw new IllegalArgumentException("declared nothing on purpose");
                }));
        assertTrue(error.getMessage().contains("declared nothing on purpose"), error.getMessage());
    }

    @Test
    void everyResourceOfALargeStackIsWaitedFor() {
        Plan plan = TestStacks.offlinePlan(TestStacks.settings("dev", java.util.Map.of("webServerCount", "60")));
        // 60 servers, each with a target attachment and three alarms: none may be missing when the plan returns.
        assertTrue(plan.resources().stream().anyMatch(r -> r.name().equals("web-60-target")));
        assertTrue(plan.resources().stream().anyMatch(r -> r.name().equals("monitoring-web-60-system-check")));
        assertTrue(plan.outputs().get("webServerIds") instanceof List<?> ids && ids.size() == 60, plan.outputs().toString());
    }
}
