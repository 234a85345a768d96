package io.securewebinfra.review;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A way out of the VPC for the database subnets: a route added to their route table (as a resource or inline), or
 * a database subnet's association changed or removed (without one the subnet follows the VPC's main route table,
 * which the program does not manage). The database subnets are those tagged {@code Tier=database}; their route
 * table is the one tagged so, or the one their associations name.
 */
final class DatabaseRouting implements RiskRule {
    static final String SUBNET = "aws:ec2/subnet:Subnet";
    static final String ROUTE = "aws:ec2/route:Route";
    static final String TABLE = "aws:ec2/routeTable:RouteTable";
    static final String ASSOCIATION = "aws:ec2/routeTableAssociation:RouteTableAssociation";
    private static final List<String> DESTINATIONS = List.of("destinationCidrBlock", "destinationIpv6CidrBlock",
            "destinationPrefixListId", "cidrBlock", "ipv6CidrBlock");
    private static final List<String> TARGETS = List.of("gatewayId", "natGatewayId", "transitGatewayId",
            "vpcPeeringConnectionId", "egressOnlyGatewayId", "networkInterfaceId", "vpcEndpointId", "carrierGatewayId",
            "localGatewayId", "coreNetworkArn");

    /** The database subnets and route tables of a plan, by name, and the tables' ids as inputs refer to them. */
    private record Tier(Set<String> subnets, Set<String> tables, Set<String> tableIds) {
        static Tier of(JsonNode plan) {
            Set<String> subnets = new HashSet<>();
            Set<String> tables = new HashSet<>();
            Set<String> tableIds = new HashSet<>();
            for (JsonNode r : plan.path("resources")) {
                String type = r.path("type").asText();
                if ((type.equals(SUBNET) || type.equals(TABLE))
                        && r.path("inputs").path("tags").path("Tier").asText().equals("database")) {
                    (type.equals(SUBNET) ? subnets : tables).add(r.path("name").asText());
                }
            }
            for (JsonNode r : plan.path("resources")) {
                if (r.path("type").asText().equals(ASSOCIATION) && dependsOnAny(r, subnets)) {
                    r.path("dependsOn").forEach(d -> {
                        if (!subnets.contains(d.asText())) {
                            tables.add(d.asText());
                        }
                    });
                    if (r.path("inputs").path("routeTableId").isTextual()) {
                        tableIds.add(r.path("inputs").path("routeTableId").asText());
                    }
                }
            }
            return new Tier(subnets, tables, tableIds);
        }

        Tier and(Tier other) {
            return new Tier(union(subnets, other.subnets), union(tables, other.tables), union(tableIds, other.tableIds));
        }

        boolean routesInto(JsonNode route) {
            return route != null && (dependsOnAny(route, tables)
                    || tableIds.contains(route.path("inputs").path("routeTableId").asText()));
        }
    }

    @Override
    public List<Risk> check(PlanDiff diff) {
        Tier tier = Tier.of(diff.beforePlan()).and(Tier.of(diff.afterPlan()));
        List<Risk> risks = new ArrayList<>();
        for (ResourceChange change : diff.changes()) {
            switch (change.type()) {
                case ROUTE -> {
                    if (change.kind() != ResourceChange.Kind.REMOVED && tier.routesInto(change.after())) {
                        risks.add(new Risk(Risk.Kind.DATABASE_ROUTE, change.label(),
                                (change.kind() == ResourceChange.Kind.ADDED ? "a new route " : "the route now ")
                                        + "leads " + describe(change.after().path("inputs"))
                                        + " from the database route table: the database subnets get a way out of the VPC"));
                    }
                }
                case TABLE -> {
                    if (change.kind() != ResourceChange.Kind.REMOVED && tier.tables.contains(change.name())) {
                        JsonNode before = change.before() == null ? null : change.before().path("inputs").path("routes");
                        JsonNode after = change.after().path("inputs").path("routes");
                        for (JsonNode route : after) {
                            if (before == null || !contains(before, route)) {
                                risks.add(new Risk(Risk.Kind.DATABASE_ROUTE, change.label(), "an inline route leads "
                                        + describe(route) + " from the database route table: the database subnets "
                                        + "get a way out of the VPC"));
                            }
                        }
                    }
                }
                case ASSOCIATION -> {
                    if (change.before() != null && dependsOnAny(change.before(), tier.subnets)) {
                        if (change.kind() == ResourceChange.Kind.REMOVED) {
                            risks.add(new Risk(Risk.Kind.DATABASE_ROUTE, change.label(), "a database subnet loses its "
                                    + "route table association: it falls back to the VPC's main route table, which "
                                    + "this program does not manage"));
                        } else if (change.properties().stream().anyMatch(p -> p.path().equals("routeTableId")
                                || p.path().equals("subnetId"))) {
                            risks.add(new Risk(Risk.Kind.DATABASE_ROUTE, change.label(), "a database subnet's route "
                                    + "table association changes (`routeTableId` "
                                    + Markdown.value(change.before("routeTableId").orElse(null)) + " → "
                                    + Markdown.value(change.after("routeTableId").orElse(null))
                                    + "): check that the new table has no route out of the VPC"));
                        }
                    }
                }
                default -> {
                }
            }
        }
        return risks;
    }

    /** "to 0.0.0.0/0 through igw-..." */
    private static String describe(JsonNode route) {
        String destination = DESTINATIONS.stream().filter(route::hasNonNull).map(f -> route.path(f).asText())
                .findFirst().orElse("somewhere");
        String target = TARGETS.stream().filter(route::hasNonNull).map(f -> f + " " + route.path(f).asText())
                .findFirst().orElse("an unnamed target");
        return "to " + destination + " through " + target;
    }

    private static boolean contains(JsonNode list, JsonNode item) {
        for (JsonNode element : list) {
            if (element.equals(item)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the resource waits for one of the named resources. */
    static boolean dependsOnAny(JsonNode resource, Set<String> names) {
        for (JsonNode dependency : resource.path("dependsOn")) {
            if (names.contains(dependency.asText())) {
                return true;
            }
        }
        return false;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return all;
    }
}
