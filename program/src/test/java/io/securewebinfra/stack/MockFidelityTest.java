package io.securewebinfra.stack;

import io.securewebinfra.plandoc.Plan;
import io.securewebinfra.mockengine.MockCloud;
import io.securewebinfra.mockengine.MockEngine;
import io.securewebinfra.config.InvalidConfigException;

import com.google.common.collect.ImmutableMap;
import com.pulumi.test.Mocks;
import io.securewebinfra.common.Json;
import io.securewebinfra.TestStacks;
import io.securewebinfra.config.Settings;
import io.securewebinfra.stack.Infrastructure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The mock cloud answers the program as AWS and the provider do, wherever the program depends on it. Two guards:
 * every plan is refused when the program reads an output the mock leaves out or the mock invents one
 * ({@link RecordingMonitor}, proved below), and the values the mock gives are held to the provider's formats in
 * {@link #CONTRACT}, written from the provider's documentation, not from the mock.
 */
class MockFidelityTest {
    private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
    private static final String EC2 = "[0-9a-f]{17}";

    /**
     * Per resource type, what the provider returns: {@code id} and computed outputs, as regular expressions in which
     * {@code %R} is the region, {@code %A} the account, {@code %P} the partition and {@code {x}} the input {@code x}.
     * Every type the program declares must be here: a new type makes this test ask what AWS returns for it.
     */
    static final Map<String, Map<String, String>> CONTRACT = Map.ofEntries(
            Map.entry("aws:ec2/vpc:Vpc", Map.of("id", "vpc-" + EC2, "arn", "arn:%P:ec2:%R:%A:vpc/vpc-" + EC2,
                    "ipv6CidrBlock", "[0-9a-f:]+::/56")),
            Map.entry("aws:ec2/subnet:Subnet", Map.of("id", "subnet-" + EC2, "arn", "arn:%P:ec2:%R:%A:subnet/subnet-" + EC2)),
            Map.entry("aws:ec2/securityGroup:SecurityGroup", Map.of("id", "sg-" + EC2,
                    "arn", "arn:%P:ec2:%R:%A:security-group/sg-" + EC2)),
            Map.entry("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", Map.of("id", "sg-" + EC2, "name", "default")),
            Map.entry("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", Map.of("id", "sgr-" + EC2,
                    "securityGroupRuleId", "sgr-" + EC2)),
            Map.entry("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", Map.of("id", "sgr-" + EC2,
                    "securityGroupRuleId", "sgr-" + EC2)),
            Map.entry("aws:ec2/instance:Instance", Map.of("id", "i-" + EC2, "arn", "arn:%P:ec2:%R:%A:instance/i-" + EC2,
                    "privateIp", "10(\\.[0-9]{1,3}){3}")),
            Map.entry("aws:ec2/eip:Eip", Map.of("id", "eipalloc-" + EC2, "allocationId", "eipalloc-" + EC2,
                    "publicIp", "[0-9]{1,3}(\\.[0-9]{1,3}){3}")),
            Map.entry("aws:ec2/internetGateway:InternetGateway", Map.of("id", "igw-" + EC2)),
            Map.entry("aws:ec2/natGateway:NatGateway", Map.of("id", "nat-" + EC2)),
            Map.entry("aws:ec2/routeTable:RouteTable", Map.of("id", "rtb-" + EC2)),
            Map.entry("aws:ec2/route:Route", Map.of("id", "r-\\Q{routeTableId}\\E[0-9]+")),
            Map.entry("aws:ec2/routeTableAssociation:RouteTableAssociation", Map.of("id", "rtbassoc-" + EC2)),
            Map.entry("aws:ec2/flowLog:FlowLog", Map.of("id", "fl-" + EC2)),
            Map.entry("aws:ec2/launchTemplate:LaunchTemplate", Map.of("id", "lt-" + EC2, "latestVersion", "1",
                    "arn", "arn:%P:ec2:%R:%A:launch-template/lt-" + EC2)),
            Map.entry("aws:cloudwatch/logGroup:LogGroup", Map.of("id", "\\Q{name}\\E",
                    "arn", "arn:%P:logs:%R:%A:log-group:\\Q{name}\\E")),
            Map.entry("aws:cloudwatch/metricAlarm:MetricAlarm", Map.of("id", "\\Q{name}\\E",
                    "arn", "arn:%P:cloudwatch:%R:%A:alarm:\\Q{name}\\E")),
            Map.entry("aws:cloudwatch/dashboard:Dashboard", Map.of("id", "\\Q{dashboardName}\\E",
                    "dashboardArn", "arn:%P:cloudwatch::%A:dashboard/\\Q{dashboardName}\\E")),
            Map.entry("aws:iam/role:Role", Map.of("id", "\\Q{name}\\E", "arn", "arn:%P:iam::%A:role/\\Q{name}\\E",
                    "uniqueId", "AROA[A-Z0-9]+")),
            Map.entry("aws:iam/instanceProfile:InstanceProfile", Map.of("id", "\\Q{name}\\E",
                    "arn", "arn:%P:iam::%A:instance-profile/\\Q{name}\\E")),
            Map.entry("aws:iam/rolePolicy:RolePolicy", Map.of("id", "\\Q{role}:{name}\\E")),
            Map.entry("aws:iam/rolePolicyAttachment:RolePolicyAttachment", Map.of("id", "\\Q{role}\\E-[0-9]{26}")),
            Map.entry("aws:acm/certificate:Certificate", Map.of("id", "arn:%P:acm:%R:%A:certificate/" + UUID,
                    "arn", "arn:%P:acm:%R:%A:certificate/" + UUID)),
            Map.entry("aws:acm/certificateValidation:CertificateValidation",
                    Map.of("id", "[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:]{8} \\+0000 UTC")),
            // The provider's record id: zone id, name without the final dot, type, joined by underscores.
            Map.entry("aws:route53/record:Record", Map.of("id", "\\Q{zoneId}\\E_[a-z0-9._-]+[^.]_\\Q{type}\\E",
                    "fqdn", "[a-z0-9._-]+[^.]")),
            Map.entry("aws:lb/loadBalancer:LoadBalancer", Map.of(
                    "id", "arn:%P:elasticloadbalancing:%R:%A:loadbalancer/app/[A-Za-z0-9-]{1,32}/[0-9a-f]{16}",
                    "arnSuffix", "app/[A-Za-z0-9-]{1,32}/[0-9a-f]{16}",
                    "dnsName", "[A-Za-z0-9-]+\\.%R\\.elb\\.amazonaws\\.com", "zoneId", "Z[A-Z0-9]+")),
            Map.entry("aws:lb/targetGroup:TargetGroup", Map.of(
                    "id", "arn:%P:elasticloadbalancing:%R:%A:targetgroup/[A-Za-z0-9-]{1,32}/[0-9a-f]{16}",
                    "arnSuffix", "targetgroup/[A-Za-z0-9-]{1,32}/[0-9a-f]{16}")),
            Map.entry("aws:lb/listener:Listener", Map.of(
                    "id", "arn:%P:elasticloadbalancing:%R:%A:listener/app/[A-Za-z0-9-]{1,32}/[0-9a-f]{16}/[0-9a-f]{16}")),
            Map.entry("aws:lb/targetGroupAttachment:TargetGroupAttachment", Map.of("id", "\\Q{targetGroupArn}\\E-[0-9]{26}")),
            Map.entry("aws:s3/bucketV2:BucketV2", Map.of("id", "[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]",
                    "arn", "arn:%P:s3:::[a-z0-9.-]+")),
            Map.entry("aws:s3/bucketPolicy:BucketPolicy", Map.of("id", "\\Q{bucket}\\E")),
            Map.entry("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", Map.of("id", "\\Q{bucket}\\E")),
            Map.entry("aws:s3/bucketOwnershipControls:BucketOwnershipControls", Map.of("id", "\\Q{bucket}\\E")),
            Map.entry("aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
                    Map.of("id", "\\Q{bucket}\\E")),
            Map.entry("aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2", Map.of("id", "\\Q{bucket}\\E")),
            Map.entry("aws:s3/bucketVersioningV2:BucketVersioningV2", Map.of("id", "\\Q{bucket}\\E")),
            Map.entry("aws:s3/bucketObjectv2:BucketObjectv2", Map.of("id", "\\Q{key}\\E")),
            // The DbiResourceId: never the identifier, which is what other resources and CloudWatch refer to.
            Map.entry("aws:rds/instance:Instance", Map.of("id", "db-[A-Z0-9]{26}", "resourceId", "db-[A-Z0-9]{26}",
                    "arn", "arn:%P:rds:%R:%A:db:\\Q{identifier}\\E",
                    "address", "\\Q{identifier}\\E\\.[a-z0-9]{12}\\.%R\\.rds\\.amazonaws\\.com",
                    "endpoint", "\\Q{identifier}\\E\\.[a-z0-9]{12}\\.%R\\.rds\\.amazonaws\\.com:3306")),
            Map.entry("aws:rds/subnetGroup:SubnetGroup", Map.of("id", "[a-z0-9._ -]+", "name", "[a-z0-9._ -]+",
                    "arn", "arn:%P:rds:%R:%A:subgrp:[a-z0-9._ -]+")),
            Map.entry("aws:rds/parameterGroup:ParameterGroup", Map.of("id", "[a-z][a-z0-9-]*", "name", "[a-z][a-z0-9-]*",
                    "arn", "arn:%P:rds:%R:%A:pg:[a-z][a-z0-9-]*")),
            Map.entry("aws:secretsmanager/secret:Secret", Map.of(
                    "id", "arn:%P:secretsmanager:%R:%A:secret:\\Q{name}\\E-[A-Za-z0-9]{6}",
                    "arn", "arn:%P:secretsmanager:%R:%A:secret:\\Q{name}\\E-[A-Za-z0-9]{6}")),
            Map.entry("aws:secretsmanager/secretVersion:SecretVersion", Map.of("id", "\\Q{secretId}|\\E" + UUID,
                    "versionId", UUID)),
            Map.entry("aws:ssm/parameter:Parameter", Map.of("id", "\\Q{name}\\E",
                    // Parameter names here start with "/", which the ARN does not repeat.
                    "arn", "arn:%P:ssm:%R:%A:parameter\\Q{name}\\E")),
            Map.entry("aws:sns/topic:Topic", Map.of("id", "arn:%P:sns:%R:%A:[A-Za-z0-9_-]{1,256}",
                    "arn", "arn:%P:sns:%R:%A:[A-Za-z0-9_-]{1,256}")),
            Map.entry("aws:sns/topicSubscription:TopicSubscription", Map.of("id", "\\Q{topic}\\E:" + UUID)),
            Map.entry("aws:kms/key:Key", Map.of("id", UUID, "keyId", UUID, "arn", "arn:%P:kms:%R:%A:key/" + UUID)),
            Map.entry("aws:kms/alias:Alias", Map.of("id", "alias/[A-Za-z0-9/_-]+",
                    "arn", "arn:%P:kms:%R:%A:alias/[A-Za-z0-9/_-]+", "targetKeyArn", "arn:%P:kms:%R:%A:key/" + UUID)),
            Map.entry("aws:autoscaling/group:Group", Map.of("id", "\\Q{name}\\E",
                    "arn", "arn:%P:autoscaling:%R:%A:autoScalingGroup:" + UUID + ":autoScalingGroupName/\\Q{name}\\E")),
            Map.entry("aws:autoscaling/policy:Policy", Map.of("id", "\\Q{name}\\E")));

    /**
     * The regional Elastic Load Balancing accounts, as AWS documents them (Elastic Load Balancing user guide, "Enable
     * access logs", regions available before August 2022). Newer regions have none.
     */
    static final Map<String, String> DOCUMENTED_ELB_ACCOUNTS = Map.ofEntries(
            Map.entry("us-east-1", "127311923021"), Map.entry("us-east-2", "033677994240"),
            Map.entry("us-west-1", "027434742980"), Map.entry("us-west-2", "797873946194"),
            Map.entry("af-south-1", "098369216593"), Map.entry("ap-east-1", "754344448648"),
            Map.entry("ap-southeast-3", "589379963580"), Map.entry("ap-south-1", "718504428378"),
            Map.entry("ap-northeast-3", "383597477331"), Map.entry("ap-northeast-2", "600734575887"),
            Map.entry("ap-southeast-1", "114774131450"), Map.entry("ap-southeast-2", "783225319266"),
            Map.entry("ap-northeast-1", "582318560864"), Map.entry("ca-central-1", "985666609251"),
            Map.entry("eu-central-1", "054676820928"), Map.entry("eu-west-1", "156460612806"),
            Map.entry("eu-west-2", "652711504416"), Map.entry("eu-south-1", "635631232127"),
            Map.entry("eu-west-3", "009996457667"), Map.entry("eu-north-1", "897822967062"),
            Map.entry("me-south-1", "076674570225"), Map.entry("sa-east-1", "507241528517"),
            Map.entry("us-gov-west-1", "048591011584"), Map.entry("us-gov-east-1", "190560391635"),
            Map.entry("cn-north-1", "638102146993"), Map.entry("cn-northwest-1", "037604701340"));

    /** Regions opened from August 2022, with no ELB account: log delivery is the service principal there. */
    private static final List<String> NEWER_REGIONS = List.of("me-central-1", "eu-central-2", "eu-south-2",
            "ap-south-2", "ap-southeast-4", "il-central-1", "ca-west-1");

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod", "dev autoscaling", "prod autoscaling"})
    void everyResourceTheProgramDeclaresGetsTheIdAndOutputsAwsGives(String variant) {
        Plan plan = TestStacks.variant(variant);
        checkContract(plan, "eu-west-1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"us-east-2", "us-gov-west-1", "eu-central-2"})
    void theContractHoldsInOtherRegionsAndPartitions(String region) {
        checkContract(planIn(region), region);
    }

    private static void checkContract(Plan plan, String region) {
        var cloud = new MockCloud(region);
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (Plan.Resource resource : plan.resources()) {
            if (!resource.type().startsWith("aws:")) {
                continue;
            }
            Map<String, String> contract = CONTRACT.get(resource.type());
            if (contract == null) {
                wrong.add(resource.type() + ": the program declares it; add what AWS returns for it to CONTRACT "
                        + "(and to MockCloud)");
                continue;
            }
            // The mock is deterministic: the recorded inputs give again what the program was answered.
            var result = join(cloud.newResourceAsync(new Mocks.ResourceArgs(resource.type(), resource.name(),
                    resource.inputs(), null, null)));
            String id = result.id.orElseThrow();
            @SuppressWarnings("unchecked")
            var state = (Map<String, Object>) result.state;
            if (!id.equals(plan.idOf(resource.name()))) {
                wrong.add(resource.name() + ": answered " + plan.idOf(resource.name()) + " in the plan, " + id + " now");
            }
            for (var expected : contract.entrySet()) {
                Object actual = expected.getKey().equals("id") ? id : state.get(expected.getKey());
                String pattern = expand(expected.getValue(), region, state);
                if (actual == null || !String.valueOf(actual).matches(pattern)) {
                    wrong.add(resource.name() + " (" + resource.type() + ") " + expected.getKey() + " = " + actual
                            + ", AWS gives /" + pattern + "/");
                }
                checked++;
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
        assertTrue(checked > 100, "too few outputs checked: " + checked);
    }

    /** Fills a contract pattern in: region, account, partition and the resource's own values. */
    private static String expand(String pattern, String region, Map<String, Object> state) {
        String partition = io.securewebinfra.common.Components.partition(region);
        String filled = pattern.replace("%R", Pattern.quote(region)).replace("%A", MockCloud.ACCOUNT)
                .replace("%P", partition);
        Matcher input = Pattern.compile("\\{([A-Za-z]+)}").matcher(filled);
        StringBuilder out = new StringBuilder();
        while (input.find()) {
            input.appendReplacement(out, Matcher.quoteReplacement(String.valueOf(state.get(input.group(1)))));
        }
        input.appendTail(out);
        return out.toString();
    }

    /** KMS keys and aliases are not in the program yet: their answers are held to the contract directly. */
    @Test
    @SuppressWarnings("unchecked")
    void aKmsKeyAndItsAliasGetTheProvidersIdsAndArns() {
        var cloud = new MockCloud("eu-west-1");
        var key = join(cloud.newResourceAsync(new Mocks.ResourceArgs("aws:kms/key:Key", "alarms-key",
                Map.of("description", "alarms"), null, null)));
        var alias = join(cloud.newResourceAsync(new Mocks.ResourceArgs("aws:kms/alias:Alias", "alarms-key-alias",
                Map.of("name", "alias/secure-web-infra-dev-alarms", "targetKeyId", key.id.orElseThrow()), null, null)));
        for (var answer : List.of(Map.entry("aws:kms/key:Key", key), Map.entry("aws:kms/alias:Alias", alias))) {
            var state = (Map<String, Object>) answer.getValue().state;
            CONTRACT.get(answer.getKey()).forEach((output, pattern) -> {
                Object actual = output.equals("id") ? answer.getValue().id.orElseThrow() : state.get(output);
                assertTrue(String.valueOf(actual).matches(expand(pattern, "eu-west-1", state)),
                        answer.getKey() + " " + output + " = " + actual);
            });
        }
        assertEquals(key.id.orElseThrow(), ((Map<String, Object>) key.state).get("keyId"));
        assertEquals(((Map<String, Object>) key.state).get("arn"), ((Map<String, Object>) alias.state).get("targetKeyArn"));
    }

    @Test
    void theElbLookupAnswersTheDocumentedAccountOfEveryRegionThatHasOne() {
        for (var region : DOCUMENTED_ELB_ACCOUNTS.entrySet()) {
            Map<String, Object> answer = join(new MockCloud(region.getKey()).callAsync(new Mocks.CallArgs(
                    "aws:elb/getServiceAccount:getServiceAccount", ImmutableMap.of(), null)));
            String partition = io.securewebinfra.common.Components.partition(region.getKey());
            assertEquals(region.getValue(), answer.get("id"), region.getKey());
            assertEquals("arn:" + partition + ":iam::" + region.getValue() + ":root", answer.get("arn"), region.getKey());
        }
        assertEquals(DOCUMENTED_ELB_ACCOUNTS, MockCloud.ELB_ACCOUNTS);
    }

    @Test
    void theElbLookupFailsAsTheProviderDoesInNewerRegions() {
        for (String region : NEWER_REGIONS) {
            var error = assertThrows(IllegalArgumentException.class, () -> new MockCloud(region).callAsync(
                    new Mocks.CallArgs("aws:elb/getServiceAccount:getServiceAccount", ImmutableMap.of(), null)));
            assertTrue(error.getMessage().contains("unsupported AWS Region: " + region), error.getMessage());
        }
    }

    /** The program asks for the ELB account exactly where the provider has one. */
    @Test
    void theProgramLooksUpTheElbAccountOnlyWhereThereIsOne() {
        assertEquals(new TreeSet<>(DOCUMENTED_ELB_ACCOUNTS.keySet()),
                new TreeSet<>(io.securewebinfra.edge.LoadBalancer.regionsWithElbAccount()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"eu-west-1", "us-east-2", "us-gov-west-1", "eu-central-2", "me-central-1"})
    void accessLogsAreWritableByTheRegionsOwnLogDeliveryOnly(String region) {
        Plan plan = region.equals("eu-west-1") ? TestStacks.plan("dev") : planIn(region);
        @SuppressWarnings("unchecked")
        var statements = (List<Map<String, Object>>) readJson(plan.named("edge-access-logs-policy").string("policy"))
                .get("Statement");
        List<Object> writers = statements.stream().filter(s -> "s3:PutObject".equals(s.get("Action"))
                && "Allow".equals(s.get("Effect"))).map(s -> s.get("Principal")).toList();
        String account = DOCUMENTED_ELB_ACCOUNTS.get(region);
        List<Object> expected = new ArrayList<>();
        if (account != null) {
            expected.add(Map.of("AWS", "arn:" + io.securewebinfra.common.Components.partition(region) + ":iam::" + account
                    + ":root"));
        }
        expected.add(Map.of("Service", "logdelivery.elasticloadbalancing.amazonaws.com"));
        assertEquals(expected, writers);
    }

    @Test
    void aPlanThatReadsAnOutputTheMockLeavesOutIsRefusedNamingIt() {
        // The mock as it would be without the database's address: the connection secret would silently lose it.
        var error = assertThrows(IllegalStateException.class, () -> planWith("eu-west-1", state -> {
            state.remove("address");
            return state;
        }, "aws:rds/instance:Instance"));
        assertTrue(error.getMessage().contains("database-connection-value (aws:secretsmanager/secretVersion:SecretVersion) "
                + "input secretString is built from [missing output aws:rds/instance:Instance.address]"), error.getMessage());
    }

    @Test
    void aPlanOnAnOutputTheProviderDoesNotHaveIsRefused() {
        var error = assertThrows(IllegalStateException.class, () -> planWith("eu-west-1", state -> {
            state.put("endpointAddress", "db.example");
            return state;
        }, "aws:rds/instance:Instance"));
        assertTrue(error.getMessage().contains("the mock cloud gives aws:rds/instance:Instance an output "
                + "\"endpointAddress\" that the provider does not have"), error.getMessage());
    }

    @Test
    void theFaithfulMockPlansEveryStackWithoutComplaint() {
        // The same run as the two above, with the mock unchanged: what they catch is the change, not the run.
        Plan plan = planWith("eu-west-1", UnaryOperator.identity(), "aws:rds/instance:Instance");
        assertFalse(plan.ofType("aws:rds/instance:Instance").isEmpty());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> readJson(String json) {
        try {
            return Json.mapper().readValue(json, Map.class);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Plan planIn(String region) {
        return TestStacks.plan("dev", Map.of("aws:region", region));
    }

    /** Plans dev with the mock's answers for one type changed. */
    private static Plan planWith(String region, UnaryOperator<Map<String, Object>> change, String type) {
        Settings settings = TestStacks.settings("dev", Map.of("aws:region", region));
        var cloud = new MockCloud(region);
        Mocks changed = new Mocks() {
            @Override
            @SuppressWarnings("unchecked")
            public CompletableFuture<ResourceResult> newResourceAsync(ResourceArgs args) {
                return cloud.newResourceAsync(args).thenApply(result -> args.type.equals(type)
                        ? ResourceResult.of(result.id, change.apply(new java.util.LinkedHashMap<>((Map<String, Object>) result.state)))
                        : result);
            }

            @Override
            public CompletableFuture<Map<String, Object>> callAsync(CallArgs args) {
                return cloud.callAsync(args);
            }
        };
        return MockEngine.run(settings.project(), settings.stack(), changed, List.of(), InvalidConfigException.class,
                ctx -> Infrastructure.declare(ctx, settings, cloud.zones()));
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }
}
