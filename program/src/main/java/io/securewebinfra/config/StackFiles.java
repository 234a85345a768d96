package io.securewebinfra.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.securewebinfra.config.InvalidConfigException;
import io.securewebinfra.config.RawConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads a stack's configuration from {@code Pulumi.yaml} and {@code Pulumi.<stack>.yaml} the way the Pulumi CLI
 * does: a key without a namespace belongs to the project, and a {@code secure:} value is a secret, which cannot be
 * decrypted here and is therefore known only to exist.
 */
public final class StackFiles {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private StackFiles() {
    }

    public static RawConfig read(Path directory, String stack) {
        Path projectFile = directory.resolve("Pulumi.yaml");
        Path stackFile = directory.resolve("Pulumi." + stack + ".yaml");
        if (!Files.isRegularFile(stackFile)) {
            throw new InvalidConfigException(List.of("no stack file " + stackFile.getFileName() + " in " + directory
                    + ": the stacks here are " + stacks(directory)));
        }
        String project = tree(projectFile).path("name").asText("");
        if (project.isEmpty()) {
            throw new InvalidConfigException(List.of(projectFile + " has no project name"));
        }
        Map<String, String> values = new TreeMap<>();
        Set<String> secrets = new HashSet<>();
        var problems = new java.util.ArrayList<String>();
        JsonNode config = tree(stackFile).path("config");
        config.fields().forEachRemaining(field -> {
            String key = field.getKey().contains(":") ? field.getKey() : project + ":" + field.getKey();
            JsonNode value = field.getValue();
            if (value.isObject() && value.has("secure")) {
                secrets.add(key);
                values.put(key, null);
            } else if (value.isValueNode() && !value.isNull()) {
                values.put(key, value.asText());
            } else {
                problems.add(key + " in " + stackFile.getFileName() + ": must be a single value, not "
                        + (value.isNull() ? "empty" : "a list or map"));
            }
        });
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
        return new RawConfig(project, stack, values, secrets);
    }

    private static JsonNode tree(Path file) {
        try {
            JsonNode node = YAML.readTree(file.toFile());
            return node == null ? YAML.createObjectNode() : node;
        } catch (IOException e) {
            throw new InvalidConfigException(List.of(file + " cannot be read: " + e.getMessage().lines().findFirst().orElse("")));
        }
    }

    /** The stacks of a project directory: one per {@code Pulumi.<stack>.yaml}, in name order. */
    public static List<String> stacks(Path directory) {
        try (var files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.matches("Pulumi\\.[^.]+\\.yaml"))
                    .map(n -> n.substring("Pulumi.".length(), n.length() - ".yaml".length()))
                    .sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
