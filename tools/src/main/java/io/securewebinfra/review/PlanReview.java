package io.securewebinfra.review;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The review of one or more stacks' changes: for each, the plan diff, its risks and its cost change, and the
 * Markdown for the pull request.
 */
public record PlanReview(String base, List<StackReview> stacks, String packNote) {

    /** One stack's old and new plan, as JSON documents ({@code ./plan STACK --json}). */
    public record Comparison(JsonNode before, JsonNode after) {
    }

    public record StackReview(PlanDiff diff, List<Risk> risks, CostChange cost) {
    }

    public PlanReview {
        stacks = List.copyOf(stacks);
    }

    /** Compares each stack's plans and finds the diff's own risks and the cost change of each (no pack). */
    public static PlanReview of(String base, List<Comparison> comparisons) {
        try {
            return of(base, comparisons, null, null);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Compares each stack's plans, with the policy pack run on both plans of each: a violation new in the new plan
     * is a "rule broken" risk, unless one of the diff's own risks already tells that change (then it is folded in).
     *
     * @param pack     the pack, or null when the diff runs without it
     * @param packNote what the Markdown says when the pack was not run (why, and what is then not checked)
     */
    public static PlanReview of(String base, List<Comparison> comparisons, PolicyPack pack, String packNote)
            throws IOException {
        List<StackReview> stacks = new ArrayList<>();
        for (Comparison c : comparisons) {
            PlanDiff diff = PlanDiff.between(c.before(), c.after());
            List<Risk> risks = RiskRule.all(diff);
            if (pack != null) {
                risks = PackViolations.merge(risks,
                        c.before().path("resources").isEmpty() ? List.of() : pack.violations(c.before(), diff.stack()),
                        pack.violations(c.after(), diff.stack()));
            }
            stacks.add(new StackReview(diff, risks, CostChange.between(c.before(), c.after())));
        }
        return new PlanReview(base, stacks, pack == null ? packNote : null);
    }

    public List<PlanDiff> diffs() {
        return stacks.stream().map(StackReview::diff).toList();
    }

    public List<Risk> allRisks() {
        return stacks.stream().flatMap(s -> s.risks().stream()).toList();
    }

    /** The whole Markdown, however long. */
    public String markdown() {
        return markdown(Integer.MAX_VALUE);
    }

    /**
     * The Markdown in at most about {@code limit} characters (a pull-request comment holds 65,536): every stack's
     * title, risks and cost are always kept whole, because a reviewer must never accept a risk they were not shown;
     * the details (resource tables, property changes) fill what room is left, in order, whole blocks only, and a
     * note says what was left out. Only when the risks alone exceed the limit is the result longer than it.
     */
    public String markdown(int limit) {
        StringBuilder md = new StringBuilder("# Infrastructure plan diff\n\n");
        int count = allRisks().size();
        md.append("Offline plans (`./plan diff`) of ").append(base).append(" against this change: ")
                .append(count == 0 ? "**no risk found**." : "**" + count + (count == 1 ? " risk" : " risks")
                        + " found**; each is listed at the top of its stack.")
                .append("\n\n");
        if (packNote != null) {
            md.append("> [!WARNING]\n> ").append(Markdown.escape(packNote)).append("\n\n");
        }
        List<Markdown.Section> sections = stacks.stream()
                .map(s -> Markdown.parts(s.diff(), s.risks(), s.cost())).toList();
        String cutNote = "\n_Details left out to fit the comment: run `./plan diff` locally for every change._\n\n";
        int room = limit - md.length() - cutNote.length() * sections.size()
                - sections.stream().mapToInt(s -> s.head().length()).sum();
        for (Markdown.Section section : sections) {
            md.append(section.head());
            boolean cut = false;
            for (String block : section.details()) {
                if (!cut && block.length() <= room) {
                    md.append(block);
                    room -= block.length();
                } else {
                    cut = true;
                }
            }
            if (cut) {
                md.append(cutNote);
            }
        }
        return md.toString();
    }
}
