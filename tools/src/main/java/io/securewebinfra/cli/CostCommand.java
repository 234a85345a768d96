package io.securewebinfra.cli;

import io.securewebinfra.plandoc.Plan;

import io.securewebinfra.cost.CostEstimate;
import io.securewebinfra.cost.CostReport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code ./plan STACK --cost [--json [FILE]]}: the plan's estimated monthly cost instead of the plan. */
final class CostCommand {
    private CostCommand() {
    }

    static int print(Plan plan, boolean json, String jsonFile) throws IOException {
        CostEstimate estimate;
        try {
            estimate = CostEstimate.of(plan);
        } catch (IllegalArgumentException e) {
            System.err.println("error: stack " + plan.stack() + ": no cost estimate: " + e.getMessage());
            return PlanCommand.FAILED;
        }
        if (!json) {
            System.out.print(CostReport.text(estimate));
        } else if (jsonFile == null) {
            System.out.print(CostReport.json(estimate));
        } else {
            Files.writeString(Path.of(jsonFile), CostReport.json(estimate), StandardCharsets.UTF_8);
            System.err.println("wrote the " + plan.stack() + " cost estimate to " + jsonFile);
        }
        return PlanCommand.OK;
    }
}
