package io.securewebinfra.config;

import io.securewebinfra.config.InvalidConfigException;
import io.securewebinfra.config.RawConfig;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads a stack's configuration from {@code Pulumi.yaml} and {@code Pulumi.<stack>.yaml} as the Pulumi CLI does
 * (Go's yaml.v3, then Pulumi's config map), so that an offline plan sees the values {@code pulumi up} would pass:
 * <ul>
 *   <li>a value is the scalar's text as written: yaml.v3 decodes a config value into a Go string, so {@code on},
 *       {@code yes}, {@code 010} or {@code 1_000} reach the program as those very characters, never as a boolean or
 *       a number; an empty value ({@code key:}, {@code ~}, {@code null}) is the empty string;</li>
 *   <li>a key given twice in one mapping is an error, as in yaml.v3;</li>
 *   <li>an alias ({@code *name}) stands for the value of its anchor, and a merge key ({@code <<: *name}) adds the
 *       anchored mapping's keys that the mapping does not set itself;</li>
 *   <li>a key must be {@code <namespace>:<name>} (or the old {@code <namespace>:config:<name>}), since Pulumi refuses
 *       a stack file with any other key;</li>
 *   <li>a {@code secure:} value is a secret, which cannot be decrypted here and is therefore known only to exist.</li>
 * </ul>
 * The YAML itself is parsed by SnakeYAML's composer, which builds the node tree without giving any value a type.
 * Every problem names the file, and the line and column where it is.
 */
public final class StackFiles {
    private StackFiles() {
    }

    public static RawConfig read(Path directory, String stack) {
        Path projectFile = directory.resolve("Pulumi.yaml");
        Path stackFile = directory.resolve("Pulumi." + stack + ".yaml");
        if (!Files.isRegularFile(stackFile)) {
            throw new InvalidConfigException(List.of("no stack file " + stackFile.getFileName() + " in " + directory
                    + ": the stacks here are " + stacks(directory)));
        }
        List<String> problems = new ArrayList<>();
        String project = projectName(projectFile, problems);
        Map<String, String> values = new TreeMap<>();
        Set<String> secrets = new HashSet<>();
        Optional<Node> document = document(stackFile, problems);
        MappingNode top = document.flatMap(node -> mapping(stackFile, node, "the stack file", problems)).orElse(null);
        Node config = top == null ? null : entries(top).get("config");
        if (config != null && !isNull(config)) {
            mapping(stackFile, config, "config", problems).ifPresent(map -> {
                for (NodeTuple tuple : map.getValue()) {
                    Node key = tuple.getKeyNode();
                    if (!(key instanceof ScalarNode) && !key.getTag().equals(Tag.MERGE)) {
                        problems.add(stackFile + " (" + where(key) + "): a key of config must be a single value such as "
                                + "aws:region, not a list or map");
                    }
                }
                entries(map).forEach((key, value) -> readValue(stackFile, project, key, value, values, secrets, problems));
            });
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
        return new RawConfig(project, stack, values, secrets);
    }

    private static String projectName(Path projectFile, List<String> problems) {
        Optional<MappingNode> project = document(projectFile, problems)
                .flatMap(node -> mapping(projectFile, node, "Pulumi.yaml", problems));
        if (project.isEmpty()) {
            return "";
        }
        Node name = entries(project.get()).get("name");
        if (!(name instanceof ScalarNode scalar) || isNull(scalar) || scalar.getValue().isBlank()) {
            problems.add(projectFile + " has no project name: it needs `name: <project>`");
            return "";
        }
        return scalar.getValue();
    }

    private static void readValue(Path file, String project, String key, Node value, Map<String, String> values, Set<String> secrets,
                                  List<String> problems) {
        Optional<String> qualified = qualifiedKey(key);
        if (qualified.isEmpty()) {
            problems.add("\"" + key + "\" in " + file.getFileName() + " (" + where(value) + ") is not a configuration "
                    + "key: Pulumi needs <namespace>:<name>, such as " + (project.isEmpty() ? "<project>" : project) + ":" + key);
            return;
        }
        if (values.containsKey(qualified.get())) {
            // Two spellings of one key (a:b and a:config:b): Pulumi would keep either, in no set order.
            problems.add(qualified.get() + " in " + file.getFileName() + " (" + where(value) + ") is given twice, as "
                    + key + " and in another spelling; keep one");
            return;
        }
        if (value instanceof ScalarNode scalar) {
            values.put(qualified.get(), isNull(scalar) ? "" : scalar.getValue());
            return;
        }
        if (value instanceof MappingNode map) {
            Map<String, Node> fields = entries(map);
            Node secure = fields.get("secure");
            if (fields.size() == 1 && secure instanceof ScalarNode && !isNull(secure)) {
                secrets.add(qualified.get());
                values.put(qualified.get(), null);
                return;
            }
        }
        problems.add(qualified.get() + " in " + file.getFileName() + " (" + where(value) + "): must be a single value, not "
                + (value instanceof SequenceNode ? "a list" : "a map") + " (only a secret is a map, {secure: ...})");
    }

    /** The key as Pulumi's config.ParseKey reads it, or empty when Pulumi refuses it. */
    static Optional<String> qualifiedKey(String key) {
        String[] parts = key.split(":", -1);
        if (parts.length == 2) {
            return Optional.of(key);
        }
        if (parts.length == 3 && parts[1].equals("config")) {
            return Optional.of(parts[0] + ":" + parts[2]);
        }
        return Optional.empty();
    }

    /** The file's single document, or empty (with a problem naming the line and column) when it is not YAML. */
    private static Optional<Node> document(Path file, List<String> problems) {
        LoaderOptions options = new LoaderOptions();
        // Small files written by hand or by the CLI: a deep or alias-heavy document is an attack, not a stack.
        options.setMaxAliasesForCollections(50);
        options.setNestingDepthLimit(50);
        options.setAllowRecursiveKeys(false);
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Node node = new Yaml(options).compose(reader);
            if (node == null) {
                return Optional.empty();
            }
            checkMappings(file, node, Collections.newSetFromMap(new IdentityHashMap<>()), problems);
            return Optional.of(node);
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            problems.add(file + (mark == null ? "" : " line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1))
                    + ": not valid YAML: " + (e.getContext() == null ? "" : e.getContext() + ", ") + e.getProblem());
        } catch (YAMLException e) {
            problems.add(file + ": not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
        } catch (IOException e) {
            problems.add(file + " cannot be read: " + e.getMessage());
        }
        return Optional.empty();
    }

    /**
     * What yaml.v3 refuses in any mapping, at any depth: the same key twice (compared by its text), and a merge key
     * whose value is not a mapping or a list of mappings.
     */
    private static void checkMappings(Path file, Node node, Set<Node> seen, List<String> problems) {
        if (!seen.add(node)) {
            return;
        }
        if (node instanceof MappingNode map) {
            Map<String, Node> first = new LinkedHashMap<>();
            for (NodeTuple tuple : map.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode key) {
                    Node earlier = first.putIfAbsent(key.getValue(), key);
                    if (earlier != null) {
                        problems.add(file + " line " + line(key) + ", column " + column(key) + ": the key \""
                                + key.getValue() + "\" is already defined at line " + line(earlier)
                                + " of the same mapping; Pulumi refuses a key given twice");
                    }
                }
                if (tuple.getKeyNode().getTag().equals(Tag.MERGE) && !mergeable(tuple.getValueNode())) {
                    problems.add(file + " line " + line(tuple.getKeyNode()) + ", column " + column(tuple.getKeyNode())
                            + ": a merge key (<<) needs a mapping or a list of mappings, such as <<: *defaults");
                }
                checkMappings(file, tuple.getKeyNode(), seen, problems);
                checkMappings(file, tuple.getValueNode(), seen, problems);
            }
        } else if (node instanceof SequenceNode list) {
            list.getValue().forEach(item -> checkMappings(file, item, seen, problems));
        }
    }

    private static boolean mergeable(Node value) {
        return value instanceof MappingNode
                || value instanceof SequenceNode list && list.getValue().stream().allMatch(v -> v instanceof MappingNode);
    }

    private static Optional<MappingNode> mapping(Path file, Node node, String what, List<String> problems) {
        if (node instanceof MappingNode map) {
            return Optional.of(map);
        }
        problems.add(file + " (" + where(node) + "): " + what + " must be a mapping of keys to values, not "
                + (node instanceof SequenceNode ? "a list" : "a single value"));
        return Optional.empty();
    }

    /**
     * A mapping's entries by key text, in file order, with merge keys applied as yaml.v3 applies them: the mapping's
     * own keys win over merged ones, and of several merged mappings the first wins. Keys that are not scalars are
     * left out (no stack file key can be one).
     */
    private static Map<String, Node> entries(MappingNode map) {
        Map<String, Node> own = new LinkedHashMap<>();
        List<Node> merged = new ArrayList<>();
        for (NodeTuple tuple : map.getValue()) {
            Node key = tuple.getKeyNode();
            if (key.getTag().equals(Tag.MERGE)) {
                Node source = tuple.getValueNode();
                if (source instanceof SequenceNode list) {
                    merged.addAll(list.getValue());
                } else {
                    merged.add(source);
                }
            } else if (key instanceof ScalarNode scalar) {
                own.putIfAbsent(scalar.getValue(), tuple.getValueNode());
            }
        }
        Map<String, Node> all = new LinkedHashMap<>(own);
        for (Node source : merged) {
            if (source instanceof MappingNode sourceMap) {
                entries(sourceMap).forEach(all::putIfAbsent);
            }
        }
        return all;
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode && node.getTag().equals(Tag.NULL);
    }

    private static int line(Node node) {
        return node.getStartMark().getLine() + 1;
    }

    private static int column(Node node) {
        return node.getStartMark().getColumn() + 1;
    }

    private static String where(Node node) {
        return "line " + line(node) + ", column " + column(node);
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
