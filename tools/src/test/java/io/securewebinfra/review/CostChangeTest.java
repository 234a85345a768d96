package io.securewebinfra.review;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.securewebinfra.cost.CostEstimate;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Map;

import static io.securewebinfra.review.PlanEdits.plan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The plan diff shows what a change does to the stack's estimated monthly cost. */
class CostChangeTest {

    @Test
    void aFourthServerAddsItsOwnCostAndTheTotalsAreTheEstimates() {
        ObjectNode before = plan("dev");
        ObjectNode after = plan("dev", Map.of("webServerCount", "4"));
        CostChange cost = CostChange.between(before, after);
        BigDecimal old = CostEstimate.of(before).total();
        BigDecimal now = CostEstimate.of(after).total();
        assertEquals(old, cost.before().orElseThrow());
        assertEquals(now, cost.after().orElseThrow());
        assertTrue(now.compareTo(old) > 0);
        BigDecimal lines = cost.changed().stream().map(CostChange.Line::delta).reduce(BigDecimal.ZERO, BigDecimal::add);
        assertEquals(0, lines.compareTo(now.subtract(old)), "the changed lines add up to the change of the total");
        assertTrue(cost.changed().stream().anyMatch(l -> l.name().equals("web-4") && l.before() == null),
                cost.changed().toString());

        String markdown = PlanEdits.review(before, after).markdown();
        String delta = String.format(java.util.Locale.ROOT, "$%,.2f", now.subtract(old));
        assertTrue(markdown.contains("**Estimated monthly cost** (on-demand, `./plan dev --cost`): "), markdown);
        assertTrue(markdown.contains("(**+" + delta + "**)"), markdown);
        assertTrue(markdown.contains("| `web-4` | `aws:ec2/instance:Instance` | – | $"), markdown);
    }

    @Test
    void aNewStackCostsItsWholeEstimateAndAnUnchangedOneNothing() {
        ObjectNode dev = plan("dev");
        CostChange fromNothing = CostChange.between(PlanDiff.emptyPlan("dev"), dev);
        assertEquals(BigDecimal.ZERO.setScale(2), fromNothing.before().orElseThrow());
        assertEquals(CostEstimate.of(dev).total(), fromNothing.delta().orElseThrow());
        CostChange same = CostChange.between(dev, dev.deepCopy());
        assertEquals(0, same.delta().orElseThrow().signum());
        assertTrue(same.changed().isEmpty());
    }

    @Test
    void aRegionWithoutPricesIsSaidNotHiddenAsZero() {
        ObjectNode before = plan("dev");
        ObjectNode after = PlanEdits.editInputs(before, "aws", in -> in.put("region", "ap-south-2"));
        CostChange cost = CostChange.between(before, after);
        assertTrue(cost.delta().isEmpty());
        assertTrue(cost.problem().contains("ap-south-2"), cost.problem());
        assertTrue(PlanEdits.review(before, after).markdown().contains("--cost`): not estimated: "));
    }
}
