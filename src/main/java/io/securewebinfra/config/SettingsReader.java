package io.securewebinfra.config;

import io.securewebinfra.config.Settings.NatGateways;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Reads and validates a stack's configuration into {@link Settings}, the one place where config keys are named.
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

    /** Restricted ciphers, TLS 1.2 and 1.3: the secure default. */
    static final String DEFAULT_TLS_POLICY = "ELBSecurityPolicy-TLS13-1-2-Res-2021-06";
    /**
     * The TLS 1.2+ policies, from the facts the policy pack judges plans by: a policy the program accepts is never
     * one the pack refuses. The default is named first in error messages.
     */
    static final List<String> TLS_POLICIES = defaultFirst(DEFAULT_TLS_POLICY, SecurityFacts.get().loadBalancerTlsPolicies());
    /** The retention periods CloudWatch Logs accepts. */
    static final Set<Integer> LOG_RETENTION_DAYS = Set.of(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545,
            731, 1096, 1827, 2192, 2557, 2922, 3288, 3653);

    /** The keys of {@code webTierMode: autoscaling} only. */
    static final List<String> SCALING_KEYS = List.of("webMinSize", "webMaxSize", "webDesiredSize",
            "webRequestsPerServer", "webCpuTarget", "webHealthCheckGraceSeconds");

    private final RawConfig raw;
    private final Mode mode;
    private final List<String> problems = new ArrayList<>();
    private final List<String> notices = new ArrayList<>();

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

    private Settings readAll(Function<String, List<String>> zonesInRegion) {
        rejectUnknownKeys();
        // The stack name becomes part of database identifiers, secret and parameter names.
        if (!raw.stack().matches("^[a-z][a-z0-9-]{0,19}$") || raw.stack().endsWith("-") || raw.stack().contains("--")) {
            problems.add("stack name \"" + raw.stack() + "\": must be 1 to 20 lowercase letters, digits or single "
                    + "hyphens, starting with a letter (it becomes part of database identifiers)");
        }
        String region = regionValue();

        String vpcCidr = text("vpcCidr", "10.0.0.0/16", Validators::isVpcCidr,
                "an IPv4 network in CIDR notation with a prefix from /16 to /24, such as 10.0.0.0/16");
        int zones = integer("availabilityZones", 2, 2, 3);
        if (region != null) {
            int available = zonesInRegion.apply(region).size();
            if (zones > available) {
                problem("availabilityZones", String.valueOf(zones),
                        "at most " + available + ", the number of available zones in " + region);
            }
        }
        NatGateways nat = choice("natGateways", "single", List.of("single", "perAz"))
                .equals("perAz") ? NatGateways.PER_AZ : NatGateways.SINGLE;
        int flowLogRetention = logRetention("flowLogRetentionDays", 90);
        Settings.Network network = new Settings.Network(vpcCidr, zones, nat, flowLogRetention);

        String domain = requiredText("domain", Validators::isDomain,
                "a lowercase DNS name with at least two labels, such as foobar.com (the site is served at www.<domain>)");
        Optional<String> zoneId = optionalText("hostedZoneId", Validators::isHostedZoneId,
                "a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ");
        Optional<String> certificateArn = optionalText("certificateArn",
                v -> Validators.isCertificateArn(v, region),
                "an ACM certificate ARN in the stack's region (" + region + "), arn:aws:acm:<region>:<account>:certificate/<id>");
        String tlsPolicy = choice("tlsPolicy", DEFAULT_TLS_POLICY, TLS_POLICIES);
        boolean albProtection = bool("albDeletionProtection", true);
        int accessLogDays = integer("accessLogRetentionDays", 90, 1, 3650);
        Settings.Edge edge = new Settings.Edge(domain, zoneId, certificateArn, tlsPolicy, albProtection, accessLogDays);

        int servers = integer("webServerCount", 3, 2, 500);
        String instanceType = text("instanceType", "t3.micro", Validators::isInstanceType,
                "an EC2 instance type such as t3.micro or m7g.large");
        Optional<String> ami = optionalText("amiId", Validators::isAmiId, "an AMI id such as ami-0123456789abcdef0");
        int rootVolume = integer("rootVolumeSizeGb", 20, 8, 1024);
        // Above 1023, so never Nginx's 443, and the application needs no privilege to bind it.
        int appPort = integer("appPort", 8080, 1024, 65535);
        Optional<Settings.Application> application = application();

        String dbClass = text("dbInstanceClass", "db.t4g.micro", Validators::isDbInstanceClass,
                "an RDS instance class such as db.t4g.micro or db.r6g.large");
        String replicaClass = text("dbReplicaInstanceClass", dbClass, Validators::isDbInstanceClass,
                "an RDS instance class such as db.t4g.micro or db.r6g.large");
        String engineVersion = text("dbEngineVersion", "8.0", v -> v.matches("^8\\.0(\\.[0-9]{1,3})?$"),
                "a MySQL 8.0 version: 8.0 (the newest minor) or 8.0.N");
        int storage = integer("dbAllocatedStorageGb", 20, 20, 16384);
        int maxStorage = integer("dbMaxAllocatedStorageGb", 100, 0, 16384);
        if (maxStorage != 0 && maxStorage < storage) {
            problem("dbMaxAllocatedStorageGb", String.valueOf(maxStorage),
                    "0 (no storage autoscaling) or at least dbAllocatedStorageGb (" + storage + ")");
        }
        int backups = integer("dbBackupRetentionDays", 7, 1, 35,
                " (0 is refused: the read replica needs automated backups on the primary)");
        boolean multiAz = bool("dbMultiAz", true);
        boolean dbDeletionProtection = bool("dbDeletionProtection", true);
        boolean protect = bool("dbProtect", true);
        String dbName = text("dbName", "app", v -> v.matches("^[A-Za-z][A-Za-z0-9_]{0,63}$"),
                "a MySQL database name: a letter, then up to 63 letters, digits or underscores");
        String username = text("dbUsername", "appadmin", Validators::isDbUsername,
                "a letter, then up to 15 letters, digits or underscores, not a MySQL reserved name such as root");
        Secret password = requiredSecret("dbPassword", Validators::isDbPassword,
                "8 to 41 printable ASCII characters without /, \", @ or spaces");
        Settings.Database database = new Settings.Database(dbClass, replicaClass, engineVersion, storage, maxStorage,
                backups, multiAz, dbDeletionProtection, protect, dbName, username, password);

        Optional<String> email = optionalText("alarmEmail", Validators::isEmail, "an e-mail address such as ops@foobar.com");
        double qps = positiveNumber("qpsAlarmThreshold", 100);
        int logRetention = logRetention("logRetentionDays", 90);
        Optional<Secret> sumo = optionalSecret("sumoLogicToken", v -> v.matches("^[A-Za-z0-9+/=_-]{16,512}$"),
                "a Sumo Logic installation token (16 to 512 letters, digits or +/=_-)");
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
        List<String> modes = List.of("fixed", "autoscaling");
        String mode = choice("webTierMode", "fixed", modes);
        boolean modeValid = raw.get(qualified("webTierMode")).map(String::trim).map(modes::contains).orElse(true);
        if (mode.equals("fixed")) {
            for (String key : SCALING_KEYS) {
                if (modeValid && has(key)) {
                    problems.add(qualified(key) + " applies only to webTierMode autoscaling, and webTierMode is fixed: "
                            + "remove it with `pulumi config rm " + key + "`, or set webTierMode to autoscaling");
                }
            }
            return Optional.empty();
        }
        if (has("webServerCount")) {
            problems.add(qualified("webServerCount") + " applies only to webTierMode fixed, and webTierMode is "
                    + "autoscaling: the group is sized by webMinSize, webMaxSize and webDesiredSize; remove it with "
                    + "`pulumi config rm webServerCount`");
        }
        int min = integer("webMinSize", 2, 2, 500, " (at least 2, so that the group spans two AZs)");
        int max = integer("webMaxSize", Math.max(6, min), 2, 500);
        int desired = integer("webDesiredSize", min, 2, 500);
        if (max < min) {
            problem("webMaxSize", String.valueOf(max), "at least webMinSize (" + min + ")");
        } else if (desired < min || desired > max) {
            problem("webDesiredSize", String.valueOf(desired), "from webMinSize (" + min + ") to webMaxSize (" + max + ")");
        }
        double requests = positiveNumber("webRequestsPerServer", 3000);
        double alarmPerMinute = qpsAlarmThreshold * 60;
        if (requests >= alarmPerMinute) {
            problem("webRequestsPerServer", number(requests), "below qpsAlarmThreshold x 60 (" + number(alarmPerMinute)
                    + " requests per server per minute), so that the group scales out before the QPS alarm fires");
        }
        double cpu = positiveNumber("webCpuTarget", 60);
        if (cpu > 100) {
            problem("webCpuTarget", number(cpu), "a number above 0 and at most 100 (percent)");
        }
        int grace = integer("webHealthCheckGraceSeconds", 300, 60, 3600,
                " (a new server needs minutes to boot before its health checks count)");
        return Optional.of(new Settings.Scaling(min, max, desired, requests, cpu, grace));
    }

    private static String number(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }

    /** The user's own application: both keys or neither, and an archive that can be read here. */
    private Optional<Settings.Application> application() {
        Optional<String> path = optionalText("appArtifactPath", v -> v.endsWith(".tar.gz") || v.endsWith(".tgz"),
                "the path of a .tar.gz (or .tgz) archive of the application, relative to the project directory");
        Optional<String> command = optionalText("appStartCommand", Validators::isStartCommand,
                "a single-line command of at most 512 printable characters without single quotes, "
                        + "such as ./bin/server (it must listen on 127.0.0.1:$PORT)");
        if (has("appArtifactPath") != has("appStartCommand")) {
            String missing = has("appArtifactPath") ? "appStartCommand" : "appArtifactPath";
            problems.add(qualified(missing) + " is not set: appArtifactPath and appStartCommand go together");
            return Optional.empty();
        }
        if (path.isEmpty() || command.isEmpty()) {
            return Optional.empty();
        }
        java.nio.file.Path archive = java.nio.file.Path.of(path.get());
        try {
            return Optional.of(new Settings.Application(archive, Validators.sha256(archive), command.get()));
        } catch (java.io.IOException e) {
            problem("appArtifactPath", path.get(), "a readable file (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + ")");
            return Optional.empty();
        }
    }

    private void rejectUnknownKeys() {
        for (String key : raw.projectKeys()) {
            if (!ConfigKeys.ALL.contains(key)) {
                problems.add(qualified(key) + " is not a key of this program (a typo?); the keys are: "
                        + String.join(", ", ConfigKeys.ALL));
            }
        }
    }

    private String regionValue() {
        Optional<String> region = raw.get("aws:region");
        if (region.isEmpty()) {
            problems.add("aws:region is not set: set it with `pulumi config set aws:region <region>`, such as eu-west-1");
            return null;
        }
        if (!Validators.isRegion(region.get())) {
            problems.add("aws:region = \"" + region.get() + "\": must be an AWS region name such as eu-west-1");
            return null;
        }
        return region.get();
    }

    // ---- typed readers: each records a problem and returns a safe stand-in, so that reading goes on ----

    private String qualified(String key) {
        return raw.project() + ":" + key;
    }

    private boolean has(String key) {
        return raw.has(qualified(key));
    }

    private void problem(String key, String value, String allowed) {
        problems.add(qualified(key) + " = \"" + value + "\": must be " + allowed);
    }

    private Optional<String> plain(String key) {
        if (raw.isSecret(qualified(key))) {
            problems.add(qualified(key) + " is set as a secret but is not one: set it with `pulumi config set "
                    + key + " <value>` (without --secret)");
            return Optional.empty();
        }
        return raw.get(qualified(key)).map(String::trim);
    }

    private String text(String key, String fallback, Predicate<String> valid, String allowed) {
        Optional<String> value = plain(key);
        if (value.isPresent() && !valid.test(value.get())) {
            problem(key, value.get(), allowed);
        }
        return value.filter(valid).orElse(fallback);
    }

    private Optional<String> optionalText(String key, Predicate<String> valid, String allowed) {
        Optional<String> value = plain(key).filter(v -> !v.isEmpty());
        if (value.isPresent() && !valid.test(value.get())) {
            problem(key, value.get(), allowed);
            return Optional.empty();
        }
        return value;
    }

    private String requiredText(String key, Predicate<String> valid, String allowed) {
        if (!has(key)) {
            problems.add(qualified(key) + " is not set: it is required and must be " + allowed);
            return "example.com";
        }
        return text(key, "example.com", valid, allowed);
    }

    private static List<String> defaultFirst(String fallback, List<String> allowed) {
        if (!allowed.contains(fallback)) {
            throw new IllegalStateException("the default " + fallback + " is not among the allowed values " + allowed);
        }
        List<String> ordered = new ArrayList<>(List.of(fallback));
        allowed.stream().filter(v -> !v.equals(fallback)).forEach(ordered::add);
        return List.copyOf(ordered);
    }

    private String choice(String key, String fallback, List<String> allowed) {
        return text(key, fallback, allowed::contains, "one of " + String.join(", ", allowed));
    }

    private int integer(String key, int fallback, int min, int max) {
        return integer(key, fallback, min, max, "");
    }

    private int integer(String key, int fallback, int min, int max, String why) {
        Optional<String> value = plain(key);
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.get());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException notAnInteger) {
            // reported below
        }
        problem(key, value.get(), "a whole number from " + min + " to " + max + why);
        return fallback;
    }

    private int logRetention(String key, int fallback) {
        int days = integer(key, fallback, 1, 3653);
        if (!LOG_RETENTION_DAYS.contains(days)) {
            problem(key, String.valueOf(days), "one of the CloudWatch Logs retention periods: "
                    + LOG_RETENTION_DAYS.stream().sorted().map(String::valueOf).reduce((a, b) -> a + ", " + b).orElse(""));
            return fallback;
        }
        return days;
    }

    private double positiveNumber(String key, double fallback) {
        Optional<String> value = plain(key);
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            double parsed = Double.parseDouble(value.get());
            if (parsed > 0 && Double.isFinite(parsed)) {
                return parsed;
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        problem(key, value.get(), "a number above 0");
        return fallback;
    }

    private boolean bool(String key, boolean fallback) {
        Optional<String> value = plain(key);
        if (value.isEmpty()) {
            return fallback;
        }
        return switch (value.get()) {
            case "true" -> true;
            case "false" -> false;
            default -> {
                problem(key, value.get(), "true or false");
                yield fallback;
            }
        };
    }

    private Optional<Secret> optionalSecret(String key, Predicate<String> valid, String allowed) {
        if (!has(key)) {
            return Optional.empty();
        }
        String setCommand = "`pulumi config set --secret " + key + "`";
        if (!raw.isSecret(qualified(key))) {
            // The value itself is never repeated: it is meant to be secret even if it was set in plain text.
            problems.add(qualified(key) + " is set in plain text: it must be a secret; remove it with `pulumi config rm "
                    + key + "` and set it with " + setCommand);
            return Optional.empty();
        }
        Optional<String> value = raw.get(qualified(key));
        if (value.isEmpty()) {
            if (mode == Mode.ENGINE) {
                problems.add(qualified(key) + " could not be decrypted: set it again with " + setCommand);
            }
            return Optional.of(Secret.unreadable());
        }
        if (!valid.test(value.get())) {
            problems.add(qualified(key) + " = [secret]: must be " + allowed);
        }
        return Optional.of(Secret.of(value.get()));
    }

    private Secret requiredSecret(String key, Predicate<String> valid, String allowed) {
        if (!has(key)) {
            String setCommand = "`pulumi config set --secret " + key + " <value>`";
            if (mode == Mode.ENGINE) {
                problems.add(qualified(key) + " is not set: it is required, " + allowed + "; set it with " + setCommand);
            } else {
                notices.add(qualified(key) + " is not set: this plan shows it as [secret], but `pulumi up` will refuse "
                        + "to run until it is set with " + setCommand);
            }
            return Secret.unreadable();
        }
        return optionalSecret(key, valid, allowed).orElse(Secret.unreadable());
    }
}
