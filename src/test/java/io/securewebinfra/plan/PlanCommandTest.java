package io.securewebinfra.plan;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ./plan} reads stack files as the Pulumi CLI writes them and reports bad input without a stack trace. */
class PlanCommandTest {
    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
    }

    private Run run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        var stdout = new ByteArrayOutputStream();
        var stderr = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
            int exit = PlanCommand.run(args, dir);
            return new Run(exit, stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    private void stack(String name, String config) throws IOException {
        Files.writeString(dir.resolve("Pulumi.yaml"), "name: secure-web-infra\nruntime: java\n");
        Files.writeString(dir.resolve("Pulumi." + name + ".yaml"), "config:\n" + config);
    }

    @Test
    void anEncryptedSecretIsShownAsSecretAndThePlanIsJson() throws IOException {
        stack("test", """
                  aws:region: us-east-1
                  secure-web-infra:domain: example.org
                  secure-web-infra:dbPassword:
                    secure: v1:AAAABBBBCCCCDDDD
                  secure-web-infra:webServerCount: 2
                """);
        Run run = run("test", "--json");
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().startsWith("{\n  \"project\" : \"secure-web-infra\",\n  \"stack\" : \"test\","), run.out());
        assertTrue(run.out().contains("\"password\" : \"[secret]\""));
        assertFalse(run.out().contains("AAAABBBB"));
        assertEquals("", run.err());
    }

    @Test
    void theTreeGroupsResourcesByComponent() throws IOException {
        stack("test", """
                  aws:region: us-east-1
                  secure-web-infra:domain: example.org
                """);
        Run run = run("test");
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().startsWith("Plan of stack test (project secure-web-infra, region us-east-1): "), run.out());
        assertTrue(run.out().contains("\nfirewalls  (secure-web-infra:firewall:Firewalls, 12 resources)\n"), run.out());
        assertTrue(run.err().startsWith("note: secure-web-infra:dbPassword is not set"), run.err());
    }

    @Test
    void badConfigurationIsReportedLineByLineWithExitCode2AndNoStackTrace() throws IOException {
        stack("bad", """
                  aws:region: us-east-1
                  secure-web-infra:domain: not a domain
                  secure-web-infra:webServerCount: "1"
                  secure-web-infra:dbPassword: plain-text-password
                  secure-web-infra:colour: blue
                """);
        Run run = run("bad");
        assertEquals(2, run.exit());
        assertEquals("", run.out());
        String err = run.err();
        assertTrue(err.startsWith("error: stack bad: invalid stack configuration (4 problems); nothing was declared:\n"), err);
        assertTrue(err.contains("  - secure-web-infra:webServerCount = \"1\": must be a whole number from 2 to 500\n"), err);
        assertTrue(err.contains("  - secure-web-infra:colour is not a key of this program"), err);
        assertTrue(err.contains("  - secure-web-infra:dbPassword is set in plain text: it must be a secret"), err);
        assertFalse(err.contains("plain-text-password"), err);
        assertFalse(err.contains("Exception") || err.contains("\tat "), err);
    }

    @Test
    void anUnknownStackOrArgumentIsAUsageError() throws IOException {
        stack("dev", "  aws:region: us-east-1\n");
        Run missing = run("qa");
        assertEquals(2, missing.exit());
        assertTrue(missing.err().contains("no stack file Pulumi.qa.yaml"), missing.err());
        assertTrue(missing.err().contains("the stacks here are [dev]"), missing.err());
        assertEquals(2, run("dev", "--frobnicate").exit());
    }

    @Test
    void theJsonPlanCanBeWrittenToAFile() throws IOException {
        stack("test", """
                  aws:region: us-east-1
                  secure-web-infra:domain: example.org
                """);
        Path file = dir.resolve("plan.json");
        assertEquals(0, run("test", "--json", file.toString()).exit());
        String first = Files.readString(file);
        assertEquals(0, run("test", "--json", file.toString()).exit());
        assertEquals(first, Files.readString(file));
        assertTrue(first.endsWith("}\n"));
    }

    @Test
    void costComposesWithTheStackAndWithJsonAndRefusesARegionWithoutPrices() throws IOException {
        stack("test", """
                  aws:region: eu-west-1
                  secure-web-infra:domain: example.org
                """);
        Run text = run("test", "--cost");
        assertEquals(0, text.exit(), text.err());
        assertTrue(text.out().startsWith("Estimated monthly cost of stack test (region eu-west-1, "), text.out());
        assertTrue(text.out().contains("\n  Total "), text.out());
        assertTrue(text.out().contains("Assumptions:"), text.out());

        Run json = run("test", "--cost", "--json");
        assertEquals(0, json.exit(), json.err());
        var estimate = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.out());
        assertEquals("test", estimate.path("stack").asText());
        assertTrue(estimate.path("total").decimalValue().signum() > 0, json.out());

        stack("elsewhere", """
                  aws:region: us-east-1
                  secure-web-infra:domain: example.org
                """);
        Run elsewhere = run("elsewhere", "--cost");
        assertEquals(1, elsewhere.exit());
        assertTrue(elsewhere.err().contains("no prices for region us-east-1"), elsewhere.err());
        assertEquals("", elsewhere.out());
    }
}
