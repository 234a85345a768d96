package io.securewebinfra.config;

import io.securewebinfra.TestStacks;
import io.securewebinfra.mockengine.MockCloud;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every bad value is refused with one line that names the key, the value and what is allowed. */
class SettingsReaderTest {
    private static final String NS = "secure-web-infra:";

    private static List<String> problems(Map<String, String> overrides) {
        var e = assertThrows(InvalidConfigException.class, () -> TestStacks.settings("dev", overrides));
        return e.problems();
    }

    /** A key of the Auto Scaling group is tried in autoscaling mode, where it applies. */
    private static void assertRefused(String key, String value, String allowed) {
        List<String> problems = problems(SettingsReader.SCALING_KEYS.contains(key)
                ? TestStacks.autoscaling(Map.of(key, value)) : Map.of(key, value));
        assertEquals(1, problems.size(), problems.toString());
        String line = problems.get(0);
        assertTrue(line.startsWith(NS + key + " = \"" + value + "\": must be "), line);
        assertTrue(line.contains(allowed), line);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
            "webServerCount|1|a whole number from 2 to 500",
            "webServerCount|501|a whole number from 2 to 500",
            "webServerCount|three|a whole number from 2 to 500",
            "vpcCidr|10.0.0.0/8|prefix from /16 to /24",
            "vpcCidr|10.0.0.0/25|prefix from /16 to /24",
            "vpcCidr|10.0.0.1/16|CIDR notation",
            "vpcCidr|10.0.300.0/16|CIDR notation",
            "vpcCidr|not-a-cidr|CIDR notation",
            "availabilityZones|4|a whole number from 2 to 3",
            "availabilityZones|1|a whole number from 2 to 3",
            "domain|foobar|at least two labels",
            "domain|Foo Bar.com|lowercase DNS name",
            "domain|-foo.com|lowercase DNS name",
            "instanceType|t3micro|an EC2 instance type",
            "instanceType|t3.huge|an EC2 instance type",
            "dbInstanceClass|t4g.micro|an RDS instance class",
            "dbReplicaInstanceClass|db.t4g|an RDS instance class",
            "alarmEmail|ops-at-foobar.com|an e-mail address",
            "alarmEmail|ops@foobar|an e-mail address",
            "dbBackupRetentionDays|36|a whole number from 1 to 35",
            "dbBackupRetentionDays|-1|a whole number from 1 to 35",
            "dbBackupRetentionDays|0|the read replica needs automated backups",
            "natGateways|two|one of single, perAz",
            "tlsPolicy|ELBSecurityPolicy-2016-08|one of ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
            "dbMultiAz|yes|true or false",
            "qpsAlarmThreshold|0|a number above 0",
            "logRetentionDays|10|one of the CloudWatch Logs retention periods",
            "amiId|ami-xyz|an AMI id",
            "dbEngineVersion|5.7|a MySQL 8.0 version",
            "dbUsername|root|nor a reserved account such as root; root is an account MySQL or RDS keeps for itself",
            "hostedZoneId|zone1|a Route 53 hosted zone id",
            "certificateArn|arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0|in the stack's region",
            "rootVolumeSizeGb|4|a whole number from 8 to 1024",
            "appPort|443|a whole number from 1024 to 65535",
            "appPort|80|a whole number from 1024 to 65535",
            "webMinSize|1|a whole number from 2 to 500 (at least 2, so that the group spans two AZs)",
            "webMinSize|501|a whole number from 2 to 500",
            "webMaxSize|1|a whole number from 2 to 500",
            "webMaxSize|six|a whole number from 2 to 500",
            "webDesiredSize|7|from webMinSize (2) to webMaxSize (6)",
            "webRequestsPerServer|0|a number above 0",
            "webRequestsPerServer|-5|a number above 0",
            "webRequestsPerServer|6000|below qpsAlarmThreshold x 60 (6000 requests per server per minute)",
            "webCpuTarget|0|a number above 0",
            "webCpuTarget|101|a number above 0 and at most 100 (percent)",
            "webHealthCheckGraceSeconds|30|a whole number from 60 to 3600",
            "webHealthCheckGraceSeconds|3601|a whole number from 60 to 3600",
    })
    void aBadValueIsRefusedNamingTheKeyTheValueAndWhatIsAllowed(String key, String value, String allowed) {
        assertRefused(key, value, allowed);
    }

    @ParameterizedTest(name = "tlsPolicy = {0}")
    @CsvSource({"ELBSecurityPolicy-TLS13-1-0-2021-06", "ELBSecurityPolicy-TLS13-1-1-2021-06", "ELBSecurityPolicy-2016-08",
            "ELBSecurityPolicy-TLS13-1-2-Res-2021-6"})
    void aTlsPolicyThatAdmitsTls10Or11IsRefusedNamingEveryAllowedPolicy(String policy) {
        List<String> problems = problems(Map.of("tlsPolicy", policy));
        assertEquals(List.of(NS + "tlsPolicy = \"" + policy + "\": must be one of "
                + String.join(", ", SettingsReader.TLS_POLICIES)), problems);
        // The secure default leads the list, then every policy the pack accepts.
        assertEquals("ELBSecurityPolicy-TLS13-1-2-Res-2021-06", SettingsReader.TLS_POLICIES.get(0));
        assertEquals(Set.copyOf(SecurityFacts.get().loadBalancerTlsPolicies()), Set.copyOf(SettingsReader.TLS_POLICIES));
    }

    @ParameterizedTest(name = "tlsPolicy = {0}")
    @CsvSource({"ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06", "ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04",
            "ELBSecurityPolicy-TLS13-1-3-2021-06"})
    void everyTls12PolicyOfTheSharedFactsIsAccepted(String policy) {
        assertEquals(policy, TestStacks.settings("dev", Map.of("tlsPolicy", policy)).edge().tlsPolicy());
    }

    @Test
    void moreZonesThanTheRegionHasAreRefused() {
        RawConfig raw = TestStacks.raw("dev", Map.of("availabilityZones", "3"));
        var e = assertThrows(InvalidConfigException.class, () -> SettingsReader.read(raw, SettingsReader.Mode.ENGINE,
                region -> List.of(region + "a", region + "b")));
        assertEquals(List.of(NS + "availabilityZones = \"3\": must be at most 2, the number of available zones in eu-west-1"),
                e.problems());
    }

    @Test
    void aMaximumStorageBelowTheAllocatedStorageIsRefused() {
        assertEquals(List.of(NS + "dbMaxAllocatedStorageGb = \"50\": must be 0 (no storage autoscaling) or at least "
                + "dbAllocatedStorageGb (100)"), problems(Map.of("dbAllocatedStorageGb", "100", "dbMaxAllocatedStorageGb", "50")));
    }

    @Test
    void anUnknownKeyInTheProjectNamespaceIsATypoNotSilence() {
        List<String> problems = problems(Map.of("webServercount", "4"));
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).startsWith(NS + "webServercount is not a key of this program (a typo?); the keys are: "),
                problems.get(0));
    }

    @Test
    void keysOfOtherNamespacesAreLeftToTheirOwners() {
        TestStacks.settings("dev", Map.of("aws:profile", "ops"));
    }

    @Test
    void allProblemsAreReportedAtOnce() {
        List<String> problems = problems(Map.of("webServerCount", "1", "vpcCidr", "10.0.0.0/8", "domain", "x",
                "alarmEmail", "nope", "dbBackupRetentionDays", "40", "typo", "1"));
        assertEquals(6, problems.size(), problems.toString());
        var e = assertThrows(InvalidConfigException.class, () -> TestStacks.settings("dev", Map.of("webServerCount", "1")));
        assertTrue(e.getMessage().startsWith("invalid stack configuration (1 problem); nothing was declared:"));
    }

    @Test
    void aMissingRegionOrDomainIsReported() {
        Map<String, String> missing = new HashMap<>();
        missing.put("aws:region", null);
        missing.put("domain", null);
        List<String> problems = problems(missing);
        assertTrue(problems.contains("aws:region is not set: set it with `pulumi config set aws:region <region>`, such as eu-west-1"),
                problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith(NS + "domain is not set: it is required")), problems.toString());
    }

    private static RawConfig withPassword(String value, boolean secret) {
        RawConfig base = TestStacks.raw("dev", Map.of());
        Map<String, String> values = new HashMap<>(base.values());
        Set<String> secrets = new HashSet<>(base.secrets());
        secrets.remove(NS + "dbPassword");
        if (value == null) {
            values.remove(NS + "dbPassword");
        } else {
            values.put(NS + "dbPassword", value);
        }
        if (secret) {
            secrets.add(NS + "dbPassword");
        }
        return new RawConfig(base.project(), base.stack(), values, secrets);
    }

    private static List<String> engineProblems(RawConfig raw) {
        return assertThrows(InvalidConfigException.class,
                () -> SettingsReader.read(raw, SettingsReader.Mode.ENGINE, r -> new MockCloud(r).zones())).problems();
    }

    @Test
    void aMissingDatabasePasswordStopsARealRunButOnlyWarnsInAnOfflinePlan() {
        assertEquals(List.of(NS + "dbPassword is not set: it is required, 8 to 41 printable ASCII characters without /, \", @ "
                + "or spaces; set it with `pulumi config set --secret dbPassword <value>`"), engineProblems(withPassword(null, false)));
        var offline = SettingsReader.read(withPassword(null, false), SettingsReader.Mode.OFFLINE, r -> new MockCloud(r).zones());
        assertEquals(1, offline.notices().size());
        assertTrue(offline.settings().database().password().value().isEmpty());
    }

    @Test
    void aPasswordSetInPlainTextIsRefusedWithoutRepeatingIt() {
        List<String> problems = engineProblems(withPassword("Plain-Text-Password-1", false));
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).startsWith(NS + "dbPassword is set in plain text: it must be a secret"), problems.get(0));
        assertFalse(problems.get(0).contains("Plain-Text-Password-1"));
    }

    @Test
    void aPasswordRdsWouldRefuseIsReportedWithoutShowingIt() {
        List<String> problems = engineProblems(withPassword("short@1", true));
        assertEquals(List.of(NS + "dbPassword = [secret]: must be 8 to 41 printable ASCII characters without /, \", @ or spaces"),
                problems);
    }

    @Test
    void anEncryptedSecretIsAcceptedOfflineButNotInARealRun() {
        RawConfig encrypted = withPassword(null, true);
        Map<String, String> values = new HashMap<>(encrypted.values());
        values.put(NS + "dbPassword", null);
        RawConfig raw = new RawConfig(encrypted.project(), encrypted.stack(), values, encrypted.secrets());
        var offline = SettingsReader.read(raw, SettingsReader.Mode.OFFLINE, r -> new MockCloud(r).zones());
        assertEquals("[secret]", offline.settings().database().password().valueOrPlaceholder());
        assertTrue(engineProblems(raw).get(0).contains("could not be decrypted"));
    }

    @Test
    void aBadStackNameIsRefused() {
        RawConfig base = TestStacks.raw("dev", Map.of());
        RawConfig raw = new RawConfig(base.project(), "My_Stack", base.values(), base.secrets());
        assertTrue(engineProblems(raw).get(0).startsWith("stack name \"My_Stack\": must be 1 to 20 lowercase letters"));
    }

    @Test
    void defaultsAreTheSecureChoice() {
        Map<String, String> unset = new HashMap<>();
        for (String key : List.of("dbMultiAz", "dbProtect", "albDeletionProtection", "dbBackupRetentionDays",
                "availabilityZones", "natGateways")) {
            unset.put(key, null);
        }
        Settings settings = TestStacks.settings("dev", unset);
        assertTrue(settings.database().multiAz());
        assertTrue(settings.database().protect());
        assertTrue(settings.database().deletionProtection());
        assertTrue(settings.edge().deletionProtection());
        assertEquals(7, settings.database().backupRetentionDays());
        assertEquals("ELBSecurityPolicy-TLS13-1-2-Res-2021-06", settings.edge().tlsPolicy());
        assertEquals(3, settings.webTier().serverCount());
    }

    @Test
    void theEnginesConfigurationIsReadWithItsSecretKeys() {
        RawConfig raw = RawConfig.fromEngineEnvironment("secure-web-infra", "dev", Map.of(
                "PULUMI_CONFIG", "{\"aws:region\":\"eu-west-1\",\"secure-web-infra:dbPassword\":\"x\"}",
                "PULUMI_CONFIG_SECRET_KEYS", "[\"secure-web-infra:dbPassword\"]"));
        assertEquals("eu-west-1", raw.get("aws:region").orElseThrow());
        assertTrue(raw.isSecret(NS + "dbPassword"));
        assertFalse(raw.isSecret("aws:region"));
    }

    @Test
    void cidrArithmeticMatchesTheNetworkLayout() {
        Cidr block = Cidr.parse("10.0.0.0/16").orElseThrow();
        assertEquals("10.0.16.0/20", block.subnet(4, 1).toString());
        assertEquals("10.0.240.0/20", block.subnet(4, 15).toString());
        assertThrows(IllegalArgumentException.class, () -> block.subnet(4, 16));
        assertTrue(Validators.isVpcCidr("192.168.0.0/24"));
        assertFalse(Validators.isVpcCidr("192.168.0.0/23 "));
    }

    private static List<String> autoscalingProblems(Map<String, String> overrides) {
        return problems(TestStacks.autoscaling(overrides));
    }

    @Test
    void theGroupsSizesMustBeInOrder() {
        assertEquals(List.of(NS + "webMaxSize = \"3\": must be at least webMinSize (4)"),
                autoscalingProblems(Map.of("webMinSize", "4", "webMaxSize", "3")));
        assertEquals(List.of(NS + "webDesiredSize = \"2\": must be from webMinSize (3) to webMaxSize (8)"),
                autoscalingProblems(Map.of("webMinSize", "3", "webMaxSize", "8", "webDesiredSize", "2")));
        // Without a maximum, a minimum above the default maximum raises the maximum with it.
        Settings.Scaling scaling = TestStacks.settings("dev", TestStacks.autoscaling(Map.of("webMinSize", "10")))
                .webTier().scaling().orElseThrow();
        assertEquals(List.of(10, 10, 10), List.of(scaling.minSize(), scaling.maxSize(), scaling.desiredSize()));
    }

    @Test
    void theRequestTargetMustLetTheGroupScaleBeforeTheQpsAlarmFires() {
        // prod alarms at 200 requests per second per server: 12000 per minute.
        var e = assertThrows(InvalidConfigException.class, () -> TestStacks.settings("prod",
                TestStacks.autoscaling(Map.of("webRequestsPerServer", "12000"))));
        assertEquals(List.of(NS + "webRequestsPerServer = \"12000\": must be below qpsAlarmThreshold x 60 (12000 "
                + "requests per server per minute), so that the group scales out before the QPS alarm fires"), e.problems());
        assertEquals(11999.5, TestStacks.settings("prod", TestStacks.autoscaling(Map.of("webRequestsPerServer", "11999.5")))
                .webTier().scaling().orElseThrow().requestsPerServer());
    }

    @Test
    void aKeyOfTheOtherModeIsRefusedRatherThanIgnored() {
        for (String key : List.of("webMinSize", "webMaxSize", "webDesiredSize", "webRequestsPerServer", "webCpuTarget",
                "webHealthCheckGraceSeconds")) {
            assertEquals(List.of(NS + key + " applies only to webTierMode autoscaling, and webTierMode is fixed: remove it "
                    + "with `pulumi config rm " + key + "`, or set webTierMode to autoscaling"), problems(Map.of(key, "4")));
        }
        List<String> count = autoscalingProblems(Map.of("webServerCount", "3"));
        assertEquals(List.of(NS + "webServerCount applies only to webTierMode fixed, and webTierMode is autoscaling: the "
                + "group is sized by webMinSize, webMaxSize and webDesiredSize; remove it with "
                + "`pulumi config rm webServerCount`"), count);
        // A mistyped mode is reported once, not as a string of keys of the wrong mode.
        assertEquals(List.of(NS + "webTierMode = \"asg\": must be one of fixed, autoscaling"),
                problems(Map.of("webTierMode", "asg", "webMinSize", "3")));
    }

    @Test
    void theFixedServersAreTheDefaultAndTheGroupsDefaultsAreDocumented() {
        Map<String, String> unset = new HashMap<>();
        unset.put("webServerCount", null);
        assertTrue(TestStacks.settings("dev", unset).webTier().scaling().isEmpty());
        Settings.Scaling scaling = TestStacks.settings("dev", TestStacks.autoscaling()).webTier().scaling().orElseThrow();
        assertEquals(new Settings.Scaling(2, 6, 2, 3000, 60, 300), scaling);
        Settings.Scaling set = TestStacks.settings("dev", TestStacks.autoscaling(Map.of("webMinSize", "3",
                "webMaxSize", "12", "webDesiredSize", "4", "webRequestsPerServer", "2400", "webCpuTarget", "50",
                "webHealthCheckGraceSeconds", "600"))).webTier().scaling().orElseThrow();
        assertEquals(new Settings.Scaling(3, 12, 4, 2400, 50, 600), set);
    }

    @Test
    void anApplicationNeedsBothItsArchiveAndItsStartCommand() {
        assertEquals(List.of(NS + "appStartCommand is not set: appArtifactPath and appStartCommand go together"),
                problems(Map.of("appArtifactPath", "app.tar.gz")));
        List<String> missingFile = problems(Map.of("appArtifactPath", "no-such-app.tar.gz", "appStartCommand", "./run"));
        assertEquals(1, missingFile.size());
        assertTrue(missingFile.get(0).startsWith(NS + "appArtifactPath = \"no-such-app.tar.gz\": must be a readable file"),
                missingFile.get(0));
        List<String> badCommand = problems(Map.of("appArtifactPath", "pom.xml.tar.gz", "appStartCommand", "echo 'hi'"));
        assertTrue(badCommand.stream().anyMatch(p -> p.startsWith(NS + "appStartCommand = \"echo 'hi'\": must be a single-line")),
                badCommand.toString());
    }
}
