package io.securewebinfra.webtier;

import io.securewebinfra.TestStacks;
import io.securewebinfra.config.Settings;
import io.securewebinfra.plandoc.Plan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code webTierMode: autoscaling}: the group's servers are built exactly like the fixed servers, sit behind the same
 * firewall and target group, and the group scales on the QPS per server and on CPU.
 */
class ServerGroupTest {
    private static final String TEMPLATE = "web-launch-template";
    private static final String GROUP = "web-group";

    private static Plan group(String stack) {
        return TestStacks.plan(stack, TestStacks.autoscaling());
    }

    private static String decoded(Plan.Resource template) {
        return Bootstrap.expanded(template.string("userData"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theLaunchTemplateCarriesTheFixedServersHardeningValueForValue(String stack) {
        Plan fixed = TestStacks.plan(stack);
        Plan.Resource server = fixed.named("web-1");
        Plan.Resource template = group(stack).named(TEMPLATE);

        assertEquals(server.string("ami"), template.string("imageId"));
        assertEquals(server.string("instanceType"), template.string("instanceType"));
        assertEquals(server.input("metadataOptions").orElseThrow(), template.input("metadataOptions").orElseThrow());
        assertEquals("required", template.string("metadataOptions.httpTokens"));
        assertEquals(1L, template.input("metadataOptions.httpPutResponseHopLimit").orElseThrow());
        assertEquals(server.input("monitoring").orElseThrow(), template.input("monitoring.enabled").orElseThrow());
        assertEquals(server.string("iamInstanceProfile"), template.string("iamInstanceProfile.name"));
        assertTrue(template.input("keyName").isEmpty() && server.input("keyName").isEmpty(), "no key pair");

        Map<?, ?> root = (Map<?, ?>) ((List<?>) template.input("blockDeviceMappings").orElseThrow()).get(0);
        Map<?, ?> ebs = (Map<?, ?>) root.get("ebs");
        assertEquals("/dev/xvda", root.get("deviceName"));
        assertEquals(server.string("rootBlockDevice.volumeType"), ebs.get("volumeType"));
        assertEquals(server.input("rootBlockDevice.volumeSize").orElseThrow(), ebs.get("volumeSize"));
        assertEquals("true", ebs.get("encrypted"));
        assertEquals(server.string("rootBlockDevice.encrypted"), ebs.get("encrypted"));
        assertEquals("true", ebs.get("deleteOnTermination"));

        List<?> interfaces = (List<?>) template.input("networkInterfaces").orElseThrow();
        assertEquals(1, interfaces.size());
        Map<?, ?> nic = (Map<?, ?>) interfaces.get(0);
        assertEquals("false", nic.get("associatePublicIpAddress"));
        assertEquals(String.valueOf(server.input("associatePublicIpAddress").orElseThrow()), nic.get("associatePublicIpAddress"));
        assertEquals(List.of(fixed.idOf("firewalls-web-sg")), nic.get("securityGroups"));
        assertEquals(server.input("vpcSecurityGroupIds").orElseThrow(), nic.get("securityGroups"));
        assertTrue(template.input("vpcSecurityGroupIds").isEmpty(), "the firewall is set once, on the interface");
    }

    @Test
    void theGroupsServersRunTheFixedServersBootstrapWithOnlyTheServerIndexDifferent() {
        Settings settings = TestStacks.settings("prod", TestStacks.autoscaling(Map.of("sumoLogicToken", TestStacks.SUMO_TOKEN)));
        Plan fixed = TestStacks.plan("prod", Map.of("sumoLogicToken", TestStacks.SUMO_TOKEN));
        Plan group = TestStacks.plan("prod", TestStacks.autoscaling(Map.of("sumoLogicToken", TestStacks.SUMO_TOKEN)));
        String groupScript = decoded(group.named(TEMPLATE));
        String fixedScript = Bootstrap.expanded(fixed.named("web-1").string("userDataBase64"));

        assertEquals(Bootstrap.userData(parameters(settings, BootstrapParameters.GROUP_MEMBER)), groupScript);
        assertEquals(Bootstrap.userData(parameters(settings, 1)), fixedScript);
        List<String> groupLines = groupScript.lines().toList();
        List<String> fixedLines = fixedScript.lines().toList();
        assertEquals(fixedLines.size(), groupLines.size());
        int differing = 0;
        for (int i = 0; i < fixedLines.size(); i++) {
            if (!fixedLines.get(i).equals(groupLines.get(i))) {
                differing++;
                // Every difference is the server's number: 1 for web-1, 0 for a member of the group.
                assertEquals(fixedLines.get(i), groupLines.get(i).replace("0", "1"), "line " + (i + 1));
            }
        }
        assertTrue(differing > 0 && differing <= 6, differing + " lines differ");
        assertTrue(groupScript.contains("/secure-web-infra/prod/sumologic-installation-token"));
        assertFalse(groupScript.contains(TestStacks.SUMO_TOKEN) || groupScript.contains(TestStacks.DB_PASSWORD));
        assertFalse(group.toJson().contains(TestStacks.SUMO_TOKEN) || group.toJson().contains(TestStacks.DB_PASSWORD));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theGroupSpansThePrivateAppSubnetsAndRegistersInTheHttpsTargetGroupWithElbHealthChecks(String stack) {
        Plan plan = group(stack);
        Plan.Resource group = plan.named(GROUP);
        Set<String> appSubnets = plan.ofType("aws:ec2/subnet:Subnet").stream()
                .filter(s -> s.name().startsWith("network-app-")).map(s -> plan.idOf(s.name())).collect(Collectors.toSet());
        assertEquals(stack.equals("prod") ? 3 : 2, appSubnets.size());
        assertEquals(appSubnets, Set.copyOf((List<?>) group.input("vpcZoneIdentifiers").orElseThrow()));
        assertEquals(List.of(plan.idOf("edge-web-https")), group.input("targetGroupArns").orElseThrow());
        assertEquals("ELB", group.string("healthCheckType"));
        assertEquals(300L, group.input("healthCheckGracePeriod").orElseThrow());
        assertEquals(2L, group.input("minSize").orElseThrow());
        assertEquals(6L, group.input("maxSize").orElseThrow());
        assertEquals(2L, group.input("desiredCapacity").orElseThrow());
        assertEquals(2L, group.input("minElbCapacity").orElseThrow(), "created only once the minimum is healthy");
        assertEquals(List.of("desiredCapacity"), group.ignoreChanges(), "the scaling policies own the size");
        assertTrue(plan.ofType("aws:ec2/instance:Instance").isEmpty());
        assertTrue(plan.ofType("aws:lb/targetGroupAttachment:TargetGroupAttachment").isEmpty());
    }

    @Test
    void aTemplateChangeRollsTheFleetBecauseTheGroupFollowsTheTemplatesVersionNumber() {
        Plan plan = group("dev");
        Plan.Resource group = plan.named(GROUP);
        assertEquals(plan.idOf(TEMPLATE), group.string("launchTemplate.id"));
        // The mock cloud's template is at version 1; "$Latest" would hide a new version from the group.
        assertEquals("1", group.string("launchTemplate.version"));
        assertEquals("Rolling", group.string("instanceRefresh.strategy"));
        assertEquals(100L, group.input("instanceRefresh.preferences.minHealthyPercentage").orElseThrow());
        assertEquals(110L, group.input("instanceRefresh.preferences.maxHealthyPercentage").orElseThrow());
        assertTrue(((List<?>) group.input("enabledMetrics").orElseThrow()).containsAll(
                List.of("GroupInServiceInstances", "GroupDesiredCapacity", "GroupMinSize", "GroupMaxSize")));
        assertEquals("1Minute", group.string("metricsGranularity"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theGroupScalesOnRequestsPerServerAndOnCpuWithTheConfiguredTargets(String stack) {
        Plan plan = TestStacks.plan(stack, TestStacks.autoscaling(Map.of("webRequestsPerServer", "4500",
                "webCpuTarget", "55.5")));
        String groupName = plan.idOf(GROUP);
        Plan.Resource requests = plan.named("web-scale-on-requests");
        assertEquals(groupName, requests.string("autoscalingGroupName"));
        assertEquals("TargetTrackingScaling", requests.string("policyType"));
        assertEquals("ALBRequestCountPerTarget",
                requests.string("targetTrackingConfiguration.predefinedMetricSpecification.predefinedMetricType"));
        String loadBalancer = plan.idOf("edge-alb").replaceAll(".*:loadbalancer/(app/.*)", "$1");
        String targetGroup = plan.idOf("edge-web-https").replaceAll(".*:(targetgroup/.*)", "$1");
        assertEquals(loadBalancer + "/" + targetGroup,
                requests.string("targetTrackingConfiguration.predefinedMetricSpecification.resourceLabel"));
        assertTrue(loadBalancer.startsWith("app/") && targetGroup.startsWith("targetgroup/"));
        assertEquals(4500L, requests.input("targetTrackingConfiguration.targetValue").orElseThrow());

        Plan.Resource cpu = plan.named("web-scale-on-cpu");
        assertEquals(groupName, cpu.string("autoscalingGroupName"));
        assertEquals("ASGAverageCPUUtilization",
                cpu.string("targetTrackingConfiguration.predefinedMetricSpecification.predefinedMetricType"));
        assertEquals(55.5, cpu.input("targetTrackingConfiguration.targetValue").orElseThrow());
    }

    @Test
    void theGroupsServersAndVolumesAreTaggedLikeTheRestOfTheStack() {
        Plan plan = group("dev");
        Map<String, Boolean> propagated = ((List<?>) plan.named(GROUP).input("tags").orElseThrow()).stream()
                .map(t -> (Map<?, ?>) t)
                .collect(Collectors.toMap(t -> t.get("key") + "=" + t.get("value"), t -> (Boolean) t.get("propagateAtLaunch")));
        assertEquals(Map.of("Name=web", true, "Role=web", true, "Project=secure-web-infra", true, "Stack=dev", true,
                "ManagedBy=pulumi", true), propagated);
        Map<?, ?> volume = (Map<?, ?>) ((List<?>) plan.named(TEMPLATE).input("tagSpecifications").orElseThrow()).get(0);
        assertEquals("volume", volume.get("resourceType"));
        assertEquals(Map.of("Name", "web-root", "Project", "secure-web-infra", "Stack", "dev", "ManagedBy", "pulumi"),
                volume.get("tags"));
    }

    @Test
    void aNewlyPublishedAmiDoesNotRollTheGroupButAPinnedOneDoes() {
        assertEquals(List.of("imageId"), group("dev").named(TEMPLATE).ignoreChanges());
        Plan pinned = TestStacks.plan("dev", TestStacks.autoscaling(Map.of("amiId", "ami-0123456789abcdef0")));
        assertEquals("ami-0123456789abcdef0", pinned.named(TEMPLATE).string("imageId"));
        assertEquals(List.of(), pinned.named(TEMPLATE).ignoreChanges());
    }

    @Test
    void theServersRoleIsTheSameInBothModes() {
        Plan fixed = TestStacks.plan("prod");
        Plan group = group("prod");
        for (String name : List.of("web-role", "web-read-own-config", "web-session-manager", "web-profile",
                "web-CloudWatchAgentServerPolicy")) {
            assertEquals(fixed.named(name), group.named(name), name);
        }
        assertNotEquals(fixed.ofType("aws:ec2/instance:Instance").size(), group.ofType("aws:ec2/instance:Instance").size());
    }

    /** The bootstrap of a prod server with Sumo Logic, from the names the stack gives its secret and parameters. */
    private static BootstrapParameters parameters(Settings settings, int serverIndex) {
        return new BootstrapParameters(settings.project(), settings.stack(), settings.region(), serverIndex,
                Settings.WebTier.HTTPS_PORT, settings.webTier().appPort(),
                io.securewebinfra.stack.StackNames.of(settings).databaseSecret(),
                io.securewebinfra.stack.StackNames.of(settings).cloudWatchAgentParameter(),
                Optional.of(io.securewebinfra.stack.StackNames.of(settings).sumoLogicTokenParameter()));
    }
}
