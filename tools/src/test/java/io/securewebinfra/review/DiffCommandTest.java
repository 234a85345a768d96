package io.securewebinfra.review;

import io.securewebinfra.Console;
import io.securewebinfra.Console.Run;
import io.securewebinfra.TestStacks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ./plan diff} and {@code ./plan snapshot}: files, snapshots, git revisions, and exit codes. */
class DiffCommandTest {
    @TempDir
    Path dir;

    /** The diff without the policy pack (the tests below that need it say so): what the diff itself finds. */
    private Run diff(String... args) {
        List<String> all = new java.util.ArrayList<>(List.of(args));
        all.add("--no-pack");
        return Console.capture(() -> DiffCommand.run(all, dir));
    }

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void twoPlanFilesGiveMarkdownAndTheExitCodeSaysWhetherThereIsARisk() throws IOException {
        var plan = PlanEdits.plan("dev");
        Path same = write("same.json", plan.toString());
        Path old = write("old.json", plan.toString());
        Path renamed = write("renamed.json", PlanEdits.edit(plan, "database-primary",
                r -> r.put("name", "database-main")).toString());

        Run quiet = diff(old.toString(), same.toString());
        assertEquals(DiffCommand.NO_RISK, quiet.exit(), quiet.err());
        assertTrue(quiet.out().startsWith("# Infrastructure plan diff\n"), quiet.out());

        Run risky = diff(old.toString(), renamed.toString(), "--output", dir.resolve("diff.md").toString());
        assertEquals(DiffCommand.RISKS, risky.exit(), risky.err());
        assertTrue(risky.err().contains("1 risk found"), risky.err());
        String markdown = Files.readString(dir.resolve("diff.md"));
        assertTrue(markdown.contains("**data loss** · `database-primary (in database)`"), markdown);
        assertTrue(markdown.contains("| ➕ add | `database-main` | `aws:rds/instance:Instance` | `database` |"), markdown);
    }

    @Test
    void badArgumentsAndFilesAreUsageErrorsWithoutAStackTrace() throws IOException {
        Path notAPlan = write("not-a-plan.json", "{\"hello\": 1}");
        Path broken = write("broken.json", "{");
        for (Run run : List.of(diff("a.json"), diff("a.json", "b.json", "c.json"), diff("--colour"),
                diff("missing.json", notAPlan.toString()), diff(notAPlan.toString(), notAPlan.toString()),
                diff(broken.toString(), broken.toString()), diff("dev", "x.json"))) {
            assertEquals(DiffCommand.INVALID, run.exit(), run.err());
            assertTrue(run.err().startsWith("error: ") || run.err().contains("usage: ./plan diff"), run.err());
            assertTrue(!run.err().contains("Exception") && !run.err().contains("\tat "), run.err());
        }
    }

    @Test
    void planFilesOutputAndPackAreRelativeToTheCallersDirectory() throws IOException {
        var plan = PlanEdits.plan("dev");
        write("sub/old.json", plan.toString());
        write("sub/new.json", PlanEdits.edit(plan, "database-primary", r -> r.put("name", "database-main")).toString());
        Path caller = dir.resolve("sub");
        Path project = Files.createDirectories(dir.resolve("project"));
        Run run = Console.capture(() -> DiffCommand.run(List.of("old.json", "new.json", "--output", "diff.md",
                "--no-pack"), project, caller));
        assertEquals(DiffCommand.RISKS, run.exit(), run.err());
        assertTrue(Files.readString(caller.resolve("diff.md")).contains("**data loss**"));
        assertTrue(run.err().contains("wrote the plan diff to diff.md"), run.err());
        assertTrue(!Files.exists(project.resolve("diff.md")), "not in the project directory");

        Run missing = Console.capture(() -> DiffCommand.run(List.of("old.json", "gone.json", "--no-pack"), project,
                caller));
        assertEquals(DiffCommand.INVALID, missing.exit(), missing.err());
        assertTrue(missing.err().startsWith("error: no such plan file: gone.json (looked for "
                + caller.resolve("gone.json") + ")"), missing.err());

        Run pack = Console.capture(() -> DiffCommand.run(List.of("old.json", "new.json", "--pack", "no-pack"),
                project, caller));
        assertEquals(DiffCommand.FAILED, pack.exit(), pack.err());
        assertTrue(pack.err().contains(caller.resolve("no-pack").resolve("dist").toString()), pack.err());
    }

    @Test
    void optionsAreNamedWhenUnknownOrIncompleteAndHelpIsAWord() throws IOException {
        Run unknown = diff("--colour");
        assertEquals(DiffCommand.INVALID, unknown.exit());
        assertTrue(unknown.err().startsWith("error: unknown option --colour\n"), unknown.err());
        Run incomplete = Console.capture(() -> DiffCommand.run(List.of("a.json", "b.json", "--output"), dir));
        assertEquals(DiffCommand.INVALID, incomplete.exit());
        assertTrue(incomplete.err().startsWith("error: --output needs a FILE"), incomplete.err());
        Run base = diff("--base", "--output", "x.md");
        assertEquals(DiffCommand.INVALID, base.exit());
        assertTrue(base.err().startsWith("error: --base needs a git revision"), base.err());
        Path missing = dir.resolve("no-such-dir").resolve("diff.md");
        Run output = diff("a.json", "b.json", "--output", missing.toString());
        assertEquals(DiffCommand.INVALID, output.exit());
        assertTrue(output.err().startsWith("error: --output " + missing + ": the directory " + missing.getParent()
                + " does not exist"), output.err());
        Run help = diff("help");
        assertEquals(DiffCommand.NO_RISK, help.exit(), help.err());
        assertTrue(help.out().startsWith("usage: ./plan diff"), help.out());
        Run snapshot = Console.capture(() -> SnapshotCommand.run(List.of("--all"), dir));
        assertEquals(DiffCommand.INVALID, snapshot.exit());
        assertTrue(snapshot.err().startsWith("error: unknown option --all\n"), snapshot.err());
    }

    @Test
    void theCurrentCodeIsComparedWithTheSnapshotsAtAGitRevision() throws Exception {
        // A project of its own, from the fixture dev stack: the edit below needs its known webServerCount of 3.
        Files.copy(Path.of("Pulumi.yaml"), dir.resolve("Pulumi.yaml"));
        String devConfig = Files.readString(TestStacks.FIXTURES.resolve("Pulumi.dev.yaml"));
        assertTrue(devConfig.contains("webServerCount: \"3\""), "the fixture dev stack runs three servers");
        write("Pulumi.dev.yaml", devConfig);
        Run snapshot = Console.capture(() -> SnapshotCommand.run(List.of(), dir));
        assertEquals(0, snapshot.exit(), snapshot.err());
        assertTrue(snapshot.err().contains("wrote plans/dev.json"), snapshot.err());
        git("init", "-q");
        git("add", ".");
        git("-c", "user.name=test", "-c", "user.email=test@example.org", "commit", "-q", "-m", "base");

        // The working tree adds a fourth server: the diff against HEAD shows it, with no risk.
        write("Pulumi.dev.yaml", devConfig.replace("webServerCount: \"3\"", "webServerCount: \"4\""));
        Run run = diff("--base", "HEAD");
        assertEquals(DiffCommand.NO_RISK, run.exit(), run.err());
        assertTrue(run.out().contains("of `HEAD` against this change: **no risk found**"), run.out());
        assertTrue(run.out().contains("| ➕ add | `web-4` | `aws:ec2/instance:Instance` | `web` |"), run.out());

        // Against the working-tree snapshot, the same; after ./plan snapshot, no change at all.
        assertTrue(diff("dev").out().contains("`web-4`"));
        Console.capture(() -> SnapshotCommand.run(List.of("dev"), dir));
        assertTrue(diff("dev").out().contains("No change."));

        Run unknown = diff("--base", "no-such-branch");
        assertEquals(DiffCommand.INVALID, unknown.exit());
        assertTrue(unknown.err().startsWith("error: no git revision no-such-branch"), unknown.err());

        // A stack that has no snapshot at the base revision is all new.
        write("Pulumi.qa.yaml", devConfig);
        Run qa = diff("qa", "--base", "HEAD");
        assertTrue(qa.err().contains("note: no HEAD:plans/qa.json: every resource of qa counts as new"), qa.err());
        assertTrue(qa.out().contains("## Stack `qa`: "), qa.out());
        assertTrue(!qa.out().contains(TestStacks.DB_PASSWORD));
    }

    @Test
    void brokenInputIsAClearErrorNeverAStackTraceOrNoRisk() throws Exception {
        var plan = PlanEdits.plan("dev");
        Path good = write("good.json", plan.toString());
        Path empty = write("empty.json", "");
        Path binary = dir.resolve("binary.json");
        Files.write(binary, new byte[] {0x1f, (byte) 0x8b, 0x08, 0x00, (byte) 0xff, (byte) 0xfe, 0x00, 0x01});
        Path badPolicy = write("bad-policy.json", PlanEdits.editInputs(plan, "web-read-own-config",
                in -> in.put("policy", "{\"Statement\": [{\"Effect\": \"Allow\",")).toString());
        var duplicated = plan.deepCopy();
        ((com.fasterxml.jackson.databind.node.ArrayNode) duplicated.path("resources"))
                .add(PlanEdits.resource(plan, "web-1").deepCopy());
        Path duplicate = write("duplicate.json", duplicated.toString());
        for (Path bad : List.of(empty, binary, badPolicy, duplicate)) {
            for (Run run : List.of(diff(good.toString(), bad.toString()), diff(bad.toString(), good.toString()))) {
                assertTrue(run.exit() == DiffCommand.INVALID || run.exit() == DiffCommand.FAILED, bad + ": " + run.err());
                assertTrue(run.err().startsWith("error: ") && run.err().contains(bad.toString()), run.err());
                assertTrue(!run.err().contains("Exception") && !run.err().contains("\tat "), run.err());
                assertTrue(!run.out().contains("no risk found"), run.out());
            }
        }
        assertTrue(diff(good.toString(), duplicate.toString()).err().contains("same parent, type and name (aws:ec2/instance:Instance web-1"));
        assertTrue(diff(good.toString(), badPolicy.toString()).err().contains("`policy` holds JSON that does not parse"));

        // A revision whose plans/ has no stack at all: nothing to compare with, not "everything is new".
        write("Pulumi.dev.yaml", "config: {}\n");
        write("README.md", "x\n");
        git("init", "-q");
        git("add", "README.md");
        git("-c", "user.name=test", "-c", "user.email=test@example.org", "commit", "-q", "-m", "no plans");
        Run noStacks = diff("dev", "--base", "HEAD");
        assertEquals(DiffCommand.INVALID, noStacks.exit(), noStacks.err());
        assertTrue(noStacks.err().startsWith("error: HEAD has no stack snapshots"), noStacks.err());
    }

    @Test
    void withoutNodeOrTheBuiltPackTheDiffFailsUnlessToldToGoWithout() throws IOException {
        var plan = PlanEdits.plan("dev");
        Path old = write("old.json", plan.toString());
        Run missing = Console.capture(() -> DiffCommand.run(List.of(old.toString(), old.toString(), "--pack",
                dir.resolve("no-pack").toString()), dir));
        assertEquals(DiffCommand.FAILED, missing.exit(), missing.err());
        assertTrue(missing.err().contains("the policy pack is not built") && missing.err().contains("--no-pack"),
                missing.err());
        assertTrue(missing.out().isEmpty(), "no Markdown, so no \"no risk found\": " + missing.out());
        Run without = diff(old.toString(), old.toString());
        assertEquals(DiffCommand.NO_RISK, without.exit(), without.err());
        assertTrue(without.out().contains("> [!WARNING]\n> The policy pack was not run (`--no-pack`)"), without.out());
    }

    @Test
    void thePackRunsOnBothPlansAndANewViolationIsARisk() throws IOException {
        Path pack = Path.of("policies").toAbsolutePath();
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(pack.resolve("dist/run-offline.js"))
                        || "1".equals(System.getenv("REQUIRE_REAL_TOOLS")),
                "the policy pack is not built (cd policies && npm ci && npm run build): skipped");
        var plan = PlanEdits.plan("dev");
        Path old = write("old.json", plan.toString());
        Path keyed = write("keyed.json", PlanEdits.editInputs(plan, "web-1", in -> in.put("keyName", "ops")).toString());
        Run same = Console.capture(() -> DiffCommand.run(List.of(old.toString(), old.toString(), "--pack",
                pack.toString()), dir));
        assertEquals(DiffCommand.NO_RISK, same.exit(), "dev's advisory rds-multi-az is in both plans: " + same.err());
        Run run = Console.capture(() -> DiffCommand.run(List.of(old.toString(), keyed.toString(), "--pack",
                pack.toString()), dir));
        assertEquals(DiffCommand.RISKS, run.exit(), run.err());
        assertTrue(run.out().contains("> - **rule broken** · `web-1`: breaks the advisory pack rule `no-key-pair`"),
                run.out());
    }

    @Test
    void namesAndValuesCannotBreakTheMarkdown() throws IOException {
        var plan = PlanEdits.plan("dev");
        String evil = "x|y`z<img src=x onerror=alert(1)>*bold*\n| injected | row |";
        var after = PlanEdits.add(plan, "firewalls-web-in-lb", evil, in -> {
            in.remove("referencedSecurityGroupId");
            in.put("cidrIpv4", "0.0.0.0/0").put("fromPort", 22).put("toPort", 22).put("description", evil);
        });
        String markdown = PlanEdits.review(plan, PlanEdits.edit(after, "web-1",
                r -> ((com.fasterxml.jackson.databind.node.ObjectNode) r.path("inputs").path("tags")).put(evil, evil)))
                .markdown();
        boolean fenced = false;
        for (String line : markdown.split("\n")) {
            if (line.startsWith("```")) {
                fenced = !fenced;
            }
            if (fenced) {
                continue; // a fenced block (the line diffs) shows its text as is; ``` inside it is defused
            }
            // Inside a code span Markdown reads no HTML; outside one, no "<img" may be left.
            assertTrue(!line.replaceAll("`[^`]*`", "").contains("<img"), "HTML outside a code span: " + line);
            if (line.startsWith("|")) {
                // Every table row keeps its cells: escaped pipes do not count.
                long cells = line.replace("\\|", "").chars().filter(c -> c == '|').count();
                assertTrue(cells == 4 || cells == 5, line);
            }
        }
        assertTrue(markdown.contains("`x\\|y'z<img src=x onerror=alert(1)>*bold*⏎\\| injected \\| row \\|`"), markdown);
        assertTrue(!markdown.contains("\n| injected | row |"), markdown);
    }

    @Test
    void aHugeDiffKeepsEveryRiskAndCutsOnlyTheDetails() throws IOException {
        var plan = PlanEdits.plan("dev");
        var after = plan.deepCopy();
        for (int i = 0; i < 400; i++) {
            after = PlanEdits.add(after, "firewalls-web-in-lb", "firewalls-open-" + i, in -> {
                in.remove("referencedSecurityGroupId");
                in.put("cidrIpv4", "0.0.0.0/0").put("fromPort", 22).put("toPort", 22);
            });
        }
        for (var r : after.path("resources")) {
            if (r.path("type").asText().equals("aws:cloudwatch/metricAlarm:MetricAlarm")) {
                ((com.fasterxml.jackson.databind.node.ObjectNode) r.path("inputs")).put("alarmDescription",
                        "x".repeat(5000));
            }
        }
        PlanReview review = PlanEdits.review(plan, after);
        String full = review.markdown();
        String cut = review.markdown(60_000);
        assertTrue(full.length() > 60_000, "the test needs a diff longer than a comment: " + full.length());
        assertTrue(cut.length() <= 60_000, "cut to " + cut.length());
        assertEquals(400, cut.lines().filter(l -> l.startsWith("> - **firewall opened**")).count());
        assertTrue(cut.contains("_Details left out to fit the comment"), cut.substring(cut.length() - 300));
    }

    private void git(String... args) throws Exception {
        var command = new java.util.ArrayList<>(List.of("git", "-C", dir.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), "git " + String.join(" ", args) + ": " + output);
    }
}
