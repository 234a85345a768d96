package io.securewebinfra.review;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.securewebinfra.TestStacks;

import java.util.Map;
import java.util.function.Consumer;

/** Edits of a real stack's JSON plan, standing in for edits of the code that would produce them. */
final class PlanEdits {
    private PlanEdits() {
    }

    /** The JSON plan of a project stack, parsed, as {@code ./plan STACK --json} writes it. */
    static ObjectNode plan(String stack) {
        return plan(stack, Map.of());
    }

    static ObjectNode plan(String stack, Map<String, String> overrides) {
        return (ObjectNode) PlanDiff.parse(TestStacks.plan(stack, overrides).toJson(), stack);
    }

    static ObjectNode resource(JsonNode plan, String name) {
        for (JsonNode r : plan.path("resources")) {
            if (r.path("name").asText().equals(name)) {
                return (ObjectNode) r;
            }
        }
        throw new IllegalArgumentException("no resource " + name);
    }

    /** The plan with one resource's entry edited (its inputs are under "inputs"). */
    static ObjectNode edit(ObjectNode plan, String name, Consumer<ObjectNode> edit) {
        ObjectNode copy = plan.deepCopy();
        edit.accept(resource(copy, name));
        return copy;
    }

    static ObjectNode editInputs(ObjectNode plan, String name, Consumer<ObjectNode> edit) {
        return edit(plan, name, r -> edit.accept((ObjectNode) r.path("inputs")));
    }

    /** The plan with a resource added, copied from another one and given a new name and inputs. */
    static ObjectNode add(ObjectNode plan, String likeName, String newName, Consumer<ObjectNode> inputs) {
        ObjectNode copy = plan.deepCopy();
        ObjectNode added = resource(copy, likeName).deepCopy();
        added.put("name", newName);
        inputs.accept((ObjectNode) added.path("inputs"));
        ((ArrayNode) copy.path("resources")).add(added);
        return copy;
    }

    static ObjectNode remove(ObjectNode plan, String name) {
        ObjectNode copy = plan.deepCopy();
        ArrayNode resources = (ArrayNode) copy.path("resources");
        for (int i = 0; i < resources.size(); i++) {
            if (resources.get(i).path("name").asText().equals(name)) {
                resources.remove(i);
                return copy;
            }
        }
        throw new IllegalArgumentException("no resource " + name);
    }

    static PlanReview review(JsonNode before, JsonNode after) {
        return PlanReview.of("`before`", java.util.List.of(new PlanReview.Comparison(before, after)));
    }
}
