package io.securewebinfra.plan;

import io.securewebinfra.TestStacks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The offline plan's task runner gives the very plan Pulumi's own runner gives, and reports failures as it does. */
class PlanRunnerTest {
    @AfterEach
    void pulumiRunnerOff() {
        System.clearProperty(OfflinePlan.RUNNER_PROPERTY);
    }

    private static String planWithPulumisRunner(String stack, Map<String, String> overrides) {
        System.setProperty(OfflinePlan.RUNNER_PROPERTY, OfflinePlan.PULUMI_RUNNER);
        try {
            return OfflinePlan.of(TestStacks.settings(stack, overrides)).toJson();
        } finally {
            System.clearProperty(OfflinePlan.RUNNER_PROPERTY);
        }
    }

    @Test
    void bothRunnersGiveByteIdenticalPlans() {
        for (String stack : new String[] {"dev", "prod"}) {
            Map<String, String> overrides = Map.of("webServerCount", "7");
            String ours = OfflinePlan.of(TestStacks.settings(stack, overrides)).toJson();
            assertEquals(planWithPulumisRunner(stack, overrides), ours, stack);
            assertTrue(ours.contains("\"name\" : \"web-7\""), "the plan has all 7 servers");
        }
    }

    @Test
    void aProgramThatThrowsFailsThePlanWithItsMessage() {
        var settings = TestStacks.settings("dev", Map.of());
        var cloud = new MockCloud(settings.region());
        var error = assertThrows(IllegalStateException.class, () -> OfflinePlan.run("p", "s", cloud,
                java.util.List.of(), ctx -> {
                    throw new IllegalArgumentException("declared nothing on purpose");
                }));
        assertTrue(error.getMessage().contains("declared nothing on purpose"), error.getMessage());
    }
}
