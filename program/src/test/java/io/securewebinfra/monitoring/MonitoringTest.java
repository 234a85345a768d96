package io.securewebinfra.monitoring;

import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResourceOptions;
import java.util.Optional;
import com.fasterxml.jackson.databind.JsonNode;
import io.securewebinfra.common.Json;
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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** QPS, errors, latency and health are watched, alarms reach the topic, and the agents get their configuration. */
class MonitoringTest {
    private static final String ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";

    @Test
    void qpsPerServerAlarmsAtTheConfiguredRequestsPerSecond() {
        Plan plan = TestStacks.plan("prod");
        Plan.Resource qps = plan.named("monitoring-qps-per-server");
        assertEquals("RequestCountPerTarget", qps.string("metricName"));
        assertEquals("Sum", qps.string("statistic"));
        assertEquals(60L, qps.input("period").orElseThrow());
        // prod sets 200 requests/s per server: 12000 requests per one-minute period.
        assertEquals(12000L, qps.input("threshold").orElseThrow());
        assertEquals(plan.idOf("edge-web-https").replaceAll(".*:(targetgroup/.*)", "$1"), qps.string("dimensions.TargetGroup"));
    }

    @Test
    void theDesignsSignalsEachHaveAnAlarmThatNotifiesTheTopic() {
        Plan plan = TestStacks.plan("dev");
        Set<String> metrics = plan.ofType(ALARM).stream().map(a -> a.string("namespace") + "/" + a.string("metricName"))
                .collect(Collectors.toSet());
        assertTrue(metrics.containsAll(Set.of("AWS/ApplicationELB/RequestCountPerTarget",
                "AWS/ApplicationELB/HTTPCode_Target_5XX_Count", "AWS/ApplicationELB/HTTPCode_ELB_5XX_Count",
                "AWS/ApplicationELB/TargetResponseTime", "AWS/ApplicationELB/UnHealthyHostCount",
                "AWS/EC2/StatusCheckFailed_System", "AWS/EC2/StatusCheckFailed_Instance", "AWS/EC2/CPUUtilization",
                "AWS/RDS/CPUUtilization", "AWS/RDS/FreeStorageSpace", "AWS/RDS/ReplicaLag")), metrics.toString());
        String topic = plan.idOf("monitoring-alarms");
        for (Plan.Resource alarm : plan.ofType(ALARM)) {
            assertTrue(((List<?>) alarm.input("alarmActions").orElseThrow()).contains(topic), alarm.name());
        }
        assertEquals("p95", plan.named("monitoring-latency-p95").string("extendedStatistic"));
        assertEquals("notBreaching", plan.named("monitoring-target-5xx").string("treatMissingData"));
    }

    @Test
    void everyServerHasStatusCheckAlarmsAndAFailedHostIsRecovered() {
        Plan plan = TestStacks.plan("dev");
        for (int i = 1; i <= 3; i++) {
            Plan.Resource system = plan.named("monitoring-web-" + i + "-system-check");
            assertEquals(plan.idOf("web-" + i), system.string("dimensions.InstanceId"));
            assertTrue(((List<?>) system.input("alarmActions").orElseThrow())
                    .contains("arn:aws:automate:eu-west-1:ec2:recover"));
            plan.named("monitoring-web-" + i + "-instance-check");
            plan.named("monitoring-web-" + i + "-cpu");
        }
        assertEquals("secure-web-infra-dev-replica", plan.named("monitoring-db-replica-lag").string("dimensions.DBInstanceIdentifier"));
    }

    @Test
    void theDashboardShowsQpsPerServerLatencyErrorsAndDatabaseHealth() {
        String body = TestStacks.plan("dev").named("monitoring-dashboard").string("dashboardBody");
        for (String title : List.of("QPS per web server", "Response time", "Errors", "Database free storage")) {
            assertTrue(body.contains(title), title);
        }
        assertTrue(body.contains("RequestCountPerTarget") && body.contains("ReplicaLag") && body.contains("mem_used_percent"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void anAutoScalingGroupIsWatchedAsAGroupWithTheSameSignalsAndNoAlarmPerServer(String stack) {
        Plan plan = TestStacks.plan(stack, TestStacks.autoscaling(Map.of("webMinSize", "3")));
        String group = plan.idOf("web-group");
        Set<String> metrics = plan.ofType(ALARM).stream().map(a -> a.string("namespace") + "/" + a.string("metricName"))
                .collect(Collectors.toSet());
        assertEquals(Set.of("AWS/ApplicationELB/RequestCountPerTarget", "AWS/ApplicationELB/HTTPCode_Target_5XX_Count",
                "AWS/ApplicationELB/HTTPCode_ELB_5XX_Count", "AWS/ApplicationELB/TargetResponseTime",
                "AWS/ApplicationELB/UnHealthyHostCount", "AWS/ApplicationELB/HealthyHostCount",
                "secure-web-infra/WebServers/BootstrapFailures",
                "AWS/EC2/CPUUtilization", "AWS/AutoScaling/GroupInServiceInstances",
                "AWS/RDS/CPUUtilization", "AWS/RDS/FreeStorageSpace", "AWS/RDS/ReplicaLag"), metrics);
        String topic = plan.idOf("monitoring-alarms");
        for (Plan.Resource alarm : plan.ofType(ALARM)) {
            assertTrue(alarm.input("dimensions.InstanceId").isEmpty(), alarm.name() + " watches a single server");
            assertEquals(List.of(topic), alarm.input("alarmActions").orElseThrow(), alarm.name());
        }
        Plan.Resource cpu = plan.named("monitoring-web-group-cpu");
        assertEquals(Map.of("AutoScalingGroupName", group), cpu.input("dimensions").orElseThrow());
        assertEquals("Average", cpu.string("statistic"));
        assertEquals(80L, cpu.input("threshold").orElseThrow());
        Plan.Resource inService = plan.named("monitoring-web-group-in-service");
        assertEquals(group, inService.string("dimensions.AutoScalingGroupName"));
        assertEquals("LessThanThreshold", inService.string("comparisonOperator"));
        assertEquals(3L, inService.input("threshold").orElseThrow(), "below webMinSize");
        Plan.Resource healthy = plan.named("monitoring-healthy-hosts");
        assertEquals(plan.named("monitoring-qps-per-server").input("dimensions").orElseThrow(),
                healthy.input("dimensions").orElseThrow());
        assertEquals(3L, healthy.input("threshold").orElseThrow());
        // The QPS per server alarm is the same in both modes.
        assertEquals(TestStacks.plan(stack).named("monitoring-qps-per-server"), plan.named("monitoring-qps-per-server"));
    }

    @Test
    void theFixedServersHaveNoGroupAlarms() {
        Set<String> names = TestStacks.plan("prod").ofType(ALARM).stream().map(Plan.Resource::name).collect(Collectors.toSet());
        assertFalse(names.contains("monitoring-web-group-cpu") || names.contains("monitoring-web-group-in-service")
                || names.contains("monitoring-healthy-hosts"), names.toString());
    }

    @Test
    void theDashboardGraphsAnAutoScalingGroupAsAWholeWithItsSize() {
        Plan plan = TestStacks.plan("dev", TestStacks.autoscaling());
        String body = plan.named("monitoring-dashboard").string("dashboardBody");
        String group = plan.idOf("web-group");
        for (String title : List.of("QPS per web server", "Response time", "Errors", "Web servers in service",
                "Web server group CPU", "Web server group size", "Database free storage")) {
            assertTrue(body.contains(title), title);
        }
        assertTrue(body.contains("[\"AWS/EC2\",\"CPUUtilization\",\"AutoScalingGroupName\",\"" + group + "\""), body);
        assertTrue(body.contains("[\"AWS/AutoScaling\",\"GroupInServiceInstances\",\"AutoScalingGroupName\",\"" + group + "\""), body);
        assertFalse(body.contains("\"InstanceId\""), "no line for a server that may be gone");
        assertTrue(body.contains("\"DBInstanceIdentifier\""));
        String fixed = TestStacks.plan("dev").named("monitoring-dashboard").string("dashboardBody");
        assertFalse(fixed.contains("AutoScalingGroupName"));
    }

    @Test
    void alarmsAreMailedOnlyWhenAnAddressIsConfigured() {
        Plan.Resource subscription = TestStacks.plan("prod").named("monitoring-alarms-email");
        assertEquals("email", subscription.string("protocol"));
        assertEquals("ops@foobar.com", subscription.string("endpoint"));
        assertTrue(TestStacks.plan("dev").ofType("aws:sns/topicSubscription:TopicSubscription").isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod", "prod autoscaling"})
    void theAlarmTopicIsEncryptedWithACustomerManagedKeyThatCloudWatchMayUseAndNothingElse(String variant) {
        Plan plan = TestStacks.variant(variant);
        String stack = variant.split(" ")[0];
        Plan.Resource key = plan.named("monitoring-alarms-key");
        assertEquals("aws:kms/key:Key", key.type());
        assertEquals("monitoring", key.parent());
        // alias/aws/sns would make every alarm action fail: CloudWatch cannot be admitted to the AWS-managed key.
        assertEquals(plan.idOf("monitoring-alarms-key"), keyIdIn(plan.named("monitoring-alarms").string("kmsMasterKeyId")));
        assertEquals(true, key.input("enableKeyRotation").orElseThrow());
        assertEquals(30L, key.input("deletionWindowInDays").orElseThrow());
        Plan.Resource alias = plan.named("monitoring-alarms-key-alias");
        assertEquals("alias/secure-web-infra-" + stack + "-alarms", alias.string("name"));
        assertEquals(plan.idOf("monitoring-alarms-key"), alias.string("targetKeyId"));
        assertEquals(1, plan.ofType("aws:kms/key:Key").size());

        JsonNode statements = policy(key).path("Statement");
        assertEquals(2, statements.size(), statements.toString());
        JsonNode root = statements.get(0);
        assertEquals("arn:aws:iam::123456789012:root", root.path("Principal").path("AWS").asText());
        assertEquals("kms:*", root.path("Action").asText(), "the account can always administer its key");
        assertTrue(root.path("Condition").isMissingNode());
        JsonNode cloudWatch = statements.get(1);
        assertEquals("Allow", cloudWatch.path("Effect").asText());
        assertEquals("{\"Service\":\"cloudwatch.amazonaws.com\"}", cloudWatch.path("Principal").toString());
        assertEquals("[\"kms:Decrypt\",\"kms:GenerateDataKey*\"]", cloudWatch.path("Action").toString());
        assertEquals("*", cloudWatch.path("Resource").asText(), "in a key policy, the key itself");
        for (JsonNode statement : statements) {
            assertFalse(statement.path("Principal").toString().contains("\"*\""), "no one-for-all principal");
            assertEquals("Allow", statement.path("Effect").asText());
        }
    }

    @Test
    void theKeyPolicyFollowsThePartitionOfTheRegion() {
        JsonNode statements = read(AlarmTopicKey.policy("aws-cn", "210987654321")).path("Statement");
        assertEquals("arn:aws-cn:iam::210987654321:root", statements.get(0).path("Principal").path("AWS").asText());
        assertEquals("{\"Service\":\"cloudwatch.amazonaws.com\"}", statements.get(1).path("Principal").toString());
    }

    private static JsonNode policy(Plan.Resource key) {
        return read(key.string("policy"));
    }

    private static JsonNode read(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The key's id from the key's ARN, as the topic names it. */
    private static String keyIdIn(String arn) {
        assertTrue(arn.startsWith("arn:aws:kms:eu-west-1:123456789012:key/"), arn);
        return arn.substring(arn.lastIndexOf('/') + 1);
    }

    @Test
    void aFailedBootstrapRunOfAnyServerRaisesAnAlarm() {
        for (String variant : java.util.List.of("dev", "prod autoscaling")) {
            Plan plan = TestStacks.variant(variant);
            Plan.Resource alarm = plan.named("monitoring-bootstrap-failures");
            assertEquals("secure-web-infra/WebServers", alarm.string("namespace"));
            assertEquals("BootstrapFailures", alarm.string("metricName"));
            assertEquals(Map.of("Stack", plan.stack()), alarm.input("dimensions").orElseThrow());
            assertEquals("GreaterThanThreshold", alarm.string("comparisonOperator"));
            assertEquals(0L, ((Number) alarm.input("threshold").orElseThrow()).longValue());
            assertEquals("notBreaching", alarm.string("treatMissingData"), "no data is no failure");
            assertEquals(java.util.List.of(plan.idOf("monitoring-alarms")), alarm.input("alarmActions").orElseThrow());
        }
    }

    @Test
    void theAgentsConfigurationAndLogGroupsAreDeclaredAndTheSumoTokenOnlyAsASecureString() {
        Plan dev = TestStacks.plan("dev");
        assertEquals("/secure-web-infra/dev/cloudwatch-agent-config", dev.named("agents-cloudwatch-config").string("name"));
        assertEquals(java.util.Set.of("nginx-access", "nginx-error", "app", "bootstrap", "cloud-init").stream()
                        .map(g -> "/secure-web-infra/dev/web/" + g).collect(java.util.stream.Collectors.toSet()),
                dev.childrenOf("agents").stream()
                        .filter(r -> r.type().equals("aws:cloudwatch/logGroup:LogGroup"))
                        .peek(g -> assertEquals(30L, g.input("retentionInDays").orElseThrow()))
                        .map(g -> g.string("name")).collect(java.util.stream.Collectors.toSet()));
        assertEquals("CloudWatch only", dev.outputs().get("monitoring"));
        assertTrue(dev.ofType("aws:ssm/parameter:Parameter").stream().noneMatch(p -> "SecureString".equals(p.string("type"))));

        Plan withSumo = TestStacks.plan("dev", Map.of("sumoLogicToken", TestStacks.SUMO_TOKEN));
        Plan.Resource token = withSumo.named("agents-sumologic-token");
        assertEquals("SecureString", token.string("type"));
        assertEquals("[secret]", token.string("value"));
        assertEquals("CloudWatch and Sumo Logic", withSumo.outputs().get("monitoring"));
        assertFalse(withSumo.toJson().contains(TestStacks.SUMO_TOKEN));
    }

    /** The agents' side built alone: the parameter and log groups it is handed, nothing it derives itself. */
    @Test
    void theAgentsAloneStoreTheConfigurationTheyAreGiven() {
        Plan plan = TestStacks.component("eu-west-1", ctx -> new MonitoringAgents("agents", new MonitoringAgents.Args(
                "test", "/shop/test/agent", "{\"agent\":{}}", List.of("/shop/test/web/app", "/shop/test/web/bootstrap"),
                14, "/shop/test/sumo", Optional.empty()), ComponentResourceOptions.Empty));
        var parameter = plan.named("agents-cloudwatch-config");
        assertEquals("/shop/test/agent", parameter.string("name"));
        assertEquals("{\"agent\":{}}", parameter.string("value"));
        assertEquals(List.of("/shop/test/web/app", "/shop/test/web/bootstrap"), plan.ofType("aws:cloudwatch/logGroup:LogGroup")
                .stream().map(g -> g.string("name")).toList());
        assertTrue(plan.ofType("aws:ssm/parameter:Parameter").stream().noneMatch(p -> "SecureString".equals(p.string("type"))),
                "no Sumo Logic token was given, so no token parameter");
    }

    /** The alarms built alone, on targets given by name: the bootstrap alarm watches the metric it is told. */
    @Test
    void theAlarmsAloneWatchTheTargetsTheyAreGiven() {
        var alarmSettings = TestStacks.settings("dev", Map.of()).monitoring();
        Plan plan = TestStacks.component("eu-west-1", ctx -> new Monitoring("monitoring", new Monitoring.Args("shop",
                "test", "eu-west-1", alarmSettings, Optional.empty(),
                new Monitoring.BootstrapFailures("shop/Servers", "Failures", "/shop/test/boot"), "shop-dashboard",
                new Monitoring.Targets(Output.of("app/shop/1"), Output.of("targetgroup/shop/2"), List.of(),
                        Optional.empty(), Output.of("shop-test-primary"), Output.of("shop-test-replica"))),
                ComponentResourceOptions.Empty));
        var boot = plan.named("monitoring-bootstrap-failures");
        assertEquals("shop/Servers", boot.string("namespace"));
        assertEquals("Failures", boot.string("metricName"));
        assertEquals("test", boot.string("dimensions.Stack"));
        assertTrue(boot.string("alarmDescription").contains("/shop/test/boot"), boot.string("alarmDescription"));
        assertEquals("shop-test-replica", plan.named("monitoring-db-replica-lag").string("dimensions.DBInstanceIdentifier"));
        assertEquals("shop-dashboard", plan.named("monitoring-dashboard").string("dashboardName"));
    }
}
