package io.securewebinfra;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Prints, at the end of a test run, every test that did not run and why: a test skipped for want of a program
 * ("nginx is not installed; skipping") or disabled. Maven's own summary only counts them, and a class whose
 * {@code @BeforeAll} skips shows as "Tests run: 0" with its reason in the XML reports alone. Registered for every
 * run of the JUnit Platform through {@code META-INF/services}, so both surefire and failsafe print it.
 */
public final class SkippedTestsSummary implements TestExecutionListener {
    private static final String ASSUMPTION_PREFIX = "Assumption failed: ";

    /** One test or container that did not run, with the number of tests under it that are known before running. */
    record Skipped(String name, int tests, String reason) {
    }

    private final Supplier<PrintStream> out;
    private final List<Skipped> skipped = new ArrayList<>();
    private final AtomicInteger finished = new AtomicInteger();
    private TestPlan plan;

    /** The listener the launcher loads: it prints to the test JVM's standard output, which Maven shows. */
    public SkippedTestsSummary() {
        this(() -> System.out);
    }

    SkippedTestsSummary(Supplier<PrintStream> out) {
        this.out = out;
    }

    @Override
    public synchronized void testPlanExecutionStarted(TestPlan testPlan) {
        plan = testPlan;
        skipped.clear();
        finished.set(0);
    }

    @Override
    public synchronized void executionSkipped(TestIdentifier test, String reason) {
        skipped.add(new Skipped(name(test), tests(test), reason == null || reason.isBlank() ? "disabled" : reason));
    }

    @Override
    public synchronized void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
            String reason = result.getThrowable().map(Throwable::getMessage).orElse(null);
            if (reason == null || reason.isBlank()) {
                reason = "aborted, without a reason";
            } else if (reason.startsWith(ASSUMPTION_PREFIX)) {
                reason = reason.substring(ASSUMPTION_PREFIX.length());
            }
            skipped.add(new Skipped(name(test), tests(test), reason));
        } else if (test.isTest()) {
            finished.incrementAndGet();
        }
    }

    @Override
    public synchronized void testPlanExecutionFinished(TestPlan testPlan) {
        if (plan == null || !plan.containsTests()) {
            return;
        }
        PrintStream stream = out.get();
        if (skipped.isEmpty()) {
            stream.println("Skipped tests: none; " + finished.get() + (finished.get() == 1 ? " test" : " tests")
                    + " ran.");
            stream.flush();
            return;
        }
        int total = skipped.stream().mapToInt(Skipped::tests).sum();
        StringBuilder text = new StringBuilder("Skipped tests: " + total + (total == 1 ? " test" : " tests")
                + " did not run, so this run proves nothing about " + (total == 1 ? "it" : "them") + ":\n");
        skipped.stream().sorted(Comparator.comparing(Skipped::name)).forEach(s -> text.append("  - ").append(s.name())
                .append(s.tests() > 1 ? " (" + s.tests() + " tests)" : "").append(": ")
                .append(s.reason().strip().replace("\n", " ")).append('\n'));
        text.append("Install what is missing (docs/testing.md lists the programs and how CI gets them); under "
                + "REQUIRE_REAL_TOOLS=1, as in CI, a missing program fails its tests instead.");
        stream.println(text);
        stream.flush();
    }

    /** The tests a skipped test or container stands for: itself, or every test under it known before the run. */
    private int tests(TestIdentifier test) {
        if (test.isTest() || plan == null) {
            return 1;
        }
        long under = plan.getDescendants(test).stream().filter(TestIdentifier::isTest).count();
        return (int) Math.max(1, under);
    }

    /** {@code Class} for a class, {@code Class > method()} for a test, by the class's simple name. */
    private String name(TestIdentifier test) {
        TestSource source = test.getSource().orElse(null);
        if (source instanceof MethodSource method) {
            String className = method.getClassName();
            return className.substring(className.lastIndexOf('.') + 1) + " > " + test.getDisplayName();
        }
        if (source instanceof ClassSource type) {
            String className = type.getClassName();
            return className.substring(className.lastIndexOf('.') + 1);
        }
        return test.getDisplayName();
    }
}
