package io.securewebinfra;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ServiceLoader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * The closing summary names every test that did not run and why, also a class whose {@code @BeforeAll} skipped it
 * (with the number of its tests), and is registered for every JUnit Platform run, surefire's and failsafe's.
 */
class SkippedTestsSummaryTest {

    /** Sample classes, run only by the launcher below (surefire and failsafe leave nested classes alone). */
    static class WithoutItsTool {
        @BeforeAll
        static void tool() {
            assumeTrue(false, "frobnicator is not installed; skipping (CI installs it)");
        }

        @Test
        void one() {
        }

        @Test
        void two() {
        }
    }

    static class Mixed {
        @Test
        void runs() {
        }

        @Test
        @Disabled("waits for the fix of issue 12")
        void disabled() {
        }

        @Test
        void skipsItself() {
            assumeTrue(false, "the pack is not built");
        }
    }

    private static String run(Class<?>... classes) {
        var bytes = new ByteArrayOutputStream();
        var stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request();
        for (Class<?> type : classes) {
            request.selectors(selectClass(type));
        }
        LauncherDiscoveryRequest built = request.build();
        // Only this listener: the one the service file registers would print this inner run's summary to the console.
        var launcher = LauncherFactory.create(LauncherConfig.builder()
                .enableTestExecutionListenerAutoRegistration(false).build());
        launcher.execute(built, new SkippedTestsSummary(() -> stream));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void everySkippedTestIsListedWithItsReason() {
        String summary = run(WithoutItsTool.class, Mixed.class);
        assertEquals("""
                Skipped tests: 4 tests did not run, so this run proves nothing about them:
                  - SkippedTestsSummaryTest$Mixed > disabled(): waits for the fix of issue 12
                  - SkippedTestsSummaryTest$Mixed > skipsItself(): the pack is not built
                  - SkippedTestsSummaryTest$WithoutItsTool (2 tests): frobnicator is not installed; skipping (CI installs it)
                Install what is missing (docs/testing.md lists the programs and how CI gets them); under \
                REQUIRE_REAL_TOOLS=1, as in CI, a missing program fails its tests instead.
                """, summary);
    }

    @Test
    void aRunWithoutSkipsSaysSo() {
        assertEquals("Skipped tests: none; 1 test ran.\n", run(OnlyPasses.class));
    }

    static class OnlyPasses {
        @Test
        void passes() {
        }
    }

    @Test
    void theLauncherLoadsItForEveryRun() throws IOException {
        boolean found = ServiceLoader.load(TestExecutionListener.class).stream()
                .anyMatch(provider -> provider.type() == SkippedTestsSummary.class);
        assertTrue(found, "META-INF/services/org.junit.platform.launcher.TestExecutionListener names it");
        try (InputStream services = getClass().getResourceAsStream(
                "/META-INF/services/org.junit.platform.launcher.TestExecutionListener")) {
            assertTrue(services != null);
        }
    }
}
