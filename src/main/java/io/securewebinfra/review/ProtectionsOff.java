package io.securewebinfra.review;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A safeguard turned off: encryption, deletion protection, backups, Multi-AZ, IMDSv2, TLS, private access, access
 * logs, Pulumi's own {@code protect}; or a resource whose only purpose is such a safeguard removed.
 */
final class ProtectionsOff implements RiskRule {

    /**
     * A safeguard held by one property.
     *
     * @param path     the property path, as a pattern (list indices vary)
     * @param weakened whether going from the old value to the new one (either may be null: absent) weakens it
     */
    private record Guard(String type, Pattern path, String safeguard, BiPredicate<JsonNode, JsonNode> weakened) {
    }

    private static final List<Guard> GUARDS = List.of(
            on("aws:rds/instance:Instance", "storageEncrypted", "storage encryption", isTrue()),
            on("aws:rds/instance:Instance", "deletionProtection", "deletion protection", isTrue()),
            on("aws:rds/instance:Instance", "multiAz", "Multi-AZ failover", isTrue()),
            on("aws:rds/instance:Instance", "skipFinalSnapshot", "the final snapshot", isFalse()),
            on("aws:rds/instance:Instance", "publiclyAccessible", "private access only", isFalse()),
            new Guard("aws:rds/instance:Instance", Pattern.compile("backupRetentionPeriod"), "backups",
                    (before, after) -> number(before) > number(after)),
            on("aws:ec2/instance:Instance", "metadataOptions\\.httpTokens", "IMDSv2", equalTo("required")),
            on("aws:ec2/instance:Instance", "rootBlockDevice\\.encrypted", "root volume encryption", isTrue()),
            on("aws:ec2/instance:Instance", "ebsBlockDevices\\[\\d+]\\.encrypted", "volume encryption", isTrue()),
            on("aws:ec2/instance:Instance", "associatePublicIpAddress", "no public address", isFalse()),
            on("aws:ec2/launchTemplate:LaunchTemplate", "metadataOptions\\.httpTokens", "IMDSv2",
                    equalTo("required")),
            on("aws:ec2/launchTemplate:LaunchTemplate", "blockDeviceMappings\\[\\d+]\\.ebs\\.encrypted",
                    "volume encryption", isTrue()),
            on("aws:ec2/launchTemplate:LaunchTemplate", "networkInterfaces\\[\\d+]\\.associatePublicIpAddress",
                    "no public address", isFalse()),
            on("aws:lb/loadBalancer:LoadBalancer", "enableDeletionProtection", "deletion protection", isTrue()),
            on("aws:lb/loadBalancer:LoadBalancer", "dropInvalidHeaderFields", "dropping invalid headers", isTrue()),
            on("aws:lb/loadBalancer:LoadBalancer", "accessLogs\\.enabled", "access logs", isTrue()),
            on("aws:lb/listener:Listener", "protocol", "HTTPS", equalTo("HTTPS")),
            // The number after TLS13 is the lowest version admitted: -1-0- and -1-1- also take TLS 1.0 and 1.1.
            on("aws:lb/listener:Listener", "sslPolicy", "a TLS 1.2+ policy",
                    value -> value != null && value.asText().matches("ELBSecurityPolicy-TLS13-1-[23]-.*")),
            on("aws:lb/targetGroup:TargetGroup", "protocol", "HTTPS to the servers", equalTo("HTTPS")),
            on("aws:lb/targetGroup:TargetGroup", "healthCheck\\.protocol", "HTTPS health checks", equalTo("HTTPS")),
            on("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
                    "blockPublicAcls|blockPublicPolicy|ignorePublicAcls|restrictPublicBuckets",
                    "the public access block", isTrue()),
            on("aws:sns/topic:Topic", "kmsMasterKeyId", "topic encryption", value -> value != null),
            on("aws:rds/instance:Instance", "deleteAutomatedBackups", "automated backups kept after deletion",
                    isFalse()),
            new Guard("aws:ec2/instance:Instance", Pattern.compile("metadataOptions\\.httpPutResponseHopLimit"),
                    "the IMDS hop limit (containers could reach the role's credentials)",
                    (before, after) -> number(after) > Math.max(1, number(before))),
            new Guard("aws:ec2/launchTemplate:LaunchTemplate",
                    Pattern.compile("metadataOptions\\.httpPutResponseHopLimit"),
                    "the IMDS hop limit (containers could reach the role's credentials)",
                    (before, after) -> number(after) > Math.max(1, number(before))),
            on("aws:s3/bucketOwnershipControls:BucketOwnershipControls", "rule\\.objectOwnership",
                    "bucket-owner-enforced object ownership (no ACLs)", equalTo("BucketOwnerEnforced")),
            on("aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
                    "rules\\[\\d+]\\.applyServerSideEncryptionByDefault\\.sseAlgorithm", "default bucket encryption",
                    value -> value != null),
            on("aws:ec2/flowLog:FlowLog", "trafficType", "flow logs of all traffic", equalTo("ALL")),
            on("aws:cloudwatch/metricAlarm:MetricAlarm", "alarmActions\\[\\d+]", "the alarm's notification",
                    value -> value != null),
            on("aws:cloudwatch/metricAlarm:MetricAlarm", "actionsEnabled", "the alarm's actions",
                    value -> value == null || value.asBoolean(true)),
            new Guard("aws:secretsmanager/secret:Secret", Pattern.compile("recoveryWindowInDays"),
                    "the recovery window", (before, after) -> number(before) > 0 && after != null
                    && number(after) == 0));

    /** Resources that exist only as a safeguard: removing one removes the safeguard. */
    private static final Set<String> SAFEGUARDS = Set.of(
            "aws:ec2/flowLog:FlowLog",
            "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
            "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2");

    @Override
    public List<Risk> check(PlanDiff diff) {
        List<Risk> risks = new ArrayList<>();
        for (ResourceChange change : diff.changes()) {
            switch (change.kind()) {
                case REMOVED -> {
                    if (SAFEGUARDS.contains(change.type())) {
                        risks.add(new Risk(Risk.Kind.PROTECTION_OFF, change.label(),
                                Types.describe(change.type()) + " is removed"));
                    }
                }
                case CHANGED -> risks.addAll(weakened(change));
                case ADDED -> {
                }
            }
        }
        return risks;
    }

    private static List<Risk> weakened(ResourceChange change) {
        List<Risk> risks = new ArrayList<>();
        if (change.protectedBefore() && !change.protectedAfter()) {
            risks.add(new Risk(Risk.Kind.PROTECTION_OFF, change.label(),
                    "Pulumi's `protect` is lifted: `pulumi destroy` and replacements may now delete it"));
        }
        for (PropertyChange p : change.properties()) {
            for (Guard guard : GUARDS) {
                if (guard.type.equals(change.type()) && guard.path.matcher(p.path()).matches()
                        && guard.weakened.test(p.before(), p.after())) {
                    risks.add(new Risk(Risk.Kind.PROTECTION_OFF, change.label(), "weakens " + guard.safeguard + ": `"
                            + p.path() + "` " + Markdown.value(p.before()) + " → " + Markdown.value(p.after())));
                }
            }
        }
        if (change.type().equals("aws:rds/parameterGroup:ParameterGroup")
                && requiresTls(change.before()) && !requiresTls(change.after())) {
            risks.add(new Risk(Risk.Kind.PROTECTION_OFF, change.label(),
                    "the database no longer requires TLS (`require_secure_transport`)"));
        }
        return risks;
    }

    private static boolean requiresTls(JsonNode entry) {
        for (JsonNode parameter : entry.path("inputs").path("parameters")) {
            if (parameter.path("name").asText().equals("require_secure_transport")) {
                String value = parameter.path("value").asText();
                return value.equals("1") || value.equalsIgnoreCase("ON");
            }
        }
        return false;
    }

    /** A guard that holds while the value passes {@code safe}: losing it (or the value) weakens it. */
    private static Guard on(String type, String path, String safeguard, Predicate<JsonNode> safe) {
        return new Guard(type, Pattern.compile(path), safeguard,
                (before, after) -> safe.test(before) && !safe.test(after));
    }

    private static Predicate<JsonNode> isTrue() {
        return value -> value != null && (value.asBoolean(false) || value.asText().equals("true"));
    }

    /** Safe when false or absent, where absent means the provider's default of false. */
    private static Predicate<JsonNode> isFalse() {
        return value -> value == null || !(value.asBoolean(false) || value.asText().equals("true"));
    }

    private static Predicate<JsonNode> equalTo(String expected) {
        return value -> value != null && value.asText().equals(expected);
    }

    private static double number(JsonNode value) {
        return value == null ? 0 : value.asDouble(0);
    }
}
