package io.securewebinfra.review;

import java.util.ArrayList;
import java.util.List;

/** The review of one or more stacks' plan diffs: the risks of each and the Markdown for the pull request. */
public record PlanReview(String base, List<PlanDiff> diffs, List<List<Risk>> risks) {

    public PlanReview {
        diffs = List.copyOf(diffs);
        risks = List.copyOf(risks);
    }

    /** Finds the risks of each diff. */
    public static PlanReview of(String base, List<PlanDiff> diffs) {
        List<List<Risk>> risks = new ArrayList<>();
        for (PlanDiff diff : diffs) {
            risks.add(RiskRule.all(diff));
        }
        return new PlanReview(base, diffs, risks);
    }

    public List<Risk> allRisks() {
        return risks.stream().flatMap(List::stream).toList();
    }

    public String markdown() {
        StringBuilder md = new StringBuilder("# Infrastructure plan diff\n\n");
        int count = allRisks().size();
        md.append("Offline plans (`./plan diff`) of ").append(base).append(" against this change: ")
                .append(count == 0 ? "**no risk found**." : "**" + count + (count == 1 ? " risk" : " risks")
                        + " found**; each is listed at the top of its stack.")
                .append("\n\n");
        for (int i = 0; i < diffs.size(); i++) {
            md.append(Markdown.section(diffs.get(i), risks.get(i)));
        }
        return md.toString();
    }
}
