package io.securewebinfra.ci;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Without Node.js 20+ and npm, the test command ({@code ./mvnw -B verify} runs {@code policies/build}) and
 * {@code .ci/run} stop with what is missing, what was found and where to get it, not a shell's "command not found".
 * The scripts run with a PATH of their own: the shell's basic tools, and a stand-in node or npm where a case has one.
 */
class NodeCheckTest {
    private static final Path POLICIES = Path.of("policies").toAbsolutePath();

    @TempDir
    Path bin;

    private record Result(int exit, String err) {
    }

    private Result run(String script) throws IOException, InterruptedException {
        for (String tool : List.of("bash", "dirname", "cat")) {
            if (!Files.exists(bin.resolve(tool))) {
                executable(tool, "exec " + which(tool) + " \"$@\"");
            }
        }
        ProcessBuilder builder = new ProcessBuilder(POLICIES.resolve(script).toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().clear();
        builder.environment().putAll(Map.of("PATH", bin.toString(), "HOME", bin.toString()));
        Process process = builder.start();
        String err = new String(process.getErrorStream().readAllBytes());
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), script + " finished");
        return new Result(process.exitValue(), err);
    }

    private static Path which(String tool) {
        for (String dir : System.getenv("PATH").split(":")) {
            Path candidate = Path.of(dir, tool);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError(tool + " is not on PATH");
    }

    /** A script in the PATH of the run: the real tool called through it, or a stand-in. */
    private void executable(String tool, String body) throws IOException {
        Path file = bin.resolve(tool);
        Files.writeString(file, "#!" + which("bash") + "\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private void fake(String tool, String output) throws IOException {
        executable(tool, "echo '" + output + "'");
    }

    private static void assertExplains(Result result, String problem) {
        assertEquals(1, result.exit(), result.err());
        assertTrue(result.err().startsWith("error: the policy pack (policies/) needs Node.js 20 or later with npm, and "
                + problem), result.err());
        assertTrue(result.err().contains("https://nodejs.org/en/download"), result.err());
        assertFalse(result.err().contains("command not found"), result.err());
    }

    @Test
    void withoutNodeTheBuildSaysWhatIsNeededAndWhereToGetIt() throws Exception {
        assertExplains(run("check-node"), "node is not on PATH.");
        // The script the test command runs first, before npm could ever be called.
        assertExplains(run("build"), "node is not on PATH.");
    }

    @Test
    void anOlderNodeIsNamedWithItsVersion() throws Exception {
        fake("node", "v18.19.1");
        fake("npm", "9.2.0");
        assertExplains(run("check-node"), "the node on PATH (" + bin.resolve("node") + ") is v18.19.1, older than 20.");
    }

    @Test
    void nodeWithoutNpmIsNamed() throws Exception {
        fake("node", "v22.11.0");
        assertExplains(run("check-node"), "npm is not on PATH (node v22.11.0 is).");
    }

    @Test
    void node20WithNpmPasses() throws Exception {
        fake("node", "v20.20.2");
        fake("npm", "10.8.2");
        Result result = run("check-node");
        assertEquals(0, result.exit(), result.err());
        assertEquals("", result.err());
    }
}
