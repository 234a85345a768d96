package io.securewebinfra.edge;

import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResourceOptions;
import io.securewebinfra.TestStacks;
import io.securewebinfra.plandoc.Plan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The load balancer encrypts end to end: TLS 1.2+ from users, HTTPS to the servers, HTTP only as a redirect. */
class LoadBalancerTest {

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theHttpListenerOnlyRedirectsToHttps(String stack) {
        Plan.Resource http = TestStacks.plan(stack).named("edge-http-redirect");
        assertEquals(80L, http.input("port").orElseThrow());
        List<?> actions = (List<?>) http.input("defaultActions").orElseThrow();
        assertEquals(1, actions.size());
        Map<?, ?> action = (Map<?, ?>) actions.get(0);
        assertEquals("redirect", action.get("type"));
        assertEquals(Map.of("protocol", "HTTPS", "port", "443", "statusCode", "HTTP_301"), action.get("redirect"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theHttpsListenerUsesATls12OrLaterPolicyAndForwardsToTheHttpsTargetGroup(String stack) {
        Plan plan = TestStacks.plan(stack);
        Plan.Resource https = plan.named("edge-https");
        assertEquals("HTTPS", https.string("protocol"));
        assertTrue(https.string("sslPolicy").startsWith("ELBSecurityPolicy-TLS13-1-"), https.string("sslPolicy"));
        Map<?, ?> action = (Map<?, ?>) ((List<?>) https.input("defaultActions").orElseThrow()).get(0);
        assertEquals("forward", action.get("type"));
        assertEquals(plan.idOf("edge-web-https"), action.get("targetGroupArn"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void trafficIsReEncryptedToTheServersAndHealthIsCheckedOverHttps(String stack) {
        Plan.Resource targets = TestStacks.plan(stack).named("edge-web-https");
        assertEquals("HTTPS", targets.string("protocol"));
        assertEquals(443L, targets.input("port").orElseThrow());
        assertEquals("HTTPS", targets.string("healthCheck.protocol"));
        assertEquals("/health", targets.string("healthCheck.path"));
        assertEquals("200", targets.string("healthCheck.matcher"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theLoadBalancerIsInternetFacingInThePublicSubnetsAndDropsInvalidHeaders(String stack) {
        Plan plan = TestStacks.plan(stack);
        Plan.Resource alb = plan.named("edge-alb");
        assertEquals(false, alb.input("internal").orElseThrow());
        assertEquals(true, alb.input("dropInvalidHeaderFields").orElseThrow());
        List<?> subnets = (List<?>) alb.input("subnets").orElseThrow();
        assertEquals(stack.equals("dev") ? 2 : 3, subnets.size());
        for (Object subnet : subnets) {
            assertTrue(plan.ofType("aws:ec2/subnet:Subnet").stream()
                    .anyMatch(s -> plan.idOf(s.name()).equals(subnet) && "public".equals(s.string("tags.Tier"))));
        }
        assertEquals(List.of(plan.idOf("firewalls-lb-sg")), alb.input("securityGroups").orElseThrow());
    }

    @Test
    void deletionProtectionIsOnInProdAndAnExplicitOptOutInDev() {
        assertEquals(true, TestStacks.plan("prod").named("edge-alb").input("enableDeletionProtection").orElseThrow());
        assertEquals(false, TestStacks.plan("dev").named("edge-alb").input("enableDeletionProtection").orElseThrow());
        // The default, without the dev file's opt-out, is protection.
        assertEquals(true, TestStacks.plan("dev", Map.of("albDeletionProtection", "true")).named("edge-alb")
                .input("enableDeletionProtection").orElseThrow());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void accessLogsGoToAPrivateEncryptedExpiringBucketOnlyLogDeliveryCanWrite(String stack) {
        Plan plan = TestStacks.plan(stack);
        String bucket = plan.idOf("edge-access-logs");
        Plan.Resource alb = plan.named("edge-alb");
        assertEquals(true, alb.input("accessLogs.enabled").orElseThrow());
        assertEquals(bucket, alb.string("accessLogs.bucket"));
        assertTrue(alb.dependsOn().contains("edge-access-logs-policy"), "logging is enabled only once the policy exists");

        Plan.Resource block = plan.named("edge-access-logs-public-access");
        for (String flag : List.of("blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets")) {
            assertEquals(true, block.input(flag).orElseThrow(), flag);
        }
        Map<?, ?> rule = (Map<?, ?>) ((List<?>) plan.named("edge-access-logs-encryption").input("rules").orElseThrow()).get(0);
        assertEquals(Map.of("sseAlgorithm", "AES256"), rule.get("applyServerSideEncryptionByDefault"));
        Map<?, ?> expiry = (Map<?, ?>) ((List<?>) plan.named("edge-access-logs-expiry").input("rules").orElseThrow()).get(0);
        assertEquals(Map.of("days", stack.equals("dev") ? 30L : 365L), expiry.get("expiration"));

        String policy = plan.named("edge-access-logs-policy").string("policy");
        assertTrue(policy.contains("\"logdelivery.elasticloadbalancing.amazonaws.com\""), policy);
        assertTrue(policy.contains("/alb/AWSLogs/123456789012/*"), policy);
        assertTrue(policy.contains("\"aws:SecureTransport\":\"false\""), policy);
    }

    @Test
    void onlyAStackWithoutDeletionProtectionMayDestroyItsLogs() {
        assertEquals(true, TestStacks.plan("dev").named("edge-access-logs").input("forceDestroy").orElseThrow());
        assertEquals(false, TestStacks.plan("prod").named("edge-access-logs").input("forceDestroy").orElseThrow());
    }

    /** Built alone from its own inputs: the subnets, firewall and certificate it is given. */
    @Test
    void theLoadBalancerAloneServesTheCertificateItIsGiven() {
        var edge = TestStacks.settings("prod", Map.of()).edge();
        String certificate = "arn:aws:acm:eu-west-1:123456789012:certificate/0f2b6c1e-1111-2222-3333-444455556666";
        Plan plan = TestStacks.component("eu-west-1", ctx -> new LoadBalancer("edge", new LoadBalancer.Args(
                "eu-west-1", edge, Output.of("vpc-1"), Output.of(List.of("subnet-a", "subnet-b")), Output.of("sg-lb"),
                Output.of(certificate)), ComponentResourceOptions.Empty));
        var alb = plan.named("edge-alb");
        assertEquals(List.of("subnet-a", "subnet-b"), alb.input("subnets").orElseThrow());
        assertEquals(List.of("sg-lb"), alb.input("securityGroups").orElseThrow());
        assertEquals(List.of(certificate), plan.ofType("aws:lb/listener:Listener").stream()
                .map(l -> l.string("certificateArn")).filter(java.util.Objects::nonNull).toList());
        assertEquals("vpc-1", plan.ofType("aws:lb/targetGroup:TargetGroup").get(0).string("vpcId"));
    }
}
