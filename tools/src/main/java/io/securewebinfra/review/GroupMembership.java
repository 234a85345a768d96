package io.securewebinfra.review;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A security group added to (or swapped on) a server, launch template, database or load balancer: the resource
 * then takes every rule of that group, which no rule change shows. A new resource is compared with the groups the
 * old plan gave resources of its type, so a fourth server with the servers' group is no risk.
 */
final class GroupMembership implements RiskRule {
    /** Where each type lists its groups; a path may run through lists ({@code networkInterfaces[].securityGroups}). */
    private static final Map<String, List<String>> FIELDS = Map.of(
            "aws:ec2/instance:Instance", List.of("vpcSecurityGroupIds", "securityGroups"),
            "aws:ec2/launchTemplate:LaunchTemplate", List.of("vpcSecurityGroupIds", "securityGroupNames",
                    "networkInterfaces.securityGroups"),
            "aws:rds/instance:Instance", List.of("vpcSecurityGroupIds"),
            "aws:rds/cluster:Cluster", List.of("vpcSecurityGroupIds"),
            "aws:lb/loadBalancer:LoadBalancer", List.of("securityGroups"));

    @Override
    public List<Risk> check(PlanDiff diff) {
        IdIndex ids = null;
        List<Risk> risks = new ArrayList<>();
        for (ResourceChange change : diff.changes()) {
            if (change.kind() == ResourceChange.Kind.REMOVED || !FIELDS.containsKey(change.type())) {
                continue;
            }
            Set<String> after = groups(change.after(), change.type());
            Set<String> before = change.kind() == ResourceChange.Kind.ADDED ? sameType(diff.beforePlan(), change.type())
                    : groups(change.before(), change.type());
            after.removeAll(before);
            if (after.isEmpty()) {
                continue;
            }
            ids = ids == null ? IdIndex.of(diff.beforePlan(), diff.afterPlan()) : ids;
            List<String> names = new ArrayList<>();
            for (String id : after) {
                names.add(ids.describe(id));
            }
            risks.add(new Risk(Risk.Kind.FIREWALL_MEMBERSHIP, change.label(), Types.describe(change.type())
                    + (change.kind() == ResourceChange.Kind.ADDED ? " is created in " : " is put in ")
                    + (names.size() == 1 ? "the security group " : "the security groups ") + String.join(", ", names)
                    + " (" + (groups(change.before(), change.type()).isEmpty() ? "new" : "was "
                    + String.join(", ", groups(change.before(), change.type()).stream().map(ids::describe).toList()))
                    + "): it takes every rule of " + (names.size() == 1 ? "that group" : "those groups")));
        }
        return risks;
    }

    static Set<String> groups(JsonNode entry, String type) {
        Set<String> groups = new TreeSet<>();
        if (entry == null) {
            return groups;
        }
        for (String field : FIELDS.getOrDefault(type, List.of())) {
            collect(entry.path("inputs"), field.split("\\."), 0, groups);
        }
        return groups;
    }

    private static void collect(JsonNode node, String[] path, int i, Set<String> into) {
        if (node.isArray()) {
            node.forEach(n -> collect(n, path, i, into));
        } else if (i == path.length) {
            if (node.isValueNode() && !node.asText().isEmpty()) {
                into.add(node.asText());
            }
        } else {
            collect(node.path(path[i]), path, i + 1, into);
        }
    }

    private static Set<String> sameType(JsonNode plan, String type) {
        Set<String> all = new TreeSet<>();
        for (JsonNode r : plan.path("resources")) {
            if (r.path("type").asText().equals(type)) {
                all.addAll(groups(r, type));
            }
        }
        return all;
    }
}
