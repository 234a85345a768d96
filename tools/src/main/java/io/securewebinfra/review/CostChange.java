package io.securewebinfra.review;

import com.fasterxml.jackson.databind.JsonNode;
import io.securewebinfra.cost.CostEstimate;
import io.securewebinfra.cost.CostLine;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a change does to a stack's estimated monthly cost ({@code ./plan STACK --cost}): the totals before and
 * after, and the resources whose cost changes. An estimate that cannot be made (a region without prices) is
 * reported as such, never as zero.
 *
 * @param before     the old total, or empty when it could not be estimated
 * @param after      the new total, or empty when it could not be estimated
 * @param changed    the resources whose monthly cost changes, with the old and the new amount (null: none)
 * @param notPriced  how many resources of the new plan have no price, and so are not in its total
 * @param problem    why an estimate is missing, or null
 */
public record CostChange(Optional<BigDecimal> before, Optional<BigDecimal> after, List<Line> changed,
                         int notPriced, String problem) {

    public record Line(String name, String type, BigDecimal before, BigDecimal after) {
        BigDecimal delta() {
            return (after == null ? BigDecimal.ZERO : after).subtract(before == null ? BigDecimal.ZERO : before);
        }
    }

    public CostChange {
        changed = List.copyOf(changed);
    }

    static CostChange between(JsonNode before, JsonNode after) {
        List<String> problems = new ArrayList<>();
        Optional<Estimate> old = estimate(before, problems);
        Optional<Estimate> now = estimate(after, problems);
        Map<String, Line> lines = new LinkedHashMap<>();
        old.ifPresent(e -> e.priced.forEach(l -> lines.put(key(l), new Line(l.name(), l.type(), l.monthly(), null))));
        now.ifPresent(e -> e.priced.forEach(l -> lines.merge(key(l), new Line(l.name(), l.type(), null, l.monthly()),
                (was, is) -> new Line(was.name(), was.type(), was.before(), is.after()))));
        List<Line> changed = old.isPresent() && now.isPresent()
                ? lines.values().stream().filter(l -> l.delta().signum() != 0).toList() : List.of();
        return new CostChange(old.map(Estimate::total), now.map(Estimate::total), changed,
                now.map(Estimate::notPriced).orElse(0), problems.isEmpty() ? null : String.join("; ", problems));
    }

    public Optional<BigDecimal> delta() {
        return before.isPresent() && after.isPresent() ? Optional.of(after.get().subtract(before.get()))
                : Optional.empty();
    }

    private record Estimate(BigDecimal total, List<CostLine> priced, int notPriced) {
    }

    /** A plan's estimate; an empty plan (a stack that did not exist) costs nothing. */
    private static Optional<Estimate> estimate(JsonNode plan, List<String> problems) {
        if (plan.path("resources").isEmpty()) {
            return Optional.of(new Estimate(BigDecimal.ZERO.setScale(2), List.of(), 0));
        }
        try {
            CostEstimate estimate = CostEstimate.of(plan);
            return Optional.of(new Estimate(estimate.total(), estimate.priced(), estimate.notPriced().size()));
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
            return Optional.empty();
        }
    }

    private static String key(CostLine line) {
        return line.type() + "::" + line.name();
    }
}
