package io.securewebinfra.plandoc;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a stack would create: every resource with its inputs as the engine receives them (secrets shown as
 * {@code [secret]}), its parent and dependencies, the id and computed outputs the (mock) cloud gave it, and the
 * stack outputs. docs/plan-format.md describes the JSON document and plans/schema/plan.schema.json is its schema.
 */
public record Plan(String project, String stack, List<Resource> resources, Map<String, Object> outputs,
                   List<String> notices) {

    /**
     * One resource.
     *
     * @param parent        the name of its component, or null for a top-level resource
     * @param dependsOn     names of the resources its inputs come from, or that it explicitly waits for
     * @param protect       Pulumi refuses to delete or replace it
     * @param ignoreChanges input properties whose changes Pulumi does not apply
     * @param id            the id the cloud gave it: what other resources' inputs hold when they refer to it; null
     *                      for a component resource, which the cloud never sees
     * @param outputs       what the cloud computed for it (the mock engine records them): its
     *                      {@code arn} and {@code name}, and every other output that is not an echo of an input;
     *                      empty for a component resource
     */
    public record Resource(String type, String name, String parent, Map<String, Object> inputs,
                           List<String> dependsOn, boolean protect, List<String> ignoreChanges, String id,
                           Map<String, Object> outputs) {

        public Resource {
            outputs = outputs == null ? Map.of() : outputs;
        }

        /** A resource as the program declares it, before the cloud has answered: no id, no outputs. */
        public Resource(String type, String name, String parent, Map<String, Object> inputs,
                        List<String> dependsOn, boolean protect, List<String> ignoreChanges) {
            this(type, name, parent, inputs, dependsOn, protect, ignoreChanges, null, Map.of());
        }

        /** The same resource with what the cloud answered. */
        public Resource answered(String cloudId, Map<String, Object> computed) {
            return new Resource(type, name, parent, inputs, dependsOn, protect, ignoreChanges, cloudId, computed);
        }

        /** A computed output, such as {@code arn} or {@code dnsName}. */
        public Optional<Object> output(String key) {
            return Optional.ofNullable(outputs.get(key));
        }

        /** An input by path, such as {@code metadataOptions.httpTokens}. */
        public Optional<Object> input(String path) {
            Object current = inputs;
            for (String part : path.split("\\.")) {
                if (!(current instanceof Map<?, ?> map) || !map.containsKey(part)) {
                    return Optional.empty();
                }
                current = map.get(part);
            }
            return Optional.ofNullable(current);
        }

        public String string(String path) {
            return input(path).map(String::valueOf).orElse(null);
        }

        public boolean isComponent() {
            return !type.startsWith("aws:") && !type.startsWith("pulumi:");
        }
    }

    @SuppressWarnings("unchecked")
    public Plan {
        resources = resources.stream()
                .sorted(Comparator.comparing(Resource::name).thenComparing(Resource::type))
                .toList();
        outputs = (Map<String, Object>) sorted(outputs);
        notices = List.copyOf(notices);
    }

    /** Maps made sorted all the way down, so that output values print in one order. */
    @SuppressWarnings("unchecked")
    static Object sorted(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new java.util.TreeMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), sorted(v)));
            return copy;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(Plan::sorted).toList();
        }
        return value;
    }

    /** Two-space indentation and Unix line ends on every platform. */
    private static DefaultPrettyPrinter printer() {
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        return new DefaultPrettyPrinter().withObjectIndenter(indenter).withArrayIndenter(indenter);
    }

    public List<Resource> ofType(String type) {
        return resources.stream().filter(r -> r.type().equals(type)).toList();
    }

    public Resource named(String name) {
        return resources.stream().filter(r -> r.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no resource named " + name + " in the plan"));
    }

    /** The ids the (mock) cloud gave, by resource name; the resources themselves are the one place they are kept. */
    public Map<String, String> ids() {
        Map<String, String> ids = new java.util.TreeMap<>();
        resources.stream().filter(r -> r.id() != null).forEach(r -> ids.put(r.name(), r.id()));
        return ids;
    }

    /** The id the (mock) cloud gave a resource: what other resources' inputs hold when they refer to it. */
    public String idOf(String name) {
        return resources.stream().filter(r -> r.name().equals(name) && r.id() != null).map(Resource::id)
                .findFirst().orElseThrow(() -> new IllegalArgumentException("no id for a resource named " + name));
    }

    public List<Resource> childrenOf(String parent) {
        return resources.stream().filter(r -> parent.equals(r.parent())).toList();
    }

    /** The plan as JSON: sorted, secrets masked, whole numbers as integers, the same bytes on every run. */
    public String toJson() {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("project", project);
        document.put("stack", stack);
        List<Map<String, Object>> list = new ArrayList<>();
        for (Resource r : resources) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("type", r.type());
            entry.put("name", r.name());
            entry.put("parent", r.parent());
            // Only what the cloud knows has an id and outputs: never a component, so they come and go together.
            if (r.id() != null) {
                entry.put("id", r.id());
            }
            entry.put("inputs", r.inputs());
            if (r.id() != null) {
                entry.put("outputs", r.outputs());
            }
            entry.put("dependsOn", r.dependsOn());
            if (r.protect()) {
                entry.put("protect", true);
            }
            if (!r.ignoreChanges().isEmpty()) {
                entry.put("ignoreChanges", r.ignoreChanges());
            }
            list.add(entry);
        }
        document.put("resources", list);
        document.put("outputs", outputs);
        try {
            // Field order as written here; every map inside is already sorted.
            return new ObjectMapper().writer(printer())
                    .writeValueAsString(document) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("the plan could not be written as JSON", e);
        }
    }

    /**
     * A plan read back from its JSON form, as {@link #toJson()} writes it: {@code Plan.fromJson(tree).toJson()} gives
     * the same bytes. The notices are not part of the document, so none come back.
     *
     * @throws IllegalArgumentException naming what is missing when the document is not a plan
     */
    public static Plan fromJson(JsonNode document) {
        if (document == null || !document.path("resources").isArray()) {
            throw new IllegalArgumentException("not a plan: it has no \"resources\" list");
        }
        ObjectMapper mapper = new ObjectMapper();
        List<Resource> resources = new ArrayList<>();
        for (JsonNode r : document.path("resources")) {
            if (!r.path("type").isTextual() || !r.path("name").isTextual()) {
                throw new IllegalArgumentException("not a plan: a resource without a type and a name: " + r);
            }
            resources.add(new Resource(r.path("type").asText(), r.path("name").asText(),
                    r.path("parent").isTextual() ? r.path("parent").asText() : null,
                    mapper.convertValue(r.path("inputs"), MAP),
                    r.has("dependsOn") ? mapper.convertValue(r.path("dependsOn"), LIST) : List.of(),
                    r.path("protect").asBoolean(false),
                    r.has("ignoreChanges") ? mapper.convertValue(r.path("ignoreChanges"), LIST) : List.of(),
                    r.path("id").isTextual() ? r.path("id").asText() : null,
                    r.has("outputs") ? mapper.convertValue(r.path("outputs"), MAP) : Map.of()));
        }
        Map<String, Object> outputs = document.has("outputs") ? mapper.convertValue(document.path("outputs"), MAP)
                : Map.of();
        return new Plan(document.path("project").asText(null), document.path("stack").asText(null), resources,
                outputs, List.of());
    }

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };
    private static final TypeReference<List<String>> LIST = new TypeReference<>() { };
}
