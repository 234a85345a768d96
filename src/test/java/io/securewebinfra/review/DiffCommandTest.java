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
    void theCurrentCodeIsComparedWithTheSnapshotsAtAGitRevision() throws Exception {
        Files.copy(Path.of("Pulumi.yaml"), dir.resolve("Pulumi.yaml"));
        String devConfig = Files.readString(Path.of("Pulumi.dev.yaml"));
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

    private void git(String... args) throws Exception {
        var command = new java.util.ArrayList<>(List.of("git", "-C", dir.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), "git " + String.join(" ", args) + ": " + output);
    }
}
