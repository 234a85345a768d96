package io.securewebinfra.review;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Where the site's traffic goes, for the resources that decide it other than the listeners: a load-balancer target
 * that is not one of the stack's servers (an outside address receives every user's requests), a new DNS name that
 * does not lead to the stack's load balancer, a public address given to a server, and a topic's messages (the
 * alarms: resource names, states, addresses) sent to a new endpoint.
 */
final class TrafficTargets implements RiskRule {
    private static final String ATTACHMENT = "aws:lb/targetGroupAttachment:TargetGroupAttachment";
    private static final String RECORD = "aws:route53/record:Record";
    private static final String EIP = "aws:ec2/eip:Eip";
    private static final String SUBSCRIPTION = "aws:sns/topicSubscription:TopicSubscription";
    private static final String SERVER = "aws:ec2/instance:Instance";
    private static final String LOAD_BALANCER = "aws:lb/loadBalancer:LoadBalancer";

    @Override
    public List<Risk> check(PlanDiff diff) {
        List<Risk> risks = new ArrayList<>();
        Set<String> servers = idsOf(diff, SERVER);
        Set<String> loadBalancers = dnsNames(diff.afterPlan());
        for (ResourceChange c : diff.changes()) {
            if (c.kind() == ResourceChange.Kind.REMOVED) {
                continue;
            }
            switch (c.type()) {
                case ATTACHMENT -> {
                    String target = c.after("targetId").map(JsonNode::asText).orElse("");
                    boolean moved = c.kind() == ResourceChange.Kind.ADDED
                            || !c.before("targetId").equals(c.after("targetId"));
                    if (moved && !servers.contains(target)) {
                        risks.add(new Risk(Risk.Kind.TRAFFIC_REDIRECTED, c.label(), "the load balancer sends "
                                + "requests to " + Markdown.value(c.after("targetId").orElse(null))
                                + ", which is not a web server of this stack"));
                    }
                }
                case RECORD -> {
                    if (c.kind() == ResourceChange.Kind.ADDED && !validationRecord(c.after()) && !aliasesOneOf(
                            c.after(), loadBalancers)) {
                        risks.add(new Risk(Risk.Kind.TRAFFIC_REDIRECTED, c.label(), "a new DNS name "
                                + Markdown.value(c.after("name").orElse(null)) + " in the site's zone that does not "
                                + "lead to the stack's load balancer (" + Markdown.value(c.after("records")
                                .or(() -> c.after("aliases")).orElse(null)) + ")"));
                    }
                }
                case EIP -> {
                    for (String field : List.of("instance", "networkInterface")) {
                        if (c.after(field).isPresent() && !c.before(field).equals(c.after(field))) {
                            risks.add(new Risk(Risk.Kind.INTERNET_ROUTE, c.label(), "a public address is given to "
                                    + Markdown.value(c.after(field).orElse(null)) + " (`" + field + "`)"));
                        }
                    }
                }
                case SUBSCRIPTION -> {
                    if (c.kind() == ResourceChange.Kind.ADDED || !c.before("endpoint").equals(c.after("endpoint"))) {
                        risks.add(new Risk(Risk.Kind.TRAFFIC_REDIRECTED, c.label(), "the topic's messages now go to "
                                + Markdown.value(c.after("endpoint").orElse(null)) + " over "
                                + Markdown.value(c.after("protocol").orElse(null)) + ": check that it is yours"));
                    }
                }
                default -> {
                }
            }
        }
        return risks;
    }

    /** ACM's DNS validation records: a CNAME whose name starts with an underscore. */
    private static boolean validationRecord(JsonNode entry) {
        JsonNode in = entry.path("inputs");
        return in.path("type").asText().equals("CNAME") && in.path("name").asText().startsWith("_");
    }

    private static boolean aliasesOneOf(JsonNode entry, Set<String> dnsNames) {
        JsonNode aliases = entry.path("inputs").path("aliases");
        if (aliases.isEmpty() || entry.path("inputs").has("records")) {
            return false;
        }
        for (JsonNode alias : aliases) {
            if (!dnsNames.contains(alias.path("name").asText().replaceAll("\\.$", "").toLowerCase())) {
                return false;
            }
        }
        return true;
    }

    private static Set<String> dnsNames(JsonNode plan) {
        Set<String> names = new HashSet<>();
        for (JsonNode r : plan.path("resources")) {
            if (r.path("type").asText().equals(LOAD_BALANCER) && r.path("outputs").path("dnsName").isTextual()) {
                names.add(r.path("outputs").path("dnsName").asText().toLowerCase());
            }
        }
        return names;
    }

    /** The ids the plans record for resources of a type (a server keeps its id, a new one appears in the new plan). */
    private static Set<String> idsOf(PlanDiff diff, String type) {
        Set<String> ids = new HashSet<>();
        for (JsonNode plan : List.of(diff.beforePlan(), diff.afterPlan())) {
            for (JsonNode r : plan.path("resources")) {
                if (r.path("type").asText().equals(type) && r.path("id").isTextual()) {
                    ids.add(r.path("id").asText());
                }
            }
        }
        return ids;
    }
}
