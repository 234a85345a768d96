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

    /** The {@code on:} section, which a YAML 1.1 reader may also give as the key {@code true}. */
    private static JsonNode triggers(JsonNode workflow) {
        return workflow.has("on") ? workflow.get("on") : workflow.path("true");
    }

    private static JsonNode pulumiStep() throws IOException {
        return steps().stream().filter(s -> s.path("uses").asText().startsWith("pulumi/actions@"))
                .findFirst().orElseThrow();
    }
}
