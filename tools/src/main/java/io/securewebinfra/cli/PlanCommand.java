package io.securewebinfra.cli;

import io.securewebinfra.plan.Notices;
import io.securewebinfra.plan.UserFiles;
import io.securewebinfra.plandoc.Plan;
import io.securewebinfra.plan.OfflinePlan;
import io.securewebinfra.config.StackFiles;
import io.securewebinfra.mockengine.CommonPool;

import io.securewebinfra.config.InvalidConfigException;
import io.securewebinfra.review.DiffCommand;
import io.securewebinfra.review.SnapshotCommand;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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

    /** {@code -Dplan.verbose=true} ({@code ./plan --verbose}): how long each step of a plan took, on standard error. */
    static final String VERBOSE_PROPERTY = "plan.verbose";

    public static void main(String[] args) {
        Timings.start();
        CommonPool.sizeForPlanRunner();
        System.exit(run(args, Path.of(System.getProperty("plan.directory", ".")), UserFiles.callerDirectory()));
    }

    /** As {@link #run(String[], Path, Path)}, with relative paths on the command line relative to the JVM's own. */
    static int run(String[] args, Path directory) {
        return run(args, directory, Path.of(""));
    }

    /**
     * @param directory the project directory, with {@code Pulumi.yaml} and the stack files
     * @param caller    the directory the user runs {@code ./plan} in: the file of {@code --json FILE} is relative to it
     */
    static int run(String[] args, Path directory, Path caller) {
        Notices.startCommand();
        if (args.length > 0 && args[0].equals("diff")) {
            return DiffCommand.run(List.of(args).subList(1, args.length), directory, caller);
        }
        if (args.length > 0 && args[0].equals("snapshot")) {
            return SnapshotCommand.run(List.of(args).subList(1, args.length), directory);
        }
        String stack = null;
        String jsonFile = null;
        boolean json = false;
        boolean cost = false;
        // ./plan takes --verbose itself (it says which Java runs) and passes it on as -Dplan.verbose=true.
        boolean verbose = Boolean.getBoolean(VERBOSE_PROPERTY);
        java.util.Map<String, String> overrides = new java.util.LinkedHashMap<>();
        List<String> rest = new ArrayList<>();
        for (String arg : args) {
            // --json=FILE and --set=KEY=VALUE are read as --json FILE and --set KEY=VALUE.
            if (arg.startsWith("--json=") || arg.startsWith("--set=")) {
                rest.addAll(List.of(arg.split("=", 2)));
            } else {
                rest.add(arg);
            }
        }
        for (int i = 0; i < rest.size(); i++) {
            String arg = rest.get(i);
            if (arg.equals("--json")) {
                json = true;
                if (i + 1 < rest.size() && !rest.get(i + 1).startsWith("-")) {
                    jsonFile = rest.get(++i);
                }
            } else if (arg.equals("--set")) {
                if (i + 1 == rest.size()) {
                    return usageError("--set needs KEY=VALUE, for example --set webTierMode=autoscaling");
                }
                String setting = rest.get(++i);
                if (!setting.matches("[\\w:.-]+=.*")) {
                    return usageError("--set " + setting + ": expected KEY=VALUE, for example --set "
                            + "webTierMode=autoscaling (an empty VALUE unsets KEY: --set webServerCount=)");
                }
                String[] pair = setting.split("=", 2);
                overrides.put(pair[0], pair[1]);
            } else if (arg.equals("--cost")) {
                cost = true;
            } else if (arg.equals("--verbose")) {
                verbose = true;
            } else if (arg.equals("-h") || arg.equals("--help") || arg.equals("help")) {
                System.out.println(usage());
                return OK;
            } else if (arg.startsWith("-")) {
                return usageError("unknown argument " + arg);
            } else if (stack != null) {
                return usageError("unexpected argument " + arg + ": the stack is already " + stack
                        + " (one stack per run)");
            } else {
                stack = arg;
            }
        }
        if (stack == null) {
            stack = "dev";
        }
        Path output = jsonFile == null ? null : UserFiles.resolve(caller, jsonFile);
        if (output != null) {
            // Checked before the plan is made, which takes seconds: a typo in the path is told at once.
            Optional<String> problem = UserFiles.notWritable("--json", jsonFile, output);
            if (problem.isPresent()) {
                System.err.println("error: " + problem.get());
                return INVALID;
            }
        }
        Timings timings = Timings.of(verbose);
        try {
            var raw = StackFiles.read(directory, stack).with(overrides);
            timings.mark("configuration");
            Plan plan = OfflinePlan.of(raw);
            timings.mark("engine (" + plan.resources().size() + " resources)");
            Notices.print(plan.notices());
            if (cost) {
                int status = CostCommand.print(plan, raw.get("aws:region").orElse(null), json, output, jsonFile);
                timings.mark("cost").print();
                return status;
            }
            if (!json) {
                System.out.print(PlanTree.render(plan, raw.get("aws:region").orElse("?")));
            } else if (output == null) {
                System.out.print(plan.toJson());
            } else {
                UserFiles.write(output, jsonFile, plan.toJson());
                System.err.println("wrote the " + stack + " plan to " + jsonFile);
            }
            System.out.flush();
            timings.mark(json ? "JSON" : "tree").print();
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

    private static int usageError(String message) {
        System.err.println("error: " + message + "\n\n" + usage());
        return INVALID;
    }

    static String usage() {
        return "usage: ./plan [STACK] [--json [FILE]] [--cost] [--set KEY=VALUE]... [--verbose]\n"
                + "       ./plan help            this text (also -h, --help)\n"
                + "       ./plan diff ...        compare plans as Markdown (./plan diff --help)\n"
                + "       ./plan snapshot [STACK...]  write the plans/<STACK>.json snapshots\n"
                + "  STACK        a stack with a Pulumi.<STACK>.yaml in the project directory (default: dev)\n"
                + "  --json FILE  write the plan as JSON to FILE, relative to the current directory (to standard\n"
                + "               output without FILE)\n"
                + "  --cost       the estimated monthly cost instead of the plan (as JSON with --json)\n"
                + "  --set KEY=VALUE  plan with KEY set to VALUE instead of the stack file's (empty: unset);\n"
                + "               repeatable, for example --set webTierMode=autoscaling --set webServerCount=\n"
                + "  --verbose    say on standard error which Java runs the plan, whether its class cache was used,\n"
                + "               and how long each step took";
    }
}
