package io.securewebinfra.ci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.securewebinfra.review.Snapshots;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The GitHub workflows users get: they parse, name only files that exist, run the README's commands, preview every
 * stack with the policy pack, reach AWS only through OIDC role assumption, and deploy prod only after dev, behind
 * a protected environment.
 */
class WorkflowsTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Path ROOT = Path.of(".");
    private static final Path WORKFLOWS = ROOT.resolve(".github/workflows");
    private static final Path ACTION = ROOT.resolve(".github/actions/pulumi/action.yml");

    private static Map<String, JsonNode> workflows() throws IOException {
        Map<String, JsonNode> all = new TreeMap<>();
        try (Stream<Path> files = Files.list(WORKFLOWS)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yml")).toList()) {
                all.put(file.getFileName().toString(), YAML.readTree(file.toFile()));
            }
        }
        return all;
    }

    private static JsonNode workflow(String name) throws IOException {
        return workflows().get(name);
    }

    /** Every step of every job, and of the shared action. */
    private static List<JsonNode> steps() throws IOException {
        List<JsonNode> steps = new ArrayList<>();
        for (JsonNode workflow : workflows().values()) {
            workflow.path("jobs").forEach(job -> job.path("steps").forEach(steps::add));
        }
        YAML.readTree(ACTION.toFile()).path("runs").path("steps").forEach(steps::add);
        return steps;
    }

    /** The README's test command: the second of its two commands. */
    private static String readmeTestCommand() throws IOException {
        Matcher m = Pattern.compile("\\n(\\./mvnw [^#\\n]+?)\\s+# 2\\. every test").matcher(Files.readString(ROOT.resolve("README.md")));
        assertTrue(m.find(), "the README names its test command");
        return m.group(1).strip();
    }

    @Test
    void theWorkflowsParseAndHaveTriggersAndJobs() throws IOException {
        Map<String, JsonNode> all = workflows();
        assertEquals(List.of("deploy.yml", "pull-request.yml"), List.copyOf(all.keySet()));
        all.forEach((name, workflow) -> {
            assertTrue(triggers(workflow).isObject(), name + " has triggers");
            assertTrue(workflow.path("jobs").size() > 0, name + " has jobs");
            assertEquals("read", workflow.path("permissions").path("contents").asText(),
                    name + " gives the token read-only contents by default");
        });
        assertTrue(triggers(workflow("pull-request.yml")).has("pull_request"));
        assertEquals("main", triggers(workflow("deploy.yml")).path("push").path("branches").get(0).asText());
    }

    @Test
    void everyPathTheWorkflowsNameExists() throws IOException {
        Pattern path = Pattern.compile("(?<![\\w/$.-])(\\./[\\w./-]+|\\.ci/[\\w./-]+|policies(?:/[\\w./${} -]+)?)");
        List<String> named = new ArrayList<>();
        for (JsonNode step : steps()) {
            String run = step.path("run").asText("");
            String uses = step.path("uses").asText("");
            Matcher m = path.matcher(run);
            while (m.find()) {
                named.add(m.group(1));
            }
            if (uses.startsWith("./")) {
                named.add(uses + "/action.yml");
            }
            step.path("with").forEach(value -> {
                if (value.asText().startsWith("policies")) {
                    named.add(value.asText());
                }
            });
        }
        assertTrue(named.contains(".ci/run") && named.contains("./plan") && named.contains("./mvnw"), named.toString());
        for (String name : named) {
            for (String stack : Snapshots.stacks(ROOT)) {
                String file = name.replace("${{ inputs.stack }}", stack);
                assertTrue(Files.exists(ROOT.resolve(file)), "a workflow names " + file + ", which does not exist");
            }
        }
    }

    @Test
    void theTestsRunTheReadmeTestCommandThroughCi() throws IOException {
        String command = readmeTestCommand();
        assertEquals("./mvnw -B verify", command);
        assertTrue(Files.readString(ROOT.resolve(".ci/run")).contains("\n" + command + "\n"),
                ".ci/run runs the README's test command");
        for (String name : List.of("pull-request.yml", "deploy.yml")) {
            JsonNode test = workflow(name).path("jobs").path("test");
            assertTrue(test.path("steps").findValuesAsText("run").contains(".ci/run"), name + " runs .ci/run");
        }
    }

    @Test
    void thePlanDiffRunsAsTheReadmeDocumentsItAndRisksNeedALabel() throws IOException {
        JsonNode job = workflow("pull-request.yml").path("jobs").path("plan-diff");
        String run = String.join("\n", job.path("steps").findValuesAsText("run"));
        assertTrue(run.contains("./plan diff --base \"origin/$BASE_REF\" --output plan-diff.md"), run);
        assertTrue(Files.readString(ROOT.resolve("README.md")).contains("./plan diff --base origin/main"),
                "the README documents the same command");
        assertEquals(0, job.path("steps").get(0).path("with").path("fetch-depth").asInt(-1),
                "the base branch must be fetched");
        assertTrue(run.contains("infra-risk-accepted"), "exit code 3 fails the job unless a reviewer accepts the risk");
        assertTrue(run.contains("-ne 3"), "exit code 3 (risks) is told apart from a failure");
    }

    @Test
    void newCommitsRemoveTheAcceptanceAndTheCommentNeverCutsTheRisks() throws IOException {
        JsonNode pullRequest = workflow("pull-request.yml");
        assertTrue(triggers(pullRequest).path("pull_request").path("types").toString().contains("synchronize"));
        JsonNode steps = pullRequest.path("jobs").path("plan-diff").path("steps");
        JsonNode removal = null;
        int removalIndex = -1;
        int diffIndex = -1;
        int packIndex = -1;
        for (int i = 0; i < steps.size(); i++) {
            String run = steps.get(i).path("run").asText();
            if (run.contains("--remove-label infra-risk-accepted")) {
                removal = steps.get(i);
                removalIndex = i;
            }
            if (run.contains("./plan diff")) {
                diffIndex = i;
            }
            if (run.contains("npm run build")) {
                packIndex = i;
            }
        }
        assertTrue(removal != null, "a step removes the label on new commits");
        assertTrue(removal.path("if").asText().contains("github.event.action == 'synchronize'"), removal.toString());
        assertTrue(removalIndex < diffIndex && packIndex >= 0 && packIndex < diffIndex,
                "the pack is built and the label removed before the diff");
        String diff = steps.get(diffIndex).path("run").asText();
        assertTrue(diff.contains("--max-chars"), "the diff fits its details to the comment size itself: " + diff);
        String post = String.join("\n", steps.findValuesAsText("script"));
        assertFalse(post.contains("body.slice("), "slicing the comment could cut the risks off");
        String gate = "";
        for (JsonNode step : steps) {
            if (step.path("run").asText().contains("infra-risk-accepted")
                    && !step.path("run").asText().contains("--remove-label")) {
                gate = step.path("if").asText();
            }
        }
        assertTrue(gate.contains("synchronize"), "on a push the event still lists the removed label: " + gate);
    }

    @Test
    void everyStackIsPreviewedWithThePolicyPackOnPullRequests() throws IOException {
        JsonNode preview = workflow("pull-request.yml").path("jobs").path("preview");
        List<String> stacks = new ArrayList<>();
        preview.path("strategy").path("matrix").path("stack").forEach(s -> stacks.add(s.asText()));
        assertEquals(Snapshots.stacks(ROOT), stacks);
        JsonNode with = preview.path("steps").get(1).path("with");
        assertEquals("preview", with.path("command").asText());
        assertEquals("true", with.path("comment-on-pr").asText());
        JsonNode pulumi = pulumiStep();
        assertEquals("policies", pulumi.path("with").path("policyPacks").asText());
        assertEquals("policies/config/${{ inputs.stack }}.json", pulumi.path("with").path("policyPackConfigs").asText());
    }

    @Test
    void awsIsReachedOnlyThroughOidcRoleAssumption() throws IOException {
        String all = Files.readString(ACTION) + String.join("", workflows().values().stream()
                .map(JsonNode::toString).toList());
        for (String longLived : List.of("aws-access-key-id", "aws-secret-access-key", "AWS_ACCESS_KEY_ID",
                "AWS_SECRET_ACCESS_KEY")) {
            assertFalse(all.contains(longLived), "no long-lived AWS keys: " + longLived);
        }
        JsonNode credentials = steps().stream()
                .filter(s -> s.path("uses").asText().startsWith("aws-actions/configure-aws-credentials@"))
                .findFirst().orElseThrow();
        assertEquals("${{ inputs.role-arn }}", credentials.path("with").path("role-to-assume").asText());
        for (JsonNode workflow : workflows().values()) {
            workflow.path("jobs").fields().forEachRemaining(job -> {
                boolean usesAws = job.getValue().path("steps").findValuesAsText("uses")
                        .contains("./.github/actions/pulumi");
                if (usesAws) {
                    assertEquals("write", job.getValue().path("permissions").path("id-token").asText(),
                            job.getKey() + " needs an OIDC token");
                }
            });
        }
    }

    @Test
    void mainDeploysDevThenProdBehindAProtectedEnvironment() throws IOException {
        JsonNode jobs = workflow("deploy.yml").path("jobs");
        assertEquals("test", jobs.path("dev").path("needs").asText());
        assertEquals("dev", jobs.path("prod").path("needs").asText());
        assertEquals("dev", jobs.path("dev").path("environment").asText());
        assertEquals("prod", jobs.path("prod").path("environment").asText());
        for (String stack : List.of("dev", "prod")) {
            JsonNode with = jobs.path(stack).path("steps").get(1).path("with");
            assertEquals("up", with.path("command").asText());
            assertEquals(stack, with.path("stack").asText());
        }
        assertFalse(workflow("deploy.yml").path("concurrency").path("cancel-in-progress").asBoolean(true),
                "a deployment is never cancelled halfway");
    }

    @Test
    void actionsArePinnedToAReleaseNotABranch() throws IOException {
        for (JsonNode step : steps()) {
            String uses = step.path("uses").asText("");
            if (!uses.isEmpty() && !uses.startsWith("./")) {
                assertTrue(uses.matches("[\\w.-]+/[\\w.-]+@(v\\d+(\\.\\d+)*|[0-9a-f]{40})"), "pinned: " + uses);
            }
        }
    }

    /** The shared action's steps, in order, each by its name or the action it uses. */
    private static List<JsonNode> actionSteps() throws IOException {
        List<JsonNode> steps = new ArrayList<>();
        YAML.readTree(ACTION.toFile()).path("runs").path("steps").forEach(steps::add);
        return steps;
    }

    private static int indexOf(List<JsonNode> steps, java.util.function.Predicate<JsonNode> which, String what) {
        for (int i = 0; i < steps.size(); i++) {
            if (which.test(steps.get(i))) {
                return i;
            }
        }
        throw new AssertionError("the shared action has no step that " + what);
    }

    private static int commandStep(List<JsonNode> steps) {
        return indexOf(steps, s -> s.path("uses").asText().startsWith("pulumi/actions@")
                && s.path("with").has("command"), "runs the Pulumi command");
    }

    private record Script(int exit, String out, String err) {
    }

    /** Runs a script with bash in a directory, with {@code bin} first on PATH and the given environment. */
    private static Script bash(Path directory, Path bin, Map<String, String> env, String... command)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
        builder.environment().putAll(env);
        builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        Path out = Files.createTempFile(bin, "out", ".txt");
        Path err = Files.createTempFile(bin, "err", ".txt");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), String.join(" ", command));
        return new Script(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void theSharedActionBuildsThePolicyPackBeforePulumiRunsIt() throws IOException {
        List<JsonNode> steps = actionSteps();
        int build = indexOf(steps, s -> s.path("run").asText().strip().equals("policies/build"),
                "builds the pack with policies/build");
        assertTrue(build < commandStep(steps), "the pack is built before Pulumi loads it");
        for (JsonNode step : steps) {
            String run = step.path("run").asText();
            assertFalse(run.contains("npm ci") && !run.contains("build"), "installed but not built: " + run);
        }
        // What PulumiPolicy.yaml asks ("npm ci && npm run build") is what policies/build does.
        assertTrue(Files.readString(ROOT.resolve("policies/PulumiPolicy.yaml")).contains("npm ci && npm run build"));
        String script = Files.readString(ROOT.resolve("policies/build"));
        assertTrue(script.contains("npm ci") && script.contains("npm run --silent build"), script);
        assertEquals("dist/index.js", new ObjectMapper().readTree(ROOT.resolve("policies/package.json").toFile())
                .path("main").asText(), "Pulumi loads the built pack");
    }

    @Test
    void aMissingStackStopsTheJobWithTheStepsThatCreateIt(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        List<JsonNode> steps = actionSteps();
        int check = indexOf(steps, s -> s.path("run").asText().contains("pulumi stack select \"$STACK\""),
                "selects the stack before the command");
        int install = indexOf(steps, s -> s.path("uses").asText().startsWith("pulumi/actions@")
                && !s.path("with").has("command"), "installs the Pulumi CLI");
        int credentials = indexOf(steps, s -> s.path("uses").asText().startsWith("aws-actions/configure-aws-credentials@"),
                "assumes the AWS role");
        assertTrue(install < check && credentials < check && check < commandStep(steps),
                "the CLI is installed and the role assumed (an S3 backend needs it) before the check, which precedes the command");
        assertFalse(steps.get(commandStep(steps)).path("with").path("upsert").asBoolean(false),
                "a stack is never created by CI: its secrets are set and committed from a workstation");
        String run = steps.get(check).path("run").asText();
        assertEquals("${{ inputs.stack }}", steps.get(check).path("env").path("STACK").asText());
        assertFalse(run.lines().anyMatch(l -> l.contains("pulumi stack select \"$STACK\"") && l.contains("--create")),
                "CI selects, never creates");

        // The step's own script, against a stand-in pulumi whose `stack select` fails or succeeds.
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path pulumi = bin.resolve("pulumi");
        Files.writeString(pulumi, "#!/usr/bin/env bash\necho \"$*\" >> calls\n"
                + "if [[ $1 == stack ]]; then echo 'error: no stack named dev found' >&2; exit \"$SELECT\"; fi\n");
        Files.setPosixFilePermissions(pulumi, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Map<String, String> env = Map.of("STACK", "dev", "CLOUD_URL", "s3://state", "SELECT", "255");
        Script missing = bash(dir, bin, env, "bash", "-eo", "pipefail", "-c", run);
        assertEquals(1, missing.exit(), missing.err());
        assertTrue(missing.out().startsWith("::error::Cannot select the stack dev in the backend s3://state"),
                missing.out());
        assertTrue(missing.out().contains("pulumi stack select --create dev")
                && missing.out().contains("commit Pulumi.dev.yaml"), missing.out());
        assertEquals(List.of("login s3://state", "stack select dev --non-interactive"),
                Files.readAllLines(dir.resolve("calls")));
        Script found = bash(dir, bin, Map.of("STACK", "dev", "CLOUD_URL", "", "SELECT", "0"), "bash", "-eo",
                "pipefail", "-c", run);
        assertEquals(0, found.exit(), found.out() + found.err());
        assertEquals("login", Files.readAllLines(dir.resolve("calls")).get(2), "empty cloud-url: Pulumi Cloud");
    }

    @Test
    void aStackFileWithPlaceholdersStopsTheJobBeforeAnythingIsBuilt(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        List<JsonNode> steps = actionSteps();
        int check = indexOf(steps, s -> s.path("run").asText().strip().equals(".ci/check-placeholders \"$STACK\""),
                "runs .ci/check-placeholders on the stack");
        int jar = indexOf(steps, s -> s.path("run").asText().contains("./mvnw"), "builds the jar");
        assertTrue(check < jar, "no build, no AWS role and no Pulumi before the stack file is checked");

        // The shipped stack files carry the seed design's placeholders: CI refuses them, naming each line.
        Script shipped = bash(ROOT, dir, Map.of(), ".ci/check-placeholders", "dev", "prod");
        assertEquals(1, shipped.exit(), shipped.err());
        assertTrue(shipped.err().contains("Pulumi.prod.yaml:") && shipped.err().contains("alarmEmail: ops@foobar.com"),
                shipped.err());
        assertTrue(shipped.err().contains("Pulumi.dev.yaml:") && shipped.err().contains("domain: dev.foobar.com"),
                shipped.err());

        // A user's own values pass; a placeholder named only in a comment does not count.
        Path project = Files.createDirectories(dir.resolve("project/.ci"));
        Files.copy(ROOT.resolve(".ci/check-placeholders"), project.resolve("check-placeholders"));
        Files.setPosixFilePermissions(project.resolve("check-placeholders"),
                java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Path own = project.getParent();
        Files.writeString(own.resolve("Pulumi.prod.yaml"), """
                # was foobar.com, see ops@foobar.com
                config:
                  secure-web-infra:domain: shop.example-store.net   # not example.com
                  secure-web-infra:alarmEmail: ops@myfoobar.com
                """);
        Script mine = bash(own, dir, Map.of(), ".ci/check-placeholders", "prod");
        assertEquals(0, mine.exit(), mine.err());
        Files.writeString(own.resolve("Pulumi.qa.yaml"), "config:\n  secure-web-infra:alarmEmail: me@example.org\n");
        Script example = bash(own, dir, Map.of(), ".ci/check-placeholders", "qa");
        assertEquals(1, example.exit(), example.err());
        assertTrue(example.err().contains("Pulumi.qa.yaml:2:   secure-web-infra:alarmEmail: me@example.org"),
                example.err());
        assertEquals(2, bash(own, dir, Map.of(), ".ci/check-placeholders", "staging").exit());
    }

    @Test
    void theReadmesDeployStepsBuildAndApplyThePolicyPackAsCiDoes() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        String section = readme.substring(readme.indexOf("## Deploying to AWS"), readme.indexOf("### Destroying a stack"));
        List<String> order = List.of("./mvnw -B package -DskipTests", "policies/build", "pulumi login",
                "pulumi stack select --create dev", "pulumi config set domain", "pulumi config set alarmEmail",
                "pulumi config set --secret dbPassword", "./plan dev",
                "pulumi preview --policy-pack policies --policy-pack-config policies/config/dev.json",
                "pulumi up --policy-pack policies --policy-pack-config policies/config/dev.json");
        int last = -1;
        for (String step : order) {
            int at = section.indexOf("\n" + step);
            assertTrue(at > last, "the README's deploy steps run, in this order, " + order + "; missing or out of "
                    + "order: " + step);
            last = at;
        }
        assertTrue(section.contains("Node.js 20+"), "the pack's toolchain is among the prerequisites");
        assertTrue(section.contains("commit `Pulumi.dev.yaml` and `Pulumi.prod.yaml`"),
                "CI's stacks are created once and their files committed");
        for (String stack : Snapshots.stacks(ROOT)) {
            assertTrue(Files.isRegularFile(ROOT.resolve("policies/config/" + stack + ".json")), stack);
        }
    }

    /** The {@code on:} section, which a YAML 1.1 reader may also give as the key {@code true}. */
    private static JsonNode triggers(JsonNode workflow) {
        return workflow.has("on") ? workflow.get("on") : workflow.path("true");
    }

    private static JsonNode pulumiStep() throws IOException {
        return steps().stream().filter(s -> s.path("uses").asText().startsWith("pulumi/actions@")
                && s.path("with").has("command")).findFirst().orElseThrow();
    }
}
