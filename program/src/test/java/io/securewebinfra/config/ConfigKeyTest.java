package io.securewebinfra.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import static io.securewebinfra.config.ConfigKey.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The table of keys and the reader agree: every key is read, every default is what a stack without the key gets. */
class ConfigKeyTest {
    private static final String PROJECT = "secure-web-infra";

    /** The smallest valid configuration: the required keys only. Not a project stack file, so that it never moves. */
    private static RawConfig requiredOnly(Map<String, String> more) {
        Map<String, String> values = new HashMap<>(Map.of("aws:region", "eu-west-1",
                PROJECT + ":domain", "example.org", PROJECT + ":dbPassword", "Example-Pass-42"));
        more.forEach((k, v) -> values.put(PROJECT + ":" + k, v));
        return new RawConfig(PROJECT, "dev", values, Set.of(PROJECT + ":dbPassword"));
    }

    private static Settings read(RawConfig raw) {
        return SettingsReader.read(raw, SettingsReader.Mode.ENGINE, r -> List.of(r + "a", r + "b", r + "c")).settings();
    }

    /** Where each key's value lands in {@link Settings}: the test's own map, so that it checks the reader. */
    private static final Map<ConfigKey, Function<Settings, Object>> FIELD = new EnumMap<>(ConfigKey.class);

    static {
        FIELD.put(REGION, Settings::region);
        FIELD.put(DOMAIN, s -> s.edge().domain());
        FIELD.put(HOSTED_ZONE_ID, s -> s.edge().hostedZoneId());
        FIELD.put(CERTIFICATE_ARN, s -> s.edge().certificateArn());
        FIELD.put(TLS_POLICY, s -> s.edge().tlsPolicy());
        FIELD.put(ALB_DELETION_PROTECTION, s -> s.edge().deletionProtection());
        FIELD.put(ACCESS_LOG_RETENTION_DAYS, s -> s.edge().accessLogRetentionDays());
        FIELD.put(VPC_CIDR, s -> s.network().vpcCidr());
        FIELD.put(AVAILABILITY_ZONES, s -> s.network().availabilityZones());
        FIELD.put(NAT_GATEWAYS, s -> s.network().natGateways() == Settings.NatGateways.PER_AZ ? "perAz" : "single");
        FIELD.put(FLOW_LOG_RETENTION_DAYS, s -> s.network().flowLogRetentionDays());
        FIELD.put(WEB_TIER_MODE, s -> s.webTier().scaling().isPresent() ? "autoscaling" : "fixed");
        FIELD.put(WEB_SERVER_COUNT, s -> s.webTier().serverCount());
        FIELD.put(WEB_MIN_SIZE, s -> s.webTier().scaling().orElseThrow().minSize());
        FIELD.put(WEB_MAX_SIZE, s -> s.webTier().scaling().orElseThrow().maxSize());
        FIELD.put(WEB_DESIRED_SIZE, s -> s.webTier().scaling().orElseThrow().desiredSize());
        FIELD.put(WEB_REQUESTS_PER_SERVER, s -> s.webTier().scaling().orElseThrow().requestsPerServer());
        FIELD.put(WEB_CPU_TARGET, s -> s.webTier().scaling().orElseThrow().cpuTargetPercent());
        FIELD.put(WEB_HEALTH_CHECK_GRACE_SECONDS, s -> s.webTier().scaling().orElseThrow().healthCheckGraceSeconds());
        FIELD.put(INSTANCE_TYPE, s -> s.webTier().instanceType());
        FIELD.put(AMI_ID, s -> s.webTier().amiId());
        FIELD.put(ROOT_VOLUME_SIZE_GB, s -> s.webTier().rootVolumeSizeGb());
        FIELD.put(APP_PORT, s -> s.webTier().appPort());
        FIELD.put(APP_ARTIFACT_PATH, s -> s.webTier().application().map(Settings.Application::archive));
        FIELD.put(APP_START_COMMAND, s -> s.webTier().application().map(Settings.Application::startCommand));
        FIELD.put(DB_INSTANCE_CLASS, s -> s.database().instanceClass());
        FIELD.put(DB_REPLICA_INSTANCE_CLASS, s -> s.database().replicaInstanceClass());
        FIELD.put(DB_ENGINE_VERSION, s -> s.database().engineVersion());
        FIELD.put(DB_ALLOCATED_STORAGE_GB, s -> s.database().allocatedStorageGb());
        FIELD.put(DB_MAX_ALLOCATED_STORAGE_GB, s -> s.database().maxAllocatedStorageGb());
        FIELD.put(DB_BACKUP_RETENTION_DAYS, s -> s.database().backupRetentionDays());
        FIELD.put(DB_MULTI_AZ, s -> s.database().multiAz());
        FIELD.put(DB_DELETION_PROTECTION, s -> s.database().deletionProtection());
        FIELD.put(DB_PROTECT, s -> s.database().protect());
        FIELD.put(DB_NAME, s -> s.database().name());
        FIELD.put(DB_USERNAME, s -> s.database().username());
        FIELD.put(DB_PASSWORD, s -> s.database().password().value());
        FIELD.put(ALARM_EMAIL, s -> s.monitoring().alarmEmail());
        FIELD.put(QPS_ALARM_THRESHOLD, s -> s.monitoring().qpsAlarmThreshold());
        FIELD.put(LOG_RETENTION_DAYS, s -> s.monitoring().logRetentionDays());
        FIELD.put(SUMO_LOGIC_TOKEN, s -> s.monitoring().sumoLogicToken());
    }

    @Test
    void everyKeyOfTheTableIsReadAndTheKnownKeysAreTheTables() {
        Set<ConfigKey> read = EnumSet.noneOf(ConfigKey.class);
        // The keys of one web tier mode are only read in that mode.
        read.addAll(SettingsReader.keysRead(requiredOnly(Map.of()), SettingsReader.Mode.ENGINE, r -> List.of(r + "a", r + "b")));
        read.addAll(SettingsReader.keysRead(requiredOnly(Map.of("webTierMode", "autoscaling")), SettingsReader.Mode.ENGINE,
                r -> List.of(r + "a", r + "b")));
        assertEquals(EnumSet.allOf(ConfigKey.class), read, "keys of the table the reader never reads");
        // The reader can only read a key through ConfigKey, so a key it reads is in the table by construction.
        assertEquals(Arrays.stream(values()).filter(ConfigKey::inProjectNamespace).map(ConfigKey::key).sorted().toList(),
                ConfigKeys.ALL);
        assertFalse(ConfigKeys.ALL.contains("region"), "aws:region belongs to the AWS provider's namespace");
        assertEquals(ConfigKeys.ALL.size(), new HashSet<>(ConfigKeys.ALL).size(), "no key twice");
        assertEquals(List.of("webMinSize", "webMaxSize", "webDesiredSize", "webRequestsPerServer", "webCpuTarget",
                "webHealthCheckGraceSeconds"), SettingsReader.SCALING_KEYS);
    }

    @Test
    void theTablesDefaultsAreWhatAStackWithoutTheKeyGets() {
        assertEquals(EnumSet.allOf(ConfigKey.class), FIELD.keySet(), "every key has a field in this test");
        Settings fixed = read(requiredOnly(Map.of()));
        Settings autoscaling = read(requiredOnly(Map.of("webTierMode", "autoscaling")));
        for (ConfigKey key : values()) {
            Settings settings = key.mode() == WebTierMode.AUTOSCALING ? autoscaling : fixed;
            Object actual = FIELD.get(key).apply(settings);
            Default value = key.defaultValue();
            if (value instanceof Default.Literal) {
                assertEquals(key.literalDefault(), actual, key.key());
            } else if (value instanceof Default.SameAs sameAs) {
                assertEquals(FIELD.get(byKey(sameAs.key())).apply(settings), actual, key.key());
            } else if (value instanceof Default.None) {
                assertEquals(Optional.empty(), actual, key.key() + " is unset by default");
            } else {
                assertTrue(key.required());
            }
        }
        // A required key is refused when missing (dbPassword: in a real run).
        for (ConfigKey key : values()) {
            if (key.required()) {
                Map<String, String> values = new HashMap<>(requiredOnly(Map.of()).values());
                values.remove(key.qualified(PROJECT));
                var e = org.junit.jupiter.api.Assertions.assertThrows(InvalidConfigException.class,
                        () -> read(new RawConfig(PROJECT, "dev", values, Set.of(PROJECT + ":dbPassword"))));
                assertTrue(e.problems().get(0).startsWith(key.qualified(PROJECT) + " is not set"), e.problems().toString());
            }
        }
    }

    @Test
    void everyFixedDefaultPassesItsOwnRuleAndEveryValueIsReadAsItsType() {
        for (ConfigKey key : values()) {
            if (key.defaultValue() instanceof Default.Literal literal) {
                assertTrue(key.rule().accepts(literal.value(), "eu-west-1"), key.key() + "'s default " + literal.value());
            }
            if (key.defaultValue() instanceof Default.SameAs sameAs) {
                assertEquals(key.type(), byKey(sameAs.key()).type(), key.key());
            }
            assertFalse(key.description().isBlank(), key.key());
            assertFalse(key.rule().allowed(null).isBlank(), key.key());
        }
        // A choice names its default first, in messages and in the document.
        assertEquals("ELBSecurityPolicy-TLS13-1-2-Res-2021-06", ((Rule.Choice) TLS_POLICY.rule()).values().get(0));
        assertEquals(Set.of(DB_PASSWORD, SUMO_LOGIC_TOKEN),
                Arrays.stream(values()).filter(ConfigKey::secret).collect(java.util.stream.Collectors.toSet()));
        assertEquals(List.of(WEB_SERVER_COUNT), ofMode(WebTierMode.FIXED));
    }

    /**
     * Pulumi.yaml may declare config keys (type, default, secret), which the engine applies before the program runs:
     * any it declares must be the table's, with the same type, default and secrecy. (Today it declares none: the
     * program validates every key itself.)
     */
    @Test
    void pulumiYamlNamesTheProjectAndAnyKeyItDeclaresAgreesWithTheTable() throws IOException {
        JsonNode project = new ObjectMapper(new YAMLFactory()).readTree(Path.of("Pulumi.yaml").toFile());
        assertEquals(PROJECT, project.path("name").asText());
        JsonNode config = project.path("config");
        for (Iterator<Map.Entry<String, JsonNode>> it = config.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String name = entry.getKey().startsWith(PROJECT + ":") ? entry.getKey().substring(PROJECT.length() + 1)
                    : entry.getKey();
            if (name.contains(":") && !name.equals("aws:region")) {
                continue;  // another namespace's key
            }
            ConfigKey key = name.equals("aws:region") ? REGION : byKey(name);
            assertNotNull(key);
            JsonNode declared = entry.getValue();
            if (declared.has("type")) {
                String expected = switch (key.type()) {
                    case INTEGER -> "integer";
                    case BOOLEAN -> "boolean";
                    default -> "string";
                };
                assertEquals(expected, declared.get("type").asText(), name + "'s type");
            }
            if (declared.has("default")) {
                assertTrue(key.defaultValue() instanceof Default.Literal, name + " has a fixed default in the table");
                assertEquals(key.literalDefault(), key.type().parse(declared.get("default").asText()), name + "'s default");
            }
            assertEquals(key.secret(), declared.path("secret").asBoolean(false), name + "'s secrecy");
        }
    }
}
