package io.securewebinfra.firewall;

import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResourceOptions;
import org.junit.jupiter.api.Test;
import io.securewebinfra.TestStacks;
import io.securewebinfra.plandoc.Plan;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The design's three firewalls admit exactly the flows it names, and nothing else. */
class FirewallsTest {
    private static final String INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
    private static final String EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";

    /** A rule as "port from-or-to", the source or destination named by group or address range. */
    private static Set<String> flows(Plan plan, String type, String group) {
        String groupId = plan.idOf("firewalls-" + group + "-sg");
        return plan.ofType(type).stream()
                .filter(rule -> groupId.equals(rule.string("securityGroupId")))
                .map(rule -> rule.string("ipProtocol") + " " + rule.string("fromPort") + "-" + rule.string("toPort")
                        + " " + peer(plan, rule))
                .collect(Collectors.toSet());
    }

    private static String peer(Plan plan, Plan.Resource rule) {
        String referenced = rule.string("referencedSecurityGroupId");
        if (referenced != null) {
            for (String group : List.of("lb", "web", "db")) {
                if (referenced.equals(plan.idOf("firewalls-" + group + "-sg"))) {
                    return "sg:" + group;
                }
            }
            return "sg:unknown";
        }
        return rule.string("cidrIpv4") != null ? rule.string("cidrIpv4") : rule.string("cidrIpv6");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod", "dev autoscaling", "prod autoscaling"})
    void theLoadBalancerFirewallAdmitsOnlyHttpAndHttpsFromTheInternetAndSendsOnlyToTheWebServers(String stack) {
        Plan plan = TestStacks.variant(stack);
        assertEquals(Set.of("tcp 443-443 0.0.0.0/0", "tcp 443-443 ::/0", "tcp 80-80 0.0.0.0/0", "tcp 80-80 ::/0"),
                flows(plan, INGRESS, "lb"));
        assertEquals(Set.of("tcp 443-443 sg:web"), flows(plan, EGRESS, "lb"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod", "dev autoscaling", "prod autoscaling"})
    void theWebServerFirewallAdmitsOnlyHttpsFromTheLoadBalancer(String stack) {
        Plan plan = TestStacks.variant(stack);
        assertEquals(Set.of("tcp 443-443 sg:lb"), flows(plan, INGRESS, "web"));
        assertEquals(Set.of("tcp 3306-3306 sg:db", "tcp 443-443 0.0.0.0/0"), flows(plan, EGRESS, "web"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod", "dev autoscaling", "prod autoscaling"})
    void theDatabaseFirewallAdmitsOnlyMysqlFromTheWebServersAndSendsNothing(String stack) {
        Plan plan = TestStacks.variant(stack);
        assertEquals(Set.of("tcp 3306-3306 sg:web"), flows(plan, INGRESS, "db"));
        assertEquals(Set.of(), flows(plan, EGRESS, "db"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod", "dev autoscaling", "prod autoscaling"})
    void onlyTheLoadBalancerIsOpenToTheWorldAndNothingAdmitsSshOrRdp(String stack) {
        Plan plan = TestStacks.variant(stack);
        String lb = plan.idOf("firewalls-lb-sg");
        for (Plan.Resource rule : plan.ofType(INGRESS)) {
            boolean world = "0.0.0.0/0".equals(rule.string("cidrIpv4")) || "::/0".equals(rule.string("cidrIpv6"));
            if (world) {
                assertEquals(lb, rule.string("securityGroupId"), rule.name() + " opens a server to the world");
                assertTrue(Set.of("80", "443").contains(rule.string("fromPort")), rule.name());
                assertEquals(rule.string("fromPort"), rule.string("toPort"), rule.name());
            }
            assertFalse(rule.string("ipProtocol").equals("-1"), rule.name() + " admits every protocol");
            int from = Integer.parseInt(rule.string("fromPort"));
            int to = Integer.parseInt(rule.string("toPort"));
            for (int admin : new int[]{22, 3389}) {
                assertFalse(from <= admin && admin <= to, rule.name() + " admits port " + admin);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod", "dev autoscaling", "prod autoscaling"})
    void internalTrafficIsAllowedByGroupReferenceNeverByAddressRange(String stack) {
        Plan plan = TestStacks.variant(stack);
        for (String type : List.of(INGRESS, EGRESS)) {
            for (Plan.Resource rule : plan.ofType(type)) {
                String cidr = rule.string("cidrIpv4");
                if (cidr != null) {
                    assertEquals("0.0.0.0/0", cidr, rule.name() + " names a private address range");
                }
                assertTrue(rule.string("description") != null && !rule.string("description").isBlank(), rule.name());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod", "dev autoscaling", "prod autoscaling"})
    void eachFirewallHasARealDescriptionAndNoInlineRules(String stack) {
        Plan plan = TestStacks.variant(stack);
        List<Plan.Resource> groups = plan.ofType("aws:ec2/securityGroup:SecurityGroup");
        assertEquals(3, groups.size());
        for (Plan.Resource group : groups) {
            assertTrue(group.string("description").startsWith("Firewall "), group.name());
            assertTrue(group.input("ingress").isEmpty() && group.input("egress").isEmpty(), group.name());
        }
        Plan.Resource defaultGroup = plan.named("network-default-sg");
        assertTrue(defaultGroup.input("ingress").isEmpty() && defaultGroup.input("egress").isEmpty(),
                "the default security group must be managed with no rules");
    }

    /** Built alone, from nothing but a VPC id: the same three groups in that VPC, with the same flows. */
    @Test
    void theFirewallsAloneNeedOnlyAVpc() {
        Plan plan = TestStacks.component("eu-west-1",
                ctx -> new Firewalls("firewalls", Output.of("vpc-0a1b2c3d"), ComponentResourceOptions.Empty));
        List<Plan.Resource> groups = plan.ofType("aws:ec2/securityGroup:SecurityGroup");
        assertEquals(3, groups.size());
        groups.forEach(group -> assertEquals("vpc-0a1b2c3d", group.string("vpcId"), group.name()));
        assertEquals(Set.of("tcp 3306-3306 sg:web"), flows(plan, INGRESS, "db"));
        assertEquals(Set.of("tcp 443-443 sg:lb"), flows(plan, INGRESS, "web"));
        assertEquals(Set.of(), flows(plan, EGRESS, "db"));
    }
}
