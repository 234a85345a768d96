package io.securewebinfra.review;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.securewebinfra.TestStacks;
import io.securewebinfra.config.InvalidConfigException;
import io.securewebinfra.config.SecurityFacts;
import io.securewebinfra.webtier.Bootstrap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static io.securewebinfra.review.PlanEdits.add;
import static io.securewebinfra.review.PlanEdits.edit;
import static io.securewebinfra.review.PlanEdits.editInputs;
import static io.securewebinfra.review.PlanEdits.plan;
import static io.securewebinfra.review.PlanEdits.remove;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The risks section flags what a reviewer must not miss, and stays quiet on safe changes. */
class RisksTest {

    private static List<Risk> risks(ObjectNode before, ObjectNode after) {
        return RiskRule.all(PlanDiff.between(before, after));
    }

    /**
     * The risks as {@code ./plan diff} reports them: the diff's own and the pack's new violations, the pack run on
     * both plans. The test command builds the pack first; under REQUIRE_REAL_TOOLS=1 an unbuilt pack fails.
     */
    private static List<Risk> withPack(ObjectNode before, ObjectNode after) throws IOException {
        Path pack = Path.of("policies");
        boolean built = Files.isRegularFile(pack.resolve("dist/run-offline.js"));
        assertTrue(built || !"1".equals(System.getenv("REQUIRE_REAL_TOOLS")),
                "policies/dist is not built, and REQUIRE_REAL_TOOLS=1 forbids skipping the pack's tests");
        Assumptions.assumeTrue(built, "the policy pack is not built (policies/build): skipped");
        return PlanReview.of("`before`", List.of(new PlanReview.Comparison(before, after)),
                new RememberedPack(new PolicyPack.Node(pack)), null).allRisks();
    }

    /** The "rule broken" risk of one pack policy on one resource. */
    private static boolean broken(List<Risk> risks, String policy, String resource) {
        return risks.stream().anyMatch(r -> r.kind() == Risk.Kind.RULE_BROKEN && r.resource().equals(resource)
                && r.message().contains("pack rule `" + policy + "`"));
    }

    private static Risk only(List<Risk> risks, Risk.Kind kind) {
        assertEquals(1, risks.size(), risks.toString());
        assertEquals(kind, risks.get(0).kind(), risks.toString());
        return risks.get(0);
    }

    // Stateful resources

    @Test
    void renamingTheDatabaseIsFlaggedAsDataLossNamingTheAlias() {
        ObjectNode before = plan("prod");
        ObjectNode after = edit(before, "database-primary", r -> r.put("name", "database-writer"));
        Risk risk = only(risks(before, after), Risk.Kind.DATA_LOSS);
        assertEquals("database-primary (in database)", risk.resource());
        assertTrue(risk.message().contains("database-writer (in database) is added"), risk.message());
        assertTrue(risk.message().contains("unless the new declaration keeps an alias to database-primary"),
                risk.message());
        assertTrue(risk.message().contains("it is protected"), "prod protects its database: " + risk.message());
        String markdown = PlanEdits.review(before, after).markdown();
        assertTrue(markdown.contains("> [!CAUTION]\n> **1 risk** to accept before merging:\n> - **data loss** · "
                + "`database-primary (in database)`: the database instance is removed while"), markdown);
    }

    @Test
    void deletingABucketOrASecretIsFlagged() {
        ObjectNode before = plan("dev");
        assertTrue(only(risks(before, remove(before, "edge-access-logs")), Risk.Kind.DATA_LOSS).message()
                .startsWith("the S3 bucket is deleted, and its data with it"));
        assertTrue(only(risks(before, remove(before, "database-connection")), Risk.Kind.DATA_LOSS).message()
                .startsWith("the secret is deleted"));
    }

    @Test
    void changingTheDatabaseIdentifierReplacesItAndLosesItsData() {
        ObjectNode before = plan("dev");
        ObjectNode after = editInputs(before, "database-primary", in -> in.put("identifier", "shop-primary"));
        Risk risk = only(risks(before, after), Risk.Kind.DATA_LOSS);
        assertTrue(risk.message().contains("is replaced (deleted and created again) because `identifier` changes; "
                + "the new one starts empty"), risk.message());
    }

    @Test
    void removingAStatelessResourceIsNoRisk() {
        ObjectNode before = plan("dev");
        assertEquals(List.of(), risks(before, remove(before, "monitoring-dashboard")));
    }

    // Firewalls

    @Test
    void anSshRuleFromTheInternetIsFlagged() {
        ObjectNode before = plan("dev");
        ObjectNode after = add(before, "firewalls-web-in-lb", "firewalls-web-in-ssh", in -> {
            in.remove("referencedSecurityGroupId");
            in.put("cidrIpv4", "0.0.0.0/0").put("fromPort", 22).put("toPort", 22).put("description", "debugging");
        });
        Risk risk = only(risks(before, after), Risk.Kind.FIREWALL);
        assertEquals("firewalls-web-in-ssh (in firewalls)", risk.resource());
        assertEquals("a new rule admits tcp 22 from 0.0.0.0/0 (the whole internet): SSH", risk.message());
    }

    @Test
    void aWiderSourceOrPortRangeOrEveryProtocolIsFlagged() {
        ObjectNode before = plan("dev");
        ObjectNode cidr = editInputs(before, "firewalls-db-in-web", in -> {
            in.remove("referencedSecurityGroupId");
            in.put("cidrIpv4", "10.0.0.0/8");
        });
        assertEquals("now admits tcp 3306 from 10.0.0.0/8", only(risks(before, cidr), Risk.Kind.FIREWALL).message());
        ObjectNode range = editInputs(before, "firewalls-web-in-lb", in -> in.put("toPort", 3389));
        String lbGroup = PlanEdits.resource(before, "firewalls-web-in-lb").path("inputs")
                .path("referencedSecurityGroupId").asText();
        assertEquals("now admits tcp 443-3389 from " + lbGroup + ": RDP",
                only(risks(before, range), Risk.Kind.FIREWALL).message());
        ObjectNode all = editInputs(before, "firewalls-web-in-lb", in -> in.put("ipProtocol", "-1"));
        assertTrue(only(risks(before, all), Risk.Kind.FIREWALL).message().startsWith("now admits every protocol"));
    }

    @Test
    void aNarrowerRuleIsNoRisk() {
        ObjectNode before = plan("dev");
        ObjectNode after = editInputs(before, "firewalls-lb-in-https-ipv4", in -> in.put("cidrIpv4", "203.0.113.0/24"));
        assertEquals(List.of(), risks(before, after));
        ObjectNode ipv6 = editInputs(before, "firewalls-lb-in-https-ipv6", in -> in.put("cidrIpv6", "2001:db8::/32"));
        assertEquals(List.of(), risks(before, ipv6));
    }

    @Test
    void inlineAndOlderRuleFormsAreReadToo() {
        ObjectNode before = plan("dev");
        ObjectNode inline = editInputs(before, "firewalls-db-sg", in -> in.putArray("ingress").addObject()
                .put("protocol", "tcp").put("fromPort", 3389).put("toPort", 3389)
                .putArray("ipv6CidrBlocks").add("::/0"));
        assertEquals("now admits tcp 3389 from ::/0 (the whole internet): RDP",
                only(risks(before, inline), Risk.Kind.FIREWALL).message());
        ObjectNode legacy = add(before, "firewalls-db-sg", "firewalls-db-rule", in -> {
            in.removeAll();
            in.put("type", "ingress").put("protocol", "all").put("fromPort", 0).put("toPort", 0)
                    .putArray("cidrBlocks").add("192.168.0.0/16");
        });
        legacy = edit(legacy, "firewalls-db-rule", r -> r.put("type", "aws:ec2/securityGroupRule:SecurityGroupRule"));
        assertEquals("a new rule admits every protocol and port from 192.168.0.0/16",
                only(risks(before, legacy), Risk.Kind.FIREWALL).message());
    }

    // Safeguards

    @Test
    void turningOffMultiAzAndCuttingBackupsInProdIsFlagged() throws IOException {
        ObjectNode before = plan("prod");
        ObjectNode after = plan("prod", Map.of("dbMultiAz", "false", "dbBackupRetentionDays", "1"));
        List<String> messages = risks(before, after).stream().map(Risk::message).toList();
        assertTrue(messages.contains("weakens Multi-AZ failover: `multiAz` `true` → `false`"), messages.toString());
        assertTrue(messages.contains("weakens backups: `backupRetentionPeriod` `7` → `1`"), messages.toString());
        // The single-AZ primary's zone is set, but ignored after creation: no replacement.
        assertEquals(2, messages.size(), messages.toString());
        // prod's pack states both as mandatory rules: each is the same change, so it stays one risk, naming the rule.
        Set<String> reported = Set.copyOf(withPack(before, after).stream().map(Risk::message).toList());
        assertEquals(Set.of("weakens Multi-AZ failover: `multiAz` `true` → `false` (the new plan also breaks the "
                + "mandatory pack rule `rds-multi-az`)", "weakens backups: `backupRetentionPeriod` `7` → `1` (the new "
                + "plan also breaks the mandatory pack rule `rds-backup-retention`)"), reported);
        ObjectNode pinned = PlanEdits.edit(after, "database-primary", r -> r.remove("ignoreChanges"));
        assertTrue(risks(before, pinned).stream().anyMatch(r -> r.message().startsWith(
                "the database instance may be replaced (deleted and created again): `availabilityZone` is now set")),
                "without ignoreChanges the zone would replace the database");
    }

    @Test
    void liftingProtectionOrDeletionProtectionIsFlagged() {
        ObjectNode before = plan("prod");
        ObjectNode after = plan("prod", Map.of("dbProtect", "false", "dbDeletionProtection", "false",
                "albDeletionProtection", "false"));
        List<Risk> risks = risks(before, after);
        List<String> messages = risks.stream().map(r -> r.resource() + ": " + r.message()).toList();
        assertTrue(messages.stream().anyMatch(m -> m.startsWith("database-primary (in database): Pulumi's `protect` "
                + "is lifted")), messages.toString());
        assertTrue(messages.contains("database-primary (in database): weakens deletion protection: "
                + "`deletionProtection` `true` → `false`"), messages.toString());
        assertTrue(messages.contains("edge-alb (in edge): weakens deletion protection: "
                + "`enableDeletionProtection` `true` → `false`"), messages.toString());
    }

    @Test
    void imdsV1EncryptionOffAndPlainHttpBreakThePacksRulesOnce() throws IOException {
        ObjectNode before = plan("dev");
        ObjectNode after = editInputs(before, "web-1", in -> {
            ((ObjectNode) in.path("metadataOptions")).put("httpTokens", "optional");
            ((ObjectNode) in.path("rootBlockDevice")).remove("encrypted");
        });
        after = editInputs(after, "database-primary", in -> in.put("storageEncrypted", false));
        after = editInputs(after, "edge-web-https", in -> in.put("protocol", "HTTP"));
        after = remove(after, "edge-access-logs-public-access");
        // These are rules of one plan: the pack states them, the diff does not repeat them.
        List<Risk> own = risks(before, after);
        assertTrue(own.stream().noneMatch(r -> r.kind() == Risk.Kind.PROTECTION_OFF), own.toString());
        List<Risk> risks = withPack(before, after);
        assertTrue(broken(risks, "imdsv2-required", "web-1"), risks.toString());
        assertTrue(broken(risks, "encrypted-volumes", "web-1"), risks.toString());
        assertTrue(broken(risks, "rds-storage-encrypted", "database-primary"), risks.toString());
        assertTrue(broken(risks, "target-groups-https", "edge-web-https"), risks.toString());
        assertTrue(risks.stream().anyMatch(r -> r.kind() == Risk.Kind.RULE_BROKEN
                && r.message().contains("pack rule `s3-public-access-block`")
                && r.message().contains("no BucketPublicAccessBlock")), risks.toString());
        // What is about the change stays the diff's: turning encryption off replaces the database.
        assertTrue(risks.stream().anyMatch(r -> r.kind() == Risk.Kind.DATA_LOSS
                && r.message().contains("is replaced") && r.message().contains("storageEncrypted")), risks.toString());
    }

    @Test
    void theDatabaseNoLongerRequiringTlsBreaksThePacksRule() throws IOException {
        ObjectNode before = plan("dev");
        ObjectNode after = editInputs(before, "database-params", in -> {
            var parameters = in.withArray("parameters");
            for (int i = 0; i < parameters.size(); i++) {
                if (parameters.get(i).path("name").asText().equals("require_secure_transport")) {
                    ((ObjectNode) parameters.get(i)).put("value", "0");
                }
            }
        });
        assertEquals(List.of(), risks(before, after), "the pack's rule alone");
        List<Risk> risks = withPack(before, after);
        assertTrue(broken(risks, "rds-parameter-group-requires-tls", "database-params"), risks.toString());
        assertTrue(risks.stream().allMatch(r -> r.kind() == Risk.Kind.RULE_BROKEN), risks.toString());
    }

    @Test
    void aWeakTlsPolicyIsOneRiskThePacks() throws IOException {
        ObjectNode before = plan("dev");
        ObjectNode after = editInputs(before, "edge-https",
                in -> in.put("sslPolicy", "ELBSecurityPolicy-TLS13-1-1-2021-06"));
        List<Risk> risks = withPack(before, after);
        assertEquals(1, risks.size(), "one change, one risk: " + risks);
        assertEquals(Risk.Kind.RULE_BROKEN, risks.get(0).kind());
        assertEquals("edge-https", risks.get(0).resource());
        assertTrue(risks.get(0).message().startsWith("breaks the mandatory pack rule `https-listener-tls12`: "),
                risks.get(0).message());
        assertTrue(risks.get(0).message().contains("sslPolicy \"ELBSecurityPolicy-TLS13-1-1-2021-06\" is not a TLS "
                + "1.2+ policy"), risks.get(0).message());
        assertEquals(List.of(), risks(before, after), "the diff itself holds no TLS rule");
    }

    /**
     * The diff holds no list of TLS policies, administration ports or world ranges of its own: settings, the pack
     * and the diff all take them from the shared facts, so what one accepts no other refuses.
     */
    @Test
    void theDiffTheSettingsAndThePackAgreeOnTheSharedFacts() throws IOException {
        SecurityFacts facts = SecurityFacts.get();
        ObjectNode before = plan("dev");
        for (String policy : facts.loadBalancerTlsPolicies()) {
            assertEquals(policy, TestStacks.settings("dev", Map.of("tlsPolicy", policy)).edge().tlsPolicy());
            ObjectNode after = editInputs(before, "edge-https", in -> in.put("sslPolicy", policy));
            assertEquals(List.of(), withPack(before, after), policy);
        }
        for (String policy : List.of("ELBSecurityPolicy-TLS13-1-1-2021-06", "ELBSecurityPolicy-TLS13-1-0-2021-06",
                "ELBSecurityPolicy-2016-08", "ELBSecurityPolicy-TLS13-1-2-Res-2021-6")) {
            assertFalse(facts.loadBalancerTlsPolicies().contains(policy), policy);
            assertThrows(InvalidConfigException.class, () -> TestStacks.settings("dev", Map.of("tlsPolicy", policy)));
            ObjectNode after = editInputs(before, "edge-https", in -> in.put("sslPolicy", policy));
            List<Risk> risks = withPack(before, after);
            assertEquals(1, risks.size(), policy + ": " + risks);
            assertTrue(broken(risks, "https-listener-tls12", "edge-https"), policy + ": " + risks);
        }
        // Every administration port of the facts is named when a rule opens it, and only those.
        for (int port : Stream.concat(facts.adminPorts().stream(), Stream.of(8443)).toList()) {
            for (String world : facts.worldRanges()) {
                ObjectNode after = add(before, "firewalls-web-in-lb", "firewalls-web-in-" + port, in -> {
                    in.remove("referencedSecurityGroupId");
                    in.put(world.contains(":") ? "cidrIpv6" : "cidrIpv4", world).put("fromPort", port).put("toPort", port);
                });
                String expected = "a new rule admits tcp " + port + " from " + world + " (the whole internet)"
                        + (facts.adminPorts().contains(port) ? ": " + facts.adminPortName(port) : "");
                assertEquals(expected, only(risks(before, after), Risk.Kind.FIREWALL).message());
            }
        }
        ObjectNode half = add(before, "firewalls-web-in-lb", "firewalls-web-in-half", in -> {
            in.remove("referencedSecurityGroupId");
            in.put("cidrIpv4", "0.0.0.0/1");
        });
        assertEquals("a new rule admits tcp 443 from 0.0.0.0/1", only(risks(before, half), Risk.Kind.FIREWALL).message());
        // And no such list is written into the diff's code.
        try (Stream<Path> sources = Files.list(Path.of("tools/src/main/java/io/securewebinfra/review"))) {
            for (Path source : sources.toList()) {
                String code = Files.readString(source);
                for (String literal : List.of("ELBSecurityPolicy", "TLSv1", "rds-ca-", "3389", "5985", "\"::/0\"",
                        "\"0.0.0.0/0\"")) {
                    assertFalse(code.contains(literal), source + " holds " + literal);
                }
            }
        }
    }

    // Alarm delivery

    @Test
    void movingTheAlarmTopicToAnAwsManagedKeyIsFlaggedInEverySpelling() throws IOException {
        ObjectNode before = plan("dev");
        for (String key : List.of("alias/aws/sns", "arn:aws:kms:eu-west-1:123456789012:alias/aws/sns",
                "alias/aws/kms")) {
            ObjectNode after = editInputs(before, "monitoring-alarms", in -> in.put("kmsMasterKeyId", key));
            Risk risk = only(risks(before, after), Risk.Kind.ALARMS_SILENCED);
            assertEquals("monitoring-alarms (in monitoring)", risk.resource());
            assertTrue(risk.message().endsWith("→ `" + key + "`: 18 alarms publish to this topic (monitoring-"
                    + "bootstrap-failures, monitoring-db-cpu, monitoring-db-free-storage, ...), and CloudWatch cannot use "
                    + "an AWS-managed key: every alarm action would fail silently; use a customer-managed key that "
                    + "admits cloudwatch.amazonaws.com"), risk.message());
        }
        // The pack's alarm-topic-customer-key states the same: still one risk, the diff's, naming the rule.
        ObjectNode managed = editInputs(before, "monitoring-alarms", in -> in.put("kmsMasterKeyId", "alias/aws/sns"));
        Risk risk = only(withPack(before, managed), Risk.Kind.ALARMS_SILENCED);
        assertTrue(risk.message().endsWith("(the new plan also breaks the mandatory pack rule "
                + "`alarm-topic-customer-key`)"), risk.message());
    }

    @Test
    void theAlarmTopicLosingItsEncryptionOrMovingToAnotherKeyIsFlagged() throws IOException {
        ObjectNode before = plan("dev");
        ObjectNode plain = editInputs(before, "monitoring-alarms", in -> in.remove("kmsMasterKeyId"));
        assertEquals(List.of(), risks(before, plain), "an unencrypted topic is the pack's rule alone");
        List<Risk> unencrypted = withPack(before, plain);
        assertEquals(1, unencrypted.size(), unencrypted.toString());
        assertTrue(broken(unencrypted, "alarm-topic-customer-key", "monitoring-alarms"), unencrypted.toString());
        ObjectNode otherKey = editInputs(before, "monitoring-alarms",
                in -> in.put("kmsMasterKeyId", "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"));
        assertTrue(only(risks(before, otherKey), Risk.Kind.PROTECTION_OFF).message()
                .startsWith("the topic moves to another KMS key"));
    }

    @Test
    void aTopicNoAlarmPublishesToMayUseTheAwsManagedKey() {
        ObjectNode before = plan("dev");
        ObjectNode after = add(before, "monitoring-alarms", "monitoring-reports",
                in -> in.put("kmsMasterKeyId", "alias/aws/sns"));
        assertEquals(List.of(), risks(before, after));
        // The same topic with an alarm publishing to it is flagged as soon as it is added.
        ObjectNode published = edit(add(after, "monitoring-db-cpu", "monitoring-report-alarm", in -> { }),
                "monitoring-report-alarm", r -> r.putArray("dependsOn").add("monitoring-reports"));
        assertEquals("monitoring-reports (in monitoring)",
                only(risks(before, published), Risk.Kind.ALARMS_SILENCED).resource());
    }

    // Database routing

    @Test
    void aRouteOutOfTheDatabaseRouteTableIsFlaggedWhateverItsTarget() {
        ObjectNode before = plan("dev");
        String table = PlanEdits.resource(before, "network-db-rta-eu-west-1a").path("inputs").path("routeTableId").asText();
        // Referred to by id, as the program would write it.
        ObjectNode byId = add(before, "network-app-default-eu-west-1a", "network-db-default",
                in -> in.put("routeTableId", table));
        Risk risk = only(risks(before, byId), Risk.Kind.DATABASE_ROUTE);
        assertEquals("network-db-default (in network)", risk.resource());
        String nat = PlanEdits.resource(before, "network-app-default-eu-west-1a").path("inputs").path("natGatewayId").asText();
        assertEquals("a new route leads to 0.0.0.0/0 through natGatewayId " + nat + " from the database route table: "
                + "the database subnets get a way out of the VPC", risk.message());
        // Referred to by dependency only (an id not known yet), to the internet gateway over IPv6.
        ObjectNode byDependency = edit(add(before, "network-public-default-ipv6", "network-db-ipv6", in -> in.remove("routeTableId")),
                "network-db-ipv6", r -> r.putArray("dependsOn").add("network-igw").add("network-db-rt"));
        assertTrue(only(risks(before, byDependency), Risk.Kind.DATABASE_ROUTE).message().startsWith(
                "a new route leads to ::/0 through gatewayId igw-"));
        ObjectNode peering = add(before, "network-app-default-eu-west-1a", "network-db-peer", in -> {
            in.remove("natGatewayId");
            in.put("routeTableId", table).put("destinationCidrBlock", "172.16.0.0/16").put("vpcPeeringConnectionId", "pcx-1");
        });
        assertTrue(only(risks(before, peering), Risk.Kind.DATABASE_ROUTE).message().startsWith(
                "a new route leads to 172.16.0.0/16 through vpcPeeringConnectionId pcx-1"));
        ObjectNode inline = editInputs(before, "network-db-rt", in -> in.putArray("routes").addObject()
                .put("cidrBlock", "0.0.0.0/0").put("transitGatewayId", "tgw-1"));
        assertEquals("an inline route leads to 0.0.0.0/0 through transitGatewayId tgw-1 from the database route table: "
                + "the database subnets get a way out of the VPC", only(risks(before, inline), Risk.Kind.DATABASE_ROUTE).message());
    }

    @Test
    void aDatabaseSubnetsAssociationRemovedOrMovedIsFlaggedButAppRoutesAreNot() {
        ObjectNode before = plan("prod");
        Risk removed = only(risks(before, remove(before, "network-db-rta-eu-west-1b")), Risk.Kind.DATABASE_ROUTE);
        assertEquals("network-db-rta-eu-west-1b (in network)", removed.resource());
        assertTrue(removed.message().contains("falls back to the VPC's main route table"), removed.message());
        String appTable = PlanEdits.resource(before, "network-app-rta-eu-west-1b").path("inputs").path("routeTableId").asText();
        ObjectNode moved = editInputs(before, "network-db-rta-eu-west-1b", in -> in.put("routeTableId", appTable));
        assertTrue(only(risks(before, moved), Risk.Kind.DATABASE_ROUTE).message().startsWith(
                "a database subnet's route table association changes (`routeTableId` `rtb-"), "moved");
        ObjectNode appRoute = add(before, "network-app-default-eu-west-1a", "network-app-extra",
                in -> in.put("destinationCidrBlock", "192.168.0.0/16"));
        assertEquals(List.of(), risks(before, appRoute));
        assertEquals(List.of(), risks(before, remove(before, "network-app-rta-eu-west-1b")));
    }

    // Servers

    @Test
    void newUserDataReplacesTheServersButANewAmiIsIgnored() {
        ObjectNode before = plan("dev");
        ObjectNode userData = editInputs(before, "web-1", in -> in.put("userDataBase64",
                Bootstrap.compressedBase64(Bootstrap.expanded(in.path("userDataBase64").asText()) + "\n")));
        Risk risk = only(risks(before, userData), Risk.Kind.REPLACEMENT);
        assertEquals("the server is replaced (deleted and created again) because `userDataBase64` changes",
                risk.message());
        ObjectNode ami = editInputs(before, "web-1", in -> in.put("ami", "ami-0123456789abcdef0"));
        assertEquals(List.of(), risks(before, ami), "the AMI is in ignoreChanges unless pinned");
        ObjectNode size = editInputs(before, "web-1", in -> in.put("instanceType", "t3.small"));
        assertEquals("the server is stopped and restarted to apply `instanceType`",
                only(risks(before, size), Risk.Kind.RESTART).message());
    }

    @Test
    void safeChangesRaiseNothing() {
        ObjectNode before = plan("dev");
        ObjectNode after = plan("dev", Map.of("logRetentionDays", "90", "qpsAlarmThreshold", "50"));
        assertFalse(PlanDiff.between(before, after).isEmpty(), "the override changes the plan");
        assertEquals(List.of(), risks(before, after));
    }
}
