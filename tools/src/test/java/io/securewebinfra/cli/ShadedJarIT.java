package io.securewebinfra.cli;

import io.securewebinfra.mockengine.CommonPool;
import io.securewebinfra.config.StackFiles;
import io.securewebinfra.plan.OfflinePlan;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shaded jars, which keep only the AWS SDK packages the program uses. The tools' jar runs as ./plan runs it: its
 * plans are byte-identical to the plans made with the full SDK on the test classpath, also when made with Pulumi's
 * own task runner. The program's jar runs as the Pulumi language host runs it: plugin discovery still finds the AWS
 * provider, {@code java -jar} reaches the program, and it holds none of the tools.
 */
class ShadedJarIT {
    /** What Pulumi.yaml runs. */
    private static final Path PROGRAM_JAR = Path.of("program/target/secure-web-infra.jar");
    /** What ./plan runs. */
    private static final Path JAR = Path.of("tools/target/secure-web-infra-tools.jar");

    @TempDir
    Path dir;

    private record Result(int exit, String out, String err) {
    }

    private Result java(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(List.of(args));
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(180, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("java " + String.join(" ", args) + " did not finish in 3 minutes");
        }
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** prod declares every resource type dev does, and more. */
    @Test
    void theJarPlansByteIdenticallyToTheFullSdk() throws Exception {
        Path file = dir.resolve("prod.json");
        Result run = java("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", JAR.toString(),
                PlanCommand.class.getName(), "prod", "--json", file.toString());
        assertEquals(0, run.exit(), run.err());
        // The user's own stack file, as `./plan prod` reads it: the jar and the SDK must agree on whatever it says.
        String expected = OfflinePlan.of(StackFiles.read(Path.of("."), "prod")).toJson();
        assertEquals(expected, Files.readString(file, StandardCharsets.UTF_8));
    }

    /** Pulumi's own runner, with the thread-per-task executor it is safe with, gives the same plans as PlanRunner. */
    @Test
    void pulumisRunnerGivesByteIdenticalPlans() throws Exception {
        for (String stack : List.of("dev", "prod")) {
            Path file = dir.resolve(stack + "-pulumi-runner.json");
            Result run = java("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Dplan.runner=pulumi",
                    "-D" + CommonPool.PARALLELISM + "=1", "-cp", JAR.toString(), PlanCommand.class.getName(), stack,
                    "--json", file.toString());
            assertEquals(0, run.exit(), run.err());
            String withPlanRunner = OfflinePlan.of(StackFiles.read(Path.of("."), stack)).toJson();
            assertEquals(withPlanRunner, Files.readString(file, StandardCharsets.UTF_8), stack);
        }
    }

    @Test
    void pluginDiscoveryFindsTheAwsProvider() throws Exception {
        Result run = java("-XX:TieredStopAtLevel=1", "-cp", PROGRAM_JAR.toString(), "com.pulumi.bootstrap.internal.Main",
                "packages");
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("\"name\":\"aws\",\"version\":\"6.83.0\""), run.out());
    }

    @Test
    void theProgramStartsAndStopsOnlyForWantOfTheEngine() throws Exception {
        Result run = java("-XX:TieredStopAtLevel=1", "-jar", PROGRAM_JAR.toString());
        assertTrue(run.exit() != 0);
        assertTrue(run.err().contains("PULUMI_MONITOR"), run.err());
        assertFalse(run.err().contains("NoClassDefFoundError") || run.err().contains("ClassNotFoundException"), run.err());
    }

    /** The mock engine, the plan document, the diff, the review and the prices stay out of what Pulumi runs. */
    @Test
    void theProgramsJarHoldsNoneOfTheTools() throws IOException {
        List<String> tools = List.of("io/securewebinfra/mockengine/", "io/securewebinfra/plandoc/",
                "io/securewebinfra/plan/", "io/securewebinfra/review/", "io/securewebinfra/cost/",
                "io/securewebinfra/cli/", "pricing/", "com/github/difflib/");
        List<String> found = new ArrayList<>();
        try (var jar = new java.util.jar.JarFile(PROGRAM_JAR.toFile())) {
            jar.stream().map(java.util.jar.JarEntry::getName)
                    .filter(name -> tools.stream().anyMatch(name::startsWith)).forEach(found::add);
            assertTrue(jar.getEntry("io/securewebinfra/App.class") != null, "the program's jar has no App");
            assertEquals("io.securewebinfra.App", jar.getManifest().getMainAttributes().getValue("Main-Class"));
        }
        assertEquals(List.of(), found);
    }
}
