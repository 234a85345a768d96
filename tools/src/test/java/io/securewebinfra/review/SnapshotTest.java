package io.securewebinfra.review;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Each stack's committed plan, {@code plans/<stack>.json}, is exactly what the code plans: a pull request that
 * changes the infrastructure must carry the change in these files, where reviewers see it.
 * <p>
 * This is the test of the user's own stack files (the root {@code Pulumi.<stack>.yaml}), which every other test
 * leaves to its fixtures (see TestStacks): after a change of domain, region or sizes it is the one that fails, and it
 * asks for {@code ./plan snapshot}. It therefore asserts only what holds for any user's values.
 */
class SnapshotTest {
    private static final Path PROJECT = Path.of(".");

    @Test
    void everyStackHasASnapshot() {
        List<String> stacks = Snapshots.stacks(PROJECT);
        assertFalse(stacks.isEmpty());
        assertEquals(List.of("dev", "prod"), stacks, "the project's stacks");
    }

    @Test
    void theSnapshotsMatchTheCode() throws IOException {
        StringBuilder stale = new StringBuilder();
        for (String stack : Snapshots.stacks(PROJECT)) {
            String current = Snapshots.current(PROJECT, stack);
            var committed = Snapshots.committed(PROJECT, stack);
            if (committed.isEmpty()) {
                stale.append("no snapshot ").append(Snapshots.file(PROJECT, stack)).append('\n');
            } else if (!committed.get().equals(current)) {
                var diff = PlanDiff.between(PlanDiff.parse(committed.get(), stack), PlanDiff.parse(current, stack));
                stale.append(Markdown.section(diff, RiskRule.all(diff), null));
                if (diff.isEmpty()) {
                    stale.append("(the same plan, written differently: formatting or order)\n");
                }
            }
        }
        if (!stale.isEmpty()) {
            fail("The plan snapshots in " + Snapshots.DIRECTORY + "/ differ from what the code plans:\n\n" + stale
                    + "\nIf the change is intended, update them with `./plan snapshot` and commit "
                    + Snapshots.DIRECTORY + "/ with the change.");
        }
    }
}
