package io.securewebinfra.cost;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code ./plan STACK --cost}: the estimate as a table, or as JSON with {@code --json}. */
public final class CostReport {
    private CostReport() {
    }

    public static String text(CostEstimate estimate) {
        PriceTable table = estimate.table();
        StringBuilder out = new StringBuilder();
        out.append("Estimated monthly cost of stack ").append(estimate.stack()).append(" (region ")
                .append(estimate.region()).append(", on-demand prices of ").append(table.retrieved()).append(", ")
                .append(table.currency()).append(", ").append(Money.show(table.hoursPerMonth())).append(" h a month)\n\n");
        for (CostLine line : estimate.priced()) {
            out.append(String.format("  %-36s %-44s %10s  %s%n", line.name(), line.type(), line.monthly().toPlainString(),
                    line.basis()));
        }
        out.append(String.format("%n  %-81s %10s  %s%n", "Total", estimate.total().toPlainString(),
                table.currency() + " a month, " + estimate.priced().size() + " priced resources"));
        out.append("\nNot priced (").append(estimate.notPriced().size()).append("): they are not in the total")
                .append(estimate.notPriced().isEmpty() ? "; every resource is priced or free\n" : "\n");
        estimate.notPriced().forEach(l -> out.append("  ").append(l.name()).append(" (").append(l.type()).append("): ")
                .append(l.basis()).append('\n'));
        out.append("\nFree (").append(estimate.free().size()).append("):\n");
        Map<String, List<String>> freeByReason = new LinkedHashMap<>();
        estimate.free().forEach(l -> freeByReason.computeIfAbsent(l.basis(), k -> new ArrayList<>()).add(l.name()));
        freeByReason.forEach((reason, names) -> out.append("  ").append(reason).append(": ")
                .append(String.join(", ", names)).append('\n'));
        out.append("\nAssumptions:\n");
        table.assumptions().values().forEach(a -> out.append("  - ").append(a).append('\n'));
        table.notes().forEach(n -> out.append("  - ").append(n).append('\n'));
        out.append("Prices not confirmed against the live AWS pricing pages: ")
                .append(String.join("; ", table.unconfirmed())).append('\n');
        return out.toString();
    }

    /** The JSON estimate, field by field in this order. */
    private record Document(String stack, String region, String currency, String pricesRetrieved, BigDecimal total,
                            List<CostLine> resources, Map<String, String> assumptions, List<String> unconfirmed) {
    }

    public static String json(CostEstimate estimate) {
        PriceTable table = estimate.table();
        Document document = new Document(estimate.stack(), estimate.region(), table.currency(), table.retrieved(),
                estimate.total(), estimate.lines(), table.assumptions(), table.unconfirmed());
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        try {
            return new ObjectMapper().writer(new DefaultPrettyPrinter().withObjectIndenter(indenter)
                    .withArrayIndenter(indenter)).writeValueAsString(document) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("the cost estimate could not be written as JSON", e);
        }
    }
}
