package io.securewebinfra.cli;

import io.securewebinfra.Console;
import io.securewebinfra.Console.Run;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ./plan} with a bad project name, stack file or value: exit code 2, the problem by name, and no stack trace,
 * whichever part of the reading refuses it.
 */
class BadValuesCommandTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // project name | extra stack file line | --set | what the error says
            "web$(id) | | | project name \"web$(id)\" (the name in Pulumi.yaml): must be lowercase letters",
            "web;reboot | | | project name \"web;reboot\"",
            "Web_App | | | project name \"Web_App\"",
            "secure-web-infra | secure-web-infra:domain: example.org | | the key \"secure-web-infra:domain\" is already defined at line 3",
            "secure-web-infra | secure-web-infra:webServerCount: [3] | | must be a single value, not a list",
            "secure-web-infra | secure-web-infra:webServerCount: \"3 | | line 5, column 1: not valid YAML",
            "secure-web-infra | webServerCount: 3 | | is not a configuration key",
            "secure-web-infra | secure-web-infra:dbMultiAz: on | | secure-web-infra:dbMultiAz = \"on\": must be true or false",
            "secure-web-infra | | qpsAlarmThreshold=1e308 | secure-web-infra:qpsAlarmThreshold = \"1e308\": must be a number above 0",
            "secure-web-infra | | qpsAlarmThreshold=NaN | secure-web-infra:qpsAlarmThreshold = \"NaN\"",
            "secure-web-infra | | webServerCount=+5 | secure-web-infra:webServerCount = \"+5\"",
            "secure-web-infra | | dbName=select | select is a MySQL 8.0 reserved word",
            "secure-web-infra | | dbUsername=rdsadmin | rdsadmin is an account MySQL or RDS keeps for itself",
            "secure-web-infra | | dbEngineVersion=8.4.3 | 8.4.3 is not MySQL 8.0",
            "secure-web-infra | | certificateArn=arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0 | the certificate is in us-east-1",
            "secure-web-infra | secure-web-infra:appStartCommand: ./run | appArtifactPath=../app.tar.gz | is outside it",
    })
    void aBadValueExitsWith2NamingItWithoutAStackTrace(String project, String line, String set, String expected)
            throws IOException {
        Files.writeString(dir.resolve("Pulumi.yaml"), "name: '" + project + "'\nruntime: java\n");
        Files.writeString(dir.resolve("Pulumi.dev.yaml"), "config:\n  aws:region: eu-west-1\n  " + project
                + ":domain: example.org\n" + (line == null ? "" : "  " + line + "\n"));
        String[] args = set == null ? new String[] {"dev"} : new String[] {"dev", "--set", set};
        Run run = Console.capture(() -> PlanCommand.run(args, dir));
        assertEquals(2, run.exit(), run.err());
        assertEquals("", run.out());
        assertTrue(run.err().startsWith("error: stack dev: invalid stack configuration"), run.err());
        assertTrue(run.err().contains(expected), run.err());
        assertFalse(run.err().contains("Exception") || run.err().contains("\tat "), run.err());
    }
}
