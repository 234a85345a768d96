package io.securewebinfra.review;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * A plan diff as Markdown for a pull-request comment: the risks first, then a table of resources added, removed
 * and changed, then every changed property. Multi-line values (user data) are shown as a line diff.
 */
public final class Markdown {
    private static final int MAX_VALUE = 100;
    private static final int MAX_DIFF_LINES = 80;

    private Markdown() {
    }

    /** One stack's section; the cost change may be null (not estimated). */
    static String section(PlanDiff diff, List<Risk> risks, CostChange cost) {
        StringBuilder md = new StringBuilder();
        md.append("## Stack `").append(diff.stack()).append("`: ")
                .append(diff.of(ResourceChange.Kind.ADDED).size()).append(" to add, ")
                .append(diff.of(ResourceChange.Kind.REMOVED).size()).append(" to delete, ")
                .append(diff.of(ResourceChange.Kind.CHANGED).size()).append(" to change\n\n");
        if (diff.isEmpty()) {
            return md.append("No change.\n\n").toString();
        }
        appendRisks(md, risks);
        if (cost != null) {
            appendCost(md, cost, diff.stack());
        }
        appendResourceTable(md, diff);
        for (ResourceChange change : diff.of(ResourceChange.Kind.CHANGED)) {
            appendChange(md, change.label() + "` · `" + change.type(), change.properties());
        }
        if (!diff.outputs().isEmpty()) {
            appendChange(md, "stack outputs", diff.outputs());
        }
        return md.toString();
    }

    private static void appendRisks(StringBuilder md, List<Risk> risks) {
        if (risks.isEmpty()) {
            md.append("No risk found: nothing stateful is deleted or replaced, no firewall is opened, "
                    + "no safeguard is turned off.\n\n");
            return;
        }
        md.append("> [!CAUTION]\n> **").append(risks.size()).append(risks.size() == 1 ? " risk" : " risks")
                .append("** to accept before merging:\n");
        for (Risk risk : risks) {
            md.append("> - **").append(risk.kind().label()).append("** · `").append(risk.resource()).append("`: ")
                    .append(risk.message()).append('\n');
        }
        md.append('\n');
    }

    private static void appendCost(StringBuilder md, CostChange cost, String stack) {
        md.append("**Estimated monthly cost** (on-demand, `./plan ").append(stack).append(" --cost`): ");
        if (cost.delta().isEmpty()) {
            md.append("not estimated: ").append(cost.problem()).append("\n\n");
            return;
        }
        BigDecimal delta = cost.delta().get();
        md.append(money(cost.before().get())).append(" → ").append(money(cost.after().get())).append(" (**")
                .append(delta.signum() > 0 ? "+" : delta.signum() < 0 ? "−" : "±").append(money(delta.abs()))
                .append("**)");
        if (cost.notPriced() > 0) {
            md.append("; ").append(cost.notPriced()).append(" resources are not priced and not in the total");
        }
        md.append("\n\n");
        if (!cost.changed().isEmpty()) {
            md.append("<details><summary>Cost by resource</summary>\n\n| Resource | Type | Before | After |\n"
                    + "|---|---|---:|---:|\n");
            for (CostChange.Line line : cost.changed()) {
                md.append("| `").append(line.name()).append("` | `").append(line.type()).append("` | ")
                        .append(line.before() == null ? "–" : money(line.before())).append(" | ")
                        .append(line.after() == null ? "–" : money(line.after())).append(" |\n");
            }
            md.append("\n</details>\n\n");
        }
    }

    private static String money(BigDecimal amount) {
        return String.format(java.util.Locale.ROOT, "$%,.2f", amount);
    }

    private static void appendResourceTable(StringBuilder md, PlanDiff diff) {
        md.append("| | Resource | Type | Component |\n|---|---|---|---|\n");
        for (ResourceChange change : diff.changes()) {
            String sign = switch (change.kind()) {
                case ADDED -> "➕ add";
                case REMOVED -> "➖ delete";
                case CHANGED -> "✏️ change";
            };
            md.append("| ").append(sign).append(" | `").append(change.name()).append("` | `").append(change.type())
                    .append("` | ").append(change.parent() == null ? "" : "`" + change.parent() + "`").append(" |\n");
        }
        md.append('\n');
    }

    private static void appendChange(StringBuilder md, String title, List<PropertyChange> properties) {
        md.append("#### `").append(title).append("`\n\n| Property | Before | After |\n|---|---|---|\n");
        List<PropertyChange> multiline = new ArrayList<>();
        for (PropertyChange p : properties) {
            if (isMultiline(p.before()) || isMultiline(p.after())) {
                multiline.add(p);
                md.append("| `").append(cell(p.path())).append("` | ").append(lines(p.before())).append(" | ")
                        .append(lines(p.after())).append(" (line diff below) |\n");
            } else {
                md.append("| `").append(cell(p.path())).append("` | ").append(value(p.before())).append(" | ")
                        .append(value(p.after())).append(" |\n");
            }
        }
        md.append('\n');
        for (PropertyChange p : multiline) {
            md.append("<details><summary><code>").append(p.path()).append("</code> line diff</summary>\n\n```diff\n")
                    .append(lineDiff(text(p.before()), text(p.after()), p.path()))
                    .append("```\n\n</details>\n\n");
        }
    }

    /** A value as a table cell: code, shortened, or {@code (none)} when absent. */
    static String value(JsonNode value) {
        if (value == null || value.isNull()) {
            return "_(none)_";
        }
        String text = value.isTextual() ? value.asText() : value.toString();
        if (text.length() > MAX_VALUE) {
            text = text.substring(0, MAX_VALUE) + "…";
        }
        return "`" + cell(text) + "`";
    }

    private static String cell(String text) {
        return text.replace("\\", "\\\\").replace("|", "\\|").replace("`", "'").replace("\n", "⏎");
    }

    private static boolean isMultiline(JsonNode value) {
        return value != null && value.isTextual() && value.asText().contains("\n");
    }

    private static String lines(JsonNode value) {
        return value == null ? "_(none)_" : "_" + text(value).lines().count() + " lines_";
    }

    private static String text(JsonNode value) {
        return value == null ? "" : value.asText();
    }

    static String lineDiff(String before, String after, String name) {
        List<String> a = before.lines().toList();
        List<String> b = after.lines().toList();
        List<String> unified = UnifiedDiffUtils.generateUnifiedDiff("before/" + name, "after/" + name, a,
                DiffUtils.diff(a, b), 2);
        StringBuilder out = new StringBuilder();
        int shown = 0;
        for (String line : unified) {
            if (shown++ == MAX_DIFF_LINES) {
                out.append("… ").append(unified.size() - MAX_DIFF_LINES).append(" more lines\n");
                break;
            }
            out.append(line.replace("```", "'''")).append('\n');
        }
        return out.toString();
    }
}
