package io.securewebinfra.review;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Optional;

/**
 * A resource added, removed or changed between two plans. Resources are matched as Pulumi matches them: by type,
 * name and parent, so a resource that is renamed or moved to another component appears as removed and added.
 *
 * @param before     the resource's entry in the old plan (type, name, parent, inputs, protect...), or null if added
 * @param after      its entry in the new plan, or null if removed
 * @param properties the changed inputs, one per changed value; empty for an added or removed resource
 */
public record ResourceChange(Kind kind, String type, String name, String parent, JsonNode before, JsonNode after,
                             List<PropertyChange> properties) {

    public enum Kind { ADDED, REMOVED, CHANGED }

    public ResourceChange {
        properties = List.copyOf(properties);
    }

    /** The resource's entry in the plan that has it: the new one unless it was removed. */
    public JsonNode current() {
        return after != null ? after : before;
    }

    /** An input of the old resource by dotted path, if present. */
    public Optional<JsonNode> before(String path) {
        return input(before, path);
    }

    /** An input of the new resource by dotted path, if present. */
    public Optional<JsonNode> after(String path) {
        return input(after, path);
    }

    /** Input properties whose changes Pulumi does not apply, as the new plan declares them. */
    public List<String> ignoredChanges() {
        JsonNode entry = current().path("ignoreChanges");
        return entry.isArray() ? java.util.stream.StreamSupport.stream(entry.spliterator(), false)
                .map(JsonNode::asText).toList() : List.of();
    }

    public boolean protectedBefore() {
        return before != null && before.path("protect").asBoolean(false);
    }

    public boolean protectedAfter() {
        return after != null && after.path("protect").asBoolean(false);
    }

    /** How reviewers see the resource: its name, and its component when it has one. */
    public String label() {
        return parent == null ? name : name + " (in " + parent + ")";
    }

    private static Optional<JsonNode> input(JsonNode entry, String path) {
        if (entry == null) {
            return Optional.empty();
        }
        JsonNode current = entry.path("inputs");
        for (String part : path.split("\\.")) {
            current = current.path(part);
        }
        return current.isMissingNode() || current.isNull() ? Optional.empty() : Optional.of(current);
    }
}
