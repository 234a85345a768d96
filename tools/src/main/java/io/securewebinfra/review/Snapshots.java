package io.securewebinfra.review;

import io.securewebinfra.plan.Notices;
import io.securewebinfra.plan.OfflinePlan;
import io.securewebinfra.config.StackFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The committed plan of each stack, {@code plans/<stack>.json}: what the code on a branch declares, so that a pull
 * request shows every infrastructure change as a diff of these files, and so that any git revision's plan can be
 * read back without building that revision.
 */
public final class Snapshots {
    public static final String DIRECTORY = "plans";

    private Snapshots() {
    }

    public static Path file(Path project, String stack) {
        return project.resolve(DIRECTORY).resolve(stack + ".json");
    }

    /** The stacks of the project: one per {@code Pulumi.<stack>.yaml}. */
    public static List<String> stacks(Path project) {
        return StackFiles.stacks(project);
    }

    /** The plan the current code and stack file give, as JSON. Notices go to standard error, each once a command. */
    public static String current(Path project, String stack) {
        var plan = OfflinePlan.of(StackFiles.read(project, stack));
        Notices.print(plan.notices());
        return plan.toJson();
    }

    /** The committed snapshot in the working tree, if there is one. */
    public static Optional<String> committed(Path project, String stack) throws IOException {
        Path file = file(project, stack);
        return Files.isRegularFile(file) ? Optional.of(Files.readString(file, StandardCharsets.UTF_8))
                : Optional.empty();
    }

    /**
     * The snapshot as it was at a git revision, or empty when the stack had none there (a new stack).
     *
     * @throws IllegalArgumentException when the revision does not exist
     */
    public static Optional<String> atRevision(Path project, String revision, String stack) throws IOException {
        requireRevision(project, revision);
        Git shown = git(project, "show", revision + ":" + DIRECTORY + "/" + stack + ".json");
        return shown.exitCode == 0 ? Optional.of(shown.output) : Optional.empty();
    }

    private static void requireRevision(Path project, String revision) throws IOException {
        if (revision.startsWith("-") || git(project, "rev-parse", "--verify", "--quiet", revision + "^{commit}")
                .exitCode != 0) {
            throw new IllegalArgumentException("no git revision " + revision + " in " + project.toAbsolutePath()
                    + " (a branch, tag or commit; in CI, fetch it first)");
        }
    }

    /** The stacks that have a snapshot at a git revision (which must exist). */
    public static List<String> stacksAtRevision(Path project, String revision) throws IOException {
        requireRevision(project, revision);
        Git listed = git(project, "ls-tree", "--name-only", revision + ":" + DIRECTORY);
        if (listed.exitCode != 0) {
            return List.of();
        }
        return listed.output.lines().filter(f -> f.endsWith(".json"))
                .map(f -> f.substring(0, f.length() - ".json".length())).toList();
    }

    private record Git(int exitCode, String output) {
    }

    private static Git git(Path project, String... args) throws IOException {
        var command = new java.util.ArrayList<>(List.of("git", "-C", project.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("git " + String.join(" ", args) + " did not finish within 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running git", e);
        }
        return new Git(process.exitValue(), output);
    }
}
