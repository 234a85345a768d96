package io.securewebinfra.review;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What changes between two JSON plans ({@code ./plan STACK --json}): resources added, removed and changed, with
 * every changed input, and the changed stack outputs. Pure: it reads two documents and compares them.
 *
 * @param beforePlan the old plan, whole: rules that judge a change by what else the stack holds read it
 * @param afterPlan  the new plan, whole
 */
public record PlanDiff(String stack, List<ResourceChange> changes, List<PropertyChange> outputs, JsonNode beforePlan,
                       JsonNode afterPlan) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public PlanDiff {
        changes = List.copyOf(changes);
        outputs = List.copyOf(outputs);
    }

    /** An empty plan: the base of a stack that did not exist yet. */
    public static JsonNode emptyPlan(String stack) {
        var plan = JSON.createObjectNode();
        plan.put("stack", stack);
        plan.putArray("resources");
        plan.putObject("outputs");
        return plan;
    }

    /** Parses a JSON plan; the message of the exception says which document was not one. */
    public static JsonNode parse(String json, String source) {
        try {
            JsonNode plan = JSON.readTree(json);
            if (json.isBlank()) {
                throw new IllegalArgumentException(source + " is empty: a plan is the JSON that ./plan STACK --json "
                        + "FILE writes");
            }
            if (plan == null || !plan.path("resources").isArray()) {
                throw new IllegalArgumentException(source + " is not a plan: it has no \"resources\" list "
                        + "(write one with ./plan STACK --json FILE)");
            }
            byAddress(plan, source);
            for (JsonNode r : plan.path("resources")) {
                checkEmbeddedJson(r.path("inputs"), source + ": " + r.path("name").asText() + " ("
                        + r.path("type").asText() + ")", "");
            }
            return plan;
        } catch (IOException e) {
            throw new IllegalArgumentException(source + " is not JSON: "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    public static PlanDiff between(JsonNode before, JsonNode after) {
        Map<String, JsonNode> old = byAddress(before, "the old plan");
        Map<String, JsonNode> now = byAddress(after, "the new plan");
        var addresses = new TreeSet<String>();
        addresses.addAll(old.keySet());
        addresses.addAll(now.keySet());
        List<ResourceChange> changes = new ArrayList<>();
        for (String address : addresses) {
            JsonNode was = old.get(address);
            JsonNode is = now.get(address);
            JsonNode any = is != null ? is : was;
            String type = any.path("type").asText();
            String name = any.path("name").asText();
            String parent = any.path("parent").isTextual() ? any.path("parent").asText() : null;
            if (was == null) {
                changes.add(new ResourceChange(ResourceChange.Kind.ADDED, type, name, parent, null, is, List.of()));
            } else if (is == null) {
                changes.add(new ResourceChange(ResourceChange.Kind.REMOVED, type, name, parent, was, null, List.of()));
            } else {
                List<PropertyChange> properties = compare(was.path("inputs"), is.path("inputs"));
                properties.addAll(compareOptions(was, is));
                if (!properties.isEmpty()) {
                    changes.add(new ResourceChange(ResourceChange.Kind.CHANGED, type, name, parent, was, is,
                            properties));
                }
            }
        }
        String stack = after.path("stack").asText(before.path("stack").asText("?"));
        return new PlanDiff(stack, changes, compare(before.path("outputs"), after.path("outputs")), before, after);
    }

    public boolean isEmpty() {
        return changes.isEmpty() && outputs.isEmpty();
    }

    public List<ResourceChange> of(ResourceChange.Kind kind) {
        return changes.stream().filter(c -> c.kind() == kind).toList();
    }

    /**
     * Pulumi's identity of a resource within a stack: its parent, type and name (the URN, less the stack). Two
     * resources at one address cannot both exist (Pulumi refuses the program), and comparing them would silently keep
     * one: the plan is refused instead.
     */
    private static Map<String, JsonNode> byAddress(JsonNode plan, String source) {
        Map<String, JsonNode> resources = new LinkedHashMap<>();
        for (JsonNode r : plan.path("resources")) {
            String address = r.path("parent").asText("") + "$" + r.path("type").asText() + "::" + r.path("name").asText();
            if (resources.put(address, r) != null) {
                throw new IllegalArgumentException(source + " is not a valid plan: two resources have the same "
                        + "parent, type and name (" + r.path("type").asText() + " " + r.path("name").asText()
                        + (r.path("parent").isTextual() ? " in " + r.path("parent").asText() : "")
                        + "), which Pulumi refuses as a duplicate URN");
            }
        }
        return resources;
    }

    /**
     * A string that is meant to hold a JSON document (it opens with an object key or a list of objects or strings)
     * but does not parse: a policy the diff cannot read is refused, rather than compared as an opaque string whose
     * widening it could not see.
     */
    private static void checkEmbeddedJson(JsonNode node, String where, String path) {
        if (node.isContainerNode()) {
            var fields = node.fields();
            if (node.isArray()) {
                for (int i = 0; i < node.size(); i++) {
                    checkEmbeddedJson(node.get(i), where, path + "[" + i + "]");
                }
            }
            while (fields.hasNext()) {
                var field = fields.next();
                checkEmbeddedJson(field.getValue(), where, path.isEmpty() ? field.getKey() : path + "." + field.getKey());
            }
        } else if (node.isTextual()) {
            String text = node.asText().strip();
            // An object key or a list of objects right at the start: JSON, however it ends (a cut-off policy too).
            boolean looksLikeJson = text.matches("(?s)\\{\\s*\".*") || text.matches("(?s)\\[\\s*[{\"].*");
            if (looksLikeJson) {
                try {
                    JSON.readTree(text);
                } catch (IOException e) {
                    throw new IllegalArgumentException(where + ": `" + path + "` holds JSON that does not parse ("
                            + e.getMessage().lines().findFirst().orElse("") + ")");
                }
            }
        }
    }

    /** The resource options a reviewer must see change: protection and ignored properties. */
    private static List<PropertyChange> compareOptions(JsonNode was, JsonNode is) {
        List<PropertyChange> changes = new ArrayList<>();
        for (String option : List.of("protect", "ignoreChanges")) {
            JsonNode a = was.get(option);
            JsonNode b = is.get(option);
            if (!Objects.equals(a, b)) {
                changes.add(new PropertyChange("(option) " + option, a, b));
            }
        }
        return changes;
    }

    /** Every leaf value that differs, by path, in path order. */
    static List<PropertyChange> compare(JsonNode before, JsonNode after) {
        Map<String, JsonNode> a = new TreeMap<>();
        Map<String, JsonNode> b = new TreeMap<>();
        flatten("", before, a);
        flatten("", after, b);
        var paths = new TreeSet<String>();
        paths.addAll(a.keySet());
        paths.addAll(b.keySet());
        List<PropertyChange> changes = new ArrayList<>();
        for (String path : paths) {
            JsonNode x = a.get(path);
            JsonNode y = b.get(path);
            if (!Objects.equals(x, y)) {
                changes.add(new PropertyChange(path, x, y));
            }
        }
        return changes;
    }

    /**
     * Leaf values by path. A string that holds a JSON object or array (an IAM policy, a dashboard body) is followed
     * into, so that a policy change shows as the statement that changed rather than as one long string.
     */
    private static void flatten(String path, JsonNode node, Map<String, JsonNode> into) {
        if (node == null || node.isMissingNode()) {
            return;
        }
        if (node.isObject() && node.size() > 0) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                var field = fields.next();
                flatten(path.isEmpty() ? field.getKey() : path + "." + field.getKey(), field.getValue(), into);
            }
        } else if (node.isArray() && node.size() > 0) {
            for (int i = 0; i < node.size(); i++) {
                flatten(path + "[" + i + "]", node.get(i), into);
            }
        } else if (node.isTextual() && USER_DATA.contains(lastName(path)) && compressedScript(node.asText()) != null) {
            // Compressed user data is compared as the script it expands to, so a reviewer sees the lines that change.
            into.put(path, com.fasterxml.jackson.databind.node.TextNode.valueOf(compressedScript(node.asText())));
        } else if (node.isTextual() && embeddedJson(node.asText()) != null) {
            flatten(path + "{}", embeddedJson(node.asText()), into);
        } else if (!path.isEmpty()) {
            into.put(path, node);
        }
    }

    private static final java.util.Set<String> USER_DATA = java.util.Set.of("userData", "userDataBase64");

    private static String lastName(String path) {
        return path.substring(path.lastIndexOf('.') + 1);
    }

    /** Base64 of gzip (how the servers' user data is planned) as text, or null for anything else. */
    static String compressedScript(String text) {
        try {
            byte[] bytes = java.util.Base64.getDecoder().decode(text.strip());
            if (bytes.length < 2 || bytes[0] != (byte) 0x1f || bytes[1] != (byte) 0x8b) {
                return null;
            }
            try (var gzip = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(bytes))) {
                return new String(gzip.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            }
        } catch (IllegalArgumentException | IOException e) {
            return null;
        }
    }

    private static JsonNode embeddedJson(String text) {
        String trimmed = text.strip();
        if (!(trimmed.startsWith("{") && trimmed.endsWith("}")) && !(trimmed.startsWith("[") && trimmed.endsWith("]"))) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(trimmed);
            return node != null && node.isContainerNode() && node.size() > 0 ? node : null;
        } catch (IOException e) {
            return null;
        }
    }
}
