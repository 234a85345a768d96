package io.securewebinfra.review;

import io.securewebinfra.config.InvalidConfigException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code ./plan diff}: what a change does to the infrastructure, as Markdown for a pull request.
 * <ul>
 *   <li>{@code ./plan diff OLD.json NEW.json}: two JSON plans;</li>
 *   <li>{@code ./plan diff [STACK...]}: each stack's committed snapshot against what the current code plans;</li>
 *   <li>{@code ./plan diff [STACK...] --base REV}: the snapshots at a git revision against the current code.</li>
 * </ul>
 * Exit codes: 0 no risk, 3 risks found, 1 failure, 2 invalid configuration or usage.
 */
public final class DiffCommand {
    public static final int NO_RISK = 0;
    public static final int FAILED = 1;
    public static final int INVALID = 2;
    public static final int RISKS = 3;

    private DiffCommand() {
    }

    public static int run(List<String> args, Path project) {
        List<String> positional = new ArrayList<>();
        String base = null;
        Path output = null;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if ((arg.equals("--base") || arg.equals("--output")) && i + 1 < args.size()) {
                if (arg.equals("--base")) {
                    base = args.get(++i);
                } else {
                    output = Path.of(args.get(++i));
                }
            } else if (arg.equals("-h") || arg.equals("--help")) {
                System.out.println(usage());
                return NO_RISK;
            } else if (arg.startsWith("-")) {
                return usageError("unknown or incomplete option: " + arg);
            } else {
                positional.add(arg);
            }
        }
        boolean files = !positional.isEmpty() && positional.stream().allMatch(a -> a.endsWith(".json"));
        if (files && (positional.size() != 2 || base != null)) {
            return usageError("compare exactly two JSON plans, OLD.json NEW.json, without --base");
        }
        if (!files && positional.stream().anyMatch(a -> a.endsWith(".json"))) {
            return usageError("give either two JSON plans or stack names, not both");
        }
        try {
            PlanReview review = files ? compareFiles(positional.get(0), positional.get(1))
                    : compareStacks(project, positional.isEmpty() ? Snapshots.stacks(project) : positional, base);
            String markdown = review.markdown();
            if (output == null) {
                System.out.print(markdown);
            } else {
                Files.writeString(output, markdown, StandardCharsets.UTF_8);
                System.err.println("wrote the plan diff to " + output);
            }
            int risks = review.allRisks().size();
            if (risks > 0) {
                System.err.println(risks + (risks == 1 ? " risk" : " risks") + " found: see the top of each stack's "
                        + "section (exit code " + RISKS + ")");
            }
            return risks == 0 ? NO_RISK : RISKS;
        } catch (InvalidConfigException | IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            return INVALID;
        } catch (IOException | RuntimeException e) {
            System.err.println("error: the plan diff failed: " + e.getMessage());
            return FAILED;
        }
    }

    private static PlanReview compareFiles(String before, String after) throws IOException {
        return PlanReview.of("`" + before + "`", List.of(new PlanReview.Comparison(
                PlanDiff.parse(read(before), before), PlanDiff.parse(read(after), after))));
    }

    private static String read(String file) throws IOException {
        Path path = Path.of(file);
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException("no such plan file: " + file);
        }
        return Files.readString(path, StandardCharsets.UTF_8);
    }

    private static PlanReview compareStacks(Path project, List<String> stacks, String base) throws IOException {
        List<PlanReview.Comparison> comparisons = new ArrayList<>();
        for (String stack : stacks) {
            Optional<String> old = base == null ? Snapshots.committed(project, stack)
                    : Snapshots.atRevision(project, base, stack);
            String source = base == null ? Snapshots.file(project, stack).toString()
                    : base + ":" + Snapshots.DIRECTORY + "/" + stack + ".json";
            if (old.isEmpty()) {
                System.err.println("note: no " + source + ": every resource of " + stack + " counts as new");
            }
            var before = old.map(json -> PlanDiff.parse(json, source)).orElse(PlanDiff.emptyPlan(stack));
            comparisons.add(new PlanReview.Comparison(before, PlanDiff.parse(Snapshots.current(project, stack),
                    "the " + stack + " plan")));
        }
        return PlanReview.of(base == null ? "the committed snapshots (`" + Snapshots.DIRECTORY + "/`)"
                : "`" + base + "`", comparisons);
    }

    private static int usageError(String message) {
        System.err.println(message + "\n" + usage());
        return INVALID;
    }

    public static String usage() {
        return "usage: ./plan diff OLD.json NEW.json\n"
                + "       ./plan diff [STACK...] [--base REV] [--output FILE]\n"
                + "  compares two JSON plans, or each stack's snapshot in " + Snapshots.DIRECTORY + "/ (as committed at\n"
                + "  git revision REV with --base) against what the current code plans; prints Markdown.\n"
                + "  exit codes: 0 no risk, 3 risks found, 1 failure, 2 invalid configuration or usage";
    }
}
