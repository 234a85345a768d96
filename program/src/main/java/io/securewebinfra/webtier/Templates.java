package io.securewebinfra.webtier;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders the bootstrap templates in {@code program/src/main/resources/bootstrap/}: each {@code {{name}}} is replaced by its
 * value in a single pass, so a value is never scanned for placeholders itself. Rendering fails on a placeholder
 * without a value, on a value no placeholder uses (a misspelt name) and on malformed braces, so that no template
 * ever reaches a server half-filled.
 */
final class Templates {
    static final String DIRECTORY = "bootstrap/";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([^{}]*)}}");
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");

    private Templates() {
    }

    /** The text of a template, as stored; read from the jar once, as every server renders the same templates. */
    static String load(String template) {
        return LOADED.computeIfAbsent(template, Templates::read);
    }

    private static final Map<String, String> LOADED = new ConcurrentHashMap<>();

    private static String read(String template) {
        String resource = DIRECTORY + template;
        try (InputStream in = Templates.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no bootstrap template " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read bootstrap template " + resource, e);
        }
    }

    /** Renders a template with exactly the placeholders it uses. */
    static String render(String template, Map<String, String> values) {
        Parsed parsed = PARSED.computeIfAbsent(template, Templates::parse);
        StringBuilder out = new StringBuilder(parsed.length());
        for (int i = 0; i < parsed.placeholders().size(); i++) {
            String name = parsed.placeholders().get(i);
            String value = values.get(name);
            if (value == null) {
                throw new IllegalArgumentException("placeholder {{" + name + "}} in " + template + " has no value");
            }
            out.append(parsed.literals().get(i)).append(value);
        }
        out.append(parsed.literals().get(parsed.placeholders().size()));
        Set<String> unused = new TreeSet<>(values.keySet());
        unused.removeAll(parsed.placeholders());
        if (!unused.isEmpty()) {
            throw new IllegalArgumentException("values " + unused + " are used by no placeholder in " + template);
        }
        return out.toString();
    }

    /**
     * A template split once into its literal text and its placeholders, in order: {@code literals} has one more
     * element than {@code placeholders}. Every server renders the same templates, so the split is kept.
     */
    private record Parsed(List<String> literals, List<String> placeholders, int length) {
    }

    private static final Map<String, Parsed> PARSED = new ConcurrentHashMap<>();

    /** Splits a template, refusing malformed placeholders and unbalanced braces. */
    private static Parsed parse(String template) {
        String text = load(template);
        Matcher m = PLACEHOLDER.matcher(text);
        List<String> literals = new ArrayList<>();
        List<String> placeholders = new ArrayList<>();
        int literalStart = 0;
        while (m.find()) {
            literals.add(checkLiteral(template, text.substring(literalStart, m.start())));
            String name = m.group(1);
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("malformed placeholder {{" + name + "}} in " + template);
            }
            placeholders.add(name);
            literalStart = m.end();
        }
        literals.add(checkLiteral(template, text.substring(literalStart)));
        return new Parsed(List.copyOf(literals), List.copyOf(placeholders), text.length());
    }

    private static String checkLiteral(String template, String literal) {
        if (literal.contains("{{") || literal.contains("}}")) {
            throw new IllegalArgumentException("unbalanced placeholder braces in " + template);
        }
        return literal;
    }
}
