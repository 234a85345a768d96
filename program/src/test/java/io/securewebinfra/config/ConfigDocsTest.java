package io.securewebinfra.config;


import io.securewebinfra.mockengine.MockCloud;
import io.securewebinfra.config.StackFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code docs/configuration.md} is generated from {@link ConfigKey} between its markers, and its hand-written example
 * of an error is what the program prints. Run with {@code -Dconfig.docs.write=true} to rewrite the generated part.
 */
class ConfigDocsTest {
    private static final Path DOC = Path.of("docs", "configuration.md");

    @Test
    void theDocumentsTableIsGeneratedFromTheKeysTable() throws IOException {
        String committed = Files.readString(DOC);
        String fresh = ConfigDocs.render(committed);
        if (Boolean.getBoolean("config.docs.write")) {
            Files.writeString(DOC, fresh);
            return;
        }
        assertEquals(fresh, committed, DOC + " is stale: run " + ConfigDocs.REGENERATE);
    }

    @Test
    void everyKeyHasARowAndTheHandWrittenTextIsKept() throws IOException {
        String doc = Files.readString(DOC);
        for (ConfigKey key : ConfigKey.values()) {
            String name = key.inProjectNamespace() ? key.key() : key.qualified("");
            assertTrue(doc.contains("\n| `" + name + "` |"), "a row for " + name);
        }
        String rendered = ConfigDocs.render("intro\n" + ConfigDocs.BEGIN + "\nSTALE-ROW\n" + ConfigDocs.END + "\noutro\n");
        assertTrue(rendered.startsWith("intro\n" + ConfigDocs.BEGIN + "\n<!-- Generated from"), rendered);
        assertTrue(rendered.endsWith("|\n" + ConfigDocs.END + "\noutro\n"), rendered);
        assertTrue(!rendered.contains("STALE-ROW"), rendered);
        assertThrows(IllegalArgumentException.class, () -> ConfigDocs.render("no markers"));
    }

    @Test
    void aPipeOrAnAngleBracketInATableCellIsEscaped() throws IOException {
        String doc = Files.readString(DOC);
        // The AMI parameter's <x86_64|arm64> would otherwise split the row; <region> would vanish as an HTML tag.
        assertTrue(doc.contains("<x86_64\\|arm64>"), "the pipe is escaped");
        assertTrue(doc.contains("acm:\\<region>"), "the placeholder is escaped");
    }

    /** The example of "What a configuration error looks like": its stack file, planned, gives its output exactly. */
    @Test
    void theDocumentsErrorExampleIsWhatTheProgramPrints(@TempDir Path dir) throws IOException {
        String doc = Files.readString(DOC);
        String section = doc.substring(doc.indexOf("## What a configuration error looks like"));
        Matcher yaml = Pattern.compile("```yaml\n(.*?)```", Pattern.DOTALL).matcher(section);
        Matcher text = Pattern.compile("```text\n(.*?)\n```", Pattern.DOTALL).matcher(section);
        assertTrue(yaml.find() && text.find(), "the section has a yaml and a text block");
        Files.copy(Path.of("Pulumi.yaml"), dir.resolve("Pulumi.yaml"));
        Files.writeString(dir.resolve("Pulumi.bad.yaml"), yaml.group(1));
        RawConfig raw = StackFiles.read(dir, "bad");
        try {
            SettingsReader.read(raw, SettingsReader.Mode.OFFLINE, r -> new MockCloud(r).zones());
            fail("the example is refused");
        } catch (InvalidConfigException e) {
            // As PlanCommand prints it.
            assertEquals(text.group(1), "error: stack bad: " + e.getMessage(),
                    "the example output in " + DOC + " is out of date: plan it again and paste the output");
        }
    }
}
