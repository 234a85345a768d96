package io.securewebinfra.cli;

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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Which Java {@code ./plan} runs and which class cache it keeps: the newest JDK 24+ in JAVA_HOME or the JVM
 * directories with an AOT cache, else {@code java} on PATH with a class data sharing archive; each cache made by the
 * first plan, used by the next, made again when the jar or the java binary is newer. Checked with stand-in JDKs whose
 * {@code java} records how it was called; then with the real JDKs, whose plans must be byte-identical to the
 * committed snapshot whichever path they take.
 */
class PlanJavaIT {
    private static final Path JAR = Path.of("tools/target/secure-web-infra-tools.jar").toAbsolutePath();

    @TempDir
    Path dir;
    private Path project;
    private Path jvms;
    private Path calls;
    private final Map<String, String> env = new HashMap<>();

    private record Result(int exit, String out, String err) {
    }

    @BeforeEach
    void project() throws IOException {
        project = Files.createDirectories(dir.resolve("project"));
        Files.copy(Path.of("plan"), project.resolve("plan"));
        executable(project.resolve("plan"));
        jvms = Files.createDirectories(dir.resolve("jvm"));
        calls = dir.resolve("java.calls");
        // The JDK on PATH is a 17, as Debian's default java is.
        Path pathJdk = standInJdk(dir.resolve("path-jdk"), "17.0.15");
        env.put("PATH", pathJdk.resolve("bin") + ":/usr/bin:/bin");
        env.put("PLAN_JVM_DIRS", jvms.toString());
    }

    private static void executable(Path file) throws IOException {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /**
     * A JDK whose {@code java} records its home and arguments and does what the JVM would with the cache options:
     * a recording run writes its configuration, the creating run the AOT cache, an archiving run the CDS archive.
     */
    private Path standInJdk(Path home, String version) throws IOException {
        Files.createDirectories(home.resolve("bin"));
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"Stand-in\"\nJAVA_VERSION=\"" + version + "\"\n");
        Path java = home.resolve("bin/java");
        Files.writeString(java, """
                #!/usr/bin/env bash
                echo "%s $*" >> '%s'
                for arg in "$@"; do
                  case "$arg" in
                    -XX:AOTConfiguration=*) [[ " $* " == *" -XX:AOTMode=record "* ]] && echo conf > "${arg#*=}" ;;
                    -XX:AOTCache=*) [[ " $* " == *" -XX:AOTMode=create "* ]] && echo aot > "${arg#*=}" ;;
                    -XX:ArchiveClassesAtExit=*) echo jsa > "${arg#*=}" ;;
                  esac
                done
                [[ " $* " == *" io.securewebinfra.cli.PlanCommand "* ]] && echo "the plan"
                exit "${STAND_IN_EXIT:-0}"
                """.formatted(home.getFileName(), calls));
        executable(java);
        return home;
    }

    private void standInJar() throws IOException {
        Files.createDirectories(project.resolve("tools/target"));
        Files.writeString(project.resolve("tools/target/secure-web-infra-tools.jar"), "a jar");
    }

    private Result plan(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(project.resolve("plan").toString()));
        command.addAll(List.of(args));
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(project.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().remove("JAVA_HOME");
        builder.environment().remove("PLAN_JAVA");
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().remove("JDK_JAVA_OPTIONS");
        builder.environment().remove("PLAN_CACHE");
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(300, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("./plan " + String.join(" ", args) + " did not finish in 5 minutes");
        }
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** The stand-in calls since the last time this was asked, one line each: the JDK's name and the arguments. */
    private List<String> javaCalls() throws IOException {
        if (!Files.exists(calls)) {
            return List.of();
        }
        List<String> lines = Files.readAllLines(calls);
        Files.delete(calls);
        return lines;
    }

    private Path cache(String name) {
        return project.resolve("tools/target/" + name);
    }

    @Test
    void theNewestJdk24OrLaterGetsAnAotCacheMadeByTheFirstPlan() throws Exception {
        standInJar();
        standInJdk(jvms.resolve("jdk-17"), "17.0.15");
        standInJdk(jvms.resolve("jdk-24"), "24.0.2");
        standInJdk(jvms.resolve("jdk-25"), "25.0.3");
        standInJdk(jvms.resolve("jdk-1.8"), "1.8.0_452");

        Result first = plan("dev", "--verbose");
        assertEquals(0, first.exit(), first.err());
        assertEquals("the plan\n", first.out());
        assertTrue(first.err().contains("plan: Java 25, " + jvms.resolve("jdk-25/bin/java") + " (the newest JDK 24+ in "
                + jvms + "); AOT cache tools/target/secure-web-infra-plan.jdk-25.aot (made by this run)"), first.err());
        List<String> training = javaCalls();
        assertEquals(2, training.size(), training.toString());
        assertTrue(training.get(0).startsWith("jdk-25 ") && training.get(0).contains(" -XX:AOTMode=record ")
                && training.get(0).contains(" -Dplan.verbose=true ")
                && training.get(0).endsWith(" io.securewebinfra.cli.PlanCommand dev"), training.get(0));
        assertTrue(training.get(1).contains(" -XX:AOTMode=create ") && !training.get(1).contains("PlanCommand"),
                training.get(1));
        assertTrue(Files.exists(cache("secure-web-infra-plan.jdk-25.aot")));
        try (Stream<Path> files = Files.list(project.resolve("tools/target"))) {
            assertEquals(List.of("secure-web-infra-plan.jdk-25.aot", "secure-web-infra-tools.jar"),
                    files.map(f -> f.getFileName().toString()).sorted().toList(), "no temporary file is left");
        }

        Result second = plan("dev", "--json");
        assertEquals(0, second.exit(), second.err());
        List<String> used = javaCalls();
        assertEquals(1, used.size(), used.toString());
        assertTrue(used.get(0).contains(" -XX:AOTCache=tools/target/secure-web-infra-plan.jdk-25.aot ")
                && used.get(0).endsWith(" dev --json") && !used.get(0).contains("AOTMode"), used.get(0));
        assertFalse(second.err().contains("plan: "), "nothing to say when the cache is used: " + second.err());

        // A newer jar makes the cache stale: the next plan makes it again.
        Files.setLastModifiedTime(project.resolve("tools/target/secure-web-infra-tools.jar"),
                FileTime.from(Instant.now().plusSeconds(60)));
        assertEquals(0, plan("dev").exit());
        assertTrue(javaCalls().get(0).contains(" -XX:AOTMode=record "));
        // So does a newer java binary (a JDK update in place).
        Files.setLastModifiedTime(jvms.resolve("jdk-25/bin/java"), FileTime.from(Instant.now().plusSeconds(120)));
        assertEquals(0, plan("dev").exit());
        assertTrue(javaCalls().get(0).contains(" -XX:AOTMode=record "));
    }

    @Test
    void aJdkInJavaHomeCountsAndWinsWhenNewer() throws Exception {
        standInJar();
        standInJdk(jvms.resolve("jdk-25"), "25.0.3");
        Path home = standInJdk(dir.resolve("elsewhere/jdk-26"), "26");
        env.put("JAVA_HOME", home.toString());
        Result run = plan("dev", "--verbose");
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.err().contains("plan: Java 26, " + home.resolve("bin/java") + " (JAVA_HOME); AOT cache "
                + "tools/target/secure-web-infra-plan.jdk-26.aot"), run.err());
        assertTrue(javaCalls().stream().allMatch(call -> call.startsWith("jdk-26 ")));
    }

    @Test
    void withoutJdk24OrLaterJavaOnPathKeepsAClassDataSharingArchive() throws Exception {
        standInJar();
        standInJdk(jvms.resolve("jdk-21"), "21.0.7");
        Result first = plan("dev", "--verbose");
        assertEquals(0, first.exit(), first.err());
        assertTrue(first.err().contains("plan: Java 17, " + dir.resolve("path-jdk/bin/java") + " (java on PATH, no JDK "
                + "24+ found); class data sharing archive tools/target/secure-web-infra-plan.path-jdk.jsa (made by "
                + "this run)"), first.err());
        List<String> archiving = javaCalls();
        assertEquals(1, archiving.size(), archiving.toString());
        assertTrue(archiving.get(0).startsWith("path-jdk ")
                && archiving.get(0).contains(" -XX:ArchiveClassesAtExit=tools/target/secure-web-infra-plan.path-jdk.jsa.")
                && !archiving.get(0).contains("--sun-misc-unsafe-memory-access"), archiving.get(0));

        assertEquals(0, plan("dev").exit());
        String used = javaCalls().get(0);
        assertTrue(used.contains(" -XX:SharedArchiveFile=tools/target/secure-web-infra-plan.path-jdk.jsa "), used);
    }

    @Test
    void planJavaChoosesExplicitly() throws Exception {
        standInJar();
        standInJdk(jvms.resolve("jdk-25"), "25.0.3");
        Path chosen = standInJdk(dir.resolve("chosen-jdk"), "21.0.7");
        env.put("PLAN_JAVA", chosen.resolve("bin/java").toString());
        Result run = plan("dev", "--verbose");
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.err().contains("plan: Java 21, " + chosen.resolve("bin/java") + " (PLAN_JAVA); class data "
                + "sharing archive"), run.err());
        assertTrue(javaCalls().stream().allMatch(call -> call.startsWith("chosen-jdk ")));
    }

    @Test
    void aFailedPlanLeavesNoCache() throws Exception {
        standInJar();
        standInJdk(jvms.resolve("jdk-25"), "25.0.3");
        env.put("STAND_IN_EXIT", "2");
        Result run = plan("dev");
        assertEquals(2, run.exit(), run.err());
        List<String> attempted = javaCalls();
        assertEquals(1, attempted.size(), "no cache is written from a failed plan: " + attempted);
        try (Stream<Path> files = Files.list(project.resolve("tools/target"))) {
            assertEquals(List.of("secure-web-infra-tools.jar"), files.map(f -> f.getFileName().toString()).toList());
        }
    }

    @Test
    void planCacheOffAndHelpNeitherUseNorMakeACache() throws Exception {
        standInJar();
        standInJdk(jvms.resolve("jdk-25"), "25.0.3");
        assertEquals(0, plan("dev").exit());
        assertTrue(Files.exists(cache("secure-web-infra-plan.jdk-25.aot")));
        javaCalls();

        env.put("PLAN_CACHE", "off");
        Result run = plan("dev", "--verbose");
        assertEquals(0, run.exit(), run.err());
        assertEquals("the plan\n", run.out());
        assertTrue(run.err().contains("plan: Java 25, " + jvms.resolve("jdk-25/bin/java") + " (the newest JDK 24+ in "
                + jvms + "); no cache (PLAN_CACHE=off)"), run.err());
        List<String> ran = javaCalls();
        assertEquals(1, ran.size(), ran.toString());
        assertFalse(ran.get(0).contains("AOT") || ran.get(0).contains("Archive"), ran.get(0));
        assertTrue(ran.get(0).endsWith(" io.securewebinfra.cli.PlanCommand dev"), ran.get(0));

        // Nor on Java 17, whose archive would be made by this run.
        Files.delete(cache("secure-web-infra-plan.jdk-25.aot"));
        env.put("PLAN_JVM_DIRS", "");
        assertEquals(0, plan("dev").exit());
        assertFalse(javaCalls().get(0).contains("Archive"));
        try (Stream<Path> files = Files.list(project.resolve("tools/target"))) {
            assertEquals(List.of("secure-web-infra-tools.jar"), files.map(f -> f.getFileName().toString()).toList());
        }

        // Help loads few classes: no cache is made from it.
        env.remove("PLAN_CACHE");
        env.put("PLAN_JVM_DIRS", jvms.toString());
        for (String help : List.of("help", "--help", "-h")) {
            Result helped = plan(help, "--verbose");
            assertEquals(0, helped.exit(), helped.err());
            assertTrue(helped.err().contains("; no cache (help)"), helped.err());
            assertFalse(javaCalls().get(0).contains("AOT"));
        }
        try (Stream<Path> files = Files.list(project.resolve("tools/target"))) {
            assertEquals(List.of("secure-web-infra-tools.jar"), files.map(f -> f.getFileName().toString()).toList());
        }

        env.put("PLAN_CACHE", "no");
        Result refused = plan("dev");
        assertEquals(2, refused.exit());
        assertTrue(refused.err().contains("PLAN_CACHE=no: expected auto"), refused.err());
        assertEquals(List.of(), javaCalls());
    }

    /** The JDKs of this machine (CI's has a Temurin JDK beside Debian's): the AOT path plans byte-identically. */
    @Test
    void theRealJdksPlanByteIdenticallyWithAndWithoutTheirCaches() throws Exception {
        Optional<Path> newest = newestJdk24OrLater();
        // A JDK 24+ is a speed-up ./plan uses where it finds one, not a tool the project needs (Java 17 is its
        // minimum): a machine without one, such as GitHub's runners, skips this even under REQUIRE_REAL_TOOLS, and
        // the run's closing summary says so.
        assumeTrue(newest.isPresent(), "no JDK 24 or later under /usr/lib/jvm; skipping the AOT cache's plans "
                + "(./plan uses one where it finds it)");
        Files.createDirectories(project.resolve("tools/target"));
        Files.copy(JAR, project.resolve("tools/target/secure-web-infra-tools.jar"));
        Files.copy(Path.of("Pulumi.yaml"), project.resolve("Pulumi.yaml"));
        Files.copy(Path.of("Pulumi.dev.yaml"), project.resolve("Pulumi.dev.yaml"));
        String expected = Files.readString(Path.of("plans/dev.json"));
        env.remove("PATH");
        env.put("PLAN_JVM_DIRS", "/usr/lib/jvm");

        Result training = plan("dev", "--json", "--verbose");
        assertEquals(0, training.exit(), training.err());
        assertTrue(training.err().contains("(made by this run)") && training.err().contains("AOT cache"), training.err());
        assertEquals(expected, training.out(), "the recording run");
        Result cached = plan("dev", "--json", "--verbose");
        assertEquals(0, cached.exit(), cached.err());
        assertTrue(cached.err().contains("(used)"), cached.err());
        assertEquals(expected, cached.out(), "the run with the AOT cache");

        // The Java that runs these tests (17 in CI), as ./plan runs it where there is no JDK 24+.
        env.put("PLAN_JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        assertEquals(expected, plan("dev", "--json").out(), "the run that writes the archive");
        Result archived = plan("dev", "--json", "--verbose");
        assertTrue(archived.err().contains("(used)"), archived.err());
        assertEquals(expected, archived.out(), "the run with the archive");
    }

    private static Optional<Path> newestJdk24OrLater() throws IOException {
        Path jvm = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvm)) {
            return Optional.empty();
        }
        Path best = null;
        int bestFeature = 0;
        try (Stream<Path> homes = Files.list(jvm)) {
            for (Path home : homes.toList()) {
                Path release = home.resolve("release");
                if (!Files.isExecutable(home.resolve("bin/java")) || !Files.isReadable(release)) {
                    continue;
                }
                for (String line : Files.readAllLines(release)) {
                    var m = java.util.regex.Pattern.compile("^JAVA_VERSION=\"(\\d+)").matcher(line);
                    if (m.find() && Integer.parseInt(m.group(1)) >= 24 && Integer.parseInt(m.group(1)) > bestFeature) {
                        bestFeature = Integer.parseInt(m.group(1));
                        best = home;
                    }
                }
            }
        }
        return Optional.ofNullable(best);
    }
}
