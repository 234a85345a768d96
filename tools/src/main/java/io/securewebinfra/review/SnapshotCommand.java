package io.securewebinfra.review;

import io.securewebinfra.config.InvalidConfigException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** {@code ./plan snapshot [STACK...]}: writes each stack's current plan to {@code plans/<stack>.json}. */
public final class SnapshotCommand {
    private SnapshotCommand() {
    }

    public static int run(List<String> args, Path project) {
        String usage = "usage: ./plan snapshot [STACK...]   (default: every stack)";
        if (args.contains("-h") || args.contains("--help") || args.contains("help")) {
            System.out.println(usage);
            return DiffCommand.NO_RISK;
        }
        for (String arg : args) {
            if (arg.startsWith("-")) {
                System.err.println("error: unknown option " + arg + "\n" + usage);
                return DiffCommand.INVALID;
            }
        }
        List<String> stacks = args.isEmpty() ? Snapshots.stacks(project) : args;
        try {
            for (String stack : stacks) {
                String plan = Snapshots.current(project, stack);
                Path file = Snapshots.file(project, stack);
                boolean same = Snapshots.committed(project, stack).map(plan::equals).orElse(false);
                if (!same) {
                    Files.createDirectories(file.getParent());
                    Files.writeString(file, plan, StandardCharsets.UTF_8);
                }
                System.err.println((same ? "unchanged " : "wrote ") + Snapshots.DIRECTORY + "/" + stack + ".json");
            }
            return DiffCommand.NO_RISK;
        } catch (InvalidConfigException e) {
            System.err.println("error: " + e.getMessage());
            return DiffCommand.INVALID;
        } catch (IOException | RuntimeException e) {
            System.err.println("error: the snapshot failed: " + e.getMessage());
            return DiffCommand.FAILED;
        }
    }
}
