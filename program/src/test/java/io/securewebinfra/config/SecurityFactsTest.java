package io.securewebinfra.config;

import io.securewebinfra.TestStacks;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The facts file the policy pack owns parses, and says what the program does. */
class SecurityFactsTest {
    private final SecurityFacts facts = SecurityFacts.get();

    @Test
    void everyTlsPolicyOfTheFactsIsATls12OrLaterPolicy() {
        // The number after TLS13 is the minimum version: -1-0- and -1-1- admit TLS 1.0 and 1.1 despite the name.
        for (String policy : facts.loadBalancerTlsPolicies()) {
            assertTrue(policy.matches("ELBSecurityPolicy-TLS13-1-[23](-[A-Za-z0-9]+)*-20[0-9]{2}-[0-9]{2}"), policy);
        }
        assertTrue(facts.loadBalancerTlsPolicies().contains("ELBSecurityPolicy-TLS13-1-2-Res-2021-06"));
    }

    @Test
    void thePortsAreThoseOfTheProgram() {
        assertEquals(Settings.WebTier.HTTPS_PORT, facts.httpsPort());
        assertEquals(Settings.Database.PORT, facts.mysqlPort());
        assertTrue(facts.adminPorts().containsAll(List.of(22, 3389)), facts.adminPorts().toString());
    }

    @Test
    void theDatabaseUsesAnAcceptedCertificateAuthorityAndTlsVersions() {
        var plan = TestStacks.plan("dev");
        for (String instance : List.of("database-primary", "database-replica")) {
            String ca = plan.named(instance).string("caCertIdentifier");
            assertTrue(facts.rdsCaIdentifiers().contains(ca), instance + " uses " + ca);
        }
        String parameters = plan.named("database-params").inputs().get("parameters").toString();
        String versions = parameters.replaceAll(".*name=tls_version, value=([^}]*)}.*", "$1");
        assertEquals(facts.mysqlTlsVersions(), List.of(versions.split(",")), parameters);
    }
}
