package io.securewebinfra.review;

import io.securewebinfra.config.InvalidConfigException;
import io.securewebinfra.plan.UserFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code ./plan diff}: what a change does to the infrastructure, as Markdown for a pull request.
 * <ul>
 *   <li>{@code ./plan diff OLD.json NEW.json}: two JSON plans;</li>
 *   <li>{@code ./plan diff [STACK...]}: each stack's committed snapshot against what the current code plans;</li>
 *   <li>{@code ./plan diff [STACK...] --base REV}: the snapshots at a git revision against the current code.</li>
 * </ul>
 * The policy pack ({@code policies/}) runs on both plans of each stack; what the new plan breaks that the old did
 * not is a risk. Without Node.js or the built pack the diff fails, unless {@code --no-pack} says to go without it.
 * Exit codes: 0 no risk, 3 risks found, 1 failure (the pack cannot run, git fails), 2 invalid configuration or usage
 * (an unknown option, a file that is not a plan, two resources at one address, a revision with no snapshots).
 */
public final class DiffCommand {
    public static final int NO_RISK = 0;
    public static final int FAILED = 1;
    public static final int INVALID = 2;
    public static final int RISKS = 3;

    private DiffCommand() {
    }

    /** As {@link #run(List, Path, Path)}, with relative paths on the command line relative to the JVM's own. */
    public static int run(List<String> args, Path project) {
        return run(args, project, Path.of(""));
    }

    /**
     * @param project the project directory: its stack files, {@code plans/} and {@code policies/}
     * @param caller  the directory the user runs {@code ./plan diff} in: plan files, {@code --output} and
     *                {@code --pack} are relative to it
     */
    public static int run(List<String> args, Path project, Path caller) {
        List<String> positional = new ArrayList<>();
        String base = null;
        String outputGiven = null;
        Path packDirectory = project.resolve("policies");
        boolean noPack = false;
        int maxChars = Integer.MAX_VALUE;
        Map<String, String> needs = Map.of("--base", "a git revision (a branch, tag or commit)",
                "--output", "a FILE to write the Markdown to", "--pack", "the policy pack's DIRECTORY",
                "--max-chars", "a number of characters");
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (needs.containsKey(arg)) {
                if (i + 1 == args.size() || args.get(i + 1).startsWith("--")) {
                    return usageError(arg + " needs " + needs.get(arg));
                }
                String value = args.get(++i);
                switch (arg) {
                    case "--base" -> base = value;
                    case "--output" -> outputGiven = value;
                    case "--pack" -> packDirectory = UserFiles.resolve(caller, value);
                    default -> {
                        try {
                            maxChars = Integer.parseInt(value);
                        } catch (NumberFormatException e) {
                            maxChars = -1;
                        }
                        if (maxChars < 1000) {
                            return usageError("--max-chars needs a number of at least 1000: " + value);
                        }
                    }
                }
            } else if (arg.equals("--no-pack")) {
                noPack = true;
            } else if (arg.equals("-h") || arg.equals("--help") || arg.equals("help")) {
                System.out.println(usage());
                return NO_RISK;
            } else if (arg.startsWith("-")) {
                return usageError("unknown option " + arg);
            } else {
                positional.add(arg);
            }
        }
        Path output = outputGiven == null ? null : UserFiles.resolve(caller, outputGiven);
        if (output != null) {
            // Checked before the plans are made and compared: a typo in the path is told at once.
            Optional<String> problem = UserFiles.notWritable("--output", outputGiven, output);
            if (problem.isPresent()) {
                System.err.println("error: " + problem.get());
                return INVALID;
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
            PolicyPack pack = null;
            String packNote = null;
            if (noPack) {
                packNote = "The policy pack was not run (`--no-pack`): rules it holds (firewalls, TLS, encryption, "
                        + "IAM, logging...) were not checked on the new plan; only the diff's own risks are listed.";
            } else {
                var node = new PolicyPack.Node(packDirectory);
                // Before any plan is made: a diff without its pack must fail, never report "no risk found".
                node.checkAvailable();
                pack = node;
            }
            List<PlanReview.Comparison> comparisons = files
                    ? compareFiles(caller, positional.get(0), positional.get(1))
                    : compareStacks(project, positional.isEmpty() ? Snapshots.stacks(project) : positional, base);
            PlanReview review = PlanReview.of(files ? "`" + positional.get(0) + "`" : base == null
                    ? "the committed snapshots (`" + Snapshots.DIRECTORY + "/`)" : "`" + base + "`",
                    comparisons, pack, packNote);
            String markdown = review.markdown(maxChars);
            if (output == null) {
                System.out.print(markdown);
            } else {
                UserFiles.write(output, outputGiven, markdown);
                System.err.println("wrote the plan diff to " + outputGiven);
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

    private static List<PlanReview.Comparison> compareFiles(Path caller, String before, String after)
            throws IOException {
        return List.of(new PlanReview.Comparison(PlanDiff.parse(read(caller, before), before),
                PlanDiff.parse(read(caller, after), after)));
    }

    private static String read(Path caller, String file) throws IOException {
        Path path = UserFiles.resolve(caller, file);
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException("no such plan file: " + file
                    + (Path.of(file).isAbsolute() ? "" : " (looked for " + path.toAbsolutePath().normalize() + ")"));
        }
        byte[] bytes = Files.readAllBytes(path);
        // A binary file (a jar, an image, a gzipped plan) is refused by name, not by a decoder's message.
        var decoder = StandardCharsets.UTF_8.newDecoder();
        try {
            String text = decoder.decode(java.nio.ByteBuffer.wrap(bytes)).toString();
            if (text.indexOf('\0') >= 0) {
                throw new java.nio.charset.CharacterCodingException();
            }
            return text;
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IllegalArgumentException(file + " is not a plan: it is a binary file, not UTF-8 JSON "
                    + "(write a plan with ./plan STACK --json FILE)");
        }
    }

    private static List<PlanReview.Comparison> compareStacks(Path project, List<String> stacks, String base)
            throws IOException {
        if (stacks.isEmpty()) {
            throw new IllegalArgumentException("no stack to compare: " + project.toAbsolutePath()
                    + " has no Pulumi.<stack>.yaml");
        }
        if (base != null && Snapshots.stacksAtRevision(project, base).isEmpty()) {
            // Every stack would count as new and every resource as added: a diff that reviews nothing.
            throw new IllegalArgumentException(base + " has no stack snapshots (no " + Snapshots.DIRECTORY
                    + "/<stack>.json): is it a revision from before ./plan snapshot? Compare two plan files instead");
        }
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
        return comparisons;
    }

    private static int usageError(String message) {
        System.err.println("error: " + message + "\n\n" + usage());
        return INVALID;
    }

    public static String usage() {
        return "usage: ./plan diff OLD.json NEW.json   (files relative to the current directory)\n"
                + "       ./plan diff [STACK...] [--base REV] [--output FILE]\n"
                + "  options: --no-pack (without the policy pack: a warning in the Markdown), --pack DIR (the\n"
                + "  pack's directory, default policies/), --max-chars N (keep the Markdown near N characters by\n"
                + "  leaving out details, never risks)\n"
                + "  compares two JSON plans, or each stack's snapshot in " + Snapshots.DIRECTORY + "/ (as committed at\n"
                + "  git revision REV with --base) against what the current code plans; prints Markdown.\n"
                + "  exit codes: 0 no risk, 3 risks found, 1 failure, 2 invalid configuration or usage";
    }
}
