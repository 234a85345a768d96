package io.securewebinfra.review;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Resource names by the cloud ids that inputs refer to ({@code sg-...} in a server's {@code vpcSecurityGroupIds}), so
 * that a risk names {@code firewalls-db-sg} rather than an id. A plan entry's own {@code "id"} field is used when the
 * plan has one. Older plans have none: there the id is inferred from dependents, since a resource that depends on
 * exactly one security group and names exactly one unresolved {@code sg-} id names that group; repeated until nothing
 * more resolves (a rule naming two groups resolves once one of the two is known from elsewhere).
 */
final class IdIndex {
    /** Id prefixes of the types whose ids the rules need to name. */
    private static final Map<String, String> PREFIXES = Map.of(
            "sg-", "aws:ec2/securityGroup:SecurityGroup",
            "igw-", "aws:ec2/internetGateway:InternetGateway",
            "nat-", "aws:ec2/natGateway:NatGateway",
            "rtb-", "aws:ec2/routeTable:RouteTable",
            "subnet-", "aws:ec2/subnet:Subnet");

    private final Map<String, String> names = new HashMap<>();
    private final Map<String, String> types = new HashMap<>();

    /** The ids of every plan given (old and new: a resource keeps its id, and a new one appears in the new plan). */
    static IdIndex of(JsonNode... plans) {
        IdIndex index = new IdIndex();
        for (JsonNode plan : plans) {
            for (JsonNode r : plan.path("resources")) {
                index.types.put(r.path("name").asText(), r.path("type").asText());
                if (r.path("id").isTextual() && !r.path("id").asText().isEmpty()) {
                    index.names.putIfAbsent(r.path("id").asText(), r.path("name").asText());
                }
            }
        }
        for (JsonNode plan : plans) {
            index.infer(plan);
        }
        return index;
    }

    private void infer(JsonNode plan) {
        boolean progress = true;
        while (progress) {
            progress = false;
            for (JsonNode r : plan.path("resources")) {
                for (var prefix : PREFIXES.entrySet()) {
                    Set<String> ids = new HashSet<>();
                    collect(r.path("inputs"), prefix.getKey(), ids);
                    ids.removeIf(names::containsKey);
                    List<String> candidates = new ArrayList<>();
                    for (JsonNode d : r.path("dependsOn")) {
                        if (prefix.getValue().equals(types.get(d.asText())) && !names.containsValue(d.asText())) {
                            candidates.add(d.asText());
                        }
                    }
                    if (ids.size() == 1 && candidates.size() == 1) {
                        names.put(ids.iterator().next(), candidates.get(0));
                        progress = true;
                    }
                }
            }
        }
    }

    private static void collect(JsonNode node, String prefix, Set<String> into) {
        if (node.isContainerNode()) {
            node.forEach(child -> collect(child, prefix, into));
        } else if (node.isTextual() && node.asText().startsWith(prefix) && node.asText().matches("[a-z]+-[0-9a-f]+")) {
            into.add(node.asText());
        }
    }

    /** The resource name of an id, or null when no resource of the plans has it. */
    String name(String id) {
        return names.get(id);
    }

    /** How a risk names an id: the resource's name, or the id itself when it is not one of the stack's. */
    String describe(String id) {
        String name = names.get(id);
        return name != null ? name : id + " (not a resource of this stack)";
    }
}
