package io.securewebinfra.edge;

import io.securewebinfra.TestStacks;
import io.securewebinfra.plandoc.Plan;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** HTTPS for the apex and www with a certificate that is issued before the listener uses it. */
class CertificateTest {
    private static final String CERTIFICATE = "aws:acm/certificate:Certificate";
    private static final String RECORD = "aws:route53/record:Record";

    @Test
    void anAcmCertificateCoversTheApexAndWwwAndIsValidatedThroughDns() {
        Plan plan = TestStacks.plan("prod");
        Plan.Resource certificate = plan.named("certificate-cert");
        assertEquals("foobar.com", certificate.string("domainName"));
        assertEquals(List.of("www.foobar.com"), certificate.input("subjectAlternativeNames").orElseThrow());
        assertEquals("DNS", certificate.string("validationMethod"));

        Set<String> validationNames = plan.childrenOf("certificate").stream()
                .filter(r -> r.type().equals(RECORD)).map(r -> r.string("name")).collect(Collectors.toSet());
        assertEquals(2, validationNames.size());
        assertTrue(validationNames.stream().anyMatch(n -> n.endsWith(".www.foobar.com.")), validationNames.toString());

        Plan.Resource validation = plan.named("certificate-validation");
        assertEquals(plan.idOf("certificate-cert"), validation.string("certificateArn"));
        assertEquals(2, ((List<?>) validation.input("validationRecordFqdns").orElseThrow()).size());
    }

    @Test
    void theHttpsListenerWaitsForTheValidatedCertificate() {
        Plan plan = TestStacks.plan("dev");
        assertTrue(plan.named("edge-https").dependsOn().contains("certificate-validation"));
    }

    @Test
    void theSiteIsReachableAtWwwAndTheApexOverIpv4AndIpv6() {
        Plan plan = TestStacks.plan("dev");
        Set<String> records = plan.childrenOf("dns").stream()
                .map(r -> r.string("name") + " " + r.string("type"))
                .collect(Collectors.toSet());
        assertEquals(4, records.size());
        for (Plan.Resource alias : plan.childrenOf("dns")) {
            Map<?, ?> target = (Map<?, ?>) ((List<?>) alias.input("aliases").orElseThrow()).get(0);
            assertTrue(String.valueOf(target.get("name")).endsWith(".elb.amazonaws.com"), alias.name());
            assertEquals(true, target.get("evaluateTargetHealth"));
        }
    }

    @Test
    void anExistingCertificateReplacesTheManagedOne() {
        String arn = "arn:aws:acm:eu-west-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";
        Plan plan = TestStacks.plan("dev", Map.of("certificateArn", arn, "hostedZoneId", "Z0123456789ABCDEFGHIJ"));
        assertTrue(plan.ofType(CERTIFICATE).isEmpty());
        assertEquals(arn, plan.named("edge-https").string("certificateArn"));
        plan.childrenOf("dns").forEach(r -> assertEquals("Z0123456789ABCDEFGHIJ", r.string("zoneId")));
    }
}
