package io.securewebinfra.review;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The project's policy pack run on one plan, through its offline runner ({@code node policies/dist/run-offline.js
 * PLAN --json [--config policies/config/STACK.json]}). The diff runs it on both plans and reports what the new plan
 * breaks that the old one did not: the pack holds the absolute rules ("no SSH from anywhere"), the diff only what is
 * about change, so a rule is written once, in the pack.
 */
public interface PolicyPack {

    /** One violation, as the runner reports it. */
    record Violation(String policy, String level, String message, String type, String name) {
        /** Two violations are the same finding when the same policy flags the same resource (messages may vary). */
        String key() {
            return policy + "\u0000" + type + "\u0000" + name;
        }
    }

    /** Every violation of the plan, advisory ones included; an exception when the pack cannot run. */
    List<Violation> violations(JsonNode plan, String stack) throws IOException;

    /** The pack of a project: {@code policies/} under it, run with the {@code node} on the PATH. */
    static PolicyPack of(Path project) {
        return new Node(project.resolve("policies"));
    }

    /** The runner as a Node.js process; the plan goes through a temporary file, as the runner reads files. */
    final class Node implements PolicyPack {
        private static final ObjectMapper JSON = new ObjectMapper();
        private static final long TIMEOUT_SECONDS = 120;
        private final Path directory;
        /** Set once Node and the built pack were found: a diff asks for each plan, and Node is not looked up again. */
        private volatile boolean available;

        Node(Path directory) {
            this.directory = directory;
        }

        Path runner() {
            return directory.resolve("dist").resolve("run-offline.js");
        }

        /** Fails with what to do when Node or the built pack is missing, before any plan is compared. */
        public void checkAvailable() throws IOException {
            if (available) {
                return;
            }
            if (!Files.isRegularFile(runner())) {
                throw new PackUnavailableException("the policy pack is not built: " + runner() + " is missing; "
                        + "build it with (cd " + directory + " && npm ci && npm run build), or pass --no-pack "
                        + "to compare without the pack's rules");
            }
            try {
                Process node = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
                node.getInputStream().readAllBytes();
                if (!node.waitFor(30, TimeUnit.SECONDS) || node.exitValue() != 0) {
                    throw new PackUnavailableException("node --version failed: Node.js 20+ is needed to run the "
                            + "policy pack, or pass --no-pack");
                }
                available = true;
            } catch (IOException e) {
                throw new PackUnavailableException("node is not on the PATH: Node.js 20+ is needed to run the "
                        + "policy pack, or pass --no-pack");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while looking for node", e);
            }
        }

        @Override
        public List<Violation> violations(JsonNode plan, String stack) throws IOException {
            checkAvailable();
            Path file = Files.createTempFile("plan-diff-" + stack.replaceAll("[^A-Za-z0-9_-]", "_") + "-", ".json");
            try {
                Files.writeString(file, JSON.writeValueAsString(plan), StandardCharsets.UTF_8);
                List<String> command = new ArrayList<>(List.of("node", runner().toString(), file.toString(), "--json"));
                Path config = directory.resolve("config").resolve(stack + ".json");
                if (!stack.contains("/") && Files.isRegularFile(config)) {
                    command.addAll(List.of("--config", config.toString()));
                }
                Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.PIPE).start();
                // Standard error is read on its own thread so that neither pipe can fill and block the runner.
                var stderr = new java.util.concurrent.CompletableFuture<String>();
                Thread reader = new Thread(() -> {
                    try {
                        stderr.complete(new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
                    } catch (IOException e) {
                        stderr.complete("");
                    }
                });
                reader.start();
                String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IOException("the policy pack did not finish within " + TIMEOUT_SECONDS + " s");
                }
                reader.join();
                // 0: no mandatory violation, 1: some; both print the JSON report. 2 and anything else: it could not run.
                if (process.exitValue() != 0 && process.exitValue() != 1) {
                    throw new IOException("the policy pack failed on the " + stack + " plan (exit code "
                            + process.exitValue() + "): " + stderr.join().strip());
                }
                return parse(out);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while running the policy pack", e);
            } finally {
                Files.deleteIfExists(file);
            }
        }

        static List<Violation> parse(String out) throws IOException {
            JsonNode report;
            try {
                report = JSON.readTree(out);
            } catch (IOException e) {
                report = null;
            }
            if (report == null || !report.path("violations").isArray()) {
                throw new IOException("the policy pack's report is not the JSON of run-offline.js --json "
                        + "(an old build? rebuild it with npm run build): "
                        + out.lines().findFirst().orElse("(empty)"));
            }
            List<Violation> violations = new ArrayList<>();
            for (JsonNode v : report.path("violations")) {
                violations.add(new Violation(v.path("policyName").asText(), v.path("enforcementLevel").asText(),
                        v.path("message").asText(), v.path("resource").path("type").asText(""),
                        v.path("resource").path("name").asText("")));
            }
            return violations;
        }
    }

    /** Node.js or the built pack is missing: the diff fails (exit 1) rather than say "no risk found". */
    final class PackUnavailableException extends IOException {
        PackUnavailableException(String message) {
            super(message);
        }
    }
}
