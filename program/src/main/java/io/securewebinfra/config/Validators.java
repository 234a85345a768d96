package io.securewebinfra.config;

import java.util.regex.Pattern;

/** Pure checks of single config values, each testable on its own. */
public final class Validators {
    private static final Pattern REGION = Pattern.compile("^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[0-9]$");
    private static final Pattern LABEL = Pattern.compile("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$");
    private static final Pattern INSTANCE_TYPE =
            Pattern.compile("^[a-z][a-z0-9-]*[0-9][a-z0-9-]*\\.[0-9]*(nano|micro|small|medium|large|xlarge|metal)(-[0-9]+xl)?$");
    private static final Pattern DB_CLASS =
            Pattern.compile("^db\\.[a-z][a-z0-9-]*[0-9][a-z0-9-]*\\.[0-9]*(micro|small|medium|large|xlarge)$");
    private static final Pattern AMI = Pattern.compile("^ami-([0-9a-f]{8}|[0-9a-f]{17})$");
    private static final Pattern ZONE_ID = Pattern.compile("^Z[A-Z0-9]{1,31}$");
    private static final Pattern EMAIL =
            Pattern.compile("^[A-Za-z0-9._%+-]{1,64}@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}$");
    private static final Pattern DB_USER = Pattern.compile("^[A-Za-z][A-Za-z0-9_]{0,15}$");
    private static final Pattern DB_NAME = Pattern.compile("^[A-Za-z][A-Za-z0-9_]{0,63}$");
    private static final Pattern DB_PASSWORD = Pattern.compile("^[\\x21-\\x7e&&[^/\"@]]{8,41}$");

    private Validators() {
    }

    /** The longest stack name: short enough to leave the project name room in every resource name. */
    public static final int MAX_STACK_NAME = 20;
    /**
     * The longest project and stack names together: {@code <project>-<stack>-primary} and {@code -replica} are RDS DB
     * identifiers, at most 63 characters, so 63 - 9.
     */
    public static final int MAX_PROJECT_AND_STACK_NAME = 54;
    /** Lowercase letters, digits and single hyphens, starting with a letter and ending with a letter or digit. */
    private static final Pattern NAME_PART = Pattern.compile("^[a-z](-?[a-z0-9])*$");

    /**
     * A project name the program can build every resource name from. It is part of RDS identifiers
     * ({@code <project>-<stack>-primary}: lowercase letters, digits and single hyphens, starting with a letter, not
     * ending with a hyphen), of Secrets Manager, CloudWatch Logs and SSM parameter names ({@code /<project>/<stack>/...}:
     * SSM refuses a name that begins with aws or ssm, in any case), of the KMS alias {@code alias/<project>-<stack>-alarms},
     * the dashboard {@code <project>-<stack>} and the metric namespace {@code <project>/WebServers}, whose character sets
     * all include the identifier's. Its length is checked with the stack name's, against
     * {@link #MAX_PROJECT_AND_STACK_NAME}.
     */
    public static boolean isProjectName(String value) {
        return NAME_PART.matcher(value).matches() && !value.startsWith("aws") && !value.startsWith("ssm");
    }

    /** A stack name: the same characters as a project name, at most {@link #MAX_STACK_NAME} of them. */
    public static boolean isStackName(String value) {
        return NAME_PART.matcher(value).matches() && value.length() <= MAX_STACK_NAME;
    }

    public static boolean isRegion(String value) {
        return REGION.matcher(value).matches();
    }

    /** A DNS name of at least two labels, lowercase, each label 1-63 characters, the whole at most 253. */
    public static boolean isDomain(String value) {
        if (value.length() > 253 || value.endsWith(".")) {
            return false;
        }
        String[] labels = value.split("\\.", -1);
        if (labels.length < 2 || labels[labels.length - 1].matches(".*[0-9].*")) {
            return false;
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return true;
    }

    /** An aligned IPv4 network with a prefix from /16 (the largest VPC) to /24 (room for nine /28 subnets). */
    public static boolean isVpcCidr(String value) {
        return Cidr.parse(value).filter(c -> c.prefix() >= 16 && c.prefix() <= 24 && c.isAligned()).isPresent();
    }

    public static boolean isInstanceType(String value) {
        return INSTANCE_TYPE.matcher(value).matches();
    }

    public static boolean isDbInstanceClass(String value) {
        return DB_CLASS.matcher(value).matches();
    }

    public static boolean isAmiId(String value) {
        return AMI.matcher(value).matches();
    }

    public static boolean isHostedZoneId(String value) {
        return ZONE_ID.matcher(value).matches();
    }

    /** An ACM certificate ARN's parts: partition, region, 12-digit account, and the certificate's UUID. */
    private static final Pattern CERTIFICATE_ARN = Pattern.compile(
            "^arn:(aws[a-z-]*):acm:([a-z0-9-]+):([0-9]{12}):certificate/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$");

    /**
     * An ACM certificate ARN of the stack's region and of that region's partition: a load balancer can only use a
     * certificate of its own region. With the region unknown (itself invalid), only the ARN's shape is checked.
     */
    public static boolean isCertificateArn(String value, String region) {
        var arn = CERTIFICATE_ARN.matcher(value);
        if (!arn.matches()) {
            return false;
        }
        return region == null ? isRegion(arn.group(2)) && arn.group(1).equals(partition(arn.group(2)))
                : arn.group(2).equals(region) && arn.group(1).equals(partition(region));
    }

    /** Why an ARN of the right shape is refused: its region or partition; empty for any other refusal. */
    public static String certificateArnProblem(String value, String region) {
        var arn = CERTIFICATE_ARN.matcher(value);
        if (!arn.matches()) {
            return value.matches("^arn:[^:]*:acm:[^:]*:[0-9]{12}:certificate/.*")
                    ? "the id after certificate/ is a UUID: 8-4-4-4-12 lowercase hexadecimal digits" : "";
        }
        if (region != null && !arn.group(2).equals(region)) {
            return "the certificate is in " + arn.group(2) + ", and a load balancer can only use a certificate of "
                    + "its own region, " + region + " (request or import one there)";
        }
        String expected = partition(region == null ? arn.group(2) : region);
        return arn.group(1).equals(expected) ? "" : "the partition of " + arn.group(2) + " is " + expected;
    }

    /** The ARN partition of a region: aws, or aws-cn, aws-us-gov and the isolated ones. */
    static String partition(String region) {
        if (region.startsWith("cn-")) {
            return "aws-cn";
        }
        if (region.startsWith("us-gov-")) {
            return "aws-us-gov";
        }
        if (region.startsWith("us-isob-")) {
            return "aws-iso-b";
        }
        if (region.startsWith("us-iso-")) {
            return "aws-iso";
        }
        return "aws";
    }

    public static boolean isEmail(String value) {
        return EMAIL.matcher(value).matches();
    }

    /** An RDS MySQL master user: 1 to 16 letters, digits or underscores from a letter, not a reserved name. */
    public static boolean isDbUsername(String value) {
        return DB_USER.matcher(value).matches() && MySqlNames.userNameProblem(value).isEmpty();
    }

    /** An RDS MySQL initial database: 1 to 64 letters, digits or underscores from a letter, not a reserved name. */
    public static boolean isDbName(String value) {
        return DB_NAME.matcher(value).matches() && MySqlNames.databaseNameProblem(value).isEmpty();
    }

    /**
     * A whole number as the program accepts one: ASCII digits only. {@code Integer.parseInt} would also take a sign and
     * any Unicode digit, and YAML 1.1 or Java literals underscores, hexadecimal and suffixes; none of those is a
     * spelling the program's documentation promises, so none is accepted. Empty for anything else, or for a number
     * beyond a billion (no key allows one).
     */
    public static java.util.Optional<Integer> wholeNumber(String value) {
        if (!value.matches("[0-9]+")) {
            return java.util.Optional.empty();
        }
        String digits = value.replaceFirst("^0+(?=.)", "");
        return digits.length() > 9 ? java.util.Optional.empty() : java.util.Optional.of(Integer.parseInt(digits));
    }

    /**
     * A decimal number: ASCII digits with an optional decimal point between digits. No sign, exponent, underscore,
     * hexadecimal, suffix ({@code 100d}), Infinity or NaN, all of which {@code Double.parseDouble} would take.
     */
    public static java.util.Optional<java.math.BigDecimal> decimal(String value) {
        return value.matches("[0-9]+(\\.[0-9]+)?") ? java.util.Optional.of(new java.math.BigDecimal(value))
                : java.util.Optional.empty();
    }

    /** Whether a refused value was meant as a number, so that its message can explain the spelling. */
    static boolean looksNumeric(String value) {
        return value.matches("(?U)[+-]?[\\d_.,]*\\d[\\d_.,]*([eEpP][+-]?\\d+)?[dDfFlL]?")
                || value.matches("[+-]?0[xXoObB][0-9a-fA-F_.]+([pP][+-]?\\d+)?[dDfF]?")
                || value.matches("(?i)[+-]?(\\.?inf(inity)?|\\.?nan)");
    }

    /** RDS MySQL master password rules: 8 to 41 printable ASCII characters other than /, ", @ and space. */
    public static boolean isDbPassword(String value) {
        return DB_PASSWORD.matcher(value).matches();
    }

    /** A command for {@code sh -c '...'} in a systemd unit: one line, printable ASCII, no single quote. */
    public static boolean isStartCommand(String value) {
        return value.length() <= 512 && value.matches("^[\\x20-\\x7e&&[^']]+$") && !value.isBlank();
    }

    /** The SHA-256 of a file, in lowercase hex. */
    public static String sha256(java.nio.file.Path file) throws java.io.IOException {
        try (var in = java.nio.file.Files.newInputStream(file)) {
            var digest = java.security.MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[65536];
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
            return java.util.HexFormat.of().formatHex(digest.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
