package io.securewebinfra.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The one table of configuration keys: each key's type, default, allowed values, meaning and web tier mode is stated
 * here once. {@link SettingsReader} validates every value through its key's {@link Rule} and takes its error text from
 * it, {@link ConfigKeys} derives the list of known keys from it, and {@link ConfigDocs} renders it into
 * {@code docs/configuration.md} (so the descriptions' links are relative to docs/). A rule that involves other keys
 * (a maximum at least the minimum, a target below the QPS alarm) is checked in SettingsReader, but is stated here too,
 * in {@link #crossKeyRule()}, so that the document names it.
 *
 * <p>The constants are in the order of the document's table: region and edge, network, web tier, database,
 * monitoring, application.
 */
public enum ConfigKey {
    REGION(Key.aws("region").required()
            .text(Validators::isRegion, "an AWS region name such as eu-west-1")
            .describe("the region of every resource")),
    DOMAIN(Key.of("domain").required()
            .text(Validators::isDomain,
                    "a lowercase DNS name with at least two labels, such as foobar.com (the site is served at www.<domain>)")
            .describe("the apex. The site is served at `https://www.<domain>`, and the apex points to the same ALB. "
                    + "No trailing dot, no digits in the last label, at most 253 characters")),
    HOSTED_ZONE_ID(Key.of("hostedZoneId").none("looked up: the public Route 53 zone named `domain`")
            .text(Validators::isHostedZoneId, "a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ")
            .describe("the hosted zone for the site and validation records: `Z` followed by 1–31 uppercase letters "
                    + "or digits")),
    CERTIFICATE_ARN(Key.of("certificateArn")
            .none("a new ACM certificate for `<domain>` and `www.<domain>`, validated through DNS")
            // The load balancer can only use a certificate of its own region: the check needs the stack's region.
            .text(Validators::isCertificateArn, "an ACM certificate ARN in the stack's region, "
                    + "arn:<partition>:acm:" + Rule.REGION_PLACEHOLDER + ":<12-digit account>:certificate/<UUID>",
                    Validators::certificateArnProblem)
            .describe("an existing certificate for the HTTPS listener")),
    TLS_POLICY(Key.of("tlsPolicy").defaultsTo("ELBSecurityPolicy-TLS13-1-2-Res-2021-06")
            // The policy pack's own list: a policy the program accepts is never one the pack refuses.
            .choice(SecurityFacts.get().loadBalancerTlsPolicies())
            .describe("the HTTPS listener's security policy: TLS 1.2 and 1.3 only (the default: restricted ciphers). "
                    + "The list is the policy pack's, `policies/facts/security-facts.json`")),
    ALB_DELETION_PROTECTION(Key.of("albDeletionProtection").defaultsTo("true").bool()
            .describe("ALB deletion protection. When `false`, the access-log bucket is also created with `forceDestroy`")),
    ACCESS_LOG_RETENTION_DAYS(Key.of("accessLogRetentionDays").defaultsTo("90").integer(1, 3650)
            .describe("days before ALB access logs expire")),

    VPC_CIDR(Key.of("vpcCidr").defaultsTo("10.0.0.0/16")
            .text(Validators::isVpcCidr, "an IPv4 network in CIDR notation with a prefix from /16 to /24, such as 10.0.0.0/16")
            .describe("the VPC block, aligned on its prefix. Each subnet is the block's prefix + 4 (public slots 0–2, "
                    + "app 4–6, database 8–10)")),
    AVAILABILITY_ZONES(Key.of("availabilityZones").defaultsTo("2").integer(2, 3)
            .crossKey("at most the number of available AZs in the region")
            .describe("the AZs used, in name order")),
    NAT_GATEWAYS(Key.of("natGateways").defaultsTo("single").choice(List.of("single", "perAz"))
            .describe("one NAT gateway for all app subnets, or one per AZ")),
    FLOW_LOG_RETENTION_DAYS(Key.of("flowLogRetentionDays").defaultsTo("90").logRetention()
            .describe("retention of the VPC flow log group")),

    WEB_TIER_MODE(Key.of("webTierMode").defaultsTo("fixed").choice(List.of("fixed", "autoscaling"))
            .describe("fixed EC2 instances, or an Auto Scaling group (see [the web tier]"
                    + "(web-tier.md)). A key of the other mode "
                    + "is refused")),
    WEB_SERVER_COUNT(Key.of("webServerCount").mode(WebTierMode.FIXED).defaultsTo("3").integer(2, 500)
            .describe("the number of web servers")),
    WEB_MIN_SIZE(Key.of("webMinSize").mode(WebTierMode.AUTOSCALING).defaultsTo("2")
            .integer(2, 500, " (at least 2, so that the group spans two AZs)")
            .describe("the group's minimum number of servers")),
    WEB_MAX_SIZE(Key.of("webMaxSize").mode(WebTierMode.AUTOSCALING).defaultsTo("6", ", or `webMinSize` when that is larger")
            .integer(2, 500).crossKey("at least webMinSize")
            .describe("the group's maximum number of servers")),
    WEB_DESIRED_SIZE(Key.of("webDesiredSize").mode(WebTierMode.AUTOSCALING).sameAs("webMinSize")
            .integer(2, 500).crossKey("from webMinSize to webMaxSize")
            .describe("the number of servers the group starts with. After that, the scaling policies own the size, so "
                    + "a later change of this key is ignored (`ignoreChanges: desiredCapacity`)")),
    WEB_REQUESTS_PER_SERVER(Key.of("webRequestsPerServer").mode(WebTierMode.AUTOSCALING)
            .defaultsTo("3000", " (50 requests per second)")
            .positiveNumber(6_000_000, " (100000 requests per second)").crossKey("below qpsAlarmThreshold x 60")
            .describe("the target of the request scaling policy, in **requests per server per minute**, the unit of "
                    + "`ALBRequestCountPerTarget`. The group adds servers when the average is above it and removes them "
                    + "when it is well below. Below the QPS alarm, so that the group scales out before the alarm fires")),
    WEB_CPU_TARGET(Key.of("webCpuTarget").mode(WebTierMode.AUTOSCALING).defaultsTo("60")
            .positiveNumber(100, " (percent)")
            .describe("the target of the CPU scaling policy: the group's average CPU, in percent")),
    WEB_HEALTH_CHECK_GRACE_SECONDS(Key.of("webHealthCheckGraceSeconds").mode(WebTierMode.AUTOSCALING).defaultsTo("300")
            .integer(60, 3600, " (a new server needs minutes to boot before its health checks count)")
            .describe("how long a new server may boot before failed health checks get it replaced, and how long it "
                    + "warms up before its metrics count for scaling")),
    INSTANCE_TYPE(Key.of("instanceType").defaultsTo("t3.micro")
            .text(Validators::isInstanceType, "an EC2 instance type such as t3.micro or m7g.large")
            .describe("the web servers' type. A Graviton type (a `g` after the generation digit, such as `t4g` or "
                    + "`m7g`) gets the arm64 AMI")),
    AMI_ID(Key.of("amiId").none("the latest Amazon Linux 2023 AMI, from the public SSM parameter "
                    + "`/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-<x86_64|arm64>`")
            .text(Validators::isAmiId, "an AMI id such as ami-0123456789abcdef0")
            .describe("pins the AMI (`ami-` and 8 or 17 lowercase hex digits). Without it, a newly published AMI does "
                    + "not replace running servers (`ignoreChanges: ami`). With it, changing the value replaces them")),
    ROOT_VOLUME_SIZE_GB(Key.of("rootVolumeSizeGb").defaultsTo("20").integer(8, 1024)
            .describe("the size of each server's root volume, in GB")),
    // Above 1023, so never Nginx's 443, and the application needs no privilege to bind it.
    APP_PORT(Key.of("appPort").defaultsTo("8080").integer(1024, 65535)
            .describe("the application's loopback port behind Nginx (`PORT` in its environment)")),
    APP_ARTIFACT_PATH(Key.of("appArtifactPath").none("none (the bundled application)")
            .text(v -> v.endsWith(".tar.gz") || v.endsWith(".tgz"),
                    "the path of a .tar.gz (or .tgz) archive of the application, relative to the project directory")
            .crossKey("a regular, readable file inside the project directory (also through symbolic links), set "
                    + "together with appStartCommand")
            .describe("your own application, uploaded to a private bucket as `releases/<sha256>.tar.gz` (see "
                    + "[Your own application](operations.md#your-own-application))")),
    APP_START_COMMAND(Key.of("appStartCommand").none("none")
            .text(Validators::isStartCommand, "a single-line command of at most 512 printable characters without "
                    + "single quotes, such as ./bin/server (it must listen on 127.0.0.1:$PORT)")
            .crossKey("set together with appArtifactPath")
            .describe("the command that starts your application in its unpacked directory; it must listen on "
                    + "`127.0.0.1:$PORT`")),

    DB_INSTANCE_CLASS(Key.of("dbInstanceClass").defaultsTo("db.t4g.micro")
            .text(Validators::isDbInstanceClass, "an RDS instance class such as db.t4g.micro or db.r6g.large")
            .describe("the primary's class")),
    DB_REPLICA_INSTANCE_CLASS(Key.of("dbReplicaInstanceClass").sameAs("dbInstanceClass")
            .text(Validators::isDbInstanceClass, "an RDS instance class such as db.t4g.micro or db.r6g.large")
            .describe("the read replica's class")),
    DB_ENGINE_VERSION(Key.of("dbEngineVersion").defaultsTo("8.0")
            .text((v, region) -> RdsMySqlVersions.isOffered(v), "8.0 (RDS's default 8.0 minor version) or a MySQL 8.0 "
                    + "version RDS offers: " + String.join(", ", RdsMySqlVersions.MINOR_VERSIONS) + " (RDS's list of "
                    + RdsMySqlVersions.AS_OF + ")", (v, region) -> RdsMySqlVersions.whyNot(v))
            .describe("the MySQL version. Minor versions are upgraded automatically. The list of versions is dated "
                    + "(`RdsMySqlVersions`): `aws rds describe-db-engine-versions --engine mysql` gives today's")),
    DB_ALLOCATED_STORAGE_GB(Key.of("dbAllocatedStorageGb").defaultsTo("20").integer(20, 16384)
            .describe("initial gp3 storage, in GB")),
    DB_MAX_ALLOCATED_STORAGE_GB(Key.of("dbMaxAllocatedStorageGb").defaultsTo("100").integer(0, 16384)
            .crossKey("0 (no storage autoscaling) or at least dbAllocatedStorageGb")
            .describe("the storage autoscaling ceiling (primary and replica), in GB")),
    DB_BACKUP_RETENTION_DAYS(Key.of("dbBackupRetentionDays").defaultsTo("7")
            .integer(1, 35, " (0 is refused: the read replica needs automated backups on the primary)")
            .describe("days of automated backups")),
    DB_MULTI_AZ(Key.of("dbMultiAz").defaultsTo("true").bool()
            .describe("a Multi-AZ primary with a synchronous standby and automatic failover. When `false`, the primary "
                    + "is created in the first AZ (the zone is chosen at creation only: changing this key never moves "
                    + "or replaces the database)")),
    DB_DELETION_PROTECTION(Key.of("dbDeletionProtection").defaultsTo("true").bool()
            .describe("RDS deletion protection on the primary and the replica")),
    DB_PROTECT(Key.of("dbProtect").defaultsTo("true").bool()
            .describe("Pulumi `protect` on the primary: Pulumi refuses to delete or replace it")),
    DB_NAME(Key.of("dbName").defaultsTo("app")
            .text((v, region) -> Validators.isDbName(v),
                    "a MySQL database name: a letter, then up to 63 letters, digits or underscores, neither a MySQL "
                            + "reserved word such as select nor a system schema such as mysql",
                    (v, region) -> MySqlNames.databaseNameProblem(v).orElse(""))
            .describe("the initial database. RDS refuses a MySQL 8.0 reserved word (`select`, `order`, `table`, ... "
                    + "in any case), and the system schemas `mysql`, `information_schema`, `performance_schema` and "
                    + "`sys` exist already")),
    DB_USERNAME(Key.of("dbUsername").defaultsTo("appadmin")
            .text((v, region) -> Validators.isDbUsername(v),
                    "a letter, then up to 15 letters, digits or underscores, neither a MySQL reserved word such as "
                            + "select nor a reserved account such as root",
                    (v, region) -> MySqlNames.userNameProblem(v).orElse(""))
            .describe("the master user. RDS refuses a MySQL 8.0 reserved word, and the accounts `root`, `rdsadmin`, "
                    + "`rdsrepladmin`, `mysql` and `admin_` are kept by MySQL or RDS, in any case")),
    DB_PASSWORD(Key.of("dbPassword").required().secret()
            .text(Validators::isDbPassword, "8 to 41 printable ASCII characters without /, \", @ or spaces")
            .describe("the master password. It is written to the Secrets Manager secret that the servers read")),

    ALARM_EMAIL(Key.of("alarmEmail").none("none (no subscription)")
            .text(Validators::isEmail, "an e-mail address such as ops@foobar.com")
            .describe("the e-mail subscription to the alarm topic")),
    QPS_ALARM_THRESHOLD(Key.of("qpsAlarmThreshold").defaultsTo("100")
            .positiveNumber(100_000, " (requests per second per server)")
            .describe("requests per second per web server that raise the QPS alarm")),
    LOG_RETENTION_DAYS(Key.of("logRetentionDays").defaultsTo("90").logRetention()
            .describe("retention of the server log groups "
                    + "`/<project>/<stack>/web/{nginx-access,nginx-error,app,cloud-init}`")),
    SUMO_LOGIC_TOKEN(Key.of("sumoLogicToken").none("none (CloudWatch only)").secret()
            .text(v -> v.matches("^[A-Za-z0-9+/=_-]{16,512}$"),
                    "a Sumo Logic installation token (16 to 512 letters, digits or +/=_-)")
            .describe("a Sumo Logic installation token. When set, the servers also run the Sumo Logic collector"));

    /** Which web tier mode a key belongs to: the reader refuses a key of the other mode rather than ignore it. */
    public enum WebTierMode {
        BOTH("both"), FIXED("fixed only"), AUTOSCALING("autoscaling only");

        private final String label;

        WebTierMode(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** The value's type, as the document names it and as {@link SettingsReader} parses it. */
    public enum Type {
        STRING, INTEGER, NUMBER, BOOLEAN;

        /** The value a valid string of this type stands for. */
        public Object parse(String value) {
            return switch (this) {
                case STRING -> value;
                case INTEGER -> Integer.parseInt(value);
                case NUMBER -> Double.parseDouble(value);
                case BOOLEAN -> Boolean.parseBoolean(value);
            };
        }

        public String label() {
            return name().toLowerCase();
        }
    }

    /**
     * What a value must be. {@link #allowed(String)} is the text after "must be" in an error message, and the
     * document's "Allowed values" column: the rule is written once for both.
     */
    public sealed interface Rule {
        /** Stands for the stack's region in an allowed text; a message names the region itself. */
        String REGION_PLACEHOLDER = "<region>";

        /** Whether the value (already trimmed) is allowed, in a stack of this region (null when unknown). */
        boolean accepts(String value, String region);

        /** What is allowed, as a message says it, with the region named when known. */
        String allowed(String region);

        /**
         * What a message adds after {@link #allowed} for this refused value: a number in a spelling that other
         * parsers would take ({@code +5}, {@code 1e3}, {@code 1_000}) is refused for its spelling, and says so.
         */
        default String hint(String value, String region) {
            return "";
        }

        Type type();

        /** The hint for a number written in a spelling other than plain ASCII digits and an optional point. */
        static String numberSpelling(String value, boolean whole) {
            boolean plain = whole ? value.matches("[0-9]+") : value.matches("[0-9]+(\\.[0-9]+)?");
            return Validators.looksNumeric(value) && !plain
                    ? (whole ? "; write it with the digits 0-9 only (no sign, exponent, underscore, point or suffix)"
                            : "; write it with the digits 0-9 and an optional decimal point, such as 2.5 (no sign, "
                            + "exponent, underscore, suffix, Infinity or NaN)")
                    : "";
        }

        /** A whole number within bounds; {@code why} explains a bound that would surprise. */
        record IntRange(int min, int max, String why) implements Rule {
            @Override
            public boolean accepts(String value, String region) {
                return Validators.wholeNumber(value).filter(n -> n >= min && n <= max).isPresent();
            }

            @Override
            public String allowed(String region) {
                return "a whole number from " + min + " to " + max + why;
            }

            @Override
            public String hint(String value, String region) {
                return Rule.numberSpelling(value, true);
            }

            @Override
            public Type type() {
                return Type.INTEGER;
            }
        }

        /** One of the retention periods CloudWatch Logs accepts. */
        record LogRetention() implements Rule {
            static final Set<Integer> DAYS = Set.of(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545,
                    731, 1096, 1827, 2192, 2557, 2922, 3288, 3653);

            @Override
            public boolean accepts(String value, String region) {
                return Validators.wholeNumber(value).filter(DAYS::contains).isPresent();
            }

            @Override
            public String hint(String value, String region) {
                return Rule.numberSpelling(value, true);
            }

            @Override
            public String allowed(String region) {
                return "one of the CloudWatch Logs retention periods: "
                        + DAYS.stream().sorted().map(String::valueOf).collect(Collectors.joining(", "));
            }

            @Override
            public Type type() {
                return Type.INTEGER;
            }
        }

        /** A decimal number above 0 and at most {@code max}: always finite, and always in a stated range. */
        record PositiveNumber(double max, String why) implements Rule {
            @Override
            public boolean accepts(String value, String region) {
                return Validators.decimal(value)
                        .filter(n -> n.signum() > 0 && n.compareTo(java.math.BigDecimal.valueOf(max)) <= 0).isPresent();
            }

            @Override
            public String allowed(String region) {
                return "a number above 0 and at most " + SettingsReader.number(max) + why;
            }

            @Override
            public String hint(String value, String region) {
                return Rule.numberSpelling(value, false);
            }

            @Override
            public Type type() {
                return Type.NUMBER;
            }
        }

        record Bool() implements Rule {
            @Override
            public boolean accepts(String value, String region) {
                return value.equals("true") || value.equals("false");
            }

            @Override
            public String allowed(String region) {
                return "true or false";
            }

            @Override
            public Type type() {
                return Type.BOOLEAN;
            }
        }

        /** One of a list, the default first. */
        record Choice(List<String> values) implements Rule {
            public Choice {
                values = List.copyOf(values);
            }

            @Override
            public boolean accepts(String value, String region) {
                return values.contains(value);
            }

            @Override
            public String allowed(String region) {
                return "one of " + String.join(", ", values);
            }

            @Override
            public Type type() {
                return Type.STRING;
            }
        }

        /**
         * A string a validator accepts; {@code allowed} says in words what the validator checks, and {@code why}
         * gives the reason a value is refused when {@code allowed} alone would not tell it (empty when it would).
         */
        record Text(BiPredicate<String, String> valid, String allowed, BiFunction<String, String, String> why)
                implements Rule {
            @Override
            public boolean accepts(String value, String region) {
                return valid.test(value, region);
            }

            @Override
            public String allowed(String region) {
                return region == null ? allowed : allowed.replace(REGION_PLACEHOLDER, region);
            }

            @Override
            public String hint(String value, String region) {
                String reason = why.apply(value, region);
                return reason.isEmpty() ? "" : "; " + reason;
            }

            @Override
            public Type type() {
                return Type.STRING;
            }
        }
    }

    /** A key's value when it is not set. */
    public sealed interface Default {
        /** A fixed value, written as in a stack file; {@code note} completes the document's text. */
        record Literal(String value, String note) implements Default {
        }

        /** The value of another key. */
        record SameAs(String key) implements Default {
        }

        /** Nothing: the feature is off or the value comes from elsewhere, as {@code meaning} says. */
        record None(String meaning) implements Default {
        }

        /** The key must be set. */
        record Required() implements Default {
        }
    }

    private final Key spec;

    ConfigKey(Key spec) {
        this.spec = spec.done();
    }

    /** The key's name in its namespace, such as {@code domain} or {@code region}. */
    public String key() {
        return spec.name;
    }

    /** False for {@code aws:region}, the one key read from another namespace (the AWS provider's). */
    public boolean inProjectNamespace() {
        return spec.namespace == null;
    }

    /** The key as a stack file spells it: {@code <project>:domain}, or {@code aws:region}. */
    public String qualified(String project) {
        return (inProjectNamespace() ? project : spec.namespace) + ":" + spec.name;
    }

    public Rule rule() {
        return spec.rule;
    }

    public Type type() {
        return spec.rule.type();
    }

    public Default defaultValue() {
        return spec.defaultValue;
    }

    /** The default as the key's type, for a key with a {@link Default.Literal} default. */
    Object literalDefault() {
        if (spec.defaultValue instanceof Default.Literal literal) {
            return type().parse(literal.value());
        }
        throw new IllegalStateException(key() + " has no fixed default: " + spec.defaultValue);
    }

    public boolean required() {
        return spec.defaultValue instanceof Default.Required;
    }

    /** Set with {@code pulumi config set --secret}, and never repeated in a message. */
    public boolean secret() {
        return spec.secret;
    }

    public WebTierMode mode() {
        return spec.mode;
    }

    /** A rule across keys, checked in {@link SettingsReader}; empty when there is none. */
    public String crossKeyRule() {
        return spec.crossKey;
    }

    /** The key's meaning, in Markdown. */
    public String description() {
        return spec.description;
    }

    /** The names of the program's own keys, sorted: the keys a stack may set in the project namespace. */
    public static List<String> projectKeyNames() {
        return Arrays.stream(values()).filter(ConfigKey::inProjectNamespace).map(ConfigKey::key).sorted().toList();
    }

    /** The keys of one web tier mode only. */
    public static List<ConfigKey> ofMode(WebTierMode mode) {
        return Arrays.stream(values()).filter(k -> k.mode() == mode).toList();
    }

    public static ConfigKey byKey(String key) {
        return Arrays.stream(values()).filter(k -> k.key().equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no config key " + key));
    }

    /** A key's definition while its constant is written: a small builder, so that each row reads as a sentence. */
    static final class Key {
        private final String namespace;
        private final String name;
        private Rule rule;
        private Default defaultValue;
        private boolean secret;
        private WebTierMode mode = WebTierMode.BOTH;
        private String crossKey = "";
        private String description;

        private Key(String namespace, String name) {
            this.namespace = namespace;
            this.name = name;
        }

        static Key of(String name) {
            return new Key(null, name);
        }

        static Key aws(String name) {
            return new Key("aws", name);
        }

        Key required() {
            defaultValue = new Default.Required();
            return this;
        }

        Key defaultsTo(String value) {
            return defaultsTo(value, "");
        }

        Key defaultsTo(String value, String note) {
            defaultValue = new Default.Literal(value, note);
            return this;
        }

        Key sameAs(String key) {
            defaultValue = new Default.SameAs(key);
            return this;
        }

        Key none(String meaning) {
            defaultValue = new Default.None(meaning);
            return this;
        }

        Key secret() {
            secret = true;
            return this;
        }

        Key mode(WebTierMode webTierMode) {
            mode = webTierMode;
            return this;
        }

        Key integer(int min, int max) {
            return integer(min, max, "");
        }

        Key integer(int min, int max, String why) {
            rule = new Rule.IntRange(min, max, why);
            return this;
        }

        Key logRetention() {
            rule = new Rule.LogRetention();
            return this;
        }

        Key positiveNumber(double max, String why) {
            rule = new Rule.PositiveNumber(max, why);
            return this;
        }

        Key bool() {
            rule = new Rule.Bool();
            return this;
        }

        Key choice(List<String> values) {
            rule = new Rule.Choice(values);
            return this;
        }

        Key text(Predicate<String> valid, String allowed) {
            rule = new Rule.Text((value, region) -> valid.test(value), allowed, (value, region) -> "");
            return this;
        }

        Key text(BiPredicate<String, String> validInRegion, String allowed) {
            rule = new Rule.Text(validInRegion, allowed, (value, region) -> "");
            return this;
        }

        /** A text whose refusal can need a reason beyond the allowed text: {@code why} gives it, or "". */
        Key text(BiPredicate<String, String> validInRegion, String allowed, BiFunction<String, String, String> why) {
            rule = new Rule.Text(validInRegion, allowed, why);
            return this;
        }

        Key crossKey(String rule) {
            crossKey = rule;
            return this;
        }

        Key describe(String text) {
            description = text;
            return this;
        }

        /** Checks the row is whole; a choice names its default first, as messages should. */
        Key done() {
            if (rule == null || defaultValue == null || description == null) {
                throw new IllegalStateException("config key " + name + " lacks a rule, a default or a description");
            }
            if (rule instanceof Rule.Choice choice && defaultValue instanceof Default.Literal literal) {
                if (!choice.values().contains(literal.value())) {
                    throw new IllegalStateException("the default " + literal.value() + " of " + name
                            + " is not among the allowed values " + choice.values());
                }
                List<String> ordered = new ArrayList<>(List.of(literal.value()));
                choice.values().stream().filter(v -> !v.equals(literal.value())).forEach(ordered::add);
                rule = new Rule.Choice(ordered);
            }
            return this;
        }
    }
}
