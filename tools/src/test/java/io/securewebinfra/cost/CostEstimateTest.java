package io.securewebinfra.cost;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.securewebinfra.TestStacks;
import io.securewebinfra.plandoc.Plan;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The monthly cost of hand-made plans, checked by hand, and of the real stacks, checked for consistency. */
class CostEstimateTest {
    private static final Plan.Resource PROVIDER = resource("pulumi:providers:aws", "aws", Map.of("region", "eu-west-1"));

    private static Plan.Resource resource(String type, String name, Map<String, Object> inputs, String... dependsOn) {
        return new Plan.Resource(type, name, null, inputs, List.of(dependsOn), false, List.of());
    }

    private static CostEstimate estimate(Plan.Resource... resources) {
        List<Plan.Resource> all = new ArrayList<>(List.of(resources));
        all.add(PROVIDER);
        return CostEstimate.of(new Plan("p", "s", all, Map.of(), List.of()));
    }

    private static CostLine line(CostEstimate estimate, String name) {
        return estimate.lines().stream().filter(l -> l.name().equals(name)).findFirst().orElseThrow();
    }

    private static BigDecimal usd(String amount) {
        return new BigDecimal(amount);
    }

    @Test
    void anInstanceIsItsHoursPlusItsRootVolume() {
        var estimate = estimate(resource("aws:ec2/instance:Instance", "web-1", Map.of("instanceType", "t3.micro",
                "rootBlockDevice", Map.of("volumeSize", 20, "volumeType", "gp3"))));
        // 730 h x 0.0114 = 8.322; 20 GB x 0.088 = 1.76
        assertEquals(usd("10.08"), line(estimate, "web-1").monthly());
        assertEquals(usd("10.08"), estimate.total());
    }

    @Test
    void multiAzDoublesTheInstanceAndItsStorageAndTheReplicaTakesItsSourcesStorage() {
        var primary = resource("aws:rds/instance:Instance", "db-primary", Map.of("identifier", "app-primary",
                "engine", "mysql", "instanceClass", "db.t4g.micro", "allocatedStorage", 20, "storageType", "gp3",
                "multiAz", true));
        var replica = resource("aws:rds/instance:Instance", "db-replica", Map.of("instanceClass", "db.t4g.micro",
                "replicateSourceDb", "app-primary", "storageType", "gp3"), "db-primary");
        var estimate = estimate(primary, replica);
        // one copy: 730 h x 0.018 = 13.14, 20 GB x 0.127 = 2.54, so 15.68; Multi-AZ is two copies
        assertEquals(usd("31.36"), line(estimate, "db-primary").monthly());
        assertEquals(usd("15.68"), line(estimate, "db-replica").monthly());
        assertEquals(usd("47.04"), estimate.total());

        var singleAz = estimate(resource("aws:rds/instance:Instance", "db-primary", Map.of("instanceClass",
                "db.t4g.micro", "allocatedStorage", 20, "storageType", "gp3", "multiAz", false)));
        assertEquals(usd("15.68"), singleAz.total());
    }

    @Test
    void unknownTypesAndMissingPricesAreListedAsNotPricedNeverAsZero() {
        var estimate = estimate(
                resource("aws:dynamodb/table:Table", "sessions", Map.of()),
                resource("aws:ec2/instance:Instance", "big", Map.of("instanceType", "x2iedn.32xlarge")),
                resource("aws:ec2/vpc:Vpc", "vpc", Map.of()));
        assertEquals(CostLine.Kind.NOT_PRICED, line(estimate, "sessions").kind());
        assertTrue(line(estimate, "big").basis().contains("x2iedn.32xlarge"), line(estimate, "big").basis());
        assertEquals(CostLine.Kind.NOT_PRICED, line(estimate, "big").kind());
        assertEquals(CostLine.Kind.FREE, line(estimate, "vpc").kind());
        assertEquals(2, estimate.notPriced().size());
        assertEquals(usd("0.00"), estimate.total());
        assertTrue(CostReport.text(estimate).contains("Not priced (2)"));
    }

    @Test
    void alarmsAreStandardOrHighResolutionAndNatGatewaysCountTheirAssumedTraffic() {
        var estimate = estimate(
                resource("aws:cloudwatch/metricAlarm:MetricAlarm", "slow", Map.of("period", 300)),
                resource("aws:cloudwatch/metricAlarm:MetricAlarm", "fast", Map.of("period", 10)),
                resource("aws:ec2/natGateway:NatGateway", "nat", Map.of()),
                resource("aws:ec2/eip:Eip", "ip", Map.of()));
        assertEquals(usd("0.10"), line(estimate, "slow").monthly());
        assertEquals(usd("0.30"), line(estimate, "fast").monthly());
        // 730 h x 0.048 = 35.04, plus the assumed 50 GB x 0.048 = 2.40
        assertEquals(usd("37.44"), line(estimate, "nat").monthly());
        assertEquals(usd("3.65"), line(estimate, "ip").monthly());
        assertEquals(usd("41.49"), estimate.total());
    }

    @Test
    void aCustomerManagedKeyCostsOneDollarAMonthAndItsAliasNothing() {
        var estimate = estimate(
                resource("aws:kms/key:Key", "monitoring-alarms-key", Map.of("enableKeyRotation", true)),
                resource("aws:kms/alias:Alias", "monitoring-alarms-key-alias", Map.of("name", "alias/app-alarms"),
                        "monitoring-alarms-key"));
        assertEquals(CostLine.Kind.PRICED, line(estimate, "monitoring-alarms-key").kind());
        assertEquals(usd("1.00"), line(estimate, "monitoring-alarms-key").monthly());
        assertEquals(CostLine.Kind.FREE, line(estimate, "monitoring-alarms-key-alias").kind());
        assertEquals(usd("1.00"), estimate.total());
        // The stacks each pay for the alarm topic's key.
        for (String stack : List.of("dev", "prod")) {
            var real = CostEstimate.of(TestStacks.plan(stack));
            assertEquals(usd("1.00"), line(real, "monitoring-alarms-key").monthly(), stack);
        }
    }

    @Test
    void anInternetFacingLoadBalancerPaysForItsHoursItsAssumedLcuAndAnAddressPerSubnet() {
        var estimate = estimate(resource("aws:lb/loadBalancer:LoadBalancer", "alb", Map.of("loadBalancerType",
                "application", "internal", false, "subnets", List.of("a", "b"))));
        // 730 h x (0.0252 + 1 x 0.008 + 2 x 0.005) = 31.536
        assertEquals(usd("31.54"), estimate.total());
    }

    @Test
    void anAutoScalingGroupIsItsDesiredCapacityOfItsLaunchTemplatesType() {
        var template = resource("aws:ec2/launchTemplate:LaunchTemplate", "web-template", Map.of("instanceType",
                "t3.micro", "blockDeviceMappings", List.of(Map.of("ebs", Map.of("volumeSize", 20)))));
        var group = resource("aws:autoscaling/group:Group", "web-asg", Map.of("desiredCapacity", 4), "web-template");
        var estimate = estimate(template, group);
        assertEquals(usd("40.33"), line(estimate, "web-asg").monthly()); // 4 x 10.082
        assertEquals(CostLine.Kind.FREE, line(estimate, "web-template").kind());

        var orphan = estimate(resource("aws:autoscaling/group:Group", "web-asg", Map.of("desiredCapacity", 4)));
        assertEquals(CostLine.Kind.NOT_PRICED, line(orphan, "web-asg").kind());
    }

    @Test
    void aRegionMissingFromTheTableIsRefusedByName() {
        var plan = new Plan("p", "s", List.of(resource("pulumi:providers:aws", "aws", Map.of("region", "ap-south-2"))),
                Map.of(), List.of());
        var error = assertThrows(IllegalArgumentException.class, () -> CostEstimate.of(plan));
        assertTrue(error.getMessage().contains("ap-south-2") && error.getMessage().contains("eu-west-1"), error.getMessage());
    }

    @Test
    void theRealStacksArePricedInFullAndTheirTotalIsTheSumOfTheirLines() throws Exception {
        for (String stack : List.of("dev", "prod")) {
            Plan plan = TestStacks.plan(stack);
            CostEstimate estimate = CostEstimate.of(plan);
            assertEquals(List.of(), estimate.notPriced(), stack + ": every resource type of ours has a rule or is free");
            assertEquals(estimate.priced().stream().map(CostLine::monthly).reduce(BigDecimal.ZERO, BigDecimal::add),
                    estimate.total());
            assertTrue(estimate.total().signum() > 0);
            assertFalse(estimate.lines().stream().anyMatch(l -> l.type().startsWith("secure-web-infra:")),
                    "components are not cloud resources");
            // The JSON plan gives the same estimate as the plan itself.
            var fromJson = CostEstimate.of(new ObjectMapper().readTree(plan.toJson()));
            assertEquals(estimate.lines(), fromJson.lines());
        }
        // prod is Multi-AZ with bigger servers and a NAT gateway per AZ: it must cost more than dev.
        assertTrue(CostEstimate.of(TestStacks.plan("prod")).total().compareTo(CostEstimate.of(TestStacks.plan("dev")).total()) > 0);
    }

    @Test
    void theJsonEstimateCarriesTheTotalTheLinesAndTheAssumptions() throws Exception {
        var estimate = estimate(resource("aws:ec2/instance:Instance", "web-1", Map.of("instanceType", "t3.micro")));
        var json = new ObjectMapper().readTree(CostReport.json(estimate));
        assertEquals("9.03", json.path("total").decimalValue().toPlainString()); // 8.322 + 8 GB x 0.088 = 9.026
        var lines = new ArrayList<String>();
        json.path("resources").forEach(r -> lines.add(r.path("name").asText() + ":" + r.path("kind").asText()));
        assertEquals(List.of("aws:free", "web-1:priced"), lines);
        assertTrue(json.path("assumptions").has("natGbPerGatewayMonth"));
        assertEquals("eu-west-1", json.path("region").asText());
    }
}
