package io.securewebinfra;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packages form layers: each may use only the packages below it, so none imports one above it and no two need
 * each other. The order is docs/architecture.md's "Modules and layers"; the Maven modules enforce the coarse split
 * (the program cannot see the tools), this test the fine one, in every module's main sources.
 */
class LayersTest {
    /** Top to bottom; "" is the root package (App, the program's entry point). */
    static final List<String> LAYERS = List.of(
            // tools
            "cli", "review", "plan", "cost", "mockengine", "plandoc",
            // program
            "", "stack", "monitoring", "database", "webtier", "edge", "network", "firewall", "storage", "iam",
            "config", "common");

    private static final List<String> MODULES = List.of("plan-document", "mock-engine", "program", "tools");
    private static final String BASE = "io.securewebinfra";
    private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
    /** An import of one of the project's own types, static or not. */
    private static final Pattern IMPORT = Pattern.compile(
            "^import (?:static )?io\\.securewebinfra((?:\\.[a-z]\\w*)*)\\.[A-Z]\\w*[\\w.*]*;", Pattern.MULTILINE);
    /** A fully qualified use of the project's own type in code, which needs no import. */
    private static final Pattern QUALIFIED = Pattern.compile("\\bio\\.securewebinfra((?:\\.[a-z]\\w*)*)\\.[A-Z]");

    @Test
    void noPackageUsesOneAboveIt() throws IOException {
        List<String> upward = new ArrayList<>();
        for (Path file : mainSources()) {
            String source = Files.readString(file);
            String from = layerOf(file, source);
            int fromIndex = LAYERS.indexOf(from);
            assertTrue(fromIndex >= 0, file + " is in package " + BASE + "." + from + ", which LAYERS does not place");
            var used = new TreeSet<String>();
            for (Pattern pattern : List.of(IMPORT, QUALIFIED)) {
                Matcher m = pattern.matcher(withoutComments(source));
                while (m.find()) {
                    used.add(m.group(1).isEmpty() ? "" : m.group(1).substring(1).split("\\.")[0]);
                }
            }
            for (String to : used) {
                int toIndex = LAYERS.indexOf(to);
                if (!to.equals(from) && (toIndex < 0 || toIndex <= fromIndex)) {
                    upward.add(file + " (" + display(from) + ") uses " + display(to));
                }
            }
        }
        assertEquals(List.of(), upward, "a package may use only the packages below it in LayersTest.LAYERS");
    }

    /** The test above reads what it should: it sees this module's own imports of packages below. */
    @Test
    void theScanSeesTheToolsImports() throws IOException {
        String source = Files.readString(Path.of("tools/src/main/java/io/securewebinfra/plan/OfflinePlan.java"));
        Matcher m = IMPORT.matcher(source);
        var seen = new TreeSet<String>();
        while (m.find()) {
            seen.add(m.group(1).substring(1));
        }
        assertTrue(seen.containsAll(List.of("config", "mockengine", "plandoc", "stack")), seen.toString());
    }

    private static List<Path> mainSources() throws IOException {
        List<Path> files = new ArrayList<>();
        for (String module : MODULES) {
            Path root = Path.of(module, "src", "main", "java");
            try (Stream<Path> walk = Files.walk(root)) {
                walk.filter(f -> f.toString().endsWith(".java")).sorted().forEach(files::add);
            }
        }
        assertTrue(files.size() > 50, "the scan found only " + files.size() + " source files");
        return files;
    }

    private static String layerOf(Path file, String source) {
        Matcher m = PACKAGE.matcher(source);
        assertTrue(m.find(), file + " has no package declaration");
        String pkg = m.group(1);
        assertTrue(pkg.equals(BASE) || pkg.startsWith(BASE + "."), file + " is outside " + BASE);
        return pkg.equals(BASE) ? "" : pkg.substring(BASE.length() + 1).split("\\.")[0];
    }

    private static String withoutComments(String source) {
        return source.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\n]*", "");
    }

    private static String display(String layer) {
        return layer.isEmpty() ? BASE : BASE + "." + layer;
    }
}
