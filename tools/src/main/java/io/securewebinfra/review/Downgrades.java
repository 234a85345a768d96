package io.securewebinfra.review;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Changes that lower what was there or send traffic elsewhere, which only a comparison can see (the pack judges each
 * plan alone): the database engine downgraded or moved to another major version, a replica cut from its source; a
 * DNS record pointed at another target; a secret or topic moved to another KMS key; log retention cut. What one plan
 * must hold on its own (the CA, {@code tls_version}, {@code require_secure_transport}, the parameter group, the HTTP
 * listener's redirect) is the pack's: the diff reports its new violations.
 */
final class Downgrades implements RiskRule {
    private static final String DB = "aws:rds/instance:Instance";

    @Override
    public List<Risk> check(PlanDiff diff) {
        List<Risk> risks = new ArrayList<>();
        for (ResourceChange c : diff.of(ResourceChange.Kind.CHANGED)) {
            switch (c.type()) {
                case DB -> database(c, risks);
                case "aws:route53/record:Record" -> {
                    for (String field : List.of("aliases", "records", "setIdentifier", "type")) {
                        if (!c.before(field).equals(c.after(field))) {
                            risks.add(new Risk(Risk.Kind.TRAFFIC_REDIRECTED, c.label(), "the DNS record "
                                    + c.after("name").map(JsonNode::asText).orElse("") + " now points elsewhere (`"
                                    + field + "` " + Markdown.value(c.before(field).orElse(null)) + " → "
                                    + Markdown.value(c.after(field).orElse(null)) + ")"));
                            break;
                        }
                    }
                }
                case "aws:secretsmanager/secret:Secret" -> {
                    if (!c.before("kmsKeyId").equals(c.after("kmsKeyId"))) {
                        risks.add(new Risk(Risk.Kind.PROTECTION_OFF, c.label(), "the secret moves to another KMS "
                                + "key (" + Markdown.value(c.before("kmsKeyId").orElse(null)) + " → "
                                + Markdown.value(c.after("kmsKeyId").orElse(null)) + "): that key's policy now "
                                + "decides who can read it"));
                    }
                }
                case "aws:sns/topic:Topic" -> {
                    // To an AWS-managed key or to none, AlarmDelivery and the pack's topic rules say more.
                    Optional<String> before = c.before("kmsMasterKeyId").map(JsonNode::asText);
                    Optional<String> after = c.after("kmsMasterKeyId").map(JsonNode::asText);
                    if (before.isPresent() && after.isPresent() && !before.equals(after)
                            && !AlarmDelivery.awsManaged(after.get())) {
                        risks.add(new Risk(Risk.Kind.PROTECTION_OFF, c.label(), "the topic moves to another KMS key ("
                                + Markdown.value(c.before("kmsMasterKeyId").orElse(null)) + " → "
                                + Markdown.value(c.after("kmsMasterKeyId").orElse(null)) + "): that key's policy now "
                                + "decides who can read its messages, and alarms can publish only if it admits "
                                + "cloudwatch.amazonaws.com"));
                    }
                }
                case "aws:cloudwatch/logGroup:LogGroup" -> {
                    double before = days(c.before("retentionInDays"));
                    double after = days(c.after("retentionInDays"));
                    if (after < before) {
                        risks.add(new Risk(Risk.Kind.PROTECTION_OFF, c.label(), "log retention is cut: "
                                + "`retentionInDays` " + Markdown.value(c.before("retentionInDays").orElse(null))
                                + " → " + Markdown.value(c.after("retentionInDays").orElse(null)),
                                "log-retention-minimum"));
                    }
                }
                default -> {
                }
            }
        }
        return risks;
    }

    private static void database(ResourceChange c, List<Risk> risks) {
        Optional<String> before = c.before("engineVersion").map(JsonNode::asText);
        Optional<String> after = c.after("engineVersion").map(JsonNode::asText);
        if (before.isPresent() && after.isPresent() && !before.equals(after)) {
            int order = compareVersions(after.get(), before.get());
            boolean major = !major(after.get()).equals(major(before.get()));
            if (order < 0 || major) {
                risks.add(new Risk(Risk.Kind.PROTECTION_OFF, c.label(), "the engine version "
                        + (order < 0 ? "goes down" : "moves to another major version") + ": `engineVersion` `"
                        + before.get() + "` → `" + after.get() + "`" + (order < 0 ? " (RDS cannot downgrade in place)"
                        : " (a major upgrade is one-way and may break the application)")));
            }
        }
        if (c.before("replicateSourceDb").isPresent() && c.after("replicateSourceDb").isEmpty()) {
            risks.add(new Risk(Risk.Kind.PROTECTION_OFF, c.label(), "the replica loses its source "
                    + "(`replicateSourceDb` removed): RDS promotes it to a stand-alone database, and the read replica "
                    + "is gone"));
        }
    }

    /** Retention in days, where 0 or absent means "never expire". */
    private static double days(Optional<JsonNode> value) {
        double days = value.map(v -> v.asDouble(0)).orElse(0.0);
        return days <= 0 ? Double.POSITIVE_INFINITY : days;
    }

    private static String major(String version) {
        String[] parts = version.split("\\.");
        return parts.length >= 2 ? parts[0] + "." + parts[1] : parts[0];
    }

    static int compareVersions(String a, String b) {
        String[] x = a.split("[.-]");
        String[] y = b.split("[.-]");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int p = i < x.length ? number(x[i]) : 0;
            int q = i < y.length ? number(y[i]) : 0;
            if (p != q) {
                return Integer.compare(p, q);
            }
        }
        return 0;
    }

    private static int number(String part) {
        String digits = part.replaceAll("\\D.*", "");
        return digits.isEmpty() ? 0 : Integer.parseInt(digits);
    }
}
