package io.securewebinfra;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.securewebinfra.config.StackFiles;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The fixtures the tests plan instead of the user's stack files (see {@link TestStacks}) stay usable: they belong to
 * this project, and the policy pack's corpus ({@code policies/test/corpus.test.ts}) reads the plan of the fixture dev
 * stack, which must be exactly what the code plans from it, as {@code plans/dev.json} must be for the user's dev.
 */
class FixtureStacksTest {
    /** The fixture plan the pack's corpus edits: the fixture dev stack's plan, as a snapshot is written. */
    static final Path PACK_FIXTURE_PLAN = Path.of("policies/test/fixtures/dev.json");

    @Test
    void theFixturesAreStacksOfThisProject() throws IOException {
        var yaml = new ObjectMapper(new YAMLFactory());
        assertEquals(yaml.readTree(Path.of("Pulumi.yaml").toFile()).path("name").asText(),
                yaml.readTree(TestStacks.FIXTURES.resolve("Pulumi.yaml").toFile()).path("name").asText(),
                "the fixture project has the real project's name, which keys its config");
        assertEquals(List.of("dev", "prod"), StackFiles.stacks(TestStacks.FIXTURES));
    }

    @Test
    void thePacksFixturePlanMatchesTheCode() throws IOException {
        String current = TestStacks.snapshotJson("dev");
        if (!Files.readString(PACK_FIXTURE_PLAN, StandardCharsets.UTF_8).equals(current)) {
            // Written out, so that an intended change of the code is one copy away, as ./plan snapshot is for plans/.
            Path fresh = Path.of("target/fixture-plans/dev.json");
            Files.createDirectories(fresh.getParent());
            Files.writeString(fresh, current, StandardCharsets.UTF_8);
            fail(PACK_FIXTURE_PLAN + " differs from what the code plans from the fixture dev stack "
                    + TestStacks.FIXTURES.resolve("Pulumi.dev.yaml") + ". If the change of the code is intended, update it"
                    + " with `cp " + fresh + " " + PACK_FIXTURE_PLAN + "` (and the corpus's ids if they changed).");
        }
    }
}
