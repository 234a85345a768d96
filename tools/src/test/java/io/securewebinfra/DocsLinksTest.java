package io.securewebinfra;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every relative link in README.md and docs/*.md leads somewhere: to a file or directory that exists and, when the
 * link names an anchor in a Markdown file, to a heading (or an {@code <a id>}) of that file, with GitHub's anchor
 * rules: lowercase, punctuation dropped, each space a hyphen, a repeated heading numbered -1, -2, ... Links inside
 * fenced code blocks and code spans are not links. The README links every page under docs/.
 */
class DocsLinksTest {
    private static final Path ROOT = Path.of("").toAbsolutePath();

    private static final Pattern FENCE = Pattern.compile("^ {0,3}(`{3,}|~{3,})");
    private static final Pattern CODE_SPAN = Pattern.compile("(`+)(.+?)\\1");
    private static final Pattern LINK = Pattern.compile("!?\\[([^\\]]*)\\]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
    private static final Pattern DEFINITION = Pattern.compile("^ {0,3}\\[[^\\]]+\\]:\\s*<?(\\S+?)>?(?:\\s+.*)?$");
    private static final Pattern HEADING = Pattern.compile("^ {0,3}(#{1,6})(?:\\s+(.*?))?(?:\\s+#+)?\\s*$");
    private static final Pattern HTML_ID = Pattern.compile("<[a-zA-Z][^>]*\\s(?:id|name)=\"([^\"]+)\"");
    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");

    private static List<Path> documents(Path root) throws IOException {
        List<Path> files = new ArrayList<>();
        files.add(root.resolve("README.md"));
        try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
            docs.filter(f -> f.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        return files;
    }

    /** The lines of a Markdown file outside fenced code blocks; the others are blank, so line numbers stay. */
    static List<String> prose(String markdown) {
        List<String> lines = new ArrayList<>();
        String fence = null;
        for (String line : markdown.split("\n", -1)) {
            Matcher m = FENCE.matcher(line);
            if (fence == null && m.find()) {
                fence = m.group(1);
                lines.add("");
            } else if (fence != null) {
                String trimmed = line.strip();
                char mark = fence.charAt(0);
                if (trimmed.startsWith(fence) && trimmed.chars().allMatch(c -> c == mark)) {
                    fence = null;
                }
                lines.add("");
            } else {
                lines.add(line);
            }
        }
        return lines;
    }

    /** GitHub's anchor of a heading's text. */
    static String slug(String heading) {
        String text = heading.replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1"); // a link's text only
        text = text.replaceAll("<[^>]+>", "");
        return text.strip().toLowerCase(Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{M}\\p{N}\\p{Pc} -]", "")
                .replace(' ', '-');
    }

    /** The anchors a Markdown file offers: its headings' slugs (repeats numbered) and its HTML ids. */
    static Set<String> anchors(String markdown) {
        Set<String> anchors = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        for (String line : prose(markdown)) {
            Matcher h = HEADING.matcher(line);
            if (h.matches()) {
                String base = slug(h.group(2) == null ? "" : h.group(2));
                int n = seen.merge(base, 1, Integer::sum) - 1;
                anchors.add(n == 0 ? base : base + "-" + n);
            }
            Matcher id = HTML_ID.matcher(line);
            while (id.find()) {
                anchors.add(id.group(1));
            }
        }
        return anchors;
    }

    /** The link targets of a Markdown file, each with its line number, outside code. */
    static List<Map.Entry<Integer, String>> links(String markdown) {
        List<Map.Entry<Integer, String>> links = new ArrayList<>();
        List<String> lines = prose(markdown);
        for (int i = 0; i < lines.size(); i++) {
            String line = CODE_SPAN.matcher(lines.get(i)).replaceAll("code");
            Matcher m = LINK.matcher(line);
            while (m.find()) {
                links.add(Map.entry(i + 1, m.group(2)));
            }
            Matcher d = DEFINITION.matcher(line);
            if (d.matches()) {
                links.add(Map.entry(i + 1, d.group(1)));
            }
        }
        return links;
    }

    /** Every relative link of the files that leads nowhere, as "file:line: target: why". */
    static List<String> brokenLinks(Path root, List<Path> files) throws IOException {
        List<String> problems = new ArrayList<>();
        Map<Path, Set<String>> anchorsOf = new HashMap<>();
        for (Path file : files) {
            String name = root.relativize(file).toString();
            for (Map.Entry<Integer, String> link : links(Files.readString(file))) {
                String target = link.getValue();
                if (SCHEME.matcher(target).find()) {
                    continue; // https:, mailto: ...: not a file of this repository
                }
                int hash = target.indexOf('#');
                String path = hash < 0 ? target : target.substring(0, hash);
                String anchor = hash < 0 ? null : URLDecoder.decode(target.substring(hash + 1), StandardCharsets.UTF_8);
                int query = path.indexOf('?');
                if (query >= 0) {
                    path = path.substring(0, query);
                }
                Path resolved = path.isEmpty() ? file
                        : file.getParent().resolve(URLDecoder.decode(path, StandardCharsets.UTF_8)).normalize();
                String where = name + ":" + link.getKey() + ": " + target;
                if (!Files.exists(resolved)) {
                    problems.add(where + ": no such file " + root.relativize(resolved));
                } else if (anchor != null && !anchor.isEmpty() && resolved.toString().endsWith(".md")) {
                    Set<String> offered = anchorsOf.computeIfAbsent(resolved, f -> {
                        try {
                            return anchors(Files.readString(f));
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                    });
                    if (!offered.contains(anchor)) {
                        problems.add(where + ": no heading #" + anchor + " in " + root.relativize(resolved));
                    }
                }
            }
        }
        return problems;
    }

    @Test
    void everyRelativeLinkOfTheReadmeAndTheDocsResolves() throws IOException {
        List<Path> files = documents(ROOT);
        List<String> problems = brokenLinks(ROOT, files);
        assertEquals(List.of(), problems, "broken links:\n" + String.join("\n", problems));
        long checked = 0;
        for (Path file : files) {
            checked += links(Files.readString(file)).size();
        }
        assertTrue(checked > 50, "the links were found at all: " + checked);
    }

    @Test
    void theReadmeLinksEveryPageOfTheDocs() throws IOException {
        Set<String> linked = new LinkedHashSet<>();
        for (Map.Entry<Integer, String> link : links(Files.readString(ROOT.resolve("README.md")))) {
            linked.add(link.getValue().replaceAll("#.*", ""));
        }
        for (Path doc : documents(ROOT).subList(1, documents(ROOT).size())) {
            String page = "docs/" + doc.getFileName();
            assertTrue(linked.contains(page), "README.md links " + page);
        }
    }

    @Test
    void anchorsFollowGitHubsRules() {
        assertEquals("seed-box--what-implements-it", slug("Seed box → what implements it"));
        assertEquals("how-the-designs-three-weak-points-are-fixed", slug("How the design's three weak points are fixed"));
        assertEquals("plan-snapshot-and-plan-diff", slug("`./plan snapshot` and `./plan diff`"));
        assertEquals("the-web-tier-fixed-servers-or-an-auto-scaling-group",
                slug("The web tier: fixed servers or an Auto Scaling group"));
        assertEquals("the-first-pulumi-up-over-time", slug("The first `pulumi up` over time"));
        assertEquals("snake_case-and-1-2", slug("snake_case and 1, 2"));
        assertEquals(Set.of("a", "a-1", "b", "kept"),
                anchors("# A\n## A\n```\n# not a heading\n```\n### B ###\n<a id=\"kept\"></a>\n"));
    }

    @Test
    void brokenLinksAreFound(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("docs"));
        Files.writeString(root.resolve("README.md"), String.join("\n",
                "# Title",
                "## Deploying to AWS",
                "[ok](docs/page.md#a-section) [ok](#deploying-to-aws) [ok](https://example.com/x.md)",
                "[missing file](docs/gone.md) [missing anchor](docs/page.md#nowhere) `[in code](docs/gone.md)`",
                "```",
                "[in a fence](docs/gone.md)",
                "```",
                "[ref]: docs/also-gone.md",
                ""));
        Files.writeString(root.resolve("docs/page.md"), "# Page\n\n## A section\n\n[back](../README.md#deploying-to-aws) [up](../README.md#title-1)\n");
        List<String> problems = brokenLinks(root, documents(root));
        assertEquals(4, problems.size(), String.join("\n", problems));
        assertTrue(problems.get(0).startsWith("README.md:4: docs/gone.md: no such file"), problems.get(0));
        assertTrue(problems.get(1).startsWith("README.md:4: docs/page.md#nowhere: no heading #nowhere"), problems.get(1));
        assertTrue(problems.get(2).startsWith("README.md:8: docs/also-gone.md: no such file"), problems.get(2));
        assertTrue(problems.get(3).startsWith("docs/page.md:5: ../README.md#title-1: no heading #title-1"), problems.get(3));
    }
}
