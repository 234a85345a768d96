package io.securewebinfra.cli;

import io.securewebinfra.plandoc.Plan;

import io.securewebinfra.Console;
import io.securewebinfra.Console.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ./plan} reads stack files as the Pulumi CLI writes them and reports bad input without a stack trace. */
class PlanCommandTest {
    @TempDir
    Path dir;

    private Run run(String... args) {
        return Console.capture(() -> PlanCommand.run(args, dir));
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

    /** ./plan --verbose: the steps' times on standard error, the plan itself unchanged on standard output. */
    @Test
    void verboseSaysHowLongEachStepTook() throws IOException {
        stack("test", """
                  aws:region: us-east-1
                  secure-web-infra:domain: example.org
                """);
        Run quiet = run("test", "--json");
        Run verbose = run("test", "--json", "--verbose");
        assertEquals(0, verbose.exit(), verbose.err());
        assertEquals(quiet.out(), verbose.out());
        assertTrue(verbose.err().matches("(?s).*\nplan: JVM start to main \\d+ ms, configuration \\d+ ms, engine \\(\\d+ "
                + "resources\\) \\d+ ms, JSON \\d+ ms; \\d+ ms in all\n"), verbose.err());
        assertFalse(quiet.err().contains("plan: "), quiet.err());
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
        Run unknown = run("dev", "--frobnicate");
        assertEquals(2, unknown.exit());
        assertTrue(unknown.err().startsWith("error: unknown argument --frobnicate\n"), unknown.err());
        assertTrue(unknown.err().contains("usage: ./plan"), unknown.err());
        Run twoStacks = run("dev", "prod");
        assertEquals(2, twoStacks.exit());
        assertTrue(twoStacks.err().startsWith("error: unexpected argument prod: the stack is already dev"),
                twoStacks.err());
    }

    @Test
    void helpIsAWordNotAStack() throws IOException {
        stack("dev", "  aws:region: us-east-1\n");
        for (String help : new String[] {"help", "--help", "-h"}) {
            Run run = run(help);
            assertEquals(0, run.exit(), run.err());
            assertTrue(run.out().startsWith("usage: ./plan [STACK]"), run.out());
            assertEquals("", run.err());
        }
        assertTrue(run("help").out().contains("./plan help"), "the usage names the word");
    }

    @Test
    void setWithoutKeyEqualsValueSaysWhatIsExpected() throws IOException {
        stack("dev", "  aws:region: us-east-1\n");
        Run noEquals = run("dev", "--set", "foo");
        assertEquals(2, noEquals.exit());
        assertTrue(noEquals.err().startsWith("error: --set foo: expected KEY=VALUE"), noEquals.err());
        Run noValue = run("dev", "--set");
        assertEquals(2, noValue.exit());
        assertTrue(noValue.err().startsWith("error: --set needs KEY=VALUE"), noValue.err());
        Run noKey = run("dev", "--set", "=autoscaling");
        assertEquals(2, noKey.exit());
        assertTrue(noKey.err().startsWith("error: --set =autoscaling: expected KEY=VALUE"), noKey.err());
    }

    @Test
    void aJsonFileInADirectoryThatDoesNotExistIsRefusedBeforeThePlanNamingTheDirectory() throws IOException {
        stack("test", """
                  aws:region: us-east-1
                  secure-web-infra:domain: example.org
                """);
        Path missing = dir.resolve("no-such-dir").resolve("x.json");
        Run run = run("test", "--json", missing.toString());
        assertEquals(2, run.exit(), run.err());
        assertEquals("error: --json " + missing + ": the directory " + missing.getParent() + " does not exist; "
                + "create it first or name a file in an existing directory\n", run.err());
        assertEquals("", run.out());
        Run cost = run("test", "--cost", "--json", missing.toString());
        assertEquals(2, cost.exit(), cost.err());
        assertTrue(cost.err().contains("the directory " + missing.getParent() + " does not exist"), cost.err());
        Run directory = run("test", "--json", dir.toString());
        assertEquals(2, directory.exit(), directory.err());
        assertTrue(directory.err().contains(dir + " is a directory"), directory.err());
    }

    @Test
    void filesNamedOnTheCommandLineAreRelativeToTheCallersDirectory() throws IOException {
        stack("test", """
                  aws:region: eu-west-1
                  secure-web-infra:domain: example.org
                """);
        Path caller = Files.createDirectories(dir.resolve("docs"));
        Run plan = Console.capture(() -> PlanCommand.run(new String[] {"test", "--json", "out.json"}, dir, caller));
        assertEquals(0, plan.exit(), plan.err());
        assertTrue(Files.readString(caller.resolve("out.json")).startsWith("{"));
        assertFalse(Files.exists(dir.resolve("out.json")), "not in the project directory");
        assertTrue(plan.err().contains("wrote the test plan to out.json"), plan.err());

        Run cost = Console.capture(() -> PlanCommand.run(new String[] {"test", "--cost", "--json=cost.json"}, dir,
                caller));
        assertEquals(0, cost.exit(), cost.err());
        assertTrue(Files.readString(caller.resolve("cost.json")).contains("\"total\""));
        assertFalse(Files.exists(dir.resolve("cost.json")), "not in the project directory");
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
    void setOverridesAStackFileValueAndAnEmptyValueRemovesIt() throws IOException {
        stack("test", """
                  aws:region: us-east-1
                  secure-web-infra:domain: example.org
                  secure-web-infra:webServerCount: 2
                """);
        Run fixed = run("test", "--json");
        Run scaled = run("test", "--set", "webTierMode=autoscaling", "--set", "webServerCount=", "--json");
        assertEquals(0, scaled.exit(), scaled.err());
        assertTrue(fixed.out().contains("\"type\" : \"aws:ec2/instance:Instance\""));
        assertFalse(scaled.out().contains("\"type\" : \"aws:ec2/instance:Instance\""));
        assertTrue(scaled.out().contains("\"type\" : \"aws:autoscaling/group:Group\""), scaled.out());
        Run refused = run("test", "--set", "webTierMode=autoscaling");
        assertEquals(2, refused.exit(), "webServerCount is refused in the Auto Scaling mode: " + refused.err());
        assertTrue(refused.err().contains("secure-web-infra:webServerCount"), refused.err());
        assertEquals(2, run("test", "--set", "no-equals-sign").exit());
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
        // What to do about it: the command it suggests runs, and where to add the region's prices.
        assertTrue(elsewhere.err().contains("./plan elsewhere --cost --set aws:region=eu-west-1\n"), elsewhere.err());
        assertTrue(elsewhere.err().contains("docs/offline-plan.md#cost"), elsewhere.err());
        Run rough = run("elsewhere", "--cost", "--set", "aws:region=eu-west-1");
        assertEquals(0, rough.exit(), rough.err());
        assertTrue(rough.out().startsWith("Estimated monthly cost of stack elsewhere (region eu-west-1, "), rough.out());
    }
}
