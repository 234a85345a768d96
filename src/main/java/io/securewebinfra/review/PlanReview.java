package io.securewebinfra.review;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * The review of one or more stacks' changes: for each, the plan diff, its risks and its cost change, and the
 * Markdown for the pull request.
 */
public record PlanReview(String base, List<StackReview> stacks) {

    /** One stack's old and new plan, as JSON documents ({@code ./plan STACK --json}). */
    public record Comparison(JsonNode before, JsonNode after) {
    }

    public record StackReview(PlanDiff diff, List<Risk> risks, CostChange cost) {
    }

    public PlanReview {
        stacks = List.copyOf(stacks);
    }

    /** Compares each stack's plans and finds the risks and the cost change of each. */
    public static PlanReview of(String base, List<Comparison> comparisons) {
        List<StackReview> stacks = new ArrayList<>();
        for (Comparison c : comparisons) {
            PlanDiff diff = PlanDiff.between(c.before(), c.after());
            stacks.add(new StackReview(diff, RiskRule.all(diff), CostChange.between(c.before(), c.after())));
        }
        return new PlanReview(base, stacks);
    }

    public List<PlanDiff> diffs() {
        return stacks.stream().map(StackReview::diff).toList();
    }

    public List<Risk> allRisks() {
        return stacks.stream().flatMap(s -> s.risks().stream()).toList();
    }

    public String markdown() {
        StringBuilder md = new StringBuilder("# Infrastructure plan diff\n\n");
        int count = allRisks().size();
        md.append("Offline plans (`./plan diff`) of ").append(base).append(" against this change: ")
                .append(count == 0 ? "**no risk found**." : "**" + count + (count == 1 ? " risk" : " risks")
                        + " found**; each is listed at the top of its stack.")
                .append("\n\n");
        for (StackReview stack : stacks) {
            md.append(Markdown.section(stack.diff(), stack.risks(), stack.cost()));
        }
        return md.toString();
    }
}
