package io.securewebinfra.network;

import com.pulumi.resources.ComponentResourceOptions;
import io.securewebinfra.config.Settings;
import io.securewebinfra.TestStacks;
import io.securewebinfra.plandoc.Plan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The VPC spreads three tiers over the configured AZs and lets no server reach or be reached from outside directly. */
class NetworkTest {
    private static final String SUBNET = "aws:ec2/subnet:Subnet";
    private static final String ROUTE = "aws:ec2/route:Route";
    private static final String ASSOCIATION = "aws:ec2/routeTableAssociation:RouteTableAssociation";

    @Test
    void devSpansTwoZonesAndProdThreeWithAPublicAppAndDatabaseSubnetInEach() {
        assertEquals(6, TestStacks.plan("dev").ofType(SUBNET).size());
        Plan prod = TestStacks.plan("prod");
        assertEquals(9, prod.ofType(SUBNET).size());
        for (String tier : List.of("public", "app", "database")) {
            Set<String> zones = prod.ofType(SUBNET).stream()
                    .filter(s -> tier.equals(s.string("tags.Tier")))
                    .map(s -> s.string("availabilityZone")).collect(Collectors.toSet());
            assertEquals(Set.of("eu-west-1a", "eu-west-1b", "eu-west-1c"), zones, tier);
        }
    }

    @Test
    void subnetsAreCarvedFromTheVpcBlockWithoutOverlap() {
        Plan plan = TestStacks.plan("prod", Map.of("vpcCidr", "10.20.0.0/20"));
        assertEquals("10.20.0.0/20", plan.named("network-vpc").string("cidrBlock"));
        Set<String> blocks = plan.ofType(SUBNET).stream().map(s -> s.string("cidrBlock")).collect(Collectors.toSet());
        assertEquals(Set.of("10.20.0.0/24", "10.20.1.0/24", "10.20.2.0/24", "10.20.4.0/24", "10.20.5.0/24",
                "10.20.6.0/24", "10.20.8.0/24", "10.20.9.0/24", "10.20.10.0/24"), blocks);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void noSubnetGivesPublicAddressesToWhatIsLaunchedInIt(String stack) {
        for (Plan.Resource subnet : TestStacks.plan(stack).ofType(SUBNET)) {
            assertEquals(false, subnet.input("mapPublicIpOnLaunch").orElseThrow(), subnet.name());
        }
    }

    @Test
    void devSharesOneNatGatewayAndProdHasOnePerZone() {
        assertEquals(1, TestStacks.plan("dev").ofType("aws:ec2/natGateway:NatGateway").size());
        Plan prod = TestStacks.plan("prod");
        assertEquals(3, prod.ofType("aws:ec2/natGateway:NatGateway").size());
        // Each app subnet's default route goes through the NAT gateway of its own zone.
        for (String zone : List.of("eu-west-1a", "eu-west-1b", "eu-west-1c")) {
            assertEquals(prod.idOf("network-nat-" + zone), prod.named("network-app-default-" + zone).string("natGatewayId"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void onlyPublicSubnetsRouteToTheInternetGatewayAndDatabaseSubnetsRouteNowhere(String stack) {
        Plan plan = TestStacks.plan(stack);
        String igw = plan.idOf("network-igw");
        String publicTable = plan.idOf("network-public-rt");
        for (Plan.Resource route : plan.ofType(ROUTE)) {
            if (igw.equals(route.string("gatewayId"))) {
                assertEquals(publicTable, route.string("routeTableId"), route.name());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod", "dev autoscaling"})
    void everyDatabaseSubnetIsAssociatedWithALocalOnlyRouteTableOfItsOwn(String variant) {
        Plan plan = TestStacks.variant(variant);
        Map<String, String> tableOfSubnet = plan.ofType(ASSOCIATION).stream()
                .collect(Collectors.toMap(a -> a.string("subnetId"), a -> a.string("routeTableId")));
        List<Plan.Resource> databaseSubnets = plan.ofType(SUBNET).stream()
                .filter(s -> "database".equals(s.string("tags.Tier"))).toList();
        assertEquals(plan.ofType(SUBNET).stream().filter(s -> "app".equals(s.string("tags.Tier"))).count(),
                databaseSubnets.size(), "one database subnet per zone");
        String databaseTable = plan.idOf("network-db-rt");
        for (Plan.Resource subnet : databaseSubnets) {
            // Without an association the subnet would follow the VPC's main route table, which nothing here manages.
            assertEquals(databaseTable, tableOfSubnet.get(plan.idOf(subnet.name())), subnet.name());
        }
        Plan.Resource table = plan.named("network-db-rt");
        assertEquals(Map.of("Name", "network-db-local-only", "Tier", "database"), table.input("tags").orElseThrow());
        assertTrue(table.input("routes").isEmpty(), "no inline routes");
        assertTrue(plan.ofType(ROUTE).stream().noneMatch(r -> databaseTable.equals(r.string("routeTableId"))),
                "no route leaves the VPC from the database subnets");
        // The table serves the database subnets only.
        Set<String> databaseSubnetIds = databaseSubnets.stream().map(s -> plan.idOf(s.name())).collect(Collectors.toSet());
        tableOfSubnet.forEach((subnet, other) -> assertEquals(databaseSubnetIds.contains(subnet),
                databaseTable.equals(other), subnet));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void allTrafficIsRecordedInFlowLogsKeptForTheConfiguredTime(String stack) {
        Plan plan = TestStacks.plan(stack);
        Plan.Resource flowLog = plan.named("network-flow-log");
        assertEquals("ALL", flowLog.string("trafficType"));
        assertEquals(plan.idOf("network-vpc"), flowLog.string("vpcId"));
        assertEquals("cloud-watch-logs", flowLog.string("logDestinationType"));
        String retention = plan.named("network-flow-logs").string("retentionInDays");
        assertEquals(stack.equals("dev") ? "30" : "365", retention);
    }

    @Test
    void ipv6SubnetsAreTheVpcBlocksSuccessiveSlash64s() {
        assertEquals("2600:1f18:abc:de00::/64", Ipv6.subnet64("2600:1f18:abc:de00::/56", 0));
        assertEquals("2600:1f18:abc:de02::/64", Ipv6.subnet64("2600:1f18:abc:de00::/56", 2));
        assertEquals("2600:1f18:abc:deff::/64", Ipv6.subnet64("2600:1f18:abc:de00::/56", 255));
    }

    @Test
    void theLoadBalancerSubnetsCarryIpv6ForTheDualStackLoadBalancer() {
        Plan plan = TestStacks.plan("dev");
        plan.ofType(SUBNET).stream().filter(s -> "public".equals(s.string("tags.Tier")))
                .forEach(s -> assertTrue(s.string("ipv6CidrBlock").endsWith("::/64"), s.name()));
    }

    /** Built alone from its own inputs: the zones it is given, one NAT gateway, the flow log group it is told. */
    @Test
    void theNetworkAloneSpansTheZonesItIsGiven() {
        Plan plan = TestStacks.component("eu-west-1", ctx -> new Network("network", new Network.Args("10.20.0.0/16",
                List.of("eu-west-1b", "eu-west-1c"), Settings.NatGateways.SINGLE, "/shop/test/vpc-flow-logs", 7),
                ComponentResourceOptions.Empty));
        var subnets = plan.ofType("aws:ec2/subnet:Subnet");
        assertEquals(6, subnets.size(), "a public, an app and a database subnet per zone");
        assertEquals(java.util.Set.of("eu-west-1b", "eu-west-1c"), subnets.stream()
                .map(s -> s.string("availabilityZone")).collect(java.util.stream.Collectors.toSet()));
        assertEquals(1, plan.ofType("aws:ec2/natGateway:NatGateway").size());
        assertEquals("10.20.0.0/16", plan.ofType("aws:ec2/vpc:Vpc").get(0).string("cidrBlock"));
        var flowLogs = plan.ofType("aws:cloudwatch/logGroup:LogGroup").get(0);
        assertEquals("/shop/test/vpc-flow-logs", flowLogs.string("name"));
        assertEquals("7", flowLogs.string("retentionInDays"));
    }
}
