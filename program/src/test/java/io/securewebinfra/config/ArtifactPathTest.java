package io.securewebinfra.config;

import io.securewebinfra.TestStacks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * appArtifactPath names a regular file inside the project directory (the working directory, as under Pulumi and
 * ./plan): a path out of it, by .. or a symbolic link, an absolute path, a directory or a named pipe is refused before
 * the file is opened.
 */
class ArtifactPathTest {
    private static final String NS = "secure-web-infra:";
    private static final Path DIR = Path.of("target", "artifact-path-test");
    private static final Path ROOT = Path.of("").toAbsolutePath();

    @TempDir
    static Path outside;

    @BeforeAll
    static void files() throws IOException, InterruptedException {
        Files.createDirectories(DIR);
        Files.write(DIR.resolve("app.tar.gz"), new byte[] {0x1f, (byte) 0x8b});
        Files.write(outside.resolve("elsewhere.tar.gz"), new byte[] {0x1f, (byte) 0x8b});
        link(DIR.resolve("inside-link.tar.gz"), Path.of("app.tar.gz"));
        link(DIR.resolve("outside-link.tar.gz"), outside.resolve("elsewhere.tar.gz"));
        link(DIR.resolve("linked-dir"), outside);
        Files.createDirectories(DIR.resolve("dir.tar.gz"));
        Path fifo = DIR.resolve("pipe.tar.gz");
        Files.deleteIfExists(fifo);
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertEquals(0, mkfifo.waitFor(), "mkfifo makes the named pipe");
    }

    private static void link(Path link, Path target) throws IOException {
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, target);
    }

    private static List<String> problems(String path) {
        return assertThrows(InvalidConfigException.class, () -> TestStacks.settings("dev",
                Map.of("appArtifactPath", path, "appStartCommand", "./run"))).problems();
    }

    private static void assertRefused(String path, String allowed) {
        assertEquals(List.of(NS + "appArtifactPath = \"" + path + "\": must be " + allowed), problems(path));
    }

    @Test
    void aRegularFileInsideTheProjectIsAcceptedDirectlyOrThroughALinkThatStaysInside() {
        for (String path : List.of(DIR + "/app.tar.gz", DIR + "/inside-link.tar.gz", DIR + "/../artifact-path-test/app.tar.gz")) {
            var application = TestStacks.settings("dev", Map.of("appArtifactPath", path, "appStartCommand", "./run"))
                    .webTier().application().orElseThrow();
            assertEquals(Path.of(path), application.archive());
            assertEquals(64, application.sha256().length());
        }
    }

    @Test
    void aPathOutOfTheProjectDirectoryIsRefused() {
        assertRefused("../elsewhere.tar.gz", "inside the project directory " + ROOT + ": ../elsewhere.tar.gz is outside it");
        assertRefused("target/../../elsewhere.tar.gz", "inside the project directory " + ROOT
                + ": target/../../elsewhere.tar.gz is outside it");
        String absolute = outside.resolve("elsewhere.tar.gz").toString();
        assertRefused(absolute, "a path relative to the project directory " + ROOT + ", not an absolute one");
        assertRefused(ROOT.resolve(DIR).resolve("app.tar.gz").toString(), "a path relative to the project directory "
                + ROOT + ", not an absolute one");
    }

    @Test
    void aSymbolicLinkOutOfTheProjectDirectoryIsRefused() throws IOException {
        Path real = outside.resolve("elsewhere.tar.gz").toRealPath();
        assertRefused(DIR + "/outside-link.tar.gz", "inside the project directory " + ROOT + ": it is a symbolic link to "
                + real + ", outside it");
        assertRefused(DIR + "/linked-dir/elsewhere.tar.gz", "inside the project directory " + ROOT
                + ": it is a symbolic link to " + real + ", outside it");
    }

    @Test
    void aDirectoryOrANamedPipeIsRefusedWithoutOpeningIt() {
        assertRefused(DIR + "/dir.tar.gz", "a regular file, not a directory");
        // Opening a named pipe blocks until something writes to it: the check must not open it.
        assertTimeoutPreemptively(Duration.ofSeconds(20), () ->
                assertRefused(DIR + "/pipe.tar.gz", "a regular file, not a named pipe, socket or device"));
    }

    @Test
    void aMissingFileOrAPathThatCannotBeOneIsRefused() {
        assertRefused(DIR + "/missing.tar.gz", "a readable file: there is no such file in the project directory " + ROOT);
        assertRefused("app\u0000.tar.gz", "a file path (Nul character not allowed)");
    }

    @Test
    void thePathIsCheckedEvenWhenTheStartCommandIsRefused() {
        List<String> problems = assertThrows(InvalidConfigException.class, () -> TestStacks.settings("dev",
                Map.of("appArtifactPath", "../x.tar.gz", "appStartCommand", "echo 'hi'"))).problems();
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith(NS + "appArtifactPath = \"../x.tar.gz\": must be inside")),
                problems.toString());
    }
}
