package io.securewebinfra.review;

import com.fasterxml.jackson.databind.JsonNode;
import io.securewebinfra.config.SecurityFacts;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An ingress rule that lets in more than before: a new rule, a wider port range, every protocol, or a source
 * (address range or security group) that the old rule did not cover. It reads the three ways a security group
 * can be given ingress: per-rule resources, the older {@code SecurityGroupRule}, and rules inline in the group.
 * The same rule, built with {@link #egress()}, reads egress the same three ways: a server that may reach more of
 * the internet can send data out. A per-rule resource moved to another group ({@code securityGroupId}) opens that
 * group, in either direction.
 */
final class FirewallOpenings implements RiskRule {
    private static final String INGRESS_RULE = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
    private static final String EGRESS_RULE = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";

    private final boolean egress;

    FirewallOpenings() {
        this(false);
    }

    private FirewallOpenings(boolean egress) {
        this.egress = egress;
    }

    static FirewallOpenings egress() {
        return new FirewallOpenings(true);
    }
    private static final String LEGACY_RULE = "aws:ec2/securityGroupRule:SecurityGroupRule";
    private static final String GROUP = "aws:ec2/securityGroup:SecurityGroup";

    /** What one rule admits from one source. */
    record Opening(String protocol, int fromPort, int toPort, String source) {

        boolean coveredBy(Opening wider) {
            boolean protocol = wider.protocol.equals("-1") || wider.protocol.equals(this.protocol);
            boolean ports = wider.protocol.equals("-1") || (wider.fromPort <= fromPort && toPort <= wider.toPort);
            return protocol && ports && sourceCoveredBy(wider.source);
        }

        private boolean sourceCoveredBy(String wider) {
            if (wider.equals(source)) {
                return true;
            }
            Optional<IpRange> a = IpRange.parse(wider);
            Optional<IpRange> b = IpRange.parse(source);
            return a.isPresent() && b.isPresent() && a.get().contains(b.get());
        }

        String describe(boolean egress) {
            String ports = protocol.equals("-1") ? "every protocol and port"
                    : protocol + " " + (fromPort == toPort ? String.valueOf(fromPort) : fromPort + "-" + toPort);
            String from = IpRange.parse(source).filter(IpRange::isEverywhere).isPresent()
                    ? source + " (the whole internet)" : source;
            // Every protocol already says it all; a port range is named by the first administration port it takes in
            // (the shared facts' list, which the pack's no-ssh-rdp-ingress refuses from any source).
            SecurityFacts facts = SecurityFacts.get();
            String warning = protocol.equals("-1") ? "" : facts.adminPorts().stream().filter(this::admits)
                    .findFirst().map(port -> ": " + facts.adminPortName(port)).orElse("");
            return ports + (egress ? " to " : " from ") + from + warning;
        }

        private boolean admits(int port) {
            return (protocol.equals("tcp") || protocol.equals("6")) && fromPort <= port && port <= toPort;
        }
    }

    @Override
    public List<Risk> check(PlanDiff diff) {
        List<Risk> risks = new ArrayList<>();
        for (ResourceChange change : diff.changes()) {
            if (change.kind() == ResourceChange.Kind.REMOVED) {
                continue;
            }
            List<Opening> before = openings(change.type(), change.before(), egress);
            for (Opening opening : openings(change.type(), change.after(), egress)) {
                if (before.stream().noneMatch(opening::coveredBy)) {
                    String verb = change.kind() == ResourceChange.Kind.ADDED ? "a new rule " : "now ";
                    risks.add(new Risk(egress ? Risk.Kind.EGRESS_WIDENED : Risk.Kind.FIREWALL, change.label(),
                            verb + (egress ? "lets out " : "admits ") + opening.describe(egress)));
                }
            }
            String ruleType = egress ? EGRESS_RULE : INGRESS_RULE;
            if (change.kind() == ResourceChange.Kind.CHANGED && change.type().equals(ruleType)
                    && !change.before("securityGroupId").equals(change.after("securityGroupId"))) {
                IdIndex ids = IdIndex.of(diff.beforePlan(), diff.afterPlan());
                risks.add(new Risk(egress ? Risk.Kind.EGRESS_WIDENED : Risk.Kind.FIREWALL, change.label(),
                        "the rule moves to another security group: "
                                + change.before("securityGroupId").map(v -> ids.describe(v.asText())).orElse("(none)")
                                + " → " + change.after("securityGroupId").map(v -> ids.describe(v.asText()))
                                .orElse("(none)") + ", which it now opens"));
            }
        }
        return risks;
    }

    static List<Opening> openings(String type, JsonNode entry) {
        return openings(type, entry, false);
    }

    static List<Opening> openings(String type, JsonNode entry, boolean egress) {
        if (entry == null) {
            return List.of();
        }
        JsonNode in = entry.path("inputs");
        List<Opening> openings = new ArrayList<>();
        switch (type) {
            case INGRESS_RULE, EGRESS_RULE -> {
                if (type.equals(egress ? INGRESS_RULE : EGRESS_RULE)) {
                    break;
                }
                for (String field : List.of("cidrIpv4", "cidrIpv6", "referencedSecurityGroupId", "prefixListId")) {
                    if (in.hasNonNull(field)) {
                        openings.add(opening(in.path("ipProtocol"), in, in.path(field).asText()));
                    }
                }
            }
            case LEGACY_RULE -> {
                if (in.path("type").asText().equals(egress ? "egress" : "ingress")) {
                    openings.addAll(inline(in, "sourceSecurityGroupId"));
                }
            }
            case GROUP -> in.path(egress ? "egress" : "ingress").forEach(rule -> openings.addAll(inline(rule, "securityGroups")));
            default -> {
            }
        }
        return openings;
    }

    /** The older rule shapes: lists of IPv4 and IPv6 ranges, groups, and {@code self}. */
    private static List<Opening> inline(JsonNode rule, String groupField) {
        List<Opening> openings = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        for (String field : List.of("cidrBlocks", "ipv6CidrBlocks", "prefixListIds", groupField)) {
            JsonNode value = rule.path(field);
            if (value.isArray()) {
                value.forEach(v -> sources.add(v.asText()));
            } else if (value.isTextual()) {
                sources.add(value.asText());
            }
        }
        if (rule.path("self").asBoolean(false)) {
            sources.add("the group itself");
        }
        for (String source : sources) {
            openings.add(opening(rule.path("protocol"), rule, source));
        }
        return openings;
    }

    private static Opening opening(JsonNode protocol, JsonNode rule, String source) {
        String p = protocol.asText("-1").toLowerCase(java.util.Locale.ROOT);
        if (p.equals("all")) {
            p = "-1";
        }
        return new Opening(p, rule.path("fromPort").asInt(0), rule.path("toPort").asInt(65535), source);
    }
}
