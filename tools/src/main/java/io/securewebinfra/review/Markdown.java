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
        Section section = parts(diff, risks, cost);
        return section.head() + String.join("", section.details());
    }

    /**
     * A stack's section in two parts: the head (title, risks, cost), which is always shown whole, and the details
     * (the resource table, then one block per changed resource), which may be left out when the comment is too long.
     */
    record Section(String head, List<String> details) {
    }

    static Section parts(PlanDiff diff, List<Risk> risks, CostChange cost) {
        StringBuilder md = new StringBuilder();
        md.append("## Stack ").append(code(diff.stack())).append(": ")
                .append(diff.of(ResourceChange.Kind.ADDED).size()).append(" to add, ")
                .append(diff.of(ResourceChange.Kind.REMOVED).size()).append(" to delete, ")
                .append(diff.of(ResourceChange.Kind.CHANGED).size()).append(" to change\n\n");
        if (diff.isEmpty() && risks.isEmpty()) {
            return new Section(md.append("No change.\n\n").toString(), List.of());
        }
        appendRisks(md, risks);
        if (cost != null) {
            appendCost(md, cost, diff.stack());
        }
        List<String> details = new ArrayList<>();
        StringBuilder table = new StringBuilder();
        appendResourceTable(table, diff);
        details.add(table.toString());
        for (ResourceChange change : diff.of(ResourceChange.Kind.CHANGED)) {
            StringBuilder block = new StringBuilder();
            appendChange(block, code(change.label()) + " · " + code(change.type()), change.properties());
            details.add(block.toString());
        }
        if (!diff.outputs().isEmpty()) {
            StringBuilder block = new StringBuilder();
            appendChange(block, "`stack outputs`", diff.outputs());
            details.add(block.toString());
        }
        return new Section(md.toString(), details);
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
            md.append("> - **").append(risk.kind().label()).append("** · ").append(code(risk.resource()))
                    .append(": ").append(escape(risk.message())).append('\n');
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
                md.append("| ").append(code(line.name())).append(" | ").append(code(line.type())).append(" | ")
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
            md.append("| ").append(sign).append(" | ").append(code(change.name())).append(" | ")
                    .append(code(change.type())).append(" | ")
                    .append(change.parent() == null ? "" : code(change.parent())).append(" |\n");
        }
        md.append('\n');
    }

    private static void appendChange(StringBuilder md, String title, List<PropertyChange> properties) {
        md.append("#### ").append(title).append("\n\n| Property | Before | After |\n|---|---|---|\n");
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
            md.append("<details><summary><code>").append(html(p.path())).append("</code> line diff</summary>\n\n```diff\n")
                    .append(lineDiff(text(p.before()), text(p.after()), p.path().replace("\n", "⏎")))
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
        return text.replace("\\", "\\\\").replace("|", "\\|").replace("`", "'").replace("\r", "")
                .replace("\n", "⏎");
    }

    /**
     * A name or value as inline code that nothing in it can break: a backtick would close the span (it becomes
     * {@code '}), a newline would end the line or the table row ({@code ⏎}), a pipe would split a table cell
     * ({@code \|}). Inside a code span Markdown reads no HTML and no emphasis, so {@code <} and {@code *} are inert.
     */
    static String code(String text) {
        return "`" + cell(text == null ? "" : text) + "`";
    }

    /**
     * A risk's message as one line of Markdown. The rules write code spans in backticks around names and values;
     * outside them every character Markdown or HTML would act on is escaped, and a message whose backticks do not
     * pair (a name with a backtick) loses them all, so that nothing in a resource name can open HTML or a link.
     */
    static String escape(String text) {
        String line = text.replace("\r", "").replace("\n", " ⏎ ");
        if (line.chars().filter(c -> c == '`').count() % 2 != 0) {
            line = line.replace("`", "'");
        }
        StringBuilder out = new StringBuilder();
        boolean inCode = false;
        for (char c : line.toCharArray()) {
            if (c == '`') {
                inCode = !inCode;
                out.append(c);
            } else if (inCode) {
                out.append(c == '|' ? "\\|" : String.valueOf(c));
            } else if ("\\<>*[]|".indexOf(c) >= 0) {
                out.append('\\').append(c);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Text inside HTML (the line diffs' summaries): the characters HTML reads as markup become entities. */
    static String html(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("\n", " ");
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
