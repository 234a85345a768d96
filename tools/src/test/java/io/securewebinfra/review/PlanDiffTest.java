package io.securewebinfra.review;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.securewebinfra.TestStacks;
import io.securewebinfra.webtier.Bootstrap;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.securewebinfra.review.PlanEdits.editInputs;
import static io.securewebinfra.review.PlanEdits.plan;
import static io.securewebinfra.review.PlanEdits.review;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The plan diff lists what is added, removed and changed, property by property, as Markdown for a review. */
class PlanDiffTest {

    @Test
    void aPlanComparedWithItselfHasNoChangeAndNoRisk() {
        ObjectNode dev = plan("dev");
        PlanReview review = review(dev, dev.deepCopy());
        assertTrue(review.diffs().get(0).isEmpty());
        assertTrue(review.allRisks().isEmpty());
        assertTrue(review.markdown().contains("No change."), review.markdown());
    }

    @Test
    void aFourthServerIsAddedWithItsTargetAndAlarmsAndIsNoRisk() {
        PlanDiff diff = PlanDiff.between(plan("dev"), plan("dev", Map.of("webServerCount", "4")));
        List<String> added = diff.of(ResourceChange.Kind.ADDED).stream().map(ResourceChange::name).toList();
        assertTrue(added.contains("web-4"), added.toString());
        assertTrue(added.stream().anyMatch(n -> n.contains("web-4") && !n.equals("web-4")),
                "its target registration and alarms come with it: " + added);
        assertTrue(diff.of(ResourceChange.Kind.REMOVED).isEmpty());
        assertEquals(List.of(), RiskRule.all(diff));
    }

    @Test
    void changedInputsAreListedByPathWithOldAndNewValues() {
        ObjectNode before = plan("dev");
        ObjectNode after = editInputs(before, "web-1", in -> {
            in.put("instanceType", "t3.small");
            ((ObjectNode) in.path("metadataOptions")).put("httpPutResponseHopLimit", 2);
        });
        ResourceChange change = PlanDiff.between(before, after).changes().get(0);
        assertEquals(ResourceChange.Kind.CHANGED, change.kind());
        assertEquals(List.of("instanceType", "metadataOptions.httpPutResponseHopLimit"),
                change.properties().stream().map(PropertyChange::path).toList());
        assertEquals("t3.micro", change.properties().get(0).before().asText());
        assertEquals("t3.small", change.properties().get(0).after().asText());
        String markdown = review(before, after).markdown();
        assertTrue(markdown.contains("| `instanceType` | `t3.micro` | `t3.small` |"), markdown);
    }

    @Test
    void aPolicyDocumentInAStringIsComparedStatementByStatement() {
        ObjectNode before = plan("dev");
        String role = "web-role";
        ObjectNode after = editInputs(before, role, in -> in.put("assumeRolePolicy",
                in.path("assumeRolePolicy").asText().replace("ec2.amazonaws.com", "lambda.amazonaws.com")));
        List<PropertyChange> changes = PlanDiff.between(before, after).changes().get(0).properties();
        assertEquals(1, changes.size(), changes.toString());
        assertTrue(changes.get(0).path().startsWith("assumeRolePolicy{}.Statement[0]."), changes.get(0).path());
        assertEquals("lambda.amazonaws.com", changes.get(0).after().asText());
    }

    @Test
    void userDataChangesAreShownAsALineDiffOfTheExpandedScript() {
        ObjectNode before = plan("dev");
        ObjectNode after = editInputs(before, "web-2", in -> in.put("userDataBase64", Bootstrap.compressedBase64(
                Bootstrap.expanded(in.path("userDataBase64").asText())
                        .replace("set -euo pipefail", "set -euo pipefail\necho extra-step"))));
        String markdown = review(before, after).markdown();
        assertTrue(markdown.contains("<code>userDataBase64</code> line diff"), markdown);
        assertTrue(markdown.contains("\n+echo extra-step\n"), markdown);
        assertTrue(markdown.contains("```diff\n--- before/userDataBase64\n+++ after/userDataBase64\n@@ "), markdown);
    }

    @Test
    void aResourceMovedToAnotherComponentIsRemovedAndAdded() {
        ObjectNode before = plan("dev");
        ObjectNode after = PlanEdits.edit(before, "monitoring-alarms", r -> r.put("parent", "web"));
        PlanDiff diff = PlanDiff.between(before, after);
        assertEquals(1, diff.of(ResourceChange.Kind.ADDED).size());
        assertEquals(1, diff.of(ResourceChange.Kind.REMOVED).size());
    }

    @Test
    void secretsStayMaskedInTheMarkdown() {
        ObjectNode after = plan("dev", Map.of("dbUsername", "operator"));
        ObjectNode before = editInputs(plan("dev"), "database-primary", in -> in.remove("password"));
        String markdown = review(before, after).markdown();
        assertTrue(markdown.contains("| `password` | _(none)_ | `[secret]` |"), markdown);
        assertTrue(markdown.contains("| `username` | `appadmin` | `operator` |"), markdown);
        assertFalse(markdown.contains(TestStacks.DB_PASSWORD), "the marker password leaked into the diff");
        assertFalse(review(PlanDiff.emptyPlan("dev"), after).markdown().contains(TestStacks.DB_PASSWORD));
    }

    @Test
    void tableCellsCannotBeBrokenByTheirValues() {
        ObjectNode before = plan("dev");
        ObjectNode after = editInputs(before, "web-1", in -> ((ObjectNode) in.path("tags")).put("Note", "a|b`c"));
        String markdown = review(before, after).markdown();
        assertTrue(markdown.contains("| `tags.Note` | _(none)_ | `a\\|b'c` |"), markdown);
    }
}
