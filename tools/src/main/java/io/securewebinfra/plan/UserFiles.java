package io.securewebinfra.plan;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Files named on the command line of {@code ./plan}. The script runs the program in the project directory, where
 * Pulumi runs it too (so that the stack files and {@code appArtifactPath} are read from there), but a path the user
 * types is relative to the directory they typed it in: the script passes that directory as {@code plan.caller}.
 */
public final class UserFiles {
    /** The system property that holds the directory {@code ./plan} was started from. */
    public static final String CALLER = "plan.caller";

    private UserFiles() {
    }

    /** The directory that relative paths on the command line are relative to; without the script, the JVM's own. */
    public static Path callerDirectory() {
        return Path.of(System.getProperty(CALLER, ""));
    }

    /** A path as given on the command line, relative to the caller's directory (an absolute one stays as it is). */
    public static Path resolve(Path caller, String given) {
        return caller.resolve(given);
    }

    /**
     * Why a file named after {@code option} cannot be written, checked before any work is done: its directory does
     * not exist or is not a directory, or the file is a directory. Empty when it looks writable.
     */
    public static Optional<String> notWritable(String option, String given, Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        if (Files.isDirectory(absolute)) {
            return Optional.of(option + " " + given + ": " + absolute + " is a directory; name a file to write");
        }
        Path parent = absolute.getParent();
        if (parent == null) {
            return Optional.empty();
        }
        if (!Files.exists(parent)) {
            return Optional.of(option + " " + given + ": the directory " + parent + " does not exist; create it "
                    + "first or name a file in an existing directory");
        }
        if (!Files.isDirectory(parent)) {
            return Optional.of(option + " " + given + ": " + parent + " is not a directory");
        }
        if (!Files.isWritable(parent)) {
            return Optional.of(option + " " + given + ": the directory " + parent + " is not writable");
        }
        return Optional.empty();
    }

    /** Writes a file the user named; a failure says which file and why, not just the path. */
    public static void write(Path file, String given, String text) throws IOException {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IOException("cannot write " + given + ": " + reason(e), e);
        }
    }

    private static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "its directory does not exist";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
