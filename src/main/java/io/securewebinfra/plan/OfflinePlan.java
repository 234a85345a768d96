package io.securewebinfra.plan;

import com.pulumi.core.Output;
import com.pulumi.test.PulumiTest;
import com.pulumi.test.TestOptions;
import com.pulumi.test.TestResult;
import io.securewebinfra.config.InvalidConfigException;
import io.securewebinfra.config.RawConfig;
import io.securewebinfra.config.Settings;
import io.securewebinfra.config.SettingsReader;
import io.securewebinfra.stack.Infrastructure;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Runs the program against the {@link MockCloud} and returns what it would create. */
public final class OfflinePlan {
    /**
     * {@code -Dplan.runner=pulumi} plans with Pulumi's own task runner instead of {@link PlanRunner}: the benchmark
     * compares the two, and {@code ShadedJarIT} proves that both give the same plan. Run it with the common pool's
     * parallelism at 1 (see {@link CommonPool}).
     */
    static final String RUNNER_PROPERTY = "plan.runner";
    static final String PULUMI_RUNNER = "pulumi";

    private OfflinePlan() {
    }

    static boolean usesPulumisRunner() {
        return PULUMI_RUNNER.equals(System.getProperty(RUNNER_PROPERTY));
    }

    /**
     * Plans a stack from its raw configuration, validated exactly as a real run validates it, except that
     * secrets are allowed to be unreadable.
     *
     * @throws InvalidConfigException listing every configuration problem; nothing is planned then
     */
    public static Plan of(RawConfig raw) {
        String region = raw.get("aws:region").orElse("us-east-1");
        var cloud = new MockCloud(region);
        // Validate before the engine starts, so that bad input is reported without any engine noise.
        var result = SettingsReader.read(raw, SettingsReader.Mode.OFFLINE, r -> new MockCloud(r).zones());
        return run(raw.project(), raw.stack(), cloud, result.notices(),
                Infrastructure.program(raw, SettingsReader.Mode.OFFLINE));
    }

    /** Plans a stack from settings built directly, as the tests do. */
    public static Plan of(Settings settings) {
        var cloud = new MockCloud(settings.region());
        return run(settings.project(), settings.stack(), cloud, List.of(),
                ctx -> Infrastructure.declare(ctx, settings, cloud.zones()));
    }

    static Plan run(String project, String stack, com.pulumi.test.Mocks cloud, List<String> notices,
                            java.util.function.Consumer<com.pulumi.Context> program) {
        var monitor = new RecordingMonitor();
        TestResult result;
        try {
            result = PulumiInternals.runTest(
                    TestOptions.builder().projectName(project).stackName(stack).preview(false).build(),
                    cloud, monitor, usesPulumisRunner(), program);
            for (Exception e : result.exceptions()) {
                Throwable cause = e;
                while (cause != null) {
                    if (cause instanceof InvalidConfigException invalid) {
                        throw invalid;
                    }
                    cause = cause.getCause();
                }
            }
            if (result.exitCode() != 0) {
                throw new IllegalStateException("the program failed under the mock cloud: " + String.join("\n",
                        result.errors()), result.exceptions().isEmpty() ? null : result.exceptions().get(0));
            }
            Map<String, Object> outputs = new TreeMap<>();
            List<String> unfaithful = new java.util.ArrayList<>(monitor.problems());
            result.outputs().forEach((name, output) -> {
                outputs.put(name, valueOf(output));
                markers(PulumiTest.extractValue(output)).forEach(marker ->
                        unfaithful.add("stack output " + name + " is built from " + marker));
            });
            Plan plan = new Plan(project, stack, monitor.resources(), outputs, notices);
            if (!unfaithful.isEmpty()) {
                // A plan built on outputs AWS would give differently is not a plan of what AWS would do.
                throw new IllegalStateException("the mock cloud does not answer as AWS would; fix "
                        + MockCloud.class.getName() + ":\n  " + String.join("\n  ", unfaithful.stream().distinct().toList()));
            }
            return plan;
        } finally {
            PulumiTest.cleanup();
        }
    }

    /** The missing-output markers in a value (see {@link RecordingMonitor}), secrets included. */
    static List<String> markers(Object value) {
        List<String> found = new java.util.ArrayList<>();
        if (value instanceof String text) {
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

    private static final java.util.regex.Pattern MARKER =
            java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(RecordingMonitor.MISSING) + "[^\\]]*\\]");

    private static Object valueOf(Output<?> output) {
        if (PulumiInternals.isSecret(output)) {
            return RecordingMonitor.SECRET;
        }
        // Pulumi gives null for an unknown value as for a null one; the plan shows either as unknown.
        Object value = PulumiTest.extractValue(output);
        return value == null ? RecordingMonitor.UNKNOWN : value;
    }
}
