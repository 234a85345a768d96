package io.securewebinfra.review;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A private subnet (tagged {@code Tier=app} or {@code Tier=private}) given a route to an internet gateway, as a
 * route resource, an inline route or an association moved to a table that has one. Private servers then face the
 * internet directly instead of through the NAT gateway. (Any route on the database table is a {@link DatabaseRouting}
 * risk already; database subnets are left to it. A subnet that maps public addresses is the pack's
 * {@code no-public-ip}, a rule of one plan.)
 */
final class InternetRoutes implements RiskRule {
    /** The database tier is left to DatabaseRouting, which flags any route there, so one change gives one risk. */
    private static final Set<String> PRIVATE_TIERS = Set.of("app", "private");

    @Override
    public List<Risk> check(PlanDiff diff) {
        JsonNode plan = diff.afterPlan();
        Set<String> privateSubnets = new HashSet<>();
        for (JsonNode r : plan.path("resources")) {
            if (r.path("type").asText().equals(DatabaseRouting.SUBNET)
                    && PRIVATE_TIERS.contains(r.path("inputs").path("tags").path("Tier").asText())) {
                privateSubnets.add(r.path("name").asText());
            }
        }
        IdIndex ids = IdIndex.of(diff.beforePlan(), diff.afterPlan());
        // The private route tables: those a private subnet's association names, by resource name and by id.
        Set<String> privateTables = new HashSet<>();
        for (JsonNode r : plan.path("resources")) {
            if (r.path("type").asText().equals(DatabaseRouting.ASSOCIATION)
                    && DatabaseRouting.dependsOnAny(r, privateSubnets)) {
                String table = r.path("inputs").path("routeTableId").asText();
                privateTables.add(table);
                if (ids.name(table) != null) {
                    privateTables.add(ids.name(table));
                }
            }
        }
        Set<String> gateways = new HashSet<>();
        for (JsonNode r : plan.path("resources")) {
            if (r.path("type").asText().equals("aws:ec2/internetGateway:InternetGateway")) {
                gateways.add(r.path("name").asText());
            }
        }
        List<Risk> risks = new ArrayList<>();
        for (ResourceChange change : diff.changes()) {
            if (change.kind() == ResourceChange.Kind.REMOVED) {
                continue;
            }
            JsonNode in = change.after().path("inputs");
            switch (change.type()) {
                case DatabaseRouting.ROUTE -> {
                    boolean privateTable = privateTables.contains(in.path("routeTableId").asText())
                            || DatabaseRouting.dependsOnAny(change.after(), privateTables);
                    if (privateTable && toInternet(in, change.after(), gateways)
                            && (change.before() == null || !toInternet(change.before().path("inputs"), change.before(),
                            gateways))) {
                        risks.add(new Risk(Risk.Kind.INTERNET_ROUTE, change.label(), "a private subnet's route "
                                + "table now routes " + in.path("destinationCidrBlock").asText(
                                in.path("destinationIpv6CidrBlock").asText("?")) + " to the internet gateway "
                                + in.path("gatewayId").asText() + ": its servers face the internet directly"));
                    }
                }
                case DatabaseRouting.TABLE -> {
                    if (privateTables.contains(change.name())) {
                        JsonNode before = change.before() == null ? null : change.before().path("inputs").path("routes");
                        for (JsonNode route : in.path("routes")) {
                            boolean old = before != null && before.toString().contains(route.toString());
                            if (!old && route.path("gatewayId").asText().startsWith("igw-")) {
                                risks.add(new Risk(Risk.Kind.INTERNET_ROUTE, change.label(), "an inline route of a "
                                        + "private subnet's table leads to the internet gateway "
                                        + route.path("gatewayId").asText()));
                            }
                        }
                    }
                }
                case DatabaseRouting.ASSOCIATION -> {
                    if (DatabaseRouting.dependsOnAny(change.after(), privateSubnets) && change.before() != null
                            && !change.before("routeTableId").equals(change.after("routeTableId"))) {
                        String table = in.path("routeTableId").asText();
                        if (tableReachesInternet(plan, table, ids, gateways)) {
                            risks.add(new Risk(Risk.Kind.INTERNET_ROUTE, change.label(), "a private subnet is "
                                    + "associated with " + ids.describe(table) + ", which routes to the internet "
                                    + "gateway"));
                        }
                    }
                }
                default -> {
                }
            }
        }
        return risks;
    }

    private static boolean toInternet(JsonNode in, JsonNode entry, Set<String> gateways) {
        String gateway = in.path("gatewayId").asText();
        return gateway.startsWith("igw-") || (!gateway.isEmpty() && DatabaseRouting.dependsOnAny(entry, gateways));
    }

    private static boolean tableReachesInternet(JsonNode plan, String tableId, IdIndex ids, Set<String> gateways) {
        for (JsonNode r : plan.path("resources")) {
            JsonNode in = r.path("inputs");
            if (r.path("type").asText().equals(DatabaseRouting.ROUTE) && (in.path("routeTableId").asText()
                    .equals(tableId) || r.path("dependsOn").toString().contains("\"" + ids.name(tableId) + "\""))
                    && toInternet(in, r, gateways)) {
                return true;
            }
        }
        return false;
    }
}
