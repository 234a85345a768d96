package io.securewebinfra.mockengine;

import com.pulumi.Context;
import com.pulumi.core.Output;
import com.pulumi.test.Mocks;
import com.pulumi.test.PulumiTest;
import com.pulumi.test.TestOptions;
import com.pulumi.test.TestResult;
import io.securewebinfra.plandoc.Plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Runs a Pulumi program, or any part of one, against a mock cloud and returns what it would create as a {@link Plan}.
 * The program's own errors of a type the caller names are rethrown as they are, so that a configuration error reaches
 * the user as one.
 */
public final class MockEngine {
    /**
     * {@code -Dplan.runner=pulumi} plans with Pulumi's own task runner instead of {@link PlanRunner}: the benchmark
     * compares the two, and {@code ShadedJarIT} proves that both give the same plan. Run it with the common pool's
     * parallelism at 1 (see {@link CommonPool}).
     */
    public static final String RUNNER_PROPERTY = "plan.runner";
    public static final String PULUMI_RUNNER = "pulumi";

    private MockEngine() {
    }

    static boolean usesPulumisRunner() {
        return PULUMI_RUNNER.equals(System.getProperty(RUNNER_PROPERTY));
    }

    /**
     * Plans a program.
     *
     * @param passThrough the program's exceptions to rethrow as they are (such as a configuration error)
     * @throws IllegalStateException when the program fails otherwise, or reads an output the mock cloud does not
     *                               give as AWS would
     */
    public static Plan run(String project, String stack, Mocks cloud, List<String> notices,
                           Class<? extends RuntimeException> passThrough, Consumer<Context> program) {
        // Pulumi's deployment is held in static state, so two programs may not run at once in one JVM (tests that
        // run side by side may each plan).
        synchronized (MockEngine.class) {
            return runAlone(project, stack, cloud, notices, passThrough, program);
        }
    }

    private static Plan runAlone(String project, String stack, Mocks cloud, List<String> notices,
                                 Class<? extends RuntimeException> passThrough, Consumer<Context> program) {
        var monitor = new RecordingMonitor();
        TestResult result;
        try {
            result = PulumiInternals.runTest(
                    TestOptions.builder().projectName(project).stackName(stack).preview(false).build(),
                    cloud, monitor, usesPulumisRunner(), program);
            for (Exception e : result.exceptions()) {
                Throwable cause = e;
                while (cause != null) {
                    if (passThrough.isInstance(cause)) {
                        throw passThrough.cast(cause);
                    }
                    cause = cause.getCause();
                }
            }
            if (result.exitCode() != 0) {
                throw new IllegalStateException("the program failed under the mock cloud: " + String.join("\n",
                        result.errors()), result.exceptions().isEmpty() ? null : result.exceptions().get(0));
            }
            Map<String, Object> outputs = new TreeMap<>();
            List<String> unfaithful = new ArrayList<>(monitor.problems());
            result.outputs().forEach((name, output) -> {
                outputs.put(name, valueOf(output));
                markers(PulumiTest.extractValue(output)).forEach(marker ->
                        unfaithful.add("stack output " + name + " is built from " + marker));
            });
            Plan plan = new Plan(project, stack, monitor.resources(), outputs, notices);
            if (!unfaithful.isEmpty()) {
                // A plan built on outputs AWS would give differently is not a plan of what AWS would do.
                throw new IllegalStateException("the mock cloud does not answer as AWS would; fix "
                        + cloud.getClass().getName() + ":\n  " + String.join("\n  ", unfaithful.stream().distinct().toList()));
            }
            return plan;
        } finally {
            PulumiTest.cleanup();
        }
    }

    /** The missing-output markers in a value (see {@link RecordingMonitor}), secrets included. */
    static List<String> markers(Object value) {
        List<String> found = new ArrayList<>();
        if (value instanceof String text) {
            if (!text.contains(RecordingMonitor.MISSING)) {
                return List.of();
            }
            var matcher = MARKER.matcher(text);
            while (matcher.find()) {
                found.add(matcher.group());
            }
        } else if (value instanceof Map<?, ?> map) {
            map.values().forEach(v -> found.addAll(markers(v)));
        } else if (value instanceof List<?> list) {
            list.forEach(v -> found.addAll(markers(v)));
        }
        return found;
    }

    private static final Pattern MARKER =
            Pattern.compile(Pattern.quote(RecordingMonitor.MISSING) + "[^\\]]*\\]");

    private static Object valueOf(Output<?> output) {
        if (PulumiInternals.isSecret(output)) {
            return RecordingMonitor.SECRET;
        }
        // Pulumi gives null for an unknown value as for a null one; the plan shows either as unknown.
        Object value = PulumiTest.extractValue(output);
        return value == null ? RecordingMonitor.UNKNOWN : value;
    }
}
