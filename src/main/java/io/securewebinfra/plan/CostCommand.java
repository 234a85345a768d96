package io.securewebinfra.plan;

import io.securewebinfra.cost.CostEstimate;
import io.securewebinfra.cost.CostReport;

import java.io.IOException;
import java.nio.file.Path;

/** {@code ./plan STACK --cost [--json [FILE]]}: the plan's estimated monthly cost instead of the plan. */
final class CostCommand {
    private CostCommand() {
    }

    /**
     * @param file  where to write the JSON estimate, or null for standard output
     * @param given the file as the user named it, for messages
     */
    static int print(Plan plan, boolean json, Path file, String given) throws IOException {
        CostEstimate estimate;
        try {
            estimate = CostEstimate.of(plan);
        } catch (IllegalArgumentException e) {
            System.err.println("error: stack " + plan.stack() + ": no cost estimate: " + e.getMessage());
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
