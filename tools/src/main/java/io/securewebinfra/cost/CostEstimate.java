package io.securewebinfra.cost;

import com.fasterxml.jackson.databind.JsonNode;
import io.securewebinfra.plandoc.Plan;

import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The estimated monthly cost of a plan: one line per cloud resource (priced, free or not priced) and the total of
 * the priced lines. Components are not resources of the cloud and get no line. The region is the AWS provider's.
 *
 * @param total the sum of the priced lines, each rounded to cents; resources that are not priced are not in it
 */
public record CostEstimate(String stack, String region, PriceTable table, List<CostLine> lines, BigDecimal total) {

    public static CostEstimate of(Plan plan) {
        return of(plan, PriceTable.bundled());
    }

    public static CostEstimate of(Plan plan, PriceTable table) {
        List<Plan.Resource> resources = plan.resources().stream().filter(r -> !r.isComponent()).toList();
        String region = regionOf(resources);
        Pricer pricer = new Pricer(table, region, resources);
        List<CostLine> lines = resources.stream().map(pricer::price).toList();
        BigDecimal total = lines.stream().map(CostLine::monthly).reduce(BigDecimal.ZERO.setScale(2), BigDecimal::add);
        return new CostEstimate(plan.stack(), region, table, lines, total);
    }

    /** The same estimate from a plan in its JSON form ({@code ./plan --json}), as a review of two plans reads it. */
    public static CostEstimate of(JsonNode plan) {
        return of(Plan.fromJson(plan));
    }

    public List<CostLine> priced() {
        return lines.stream().filter(l -> l.kind() == CostLine.Kind.PRICED).toList();
    }

    public List<CostLine> free() {
        return lines.stream().filter(l -> l.kind() == CostLine.Kind.FREE).toList();
    }

    public List<CostLine> notPriced() {
        return lines.stream().filter(l -> l.kind() == CostLine.Kind.NOT_PRICED).toList();
    }

    private static String regionOf(List<Plan.Resource> resources) {
        Set<String> regions = new TreeSet<>();
        resources.stream().filter(r -> r.type().equals("pulumi:providers:aws") && r.string("region") != null)
                .forEach(r -> regions.add(r.string("region")));
        if (regions.size() != 1) {
            throw new IllegalArgumentException(regions.isEmpty()
                    ? "the plan has no AWS provider with a region, so its prices cannot be chosen"
                    : "the plan uses several regions (" + String.join(", ", regions) + "); the estimate prices one");
        }
        return regions.iterator().next();
    }
}
