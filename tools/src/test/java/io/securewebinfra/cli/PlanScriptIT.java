package io.securewebinfra.cli;

import io.securewebinfra.TestStacks;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code ./plan} script itself, run from another directory than the project's: it says what its first build is
 * and that it happens once, rebuilds when a source changed, and the files the user names land where the user is.
 * It runs in a project of its own whose {@code mvnw} stands in for Maven by copying the jar this build made.
 */
class PlanScriptIT {
    private static final Path JAR = Path.of("tools/target/secure-web-infra-tools.jar").toAbsolutePath();

    @TempDir
    Path dir;
    private Path project;
    private Path caller;

    private record Result(int exit, String out, String err) {
    }

    @BeforeEach
    void project() throws IOException {
        project = Files.createDirectories(dir.resolve("project"));
        caller = Files.createDirectories(dir.resolve("elsewhere/sub"));
        Files.copy(Path.of("plan"), project.resolve("plan"));
        Files.setPosixFilePermissions(project.resolve("plan"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.copy(TestStacks.FIXTURES.resolve("Pulumi.yaml"), project.resolve("Pulumi.yaml"));
        Files.copy(TestStacks.FIXTURES.resolve("Pulumi.dev.yaml"), project.resolve("Pulumi.dev.yaml"));
        Files.createDirectories(project.resolve("program/src/main"));
        Files.writeString(project.resolve("program/src/main/Source.java"), "");
        Files.createDirectories(project.resolve("policies/facts"));
        Files.writeString(project.resolve("pom.xml"), "");
        mvnw("mkdir -p tools/target && cp '" + JAR + "' tools/target/secure-web-infra-tools.jar");
        // Older than any jar the stand-in copies, as sources are after a checkout.
        for (Path source : List.of(project.resolve("program/src/main/Source.java"), project.resolve("pom.xml"))) {
            Files.setLastModifiedTime(source, FileTime.from(Instant.now().minusSeconds(3600)));
        }
    }

    /** A stand-in for the Maven wrapper that records its arguments, then runs {@code body}. */
    private void mvnw(String body) throws IOException {
        Path mvnw = project.resolve("mvnw");
        Files.writeString(mvnw, "#!/usr/bin/env bash\necho \"$*\" >> mvnw.calls\n" + body + "\n");
        Files.setPosixFilePermissions(mvnw, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private List<String> mavenCalls() throws IOException {
        Path calls = project.resolve("mvnw.calls");
        return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
    }

    /** {@code ./plan ARGS} as typed in {@link #caller}, a directory outside the project. */
    private Result plan(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(project.resolve("plan").toString()));
        command.addAll(List.of(args));
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(caller.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        // The caches are PlanJavaIT's subject; making one in every scratch project would only cost time here.
        builder.environment().put("PLAN_CACHE", "off");
        Process process = builder.start();
        if (!process.waitFor(180, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("./plan " + String.join(" ", args) + " did not finish in 3 minutes");
        }
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void theFirstRunSaysWhatItBuildsAndThatItHappensOnce() throws Exception {
        Result first = plan("dev", "--json", "plan.json");
        assertEquals(0, first.exit(), first.err());
        String announce = first.err().lines().findFirst().orElse("");
        assertTrue(announce.startsWith("plan: building the tools (tools/target/secure-web-infra-tools.jar) with ./mvnw; "
                + "this happens once."), first.err());
        assertTrue(first.err().contains("downloads Maven and the dependencies"), first.err());
        assertTrue(first.err().matches("(?s).*\nplan: built tools/target/secure-web-infra-tools.jar in \\d+ s\\.\n.*"), first.err());
        assertEquals(List.of("-q -B package -DskipTests"), mavenCalls());

        Result second = plan("dev", "--cost");
        assertEquals(0, second.exit(), second.err());
        assertFalse(second.err().contains("plan: "), "no build, so nothing to say: " + second.err());
        assertEquals(1, mavenCalls().size(), "the jar is reused");

        Files.setLastModifiedTime(project.resolve("program/src/main/Source.java"), FileTime.from(Instant.now().plusSeconds(60)));
        Result changed = plan("dev", "--cost");
        assertEquals(0, changed.exit(), changed.err());
        assertTrue(changed.err().startsWith("plan: program/src/main/Source.java changed since tools/target/secure-web-infra-tools.jar "
                + "was built; rebuilding it"), changed.err());
        assertEquals(2, mavenCalls().size());
    }

    @Test
    void aFailedBuildSaysSoAndMakesNoPlan() throws Exception {
        mvnw("echo '[ERROR] COMPILATION ERROR' >&2; exit 1");
        Result run = plan("dev");
        assertEquals(1, run.exit(), run.err());
        assertTrue(run.err().contains("[ERROR] COMPILATION ERROR\nplan: the build of tools/target/secure-web-infra-tools.jar "
                + "failed (Maven's messages above); no plan was made.\n"), run.err());
        assertEquals("", run.out());
    }

    @Test
    void filesTheUserNamesAreRelativeToWhereTheyRunIt() throws Exception {
        Result plan = plan("dev", "--json", "plan.json");
        assertEquals(0, plan.exit(), plan.err());
        assertTrue(Files.readString(caller.resolve("plan.json")).startsWith("{"));
        assertFalse(Files.exists(project.resolve("plan.json")), "not in the project directory");

        Result cost = plan("dev", "--cost", "--json", "../cost.json");
        assertEquals(0, cost.exit(), cost.err());
        assertTrue(Files.readString(caller.resolve("../cost.json")).contains("\"total\""));

        Result diff = plan("diff", "plan.json", "plan.json", "--no-pack", "--output", "diff.md");
        assertEquals(0, diff.exit(), diff.err());
        assertTrue(Files.readString(caller.resolve("diff.md")).startsWith("# Infrastructure plan diff\n"));
        assertFalse(Files.exists(project.resolve("diff.md")), "not in the project directory");

        Result missing = plan("dev", "--json", "no-such-dir/plan.json");
        assertEquals(2, missing.exit(), missing.err());
        assertTrue(missing.err().contains("the directory " + caller.toRealPath().resolve("no-such-dir")
                + " does not exist"), missing.err());
    }
}
