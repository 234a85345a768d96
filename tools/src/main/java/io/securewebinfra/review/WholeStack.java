package io.securewebinfra.review;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * A change that replaces the whole stack: the AWS provider's {@code region} changes, or the provider itself is
 * replaced (renamed, removed and added). Pulumi then deletes and re-creates every resource of that provider, the
 * database included even where {@code availabilityZone} is in its {@code ignoreChanges} (ignoreChanges hides property
 * changes, not a replacement by the provider). One risk, listed first, names the stateful resources lost.
 */
final class WholeStack implements RiskRule {
    private static final String PROVIDER = "pulumi:providers:aws";

    @Override
    public List<Risk> check(PlanDiff diff) {
        List<String> reasons = new ArrayList<>();
        List<ResourceChange> providers = diff.changes().stream().filter(c -> c.type().equals(PROVIDER)).toList();
        for (ResourceChange p : providers) {
            switch (p.kind()) {
                case CHANGED -> {
                    if (!p.before("region").equals(p.after("region"))) {
                        reasons.add("the AWS provider `" + p.name() + "` moves to another region ("
                                + Markdown.value(p.before("region").orElse(null)) + " → "
                                + Markdown.value(p.after("region").orElse(null)) + ")");
                    }
                }
                case REMOVED -> reasons.add("the AWS provider `" + p.name() + "` is removed or replaced");
                case ADDED -> {
                    if (providers.stream().anyMatch(o -> o.kind() == ResourceChange.Kind.REMOVED)) {
                        reasons.add("a new AWS provider `" + p.name() + "` takes over");
                    }
                }
            }
        }
        if (reasons.isEmpty()) {
            return List.of();
        }
        List<String> lost = new ArrayList<>();
        for (JsonNode r : diff.beforePlan().path("resources")) {
            if (StatefulRemovals.STATEFUL.contains(r.path("type").asText())) {
                lost.add(r.path("name").asText());
            }
        }
        return List.of(new Risk(Risk.Kind.STACK_REPLACED, "the whole stack", String.join("; ", reasons)
                + ": every resource is deleted and created again, ignoreChanges or not; the stateful resources "
                + "start empty: " + (lost.isEmpty() ? "(none)" : String.join(", ", lost))));
    }
}
