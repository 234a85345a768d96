package io.securewebinfra.config;

import io.securewebinfra.TestStacks;
import io.securewebinfra.plandoc.Plan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every name the program builds from the project and stack names is one AWS accepts, for the longest and the shortest
 * names the reader accepts; and a name that would make any of them invalid is refused before anything is declared.
 */
class BuiltNamesTest {
    /** What AWS accepts for an input that holds a name built from the project: its length and characters. */
    private record Limit(int max, Predicate<String> valid, String rule) {
        static Limit of(int max, String regex, String rule) {
            return new Limit(max, v -> v.matches(regex), rule);
        }
    }

    private static final String RDS_ID = "[a-z](-?[a-z0-9])*";

    /** The inputs that carry the project's name, by type and property, with AWS's rule for each. */
    private static final Map<String, Limit> LIMITS = Map.ofEntries(
            Map.entry("aws:rds/instance:Instance identifier", Limit.of(63, RDS_ID, "RDS DB identifier")),
            Map.entry("aws:rds/instance:Instance replicateSourceDb", Limit.of(63, RDS_ID, "RDS DB identifier")),
            Map.entry("aws:rds/instance:Instance finalSnapshotIdentifier", Limit.of(255, RDS_ID, "RDS snapshot identifier")),
            Map.entry("aws:secretsmanager/secret:Secret name", Limit.of(512, "[A-Za-z0-9/_+=.@-]+", "Secrets Manager name")),
            Map.entry("aws:ssm/parameter:Parameter name", new Limit(1011, v -> v.matches("(/[A-Za-z0-9_.-]+){1,15}")
                    && !v.toLowerCase().matches("/?(aws|ssm).*"), "SSM parameter name")),
            Map.entry("aws:cloudwatch/logGroup:LogGroup name", Limit.of(512, "[./#A-Za-z0-9_-]+", "log group name")),
            Map.entry("aws:kms/alias:Alias name", new Limit(256, v -> v.matches("alias/[A-Za-z0-9/_-]+")
                    && !v.startsWith("alias/aws/"), "KMS alias")),
            Map.entry("aws:cloudwatch/dashboard:Dashboard dashboardName", Limit.of(255, "[A-Za-z0-9_-]+", "dashboard name")),
            Map.entry("aws:cloudwatch/metricAlarm:MetricAlarm namespace", new Limit(255,
                    v -> v.matches("[A-Za-z0-9./#:_ -]+") && !v.startsWith("AWS/"), "metric namespace")),
            Map.entry("aws:sns/topic:Topic displayName", Limit.of(100, "[\\x20-\\x7e]+", "SNS display name")),
            // Descriptions and ARNs: the services' limits are far above what the names can reach. The RDS ones are
            // held to 255, an assumed limit: the RDS API documents none.
            Map.entry("aws:iam/role:Role description", Limit.of(1000, "[\\t\\n\\r\\x20-\\x7e\\xa1-\\xff]*", "IAM role description")),
            Map.entry("aws:kms/key:Key description", Limit.of(8192, ".*", "KMS key description")),
            Map.entry("aws:secretsmanager/secret:Secret description", Limit.of(2048, ".*", "secret description")),
            Map.entry("aws:rds/parameterGroup:ParameterGroup description", Limit.of(255, ".*", "description")),
            Map.entry("aws:rds/subnetGroup:SubnetGroup description", Limit.of(255, ".*", "description")),
            Map.entry("aws:cloudwatch/metricAlarm:MetricAlarm alarmDescription", Limit.of(1024, "(?s).*", "alarm description")),
            Map.entry("aws:ec2/flowLog:FlowLog logDestination", Limit.of(2048, "arn:.*", "ARN")),
            Map.entry("aws:secretsmanager/secretVersion:SecretVersion secretId", Limit.of(2048, "arn:.*", "ARN")));

    /** Documents that embed names (JSON, a parameter's value): what they hold is checked where the names are built. */
    private static final List<String> DOCUMENTS = List.of("aws:cloudwatch/dashboard:Dashboard dashboardBody",
            "aws:iam/rolePolicy:RolePolicy policy", "aws:ssm/parameter:Parameter value",
            "pulumi:providers:aws defaultTags", "aws:ec2/instance:Instance userDataBase64",
            "aws:ec2/launchTemplate:LaunchTemplate userData");

    /** Types Pulumi names itself, {@code <resource name>-<7 hex digits>}, with AWS's limit on the name. */
    private static final Map<String, Integer> AUTO_NAMED = Map.of("aws:lb/loadBalancer:LoadBalancer", 32,
            "aws:lb/targetGroup:TargetGroup", 32, "aws:iam/role:Role", 64, "aws:iam/instanceProfile:InstanceProfile", 128,
            "aws:iam/rolePolicy:RolePolicy", 128, "aws:s3/bucketV2:BucketV2", 63, "aws:ec2/launchTemplate:LaunchTemplate", 128,
            "aws:autoscaling/group:Group", 255, "aws:ec2/securityGroup:SecurityGroup", 255);

    /** The fixture dev stack, with every option on, under another project and stack name. */
    private static RawConfig renamed(String project, String stack, Map<String, String> overrides) {
        RawConfig dev = TestStacks.raw("dev", overrides);
        Map<String, String> values = new HashMap<>();
        dev.values().forEach((k, v) -> values.put(inProject(k, project), v));
        List<String> secrets = dev.secrets().stream().map(k -> inProject(k, project)).toList();
        return new RawConfig(project, stack, values, new java.util.HashSet<>(secrets));
    }

    private static String inProject(String key, String project) {
        String fixture = "secure-web-infra:";
        return key.startsWith(fixture) ? project + ":" + key.substring(fixture.length()) : key;
    }

    private static List<String> violations(Plan plan, String project) {
        List<String> found = new ArrayList<>();
        // The project's name as a word of its own, so that a one-letter project does not match every input.
        var word = java.util.regex.Pattern.compile("(^|[^a-z0-9])" + java.util.regex.Pattern.quote(project) + "($|[^a-z0-9])");
        for (Plan.Resource r : plan.resources()) {
            r.inputs().forEach((property, value) -> {
                String where = r.type() + " " + property;
                if (!(value instanceof String text) || !word.matcher(text).find() || DOCUMENTS.contains(where)) {
                    return;
                }
                Limit limit = LIMITS.get(where);
                if (limit == null) {
                    found.add(r.name() + ": " + where + " holds the project's name but has no AWS limit in this test");
                } else if (text.length() > limit.max() || !limit.valid().test(text)) {
                    found.add(r.name() + ": " + where + " = " + text + " (" + text.length() + " characters) is not a valid "
                            + limit.rule() + " of at most " + limit.max());
                }
            });
            Integer max = AUTO_NAMED.get(r.type());
            if (max != null && !r.inputs().containsKey("name") && r.name().length() + 8 > max) {
                found.add(r.name() + ": Pulumi's name for it, " + r.name() + "-xxxxxxx, exceeds " + max + " characters");
            }
            if (r.type().equals("aws:s3/bucketV2:BucketV2") && !r.name().matches("[a-z0-9][a-z0-9.-]*")) {
                found.add(r.name() + ": a bucket named after it would not be a valid S3 bucket name");
            }
        }
        // A provider's inputs reach the engine as JSON text.
        String defaultTags = plan.named("aws").string("defaultTags");
        try {
            new com.fasterxml.jackson.databind.ObjectMapper().readTree(defaultTags).path("tags").fields()
                    .forEachRemaining(tag -> {
                        if (tag.getValue().asText().length() > 256) {
                            found.add("tag " + tag.getKey() + " is longer than a tag value may be (256)");
                        }
                    });
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            found.add("the provider's defaultTags are not JSON: " + defaultTags);
        }
        assertTrue(defaultTags.contains("\"Project\":\"" + project + "\""), defaultTags);
        return found;
    }

    @ParameterizedTest(name = "project {0}, stack {1}")
    @CsvSource({
            // The longest: 34 + 20 = 54 characters, so <project>-<stack>-replica has 63.
            "abcdefghij-klmnopqrst-uvwxyz012345, stack-abcdefghi-1234",
            "q, x",
            "secure-web-infra, dev",
    })
    void everyNameBuiltFromTheProjectAndStackIsOneAwsAccepts(String project, String stack) {
        Map<String, String> options = new HashMap<>(TestStacks.everyOption());
        for (Map<String, String> mode : List.of(options, TestStacks.autoscaling(options))) {
            Plan plan = TestStacks.offlinePlan(renamed(project, stack, mode));
            assertEquals(List.of(), violations(plan, project));
            assertEquals(project + "-" + stack + "-replica", plan.named("database-replica").string("identifier"));
        }
    }

    private static List<String> problems(String project, String stack) {
        return assertThrows(InvalidConfigException.class, () -> SettingsReader.read(renamed(project, stack, Map.of()),
                SettingsReader.Mode.ENGINE, r -> List.of(r + "a", r + "b"))).problems();
    }

    @ParameterizedTest(name = "project {0}")
    @ValueSource(strings = {"Secure-Web-Infra", "secure_web_infra", "secure.web.infra", "secure--web", "web-", "-web",
            "1web", "web app", "web$(id)", "web;reboot", "web`id`", "web'x", "caf\u00e9", "aws-web", "AWSweb", "ssm-app",
            "web/app", "web:app", "web\napp"})
    void aProjectNameThatWouldMakeAnInvalidResourceNameIsRefused(String project) {
        List<String> problems = problems(project, "dev");
        assertTrue(problems.contains("project name \"" + project + "\" (the name in Pulumi.yaml): must be lowercase letters, "
                + "digits or single hyphens, starting with a letter, not ending with a hyphen and not beginning with aws "
                + "or ssm (it becomes part of RDS identifiers such as <project>-<stack>-primary and of SSM parameter names "
                + "/<project>/<stack>/..., which may not begin with aws or ssm)"), problems.toString());
    }

    @ParameterizedTest(name = "stack {0}")
    @ValueSource(strings = {"Dev", "dev_1", "dev.1", "dev--1", "dev-", "1dev", "abcdefghijklmnopqrstu", "d\u00e9v"})
    void aStackNameThatWouldMakeAnInvalidResourceNameIsRefused(String stack) {
        List<String> problems = problems("secure-web-infra", stack);
        assertTrue(problems.get(0).startsWith("stack name \"" + stack + "\": must be 1 to 20 lowercase letters, digits "
                + "or single hyphens, starting with a letter and not ending with a hyphen"), problems.toString());
    }

    @Test
    void theProjectAndStackNamesTogetherLeaveTheRdsIdentifierAtMost63Characters() {
        String project = "abcdefghij-klmnopqrst-uvwxyz0123456";
        assertEquals(List.of("project name \"" + project + "\" and stack name \"stack-abcdefghi-1234\": must be at most 54 "
                + "characters together, not 55, because <project>-<stack>-replica is an RDS DB identifier, which has at "
                + "most 63 characters"), problems(project, "stack-abcdefghi-1234"));
    }
}
