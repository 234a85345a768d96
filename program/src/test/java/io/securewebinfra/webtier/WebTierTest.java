package io.securewebinfra.webtier;

import com.pulumi.aws.secretsmanager.SecretVersion;
import com.pulumi.aws.secretsmanager.SecretVersionArgs;
import com.pulumi.aws.ssm.Parameter;
import com.pulumi.aws.ssm.ParameterArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResourceOptions;
import java.util.Optional;
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

/** The web servers are hardened, stateless, spread over the AZs and registered with the load balancer. */
class WebTierTest {
    private static final String INSTANCE = "aws:ec2/instance:Instance";

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyServerRequiresImdsv2HasAnEncryptedRootVolumeAndNoPublicAddressOrKeyPair(String stack) {
        List<Plan.Resource> servers = TestStacks.plan(stack).ofType(INSTANCE);
        assertEquals(3, servers.size());
        for (Plan.Resource server : servers) {
            assertEquals("required", server.string("metadataOptions.httpTokens"), server.name());
            assertEquals(1L, server.input("metadataOptions.httpPutResponseHopLimit").orElseThrow(), server.name());
            assertEquals(true, server.input("rootBlockDevice.encrypted").orElseThrow(), server.name());
            assertEquals("gp3", server.string("rootBlockDevice.volumeType"), server.name());
            assertEquals(false, server.input("associatePublicIpAddress").orElseThrow(), server.name());
            assertTrue(server.input("keyName").isEmpty(), server.name() + " has a key pair");
            assertEquals(true, server.input("monitoring").orElseThrow(), server.name());
        }
    }

    @Test
    void serversAreSpreadRoundRobinOverThePrivateAppSubnets() {
        Plan plan = TestStacks.plan("dev", Map.of("webServerCount", "5"));
        List<String> subnets = plan.ofType(INSTANCE).stream()
                .sorted(java.util.Comparator.comparing(s -> Integer.parseInt(s.name().substring("web-".length()))))
                .map(s -> s.string("subnetId")).toList();
        String a = plan.idOf("network-app-eu-west-1a");
        String b = plan.idOf("network-app-eu-west-1b");
        assertEquals(List.of(a, b, a, b, a), subnets);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void eachServerIsRegisteredOnTheHttpsPortOfTheTargetGroup(String stack) {
        Plan plan = TestStacks.plan(stack);
        var attachments = plan.ofType("aws:lb/targetGroupAttachment:TargetGroupAttachment");
        Set<String> targets = attachments.stream().map(a -> a.string("targetId")).collect(Collectors.toSet());
        Set<String> servers = plan.ofType(INSTANCE).stream().map(s -> plan.idOf(s.name())).collect(Collectors.toSet());
        assertEquals(servers, targets);
        attachments.forEach(a -> {
            assertEquals(443L, a.input("port").orElseThrow());
            assertEquals(plan.idOf("edge-web-https"), a.string("targetGroupArn"));
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theRoleCanReadOnlyThisStacksOwnParametersAndSecret(String stack) {
        Plan plan = TestStacks.plan(stack, Map.of("sumoLogicToken", TestStacks.SUMO_TOKEN));
        String policy = plan.named("web-read-own-config").string("policy");
        String secretArn = plan.idOf("database-connection");
        String expected = "{\"Statement\":[{\"Action\":\"ssm:GetParameter\",\"Effect\":\"Allow\",\"Resource\":["
                + "\"arn:aws:ssm:eu-west-1:123456789012:parameter/secure-web-infra/" + stack + "/cloudwatch-agent-config\","
                + "\"arn:aws:ssm:eu-west-1:123456789012:parameter/secure-web-infra/" + stack + "/sumologic-installation-token\"]},"
                + "{\"Action\":\"secretsmanager:GetSecretValue\",\"Effect\":\"Allow\",\"Resource\":\"" + secretArn + "\"}],"
                + "\"Version\":\"2012-10-17\"}";
        assertEquals(expected, policy);
        assertFalse(policy.contains("*"), policy);
        Set<String> managed = plan.ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment").stream()
                .filter(a -> "web".equals(a.parent())).map(a -> a.string("policyArn")).collect(Collectors.toSet());
        assertEquals(Set.of("arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy"), managed);
    }

    @Test
    void sessionManagerIsAllowedWithoutTheManagedPolicyThatReadsEveryParameter() {
        Plan plan = TestStacks.plan("dev");
        String policy = plan.named("web-session-manager").string("policy");
        assertEquals("{\"Statement\":[{\"Action\":[\"ssm:UpdateInstanceInformation\",\"ssmmessages:CreateControlChannel\","
                + "\"ssmmessages:CreateDataChannel\",\"ssmmessages:OpenControlChannel\",\"ssmmessages:OpenDataChannel\"],"
                + "\"Effect\":\"Allow\",\"Resource\":[\"*\"]}],\"Version\":\"2012-10-17\"}", policy);
        assertTrue(plan.ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment").stream()
                .noneMatch(a -> a.string("policyArn").endsWith("/AmazonSSMManagedInstanceCore")));
    }

    @Test
    void theLatestAmazonLinuxFollowsTheInstanceArchitectureAndDoesNotReplaceRunningServers() {
        Plan dev = TestStacks.plan("dev");
        Plan prod = TestStacks.plan("prod");
        // t3 is x86_64, m7g is Graviton: the AMI lookups differ, so the AMIs differ.
        assertFalse(dev.named("web-1").string("ami").equals(prod.named("web-1").string("ami")));
        assertEquals(List.of("ami"), dev.named("web-1").ignoreChanges());
        Plan pinned = TestStacks.plan("dev", Map.of("amiId", "ami-0123456789abcdef0"));
        assertEquals("ami-0123456789abcdef0", pinned.named("web-1").string("ami"));
        assertEquals(List.of(), pinned.named("web-1").ignoreChanges());
    }

    @Test
    void userDataNamesTheStacksSecretAndParametersButHoldsNoSecret() {
        Plan plan = TestStacks.plan("prod", Map.of("sumoLogicToken", TestStacks.SUMO_TOKEN));
        for (Plan.Resource server : plan.ofType(INSTANCE)) {
            String userData = Bootstrap.expanded(server.string("userDataBase64"));
            assertTrue(userData.contains("secure-web-infra/prod/database"), server.name());
            assertTrue(userData.contains("/secure-web-infra/prod/cloudwatch-agent-config"), server.name());
            assertTrue(userData.contains("/secure-web-infra/prod/sumologic-installation-token"), server.name());
            assertFalse(userData.contains(TestStacks.DB_PASSWORD), server.name());
            assertFalse(userData.contains(TestStacks.SUMO_TOKEN), server.name());
            assertEquals(true, server.input("userDataReplaceOnChange").orElseThrow());
        }
        assertFalse(Bootstrap.expanded(TestStacks.plan("prod").named("web-1").string("userDataBase64")).contains("sumologic"),
                "without a token nothing Sumo Logic related runs");
    }

    @Test
    void aUsersOwnApplicationIsUploadedByContentAndOnlyThatReleaseIsReadable() throws Exception {
        // The archive must be inside the project directory, given relative to it.
        java.nio.file.Path archive = java.nio.file.Path.of("target", "webtier-test", "shop.tar.gz");
        java.nio.file.Files.createDirectories(archive.getParent());
        java.nio.file.Files.write(archive, new byte[]{31, -117, 8, 0, 0, 0, 0, 0, 0, 3, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        String sha = io.securewebinfra.config.Validators.sha256(archive);
        Plan plan = TestStacks.plan("dev", Map.of("appArtifactPath", archive.toString(),
                "appStartCommand", "./bin/shop --port $PORT", "appPort", "9000"));

        Plan.Resource object = plan.named("web-releases-archive");
        assertEquals("releases/" + sha + ".tar.gz", object.string("key"));
        assertEquals("[file " + archive + "]", object.string("source"));
        String bucket = plan.idOf("web-releases");
        String policy = plan.named("web-read-own-config").string("policy");
        assertTrue(policy.contains("{\"Action\":\"s3:GetObject\",\"Effect\":\"Allow\",\"Resource\":[\"arn:aws:s3:::"
                + bucket + "/releases/" + sha + ".tar.gz\"]}"), policy);
        for (Plan.Resource server : plan.ofType(INSTANCE)) {
            String userData = Bootstrap.expanded(server.string("userDataBase64"));
            assertTrue(userData.contains("s3://" + bucket + "/releases/" + sha + ".tar.gz"), server.name());
            assertTrue(userData.contains(sha), server.name());
            // systemd would expand $PORT itself; the unit carries it escaped for the shell to expand.
            assertTrue(userData.contains("./bin/shop --port $$PORT"), server.name());
            assertTrue(userData.contains("Environment=PORT=9000"), server.name());
        }
        assertEquals(true, plan.named("web-releases-public-access").input("blockPublicPolicy").orElseThrow());
        assertTrue(TestStacks.plan("dev").ofType("aws:s3/bucketObjectv2:BucketObjectv2").isEmpty());
    }

    /**
     * Built alone, with stand-ins for what the rest of the stack provides: the servers go round-robin over the
     * subnets they are given, wait for what they read at boot, and their role may read exactly that.
     */
    @Test
    void theWebTierAloneWaitsForWhatItIsToldItReads() {
        var servers = TestStacks.settings("dev", Map.of("webServerCount", "3")).webTier();
        String secretArn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop/test/database-AbCdEf";
        Plan plan = TestStacks.component("eu-west-1", ctx -> {
            var secretValue = new SecretVersion("stand-in-secret-value", SecretVersionArgs.builder()
                    .secretId(secretArn).secretString(Output.ofSecret("{}")).build());
            var agentConfig = new Parameter("stand-in-agent-config", ParameterArgs.builder()
                    .name("/shop/test/agent").type("String").value("{}").build());
            var reads = new BootInputs(new BootRead("shop/test/database", Output.of(secretArn), List.of(secretValue)),
                    new BootRead("/shop/test/agent", agentConfig.arn(), List.of(agentConfig)), Optional.empty());
            new WebTier("web", new WebTier.Args("shop", "test", "eu-west-1", servers,
                    List.of(Output.of("subnet-a"), Output.of("subnet-b")), Output.of("sg-web"),
                    new WebTier.Traffic(Output.of("arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web/1"),
                            Output.of("app/shop/1"), Output.of("targetgroup/web/1")), reads),
                    ComponentResourceOptions.Empty);
        });
        var instances = plan.ofType("aws:ec2/instance:Instance");
        assertEquals(List.of("subnet-a", "subnet-b", "subnet-a"), instances.stream().map(i -> i.string("subnetId")).toList());
        for (var instance : instances) {
            assertTrue(instance.dependsOn().containsAll(List.of("stand-in-secret-value", "stand-in-agent-config")),
                    instance.name() + " waits for what it reads: " + instance.dependsOn());
            assertEquals(List.of("sg-web"), instance.input("vpcSecurityGroupIds").orElseThrow());
        }
        String grants = plan.named("web-read-own-config").string("policy");
        assertTrue(grants.contains(secretArn), grants);
        assertTrue(grants.contains("arn:aws:ssm:eu-west-1:123456789012:parameter/shop/test/agent"), grants);
    }
}
