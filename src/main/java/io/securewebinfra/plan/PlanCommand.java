package io.securewebinfra.plan;

import io.securewebinfra.config.InvalidConfigException;
import io.securewebinfra.review.DiffCommand;
import io.securewebinfra.review.SnapshotCommand;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ./plan [STACK] [--json [FILE]] [--cost] [--set KEY=VALUE]...}: the stack's plan without a cloud, from its {@code Pulumi.<STACK>.yaml}.
 * Exit codes: 0 planned, 1 the program failed, 2 invalid configuration or usage.
 * {@code ./plan diff ...} and {@code ./plan snapshot ...} review changes: see {@link DiffCommand}.
 */
public final class PlanCommand {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int INVALID = 2;

    private PlanCommand() {
    }

    public static void main(String[] args) {
        CommonPool.sizeForPlanRunner();
        System.exit(run(args, Path.of(System.getProperty("plan.directory", "."))));
    }

    static int run(String[] args, Path directory) {
        Notices.startCommand();
        if (args.length > 0 && args[0].equals("diff")) {
            return DiffCommand.run(List.of(args).subList(1, args.length), directory);
        }
        if (args.length > 0 && args[0].equals("snapshot")) {
            return SnapshotCommand.run(List.of(args).subList(1, args.length), directory);
        }
        String stack = "dev";
        String jsonFile = null;
        boolean json = false;
        boolean cost = false;
        java.util.Map<String, String> overrides = new java.util.LinkedHashMap<>();
        List<String> rest = new ArrayList<>(List.of(args));
        for (int i = 0; i < rest.size(); i++) {
            String arg = rest.get(i);
            if (arg.equals("--json")) {
                json = true;
                if (i + 1 < rest.size() && !rest.get(i + 1).startsWith("-")) {
                    jsonFile = rest.get(++i);
                }
            } else if (arg.equals("--set") && i + 1 < rest.size() && rest.get(i + 1).matches("[\\w:.-]+=.*")) {
                String[] setting = rest.get(++i).split("=", 2);
                overrides.put(setting[0], setting[1]);
            } else if (arg.equals("--cost")) {
                cost = true;
            } else if (arg.equals("-h") || arg.equals("--help")) {
                System.out.println(usage());
                return OK;
            } else if (!arg.startsWith("-") && i == 0) {
                stack = arg;
            } else {
                System.err.println("unknown argument: " + arg + "\n" + usage());
                return INVALID;
            }
        }
        try {
            var raw = StackFiles.read(directory, stack).with(overrides);
            Plan plan = OfflinePlan.of(raw);
            Notices.print(plan.notices());
            if (cost) {
                return CostCommand.print(plan, json, jsonFile);
            }
            if (!json) {
                System.out.print(PlanTree.render(plan, raw.get("aws:region").orElse("?")));
            } else if (jsonFile == null) {
                System.out.print(plan.toJson());
            } else {
                Files.writeString(Path.of(jsonFile), plan.toJson(), StandardCharsets.UTF_8);
                System.err.println("wrote the " + stack + " plan to " + jsonFile);
            }
            return OK;
        } catch (InvalidConfigException e) {
            System.err.println("error: stack " + stack + ": " + e.getMessage());
            return INVALID;
        } catch (IOException e) {
            System.err.println("error: " + e.getMessage());
            return FAILED;
        } catch (RuntimeException e) {
            System.err.println("error: the " + stack + " plan failed: " + e.getMessage());
            return FAILED;
        }
    }

    static String usage() {
        return "usage: ./plan [STACK] [--json [FILE]] [--cost] [--set KEY=VALUE]...\n"
                + "       ./plan diff ...        compare plans as Markdown (./plan diff --help)\n"
                + "       ./plan snapshot [STACK...]  write the plans/<STACK>.json snapshots\n"
                + "  STACK        a stack with a Pulumi.<STACK>.yaml here (default: dev)\n"
                + "  --json FILE  write the plan as JSON to FILE (to standard output without FILE)\n"
                + "  --cost       the estimated monthly cost instead of the plan (as JSON with --json)\n"
                + "  --set KEY=VALUE  plan with KEY set to VALUE instead of the stack file's (empty: unset);\n"
                + "               repeatable, for example --set webTierMode=autoscaling --set webServerCount=";
    }
}
