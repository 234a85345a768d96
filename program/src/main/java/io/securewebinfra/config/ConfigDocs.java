package io.securewebinfra.config;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Renders {@link ConfigKey}'s table as the Markdown table of {@code docs/configuration.md}. Only the text between the
 * markers is generated, as terraform-docs does: the hand-written text around it (the rules, dev and prod, an error's
 * example) is kept as it is. {@code ConfigDocsTest} fails when the committed document differs from the rendering.
 */
public final class ConfigDocs {
    public static final String BEGIN = "<!-- BEGIN GENERATED CONFIG TABLE -->";
    public static final String END = "<!-- END GENERATED CONFIG TABLE -->";
    /** How to bring the document up to date; named by the generated text and by the staleness failure. */
    public static final String REGENERATE = "./mvnw -q -B test -pl program -am -Dtest=ConfigDocsTest "
            + "-Dsurefire.failIfNoSpecifiedTests=false -Dconfig.docs.write=true";

    private ConfigDocs() {
    }

    /** The document with its generated part replaced by the current table. */
    public static String render(String document) {
        int begin = document.indexOf(BEGIN);
        int end = document.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("the document has no " + BEGIN + " ... " + END + " markers");
        }
        return document.substring(0, begin + BEGIN.length()) + "\n" + table() + document.substring(end);
    }

    /** The generated part: a note not to edit it, then one row per key. */
    static String table() {
        String rows = Arrays.stream(ConfigKey.values()).map(ConfigDocs::row).collect(Collectors.joining("\n"));
        return "<!-- Generated from io.securewebinfra.config.ConfigKey: edit the table there, then run\n     "
                + REGENERATE + " -->\n"
                + "| Key | Type | Default | Allowed values | Web tier mode | Description |\n"
                + "|---|---|---|---|---|---|\n"
                + rows + "\n";
    }

    private static String row(ConfigKey key) {
        String name = key.inProjectNamespace() ? key.key() : key.qualified("");
        String type = key.type().label() + (key.secret() ? ", **secret**" : "");
        String allowed = plain(key.rule().allowed(null))
                + (key.crossKeyRule().isEmpty() ? "" : "; " + plain(key.crossKeyRule()));
        return "| " + String.join(" | ", cell("`" + name + "`"), cell(type), cell(defaultText(key)), cell(allowed),
                cell(key.mode().label()), cell(key.description())) + " |";
    }

    private static String defaultText(ConfigKey key) {
        // Java 17: no pattern switch over the sealed Default yet.
        ConfigKey.Default value = key.defaultValue();
        if (value instanceof ConfigKey.Default.Literal literal) {
            return "`" + literal.value() + "`" + literal.note();
        }
        if (value instanceof ConfigKey.Default.SameAs sameAs) {
            return "the value of `" + sameAs.key() + "`";
        }
        if (value instanceof ConfigKey.Default.None none) {
            return none.meaning();
        }
        return "— (required)";
    }

    /**
     * The rules' texts are plain text, written for error messages: in Markdown, {@code <domain>} would be read as an
     * HTML tag and vanish, so it is escaped.
     */
    private static String plain(String text) {
        return text.replace("<", "\\<");
    }

    /** A pipe would end the cell, even inside backticks. */
    private static String cell(String markdown) {
        return markdown.replace("|", "\\|");
    }
}
