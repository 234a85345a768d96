package io.securewebinfra;

import io.securewebinfra.common.Components;
import io.securewebinfra.config.RawConfig;
import io.securewebinfra.config.Settings;
import io.securewebinfra.config.SettingsReader;
import io.securewebinfra.config.InvalidConfigException;
import io.securewebinfra.mockengine.MockCloud;
import io.securewebinfra.mockengine.MockEngine;
import io.securewebinfra.stack.Infrastructure;
import io.securewebinfra.plandoc.Plan;
import io.securewebinfra.config.StackFiles;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The stacks the tests plan: the fixture stacks dev and prod ({@link #FIXTURES}), with the secrets a user would set,
 * and any overrides a test needs. Plans are cached, since many tests read the same one.
 * <p>
 * The fixtures are frozen copies of the original root stack files, not the root files themselves: the root
 * {@code Pulumi.dev.yaml} and {@code Pulumi.prod.yaml} belong to the user, who sets their own domain, region and
 * sizes there, while the tests' expectations (names, regions, counts) are about known values. Only the tests about
 * the user's files themselves read the root (SnapshotTest, the policy pack's run on {@code plans/*.json}, the
 * workflows' stack list), and those assert structure and consistency, never values.
 */
public final class TestStacks {
    /** Marker secrets: a test fails if either ever appears in clear text. */
    public static final String DB_PASSWORD = "Db-Pass-Marker-7f3a9c";
    public static final String SUMO_TOKEN = "SumoTokenMarker0123456789abcdef";

    /** The fixture project: a {@code Pulumi.yaml} and the fixture stack files {@code Pulumi.<stack>.yaml}. */
    public static final Path FIXTURES = Path.of("program/src/test/resources/fixture-stacks");

    private static final Map<String, Plan> PLANS = new ConcurrentHashMap<>();

    private TestStacks() {
    }

    /** The raw configuration of a fixture stack file with the database password set as a secret, plus overrides. */
    public static RawConfig raw(String stack, Map<String, String> overrides) {
        RawConfig file = StackFiles.read(FIXTURES, stack);
        Map<String, String> values = new HashMap<>(file.values());
        var secrets = new HashSet<>(file.secrets());
        values.put(key("dbPassword"), DB_PASSWORD);
        secrets.add(key("dbPassword"));
        overrides.forEach((k, v) -> {
            String qualified = k.contains(":") ? k : key(k);
            if (v == null) {
                values.remove(qualified);
                secrets.remove(qualified);
            } else {
                values.put(qualified, v);
                if (k.equals("sumoLogicToken")) {
                    secrets.add(qualified);
                }
            }
        });
        return new RawConfig(file.project(), stack, values, secrets);
    }

    public static String key(String name) {
        return Components.PACKAGE + ":" + name;
    }

    public static Settings settings(String stack, Map<String, String> overrides) {
        return SettingsReader.read(raw(stack, overrides), SettingsReader.Mode.ENGINE, r -> new MockCloud(r).zones())
                .settings();
    }

    public static Plan plan(String stack) {
        return plan(stack, Map.of());
    }

    /**
     * The overrides that switch a stack file to the Auto Scaling web tier as a user would: set {@code webTierMode}
     * and remove {@code webServerCount}, which only the fixed servers use.
     */
    public static Map<String, String> autoscaling() {
        return autoscaling(Map.of());
    }

    /** {@link #autoscaling()} plus more overrides. */
    public static Map<String, String> autoscaling(Map<String, String> more) {
        Map<String, String> overrides = new HashMap<>();
        overrides.put("webTierMode", "autoscaling");
        overrides.put("webServerCount", null);
        overrides.putAll(more);
        return overrides;
    }

    /** A stack in either web tier mode, for tests that hold for both: {@code "dev"} or {@code "dev autoscaling"}. */
    public static Plan variant(String variant) {
        String[] parts = variant.split(" ");
        if (parts.length == 1) {
            return plan(parts[0]);
        }
        if (parts.length == 2 && parts[1].equals("autoscaling")) {
            return plan(parts[0], autoscaling());
        }
        throw new IllegalArgumentException("not a stack variant: " + variant);
    }

    /**
     * The JSON plan of a fixture stack exactly as {@code ./plan snapshot} writes a committed snapshot: from the stack
     * file alone, with no secret set. This is what the fixture plans (the policy pack's corpus) must equal.
     */
    public static String snapshotJson(String stack) {
        return offlinePlan(StackFiles.read(FIXTURES, stack)).toJson();
    }

    /**
     * Overrides that switch on every optional part of a stack: Sumo Logic, the user's own application (a small
     * archive made under target/) and the alarm e-mail, so that a test sees every resource the program can declare.
     */
    public static Map<String, String> everyOption() {
        Path archive = Path.of("target", "test-app.tar.gz");
        try {
            Files.createDirectories(archive.getParent());
            Files.write(archive, new byte[] {0x1f, (byte) 0x8b});
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return Map.of("sumoLogicToken", SUMO_TOKEN, "appArtifactPath", archive.toString(),
                "appStartCommand", "./run", "alarmEmail", "ops@example.com");
    }

    public static Plan plan(String stack, Map<String, String> overrides) {
        return PLANS.computeIfAbsent(stack + new java.util.TreeMap<>(overrides),
                k -> offlinePlan(settings(stack, overrides)));
    }

    /** The whole program planned on the mock engine from raw configuration, as {@code ./plan} plans it. */
    public static Plan offlinePlan(RawConfig raw) {
        var result = SettingsReader.read(raw, SettingsReader.Mode.OFFLINE, r -> new MockCloud(r).zones());
        return MockEngine.run(raw.project(), raw.stack(), new MockCloud(raw.get("aws:region").orElse("us-east-1")),
                result.notices(), InvalidConfigException.class,
                Infrastructure.program(raw, SettingsReader.Mode.OFFLINE));
    }

    /** The whole program planned on the mock engine from settings built directly. */
    public static Plan offlinePlan(Settings settings) {
        var cloud = new MockCloud(settings.region());
        return MockEngine.run(settings.project(), settings.stack(), cloud, List.of(), InvalidConfigException.class,
                ctx -> Infrastructure.declare(ctx, settings, cloud.zones()));
    }

    /**
     * Components alone on the mock engine, as a component test builds them: what {@code declare} declares, with the
     * inputs it gives, and nothing else of the stack (no provider either: the engine's default one).
     */
    public static Plan component(String region, java.util.function.Consumer<com.pulumi.Context> declare) {
        return MockEngine.run("secure-web-infra", "test", new MockCloud(region), List.of(), InvalidConfigException.class,
                declare);
    }
}
