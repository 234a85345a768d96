package io.securewebinfra.cli;

import io.securewebinfra.plan.UserFiles;
import io.securewebinfra.plandoc.Plan;

import io.securewebinfra.cost.CostEstimate;
import io.securewebinfra.cost.CostReport;
import io.securewebinfra.cost.PriceTable;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** {@code ./plan STACK --cost [--json [FILE]]}: the plan's estimated monthly cost instead of the plan. */
final class CostCommand {
    private CostCommand() {
    }

    /**
     * @param region the stack's {@code aws:region}, or null
     * @param file   where to write the JSON estimate, or null for standard output
     * @param given  the file as the user named it, for messages
     */
    static int print(Plan plan, String region, boolean json, Path file, String given) throws IOException {
        CostEstimate estimate;
        try {
            estimate = CostEstimate.of(plan);
        } catch (IllegalArgumentException e) {
            System.err.println("error: stack " + plan.stack() + ": no cost estimate: " + e.getMessage());
            List<String> priced = PriceTable.bundled().regions();
            if (region != null && !priced.isEmpty() && !priced.contains(region)) {
                // The same resources at a priced region's rates: a rough figure, which a user elsewhere can have now.
                System.err.println("  For a rough figure, price the same resources at " + priced.get(0) + "'s rates "
                        + "(AWS's prices differ between regions): ./plan " + plan.stack() + " --cost --set aws:region="
                        + priced.get(0) + "\n  For " + region + "'s own prices, add them to "
                        + "src/main/resources/pricing/aws-on-demand.json: see docs/offline-plan.md#cost");
            }
            return PlanCommand.FAILED;
        }
        if (!json) {
            System.out.print(CostReport.text(estimate));
        } else if (file == null) {
            System.out.print(CostReport.json(estimate));
        } else {
            UserFiles.write(file, given, CostReport.json(estimate));
            System.err.println("wrote the " + plan.stack() + " cost estimate to " + given);
        }
        return PlanCommand.OK;
    }
}
