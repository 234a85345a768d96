package io.securewebinfra.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Checks {@code appArtifactPath} before the archive is read: it names a regular file inside the project directory, the
 * directory the program runs in (Pulumi and {@code ./plan} run it in the directory of {@code Pulumi.yaml}). A path
 * that leaves the directory, by {@code ..} or through a symbolic link, would upload a file the project does not hold;
 * and a named pipe or device would block the plan when opened, so the file's type is checked first.
 */
final class ArtifactPath {
    private ArtifactPath() {
    }

    /** The outcome: the archive's path as given (which the upload uses) and its SHA-256, or what is wrong. */
    record Checked(Path archive, String sha256, String problem) {
    }

    static Checked check(String value, Path projectDirectory) {
        Path root;
        Path given;
        try {
            root = projectDirectory.toAbsolutePath().normalize();
            given = Path.of(value);
        } catch (InvalidPathException e) {
            return refused("a file path (" + e.getReason() + ")");
        }
        if (given.isAbsolute()) {
            return refused("a path relative to the project directory " + root + ", not an absolute one");
        }
        Path file = root.resolve(given).normalize();
        if (!file.startsWith(root)) {
            return refused("inside the project directory " + root + ": " + value + " is outside it");
        }
        if (!Files.exists(file)) {
            return refused("a readable file: there is no such file in the project directory " + root);
        }
        Path real;
        try {
            real = file.toRealPath();
            if (!real.startsWith(root.toRealPath())) {
                return refused("inside the project directory " + root + ": it is a symbolic link to " + real
                        + ", outside it");
            }
            BasicFileAttributes attributes = Files.readAttributes(real, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!attributes.isRegularFile()) {
                return refused("a regular file, not " + (attributes.isDirectory() ? "a directory"
                        : "a named pipe, socket or device"));
            }
            return new Checked(given, Validators.sha256(real), null);
        } catch (IOException e) {
            return refused("a readable file (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
    }

    private static Checked refused(String allowed) {
        return new Checked(null, null, allowed);
    }
}
