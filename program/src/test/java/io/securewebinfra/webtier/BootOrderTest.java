package io.securewebinfra.webtier;

import io.securewebinfra.TestStacks;
import io.securewebinfra.plandoc.Plan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine creates a resource as soon as what it depends on exists, so whatever a server reads at boot must be among
 * its dependencies, directly or through others: the database secret's value (which exists only with the primary and
 * the replica), every SSM parameter, the application archive, and the role's policies that allow those reads. The
 * expected set is taken from the plan by type, not from the code's own list, so a new parameter or secret value that
 * a server does not wait for fails here.
 */
class BootOrderTest {
    private static final Set<String> SERVER_TYPES = Set.of("aws:ec2/instance:Instance",
            "aws:ec2/launchTemplate:LaunchTemplate", "aws:autoscaling/group:Group");
    private static final Set<String> READ_TYPES = Set.of("aws:secretsmanager/secretVersion:SecretVersion",
            "aws:ssm/parameter:Parameter", "aws:rds/instance:Instance", "aws:s3/bucketObjectv2:BucketObjectv2");
    private static final Set<String> GRANT_TYPES = Set.of("aws:iam/rolePolicy:RolePolicy",
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment", "aws:iam/instanceProfile:InstanceProfile");

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod", "dev autoscaling", "prod autoscaling"})
    void everyServerWaitsForEverythingItsBootstrapReadsAndTheGrantsToReadIt(String variant) {
        assertWaitsForAllReads(TestStacks.variant(variant));
    }

    @Test
    void withSumoLogicAndTheUsersOwnApplicationServersAlsoWaitForTheTokenAndTheArchive() {
        Map<String, String> extra = TestStacks.everyOption();
        for (Plan plan : List.of(TestStacks.plan("dev", extra), TestStacks.plan("dev", TestStacks.autoscaling(extra)))) {
            Set<String> reads = reads(plan);
            assertTrue(reads.stream().anyMatch(r -> r.endsWith("-sumologic-token")), reads.toString());
            assertTrue(reads.stream().anyMatch(r -> r.endsWith("-archive")), reads.toString());
            assertWaitsForAllReads(plan);
        }
    }

    @Test
    void theSecretsValueItselfWaitsForBothDatabaseInstances() {
        Set<String> before = closure(TestStacks.plan("dev"), "database-connection-value");
        assertTrue(before.containsAll(Set.of("database-primary", "database-replica")), before.toString());
    }

    private static void assertWaitsForAllReads(Plan plan) {
        Set<String> required = new TreeSet<>(reads(plan));
        plan.childrenOf("web").stream()
                .filter(r -> GRANT_TYPES.contains(r.type()))
                .forEach(r -> required.add(r.name()));
        assertTrue(required.containsAll(Set.of("database-connection-value", "agents-cloudwatch-config",
                "web-read-own-config")), required.toString());
        List<Plan.Resource> servers = plan.resources().stream()
                .filter(r -> SERVER_TYPES.contains(r.type()) && "web".equals(r.parent())).toList();
        assertFalse(servers.isEmpty());
        for (Plan.Resource server : servers) {
            Set<String> missing = new TreeSet<>(required);
            missing.removeAll(closure(plan, server.name()));
            assertEquals(Set.of(), missing, server.name() + " may boot before these exist");
        }
    }

    private static Set<String> reads(Plan plan) {
        return plan.resources().stream().filter(r -> READ_TYPES.contains(r.type()))
                .map(Plan.Resource::name).collect(Collectors.toCollection(TreeSet::new));
    }

    /** Every resource {@code name} waits for, directly or through others. */
    static Set<String> closure(Plan plan, String name) {
        Map<String, List<String>> edges = new HashMap<>();
        plan.resources().forEach(r -> edges.put(r.name(), r.dependsOn()));
        Set<String> seen = new TreeSet<>();
        Deque<String> todo = new ArrayDeque<>(edges.getOrDefault(name, List.of()));
        while (!todo.isEmpty()) {
            String next = todo.pop();
            if (seen.add(next)) {
                todo.addAll(edges.getOrDefault(next, List.of()));
            }
        }
        return seen;
    }
}
