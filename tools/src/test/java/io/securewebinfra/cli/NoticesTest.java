package io.securewebinfra.cli;


import io.securewebinfra.Console;
import io.securewebinfra.Console.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A notice, such as the missing dbPassword, is printed once per command, however many plans the command makes. */
class NoticesTest {
    private static final String NOTE = "note: secure-web-infra:dbPassword is not set";

    @TempDir
    Path dir;

    private Run run(String... args) {
        return Console.capture(() -> PlanCommand.run(args, dir));
    }

    private static int count(String text, String part) {
        return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
    }

    @Test
    void theMissingPasswordIsNotedOncePerCommand() throws IOException {
        Files.writeString(dir.resolve("Pulumi.yaml"), "name: secure-web-infra\nruntime: java\n");
        for (String stack : new String[] {"a", "b"}) {
            Files.writeString(dir.resolve("Pulumi." + stack + ".yaml"),
                    "config:\n  aws:region: eu-west-1\n  secure-web-infra:domain: example.org\n");
        }
        // Two stacks planned in one command.
        Run snapshot = run("snapshot");
        assertEquals(0, snapshot.exit(), snapshot.err());
        assertEquals(1, count(snapshot.err(), NOTE), snapshot.err());
        Run diff = run("diff", "a", "b", "--no-pack");
        assertEquals(0, diff.exit(), diff.err());
        assertEquals(1, count(diff.err(), NOTE), diff.err());
        // Each command says it again: a user who runs ./plan twice sees it twice.
        for (int i = 0; i < 2; i++) {
            Run plan = run("a");
            assertEquals(0, plan.exit(), plan.err());
            assertEquals(1, count(plan.err(), NOTE), plan.err());
        }
    }
}
