package io.securewebinfra.config;

import io.securewebinfra.config.Settings.NatGateways;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import static io.securewebinfra.config.ConfigKey.*;

/**
 * Reads and validates a stack's configuration into {@link Settings}. Each key is read through its row of
 * {@link ConfigKey}, which states its type, default and allowed values once; the rules across keys (a maximum at least
 * the minimum, the zones the region has, the archive on disk) are checked here.
 * Every problem is collected, so that a user sees all of them at once, and then thrown together as an
 * {@link InvalidConfigException} before any resource exists.
 */
public final class SettingsReader {

    /** Where the configuration comes from, which decides how an unreadable secret is treated. */
    public enum Mode {
        /** A real run: every secret is decrypted by the engine, so a missing secret is an error. */
        ENGINE,
        /** An offline plan: encrypted secrets cannot be read and a missing one only yields a notice. */
        OFFLINE
    }

    /**
     * The TLS 1.2+ policies, from the facts the policy pack judges plans by: a policy the program accepts is never
     * one the pack refuses. The default is named first in error messages.
     */
    static final List<String> TLS_POLICIES = ((ConfigKey.Rule.Choice) ConfigKey.TLS_POLICY.rule()).values();

    /** The keys of {@code webTierMode: autoscaling} only. */
    static final List<String> SCALING_KEYS =
            ConfigKey.ofMode(ConfigKey.WebTierMode.AUTOSCALING).stream().map(ConfigKey::key).toList();

    private final RawConfig raw;
    private final Mode mode;
    private final List<String> problems = new ArrayList<>();
    private final List<String> notices = new ArrayList<>();
    /** The keys looked at, for the test that every key of the table is read. */
    private final Set<ConfigKey> read = EnumSet.noneOf(ConfigKey.class);
    /** The stack's region once it is known to be valid: certificate ARNs are checked against it. */
    private String region;

    private SettingsReader(RawConfig raw, Mode mode) {
        this.raw = raw;
        this.mode = mode;
    }

    /** The outcome of a successful read: the settings and anything the user should know about them. */
    public record Result(Settings settings, List<String> notices) {
    }

    /**
     * Validates the whole configuration.
     *
     * @param zonesInRegion the names of the region's available AZs; only asked once the region itself is valid
     * @throws InvalidConfigException with every problem found
     */
    public static Result read(RawConfig raw, Mode mode, Function<String, List<String>> zonesInRegion) {
        SettingsReader reader = new SettingsReader(raw, mode);
        Settings settings = reader.readAll(zonesInRegion);
        if (!reader.problems.isEmpty()) {
            throw new InvalidConfigException(reader.problems);
        }
        return new Result(settings, List.copyOf(reader.notices));
    }

    /** The keys a read of this configuration looks at, valid or not: the test that the table and the reader agree. */
    static Set<ConfigKey> keysRead(RawConfig raw, Mode mode, Function<String, List<String>> zonesInRegion) {
        SettingsReader reader = new SettingsReader(raw, mode);
        reader.readAll(zonesInRegion);
        return Set.copyOf(reader.read);
    }

    private Settings readAll(Function<String, List<String>> zonesInRegion) {
        rejectUnknownKeys();
        names();
        region = regionValue();

        String vpcCidr = text(VPC_CIDR);
        int zones = integer(AVAILABILITY_ZONES);
        if (region != null) {
            int available = zonesInRegion.apply(region).size();
            if (zones > available) {
                problem(AVAILABILITY_ZONES, String.valueOf(zones),
                        "at most " + available + ", the number of available zones in " + region);
            }
        }
        NatGateways nat = text(NAT_GATEWAYS).equals("perAz") ? NatGateways.PER_AZ : NatGateways.SINGLE;
        int flowLogRetention = integer(FLOW_LOG_RETENTION_DAYS);
        Settings.Network network = new Settings.Network(vpcCidr, zones, nat, flowLogRetention);

        String domain = requiredText(DOMAIN);
        Optional<String> zoneId = optionalText(HOSTED_ZONE_ID);
        Optional<String> certificateArn = optionalText(CERTIFICATE_ARN);
        String tlsPolicy = text(TLS_POLICY);
        boolean albProtection = bool(ALB_DELETION_PROTECTION);
        int accessLogDays = integer(ACCESS_LOG_RETENTION_DAYS);
        Settings.Edge edge = new Settings.Edge(domain, zoneId, certificateArn, tlsPolicy, albProtection, accessLogDays);

        int servers = integer(WEB_SERVER_COUNT);
        String instanceType = text(INSTANCE_TYPE);
        Optional<String> ami = optionalText(AMI_ID);
        int rootVolume = integer(ROOT_VOLUME_SIZE_GB);
        int appPort = integer(APP_PORT);
        Optional<Settings.Application> application = application();

        String dbClass = text(DB_INSTANCE_CLASS);
        String replicaClass = text(DB_REPLICA_INSTANCE_CLASS, dbClass);
        String engineVersion = text(DB_ENGINE_VERSION);
        int storage = integer(DB_ALLOCATED_STORAGE_GB);
        int maxStorage = integer(DB_MAX_ALLOCATED_STORAGE_GB);
        if (maxStorage != 0 && maxStorage < storage) {
            problem(DB_MAX_ALLOCATED_STORAGE_GB, String.valueOf(maxStorage),
                    "0 (no storage autoscaling) or at least dbAllocatedStorageGb (" + storage + ")");
        }
        int backups = integer(DB_BACKUP_RETENTION_DAYS);
        boolean multiAz = bool(DB_MULTI_AZ);
        boolean dbDeletionProtection = bool(DB_DELETION_PROTECTION);
        boolean protect = bool(DB_PROTECT);
        String dbName = text(DB_NAME);
        String username = text(DB_USERNAME);
        Secret password = requiredSecret(DB_PASSWORD);
        Settings.Database database = new Settings.Database(dbClass, replicaClass, engineVersion, storage, maxStorage,
                backups, multiAz, dbDeletionProtection, protect, dbName, username, password);

        Optional<String> email = optionalText(ALARM_EMAIL);
        double qps = number(QPS_ALARM_THRESHOLD);
        int logRetention = integer(LOG_RETENTION_DAYS);
        Optional<Secret> sumo = optionalSecret(SUMO_LOGIC_TOKEN);
        Settings.Monitoring monitoring = new Settings.Monitoring(email, qps, logRetention, sumo);
        // Read last: the scaling target is checked against the QPS alarm.
        Settings.WebTier webTier = new Settings.WebTier(servers, instanceType, ami, rootVolume, appPort, application,
                scaling(qps));

        return new Settings(raw.project(), raw.stack(), region, network, edge, webTier, database, monitoring);
    }

    /**
     * The Auto Scaling group of {@code webTierMode: autoscaling}, or empty for the fixed servers. A key of the other
     * mode is refused rather than ignored, so that a switch never leaves a setting that silently does nothing.
     */
    private Optional<Settings.Scaling> scaling(double qpsAlarmThreshold) {
        String mode = text(WEB_TIER_MODE);
        boolean modeValid = raw.get(qualified(WEB_TIER_MODE)).map(String::trim)
                .map(v -> WEB_TIER_MODE.rule().accepts(v, region)).orElse(true);
        if (mode.equals("fixed")) {
            for (ConfigKey key : ConfigKey.ofMode(ConfigKey.WebTierMode.AUTOSCALING)) {
                if (modeValid && has(key)) {
                    problems.add(qualified(key) + " applies only to webTierMode autoscaling, and webTierMode is fixed: "
                            + "remove it with `pulumi config rm " + key.key() + "`, or set webTierMode to autoscaling");
                }
            }
            return Optional.empty();
        }
        for (ConfigKey key : ConfigKey.ofMode(ConfigKey.WebTierMode.FIXED)) {
            if (has(key)) {
                problems.add(qualified(key) + " applies only to webTierMode fixed, and webTierMode is "
                        + "autoscaling: the group is sized by webMinSize, webMaxSize and webDesiredSize; remove it with "
                        + "`pulumi config rm " + key.key() + "`");
            }
        }
        int min = integer(WEB_MIN_SIZE);
        int max = integer(WEB_MAX_SIZE, Math.max((Integer) WEB_MAX_SIZE.literalDefault(), min));
        int desired = integer(WEB_DESIRED_SIZE, min);
        if (max < min) {
            problem(WEB_MAX_SIZE, String.valueOf(max), "at least webMinSize (" + min + ")");
        } else if (desired < min || desired > max) {
            problem(WEB_DESIRED_SIZE, String.valueOf(desired), "from webMinSize (" + min + ") to webMaxSize (" + max + ")");
        }
        double requests = number(WEB_REQUESTS_PER_SERVER);
        double alarmPerMinute = qpsAlarmThreshold * 60;
        if (requests >= alarmPerMinute) {
            problem(WEB_REQUESTS_PER_SERVER, number(requests), "below qpsAlarmThreshold x 60 (" + number(alarmPerMinute)
                    + " requests per server per minute), so that the group scales out before the QPS alarm fires");
        }
        double cpu = number(WEB_CPU_TARGET);
        int grace = integer(WEB_HEALTH_CHECK_GRACE_SECONDS);
        return Optional.of(new Settings.Scaling(min, max, desired, requests, cpu, grace));
    }

    /** A number as a user writes it: 3000, not 3000.0. */
    static String number(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }

    /**
     * The user's own application: both keys or neither, and an archive that is a regular file inside the project
     * directory (see {@link ArtifactPath}), checked even when the command is refused, so that every problem shows.
     */
    private Optional<Settings.Application> application() {
        Optional<String> path = optionalText(APP_ARTIFACT_PATH);
        Optional<String> command = optionalText(APP_START_COMMAND);
        if (has(APP_ARTIFACT_PATH) != has(APP_START_COMMAND)) {
            ConfigKey missing = has(APP_ARTIFACT_PATH) ? APP_START_COMMAND : APP_ARTIFACT_PATH;
            problems.add(qualified(missing) + " is not set: appArtifactPath and appStartCommand go together");
            return Optional.empty();
        }
        if (path.isEmpty()) {
            return Optional.empty();
        }
        ArtifactPath.Checked archive = ArtifactPath.check(path.get(), java.nio.file.Path.of(""));
        if (archive.problem() != null) {
            problem(APP_ARTIFACT_PATH, path.get(), archive.problem());
            return Optional.empty();
        }
        return command.map(c -> new Settings.Application(archive.archive(), archive.sha256(), c));
    }

    /**
     * The project and stack names become part of the names the program gives AWS resources (see
     * {@link Validators#isProjectName}): the strictest of them, the RDS DB identifier {@code <project>-<stack>-replica}
     * (1 to 63 letters, digits or hyphens, starting with a letter, no two hyphens in a row, no hyphen at the end,
     * lowercase in the AWS provider), decides the rule for both.
     */
    private void names() {
        boolean projectValid = Validators.isProjectName(raw.project());
        boolean stackValid = Validators.isStackName(raw.stack());
        if (!projectValid) {
            problems.add("project name \"" + raw.project() + "\" (the name in Pulumi.yaml): must be lowercase letters, "
                    + "digits or single hyphens, starting with a letter, not ending with a hyphen and not beginning "
                    + "with aws or ssm (it becomes part of RDS identifiers such as <project>-<stack>-primary and of SSM "
                    + "parameter names /<project>/<stack>/..., which may not begin with aws or ssm)");
        }
        if (!stackValid) {
            problems.add("stack name \"" + raw.stack() + "\": must be 1 to " + Validators.MAX_STACK_NAME + " lowercase "
                    + "letters, digits or single hyphens, starting with a letter and not ending with a hyphen (it "
                    + "becomes part of RDS identifiers such as <project>-<stack>-primary)");
        }
        int length = raw.project().length() + raw.stack().length();
        if (projectValid && stackValid && length > Validators.MAX_PROJECT_AND_STACK_NAME) {
            problems.add("project name \"" + raw.project() + "\" and stack name \"" + raw.stack() + "\": must be at most "
                    + Validators.MAX_PROJECT_AND_STACK_NAME + " characters together, not " + length + ", because "
                    + "<project>-<stack>-replica is an RDS DB identifier, which has at most 63 characters");
        }
    }

    private void rejectUnknownKeys() {
        for (String key : raw.projectKeys()) {
            if (!ConfigKeys.ALL.contains(key)) {
                problems.add(raw.project() + ":" + key + " is not a key of this program (a typo?); the keys are: "
                        + String.join(", ", ConfigKeys.ALL));
            }
        }
        // A key of another namespace is its owner's, but one a letter or two from the project's is almost surely ours.
        for (String key : raw.values().keySet()) {
            Namespaces.intendedKey(key, raw.project(), ConfigKeys.ALL).ifPresent(intended -> notices.add(key
                    + " is ignored: its namespace, " + key.substring(0, key.indexOf(':')) + ", is not this program's ("
                    + raw.project() + "); did you mean " + intended + "?"));
        }
    }

    private String regionValue() {
        read.add(REGION);
        String key = qualified(REGION);
        Optional<String> value = raw.get(key);
        if (value.isEmpty()) {
            problems.add(key + " is not set: set it with `pulumi config set " + key + " <region>`, such as eu-west-1");
            return null;
        }
        if (!REGION.rule().accepts(value.get(), null)) {
            problems.add(key + " = \"" + value.get() + "\": must be " + REGION.rule().allowed(null));
            return null;
        }
        return value.get();
    }

    // ---- typed readers: each validates through the key's rule in ConfigKey, records a problem and returns a safe
    // ---- stand-in (the default), so that reading goes on

    private String qualified(ConfigKey key) {
        return key.qualified(raw.project());
    }

    private boolean has(ConfigKey key) {
        return raw.has(qualified(key));
    }

    private void problem(ConfigKey key, String value, String allowed) {
        problems.add(qualified(key) + " = \"" + value + "\": must be " + allowed);
    }

    /**
     * The key's value when it is set and its rule accepts it. A key without a default treats an empty value as
     * unset. Every read goes through here, which is how a test proves that every key of the table is read.
     */
    private Optional<String> valid(ConfigKey key) {
        read.add(key);
        if (key.secret()) {
            throw new IllegalStateException(key.key() + " is a secret: read it with optionalSecret or requiredSecret");
        }
        if (raw.isSecret(qualified(key))) {
            problems.add(qualified(key) + " is set as a secret but is not one: set it with `pulumi config set "
                    + key.key() + " <value>` (without --secret)");
            return Optional.empty();
        }
        Optional<String> value = raw.get(qualified(key)).map(String::trim);
        if (key.defaultValue() instanceof ConfigKey.Default.None) {
            value = value.filter(v -> !v.isEmpty());
        }
        if (value.isPresent() && !key.rule().accepts(value.get(), region)) {
            problem(key, value.get(), key.rule().allowed(region) + key.rule().hint(value.get(), region));
            return Optional.empty();
        }
        return value;
    }

    /** A key's value, or its table default. */
    private Object value(ConfigKey key) {
        return valid(key).map(v -> key.type().parse(v)).orElseGet(key::literalDefault);
    }

    private String text(ConfigKey key) {
        return (String) value(key);
    }

    /** A key whose default is another key's value ({@link ConfigKey.Default.SameAs}). */
    private String text(ConfigKey key, String fallback) {
        return valid(key).orElse(fallback);
    }

    private Optional<String> optionalText(ConfigKey key) {
        return valid(key);
    }

    private String requiredText(ConfigKey key) {
        if (!has(key)) {
            read.add(key);
            problems.add(qualified(key) + " is not set: it is required and must be " + key.rule().allowed(region));
            return "example.com";
        }
        return valid(key).orElse("example.com");
    }

    private int integer(ConfigKey key) {
        return (Integer) value(key);
    }

    /** A key whose default depends on other keys' values. */
    private int integer(ConfigKey key, int fallback) {
        return valid(key).map(Integer::parseInt).orElse(fallback);
    }

    private double number(ConfigKey key) {
        return (Double) value(key);
    }

    private boolean bool(ConfigKey key) {
        return (Boolean) value(key);
    }

    private Optional<Secret> optionalSecret(ConfigKey key) {
        read.add(key);
        if (!has(key)) {
            return Optional.empty();
        }
        String setCommand = "`pulumi config set --secret " + key.key() + "`";
        if (!raw.isSecret(qualified(key))) {
            // The value itself is never repeated: it is meant to be secret even if it was set in plain text.
            problems.add(qualified(key) + " is set in plain text: it must be a secret; remove it with `pulumi config rm "
                    + key.key() + "` and set it with " + setCommand);
            return Optional.empty();
        }
        Optional<String> value = raw.get(qualified(key));
        if (value.isEmpty()) {
            if (mode == Mode.ENGINE) {
                problems.add(qualified(key) + " could not be decrypted: set it again with " + setCommand);
            }
            return Optional.of(Secret.unreadable());
        }
        if (!key.rule().accepts(value.get(), region)) {
            problems.add(qualified(key) + " = [secret]: must be " + key.rule().allowed(region));
        }
        return Optional.of(Secret.of(value.get()));
    }

    private Secret requiredSecret(ConfigKey key) {
        read.add(key);
        if (!has(key)) {
            String setCommand = "`pulumi config set --secret " + key.key() + " <value>`";
            if (mode == Mode.ENGINE) {
                problems.add(qualified(key) + " is not set: it is required, " + key.rule().allowed(region)
                        + "; set it with " + setCommand);
            } else {
                notices.add(qualified(key) + " is not set: this plan shows it as [secret], but `pulumi up` will refuse "
                        + "to run until it is set with " + setCommand);
            }
            return Secret.unreadable();
        }
        return optionalSecret(key).orElse(Secret.unreadable());
    }
}
