package io.securewebinfra.stack;

import io.securewebinfra.TestStacks;
import io.securewebinfra.plandoc.Plan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The whole stack holds every box of the design, composed of components, tagged, and planned deterministically. */
class InfrastructureTest {

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyBoxOfTheDesignIsPresent(String stack) {
        Plan plan = TestStacks.plan(stack);
        Map<String, Long> expected = Map.of(
                "aws:ec2/vpc:Vpc", 1L,
                "aws:ec2/securityGroup:SecurityGroup", 3L,          // firewalls 1, 2 and 3
                "aws:lb/loadBalancer:LoadBalancer", 1L,
                "aws:acm/certificate:Certificate", 1L,              // the SSL certificate
                "aws:ec2/instance:Instance", 3L,                    // the web servers
                "aws:rds/instance:Instance", 2L,                    // MySQL primary and replica
                "aws:ssm/parameter:Parameter", 1L,                  // the monitoring clients' configuration
                "aws:cloudwatch/dashboard:Dashboard", 1L);
        expected.forEach((type, count) -> assertEquals(count, (long) plan.ofType(type).size(), type));
        plan.named("monitoring-qps-per-server");
        assertEquals(2, plan.ofType("aws:lb/listener:Listener").size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod", "dev autoscaling", "prod autoscaling"})
    void everyCloudResourceBelongsToAComponentAndUsesTheTaggingProvider(String variant) throws Exception {
        Plan plan = TestStacks.variant(variant);
        String stack = plan.stack();
        Set<String> components = Set.of("network", "firewalls", "certificate", "edge", "dns", "database", "agents",
                "web", "monitoring");
        for (Plan.Resource resource : plan.resources()) {
            if (resource.isComponent()) {
                assertTrue(components.contains(resource.name()), resource.name());
                assertTrue(resource.type().startsWith("secure-web-infra:"), resource.type());
            } else if (!resource.type().equals("pulumi:providers:aws")) {
                assertNotNull(resource.parent(), resource.name() + " has no component");
                assertTrue(components.contains(resource.parent()), resource.name() + " is parented to " + resource.parent());
            }
        }
        Plan.Resource provider = plan.named("aws");
        assertEquals("eu-west-1", provider.string("region"));
        // Provider configuration reaches the engine as JSON text.
        var tags = new com.fasterxml.jackson.databind.ObjectMapper().readTree(provider.string("defaultTags")).path("tags");
        assertEquals(stack, tags.path("Stack").asText());
        assertEquals("secure-web-infra", tags.path("Project").asText());
    }

    @Test
    void devAndProdDifferWhereAvailabilityAndCostDoAndNowhereInSecurity() {
        Plan dev = TestStacks.plan("dev");
        Plan prod = TestStacks.plan("prod");
        assertEquals(6, dev.ofType("aws:ec2/subnet:Subnet").size());
        assertEquals(9, prod.ofType("aws:ec2/subnet:Subnet").size());
        assertNotEquals(dev.named("web-1").string("instanceType"), prod.named("web-1").string("instanceType"));
        assertNotEquals(dev.named("database-primary").string("instanceClass"),
                prod.named("database-primary").string("instanceClass"));
        for (Plan plan : new Plan[]{dev, prod}) {
            assertEquals(true, plan.named("database-primary").input("storageEncrypted").orElseThrow());
            assertEquals("required", plan.named("web-1").string("metadataOptions.httpTokens"));
            assertEquals("ELBSecurityPolicy-TLS13-1-2-Res-2021-06", plan.named("edge-https").string("sslPolicy"));
        }
    }

    /**
     * Switching the web tier's mode touches the web tier and its monitoring only: every other resource, the
     * database, its secret, the buckets, parameters and log groups among them, keeps its name and inputs.
     */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void switchingTheWebTierModeLeavesEverythingOutsideTheWebTierAndItsMonitoringAsItIs(String stack) {
        Plan fixed = TestStacks.plan(stack);
        Plan group = TestStacks.plan(stack, TestStacks.autoscaling());
        java.util.function.Predicate<Plan.Resource> outsideTheSwitch = r -> !List.of("web", "monitoring").contains(r.name())
                && !List.of("web", "monitoring").contains(String.valueOf(r.parent()));
        List<Plan.Resource> kept = fixed.resources().stream().filter(outsideTheSwitch).toList();
        assertEquals(kept, group.resources().stream().filter(outsideTheSwitch).toList());
        assertTrue(kept.size() > 70, kept.size() + " resources compared");
        Set<String> stateful = Set.of("aws:rds/instance:Instance", "aws:secretsmanager/secret:Secret",
                "aws:secretsmanager/secretVersion:SecretVersion", "aws:s3/bucketV2:BucketV2",
                "aws:cloudwatch/logGroup:LogGroup", "aws:ssm/parameter:Parameter");
        Set<String> keptStateful = kept.stream().filter(r -> stateful.contains(r.type())).map(Plan.Resource::type)
                .collect(java.util.stream.Collectors.toSet());
        assertEquals(stateful, keptStateful, "each kind of stateful resource is among those compared");
        assertTrue(kept.stream().anyMatch(r -> r.name().equals("database-primary") && r.protect() == stack.equals("prod")));
        // The alarm topic and its subscription carry over too: only alarms and the dashboard follow the mode.
        for (String name : List.of("monitoring-alarms", "monitoring-db-cpu", "monitoring-qps-per-server")) {
            assertEquals(fixed.named(name), group.named(name), name);
        }
        // The servers' role and its policies are the same in both modes.
        assertEquals(fixed.childrenOf("web").stream().filter(r -> r.type().startsWith("aws:iam/")).toList(),
                group.childrenOf("web").stream().filter(r -> r.type().startsWith("aws:iam/")).toList());
    }

    @Test
    void theOutputsNameTheFixedServersOrTheGroup() {
        Plan fixed = TestStacks.plan("dev");
        Plan group = TestStacks.plan("dev", TestStacks.autoscaling());
        assertTrue(fixed.outputs().containsKey("webServerIds") && !fixed.outputs().containsKey("webServerGroupName"));
        assertEquals(group.idOf("web-group"), group.outputs().get("webServerGroupName"));
        assertFalse(group.outputs().containsKey("webServerIds"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void anAutoScalingPlanIsProducedByteForByte(String stack) {
        var raw = TestStacks.raw(stack, TestStacks.autoscaling());
        assertEquals(TestStacks.offlinePlan(raw).toJson(), TestStacks.offlinePlan(raw).toJson());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theSamePlanIsProducedByteForByte(String stack) {
        var raw = TestStacks.raw(stack, Map.of());
        String first = TestStacks.offlinePlan(raw).toJson();
        String second = TestStacks.offlinePlan(raw).toJson();
        assertEquals(first, second);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theOutputsNameTheSiteAndItsPartsAndHoldNoSecret(String stack) {
        Plan plan = TestStacks.plan(stack, Map.of("sumoLogicToken", TestStacks.SUMO_TOKEN));
        assertEquals(Set.of("siteUrl", "loadBalancerDnsName", "databasePrimaryEndpoint", "databaseReplicaEndpoint",
                "databaseSecretArn", "webServerIds", "dashboardUrl", "alarmTopicArn", "monitoring"),
                plan.outputs().keySet());
        assertEquals(stack.equals("prod") ? "https://www.foobar.com" : "https://www.dev.foobar.com",
                plan.outputs().get("siteUrl"));
        assertEquals(3, ((java.util.List<?>) plan.outputs().get("webServerIds")).size());
        String json = plan.toJson();
        assertFalse(json.contains(TestStacks.DB_PASSWORD));
        assertFalse(json.contains(TestStacks.SUMO_TOKEN));
    }
}
