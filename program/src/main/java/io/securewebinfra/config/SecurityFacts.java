package io.securewebinfra.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * The security facts the program shares with the policy pack, read from {@code policies/facts/security-facts.json}
 * (on the classpath as {@code /security-facts.json}). The pack owns the file and judges every plan by it, so the
 * program takes its allowed values from the same list instead of a copy that could drift.
 *
 * @param loadBalancerTlsPolicies the ELB security policies that negotiate TLS 1.2 or 1.3 only
 * @param adminPorts              remote administration ports no firewall may open
 * @param adminPortNames          how reviews name those ports ("22" → "SSH")
 * @param worldRanges             the address ranges that mean the whole internet
 * @param httpsPort               the port of HTTPS, on the load balancer and the servers
 * @param mysqlPort               the database port
 * @param rdsCaIdentifiers        the RDS certificate authorities a database may use
 * @param mysqlTlsVersions        the TLS versions MySQL's {@code tls_version} may list
 */
public record SecurityFacts(
        List<String> loadBalancerTlsPolicies,
        List<Integer> adminPorts,
        Map<String, String> adminPortNames,
        List<String> worldRanges,
        int httpsPort,
        int mysqlPort,
        List<String> rdsCaIdentifiers,
        List<String> mysqlTlsVersions) {

    static final String RESOURCE = "/security-facts.json";

    public SecurityFacts {
        loadBalancerTlsPolicies = List.copyOf(loadBalancerTlsPolicies);
        adminPorts = List.copyOf(adminPorts);
        adminPortNames = adminPortNames == null ? Map.of() : Map.copyOf(adminPortNames);
        worldRanges = List.copyOf(worldRanges);
        rdsCaIdentifiers = List.copyOf(rdsCaIdentifiers);
        mysqlTlsVersions = List.copyOf(mysqlTlsVersions);
        if (loadBalancerTlsPolicies.isEmpty()) {
            throw new IllegalStateException(RESOURCE + " lists no loadBalancerTlsPolicies");
        }
        if (worldRanges.isEmpty()) {
            throw new IllegalStateException(RESOURCE + " lists no worldRanges");
        }
    }

    private static final class Holder {
        static final SecurityFacts FACTS = read();
    }

    /** How a review names an administration port: "SSH" for 22, or "administration port N" where unnamed. */
    public String adminPortName(int port) {
        return adminPortNames.getOrDefault(String.valueOf(port), "administration port " + port);
    }

    /** The facts, read once. */
    public static SecurityFacts get() {
        return Holder.FACTS;
    }

    static SecurityFacts read() {
        try (InputStream in = SecurityFacts.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the classpath (pom.xml copies it from policies/facts)");
            }
            // The file carries more facts than the program needs (the pack's firewall flows, IAM lists).
            return new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .readValue(in, SecurityFacts.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
