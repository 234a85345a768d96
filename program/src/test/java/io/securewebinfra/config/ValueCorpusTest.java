package io.securewebinfra.config;

import io.securewebinfra.TestStacks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A corpus of values a user might write, several spellings of each mistake: every bad one is refused with one line
 * that names the key, the value and what is allowed; every benign one is accepted. A key of the Auto Scaling group is
 * tried in autoscaling mode, where it applies.
 */
class ValueCorpusTest {
    private static final String NS = "secure-web-infra:";

    /** A value and, for a bad one, a fragment its message must contain after "must be". */
    record Case(String key, String value, String expected) {
        @Override
        public String toString() {
            return key + " = " + value;
        }
    }

    private static List<Case> refused(String key, String expected, String... values) {
        return Stream.of(values).map(v -> new Case(key, v, expected)).toList();
    }

    private static List<Case> accepted(String key, String... values) {
        return Stream.of(values).map(v -> new Case(key, v, null)).toList();
    }

    private static final String WHOLE = "; write it with the digits 0-9 only";
    private static final String DECIMAL = "; write it with the digits 0-9 and an optional decimal point";

    static final List<Case> BAD = new ArrayList<>();
    static final List<Case> BENIGN = new ArrayList<>();

    static {
        // Whole numbers: ASCII digits only. A sign, a point, an exponent, an underscore, a radix prefix, a suffix or
        // a digit of another script is refused, even where Java or YAML 1.1 would read a number.
        BAD.addAll(refused("webServerCount", WHOLE, "+5", "-5", "5.0", "5.", "1e1", "5e0", "0x5", "0X05", "0b101",
                "0o5", "1_0", "1_000", "100d", "100L", "100f", "4,0", "\u0663", "\uFF13", "\u09E9", "+0005"));
        BAD.addAll(refused("webServerCount", "a whole number from 2 to 500", "three", "2147483648",
                "99999999999999999999", "1", "501", "0"));
        BAD.addAll(refused("logRetentionDays", WHOLE, "+30", "3_0", "30.0", "\u0663\u0660", "0x1E"));
        BAD.addAll(refused("dbMaxAllocatedStorageGb", WHOLE, "-0", "-1", "+100"));
        BAD.addAll(refused("appPort", WHOLE, "+8080", "8080.0", "0x1F90", "8_080", "8080L"));
        BAD.addAll(refused("webMinSize", WHOLE, "+2", "2.0", "2e0"));
        BAD.addAll(refused("accessLogRetentionDays", WHOLE, "9e1", "90.5", "\u0669\u0660"));
        // Decimal numbers: digits with an optional decimal point, finite, above 0 and at most a stated maximum.
        BAD.addAll(refused("qpsAlarmThreshold", DECIMAL, "1e308", "1E2", "1e-3", "Infinity", "-Infinity", "+Infinity",
                "NaN", "nan", ".inf", "+100", "-5", "100d", "100f", "0x1p3", "0x64", "1_000", ".5", "5.", "100,5",
                "\u0661\u0660\u0660"));
        BAD.addAll(refused("qpsAlarmThreshold", "a number above 0 and at most 100000 (requests per second per server)",
                "0", "0.0", "00", "100000.01", "1000000000000000000000000000000"));
        BAD.addAll(refused("webCpuTarget", DECIMAL, "1e2", "NaN", "+50", "5e1"));
        BAD.addAll(refused("webCpuTarget", "a number above 0 and at most 100 (percent)", "100.0001", "0"));
        BAD.addAll(refused("webRequestsPerServer", DECIMAL, "1e3", "Infinity", "3_000"));
        BAD.addAll(refused("webRequestsPerServer", "a number above 0 and at most 6000000", "6000001"));

        // RDS refuses a database name or master user that is a MySQL reserved word, in any case; MySQL has its own
        // schemas and accounts.
        BAD.addAll(refused("dbName", "is a MySQL 8.0 reserved word", "select", "SELECT", "Select", "order", "table",
                "key", "group", "lead", "rank", "window", "system", "json_table", "Interval", "int1", "sql"));
        BAD.addAll(refused("dbName", "is a MySQL system schema", "mysql", "MYSQL", "information_schema",
                "Performance_Schema", "sys", "SYS"));
        BAD.addAll(refused("dbName", "a MySQL database name: a letter, then up to 63 letters", "1app", "app-db",
                "app db", "_app", "caf\u00e9", "a".repeat(65)));
        BAD.addAll(refused("dbUsername", "is an account MySQL or RDS keeps for itself", "root", "ROOT", "Root",
                "rdsadmin", "RdsAdmin", "mysql", "admin_", "rdsrepladmin"));
        BAD.addAll(refused("dbUsername", "is a MySQL 8.0 reserved word", "select", "table", "use",
                "DATABASE", "Grant"));
        BAD.addAll(refused("dbUsername", "a letter, then up to 15 letters", "1admin", "app-admin", "a".repeat(17)));

        BENIGN.addAll(accepted("dbName", "app", "appdb", "selector", "orders", "users", "db_2024", "Sys1", "mysql_app",
                "a".repeat(64)));
        BENIGN.addAll(accepted("dbUsername", "appadmin", "admin", "dbuser", "rootadmin", "select_user", "sys",
                "a".repeat(16)));
        // The MySQL 8.0 versions RDS offers, from a dated list.
        BAD.addAll(refused("dbEngineVersion", "is not MySQL 8.0: the database's parameter group is of family mysql8.0",
                "5.7", "5.7.44", "8.4", "8.4.3", "9.0.1", "8.1.0"));
        BAD.addAll(refused("dbEngineVersion", "RDS did not offer 8.0.", "8.0.0", "8.0.11", "8.0.36", "8.0.39", "8.0.999"));
        BAD.addAll(refused("dbEngineVersion", "8.0 (RDS's default 8.0 minor version) or a MySQL 8.0 version RDS offers",
                "8", "8.0.x", "8.0.40.R2", "v8.0", "mysql8.0", "8.00", "8.0.4O", "8.0.40-rds"));
        BENIGN.addAll(accepted("dbEngineVersion", "8.0", "8.0.40", "8.0.43"));
        // ACM certificate ARNs: the shape, the stack's region (eu-west-1) and its partition.
        String id = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";
        String account = ":123456789012:certificate/";
        BAD.addAll(refused("certificateArn", "the certificate is in ", "arn:aws:acm:us-east-1" + account + id,
                "arn:aws:acm:eu-west-2" + account + id, "arn:aws:acm:eu-central-1" + account + id,
                "arn:aws:acm:cn-north-1" + account + id));
        BAD.addAll(refused("certificateArn", "the partition of eu-west-1 is aws", "arn:aws-cn:acm:eu-west-1" + account + id,
                "arn:aws-us-gov:acm:eu-west-1" + account + id));
        BAD.addAll(refused("certificateArn", "the id after certificate/ is a UUID", "arn:aws:acm:eu-west-1" + account
                + id.replace("-", ""), "arn:aws:acm:eu-west-1" + account + "-".repeat(36), "arn:aws:acm:eu-west-1" + account
                + id.toUpperCase(), "arn:aws:acm:eu-west-1" + account + "abc", "arn:aws:acm:eu-west-1" + account + id + "/x"));
        BAD.addAll(refused("certificateArn", "an ACM certificate ARN in the stack's region, arn:<partition>:acm:eu-west-1:",
                "arn:aws:iam::123456789012:server-certificate/site", "arn:aws:acm:eu-west-1:12345678901:certificate/" + id,
                id, "arn:aws:acm:eu-west-1:123456789012:cert/" + id, "arn:aws:acm::123456789012:certificate/" + id,
                "https://eu-west-1.console.aws.amazon.com/acm/home#/certificates/" + id,
                "arn:aws:acm:eu-west-1:123456789012:certificate"));
        BENIGN.addAll(accepted("certificateArn", "arn:aws:acm:eu-west-1" + account + id,
                "arn:aws:acm:eu-west-1:000000000000:certificate/ffffffff-0000-1111-2222-333333333333"));

        BENIGN.addAll(accepted("webServerCount", "2", "3", "500", "03"));
        BENIGN.addAll(accepted("logRetentionDays", "1", "3653"));
        BENIGN.addAll(accepted("dbMaxAllocatedStorageGb", "0", "16384"));
        BENIGN.addAll(accepted("appPort", "1024", "65535"));
        BENIGN.addAll(accepted("qpsAlarmThreshold", "0.5", "2.25", "150", "100000", "0.001"));
        BENIGN.addAll(accepted("webCpuTarget", "100", "0.1", "99.9"));
        BENIGN.addAll(accepted("webRequestsPerServer", "1", "2999.5"));
    }

    static Stream<Case> bad() {
        return BAD.stream();
    }

    static Stream<Case> benign() {
        return BENIGN.stream();
    }

    private static Map<String, String> overrides(Case c) {
        return SettingsReader.SCALING_KEYS.contains(c.key()) ? TestStacks.autoscaling(Map.of(c.key(), c.value()))
                : Map.of(c.key(), c.value());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bad")
    void aBadValueIsRefusedNamingTheKeyTheValueAndWhatIsAllowed(Case c) {
        var e = assertThrows(InvalidConfigException.class, () -> TestStacks.settings("dev", overrides(c)));
        assertEquals(1, e.problems().size(), e.problems().toString());
        String line = e.problems().get(0);
        assertTrue(line.startsWith(NS + c.key() + " = \"" + c.value() + "\": must be "), line);
        assertTrue(line.contains(c.expected()), line);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("benign")
    void aBenignValueIsAccepted(Case c) {
        TestStacks.settings("dev", overrides(c));
    }

    @Test
    void aCertificateArnIsOfTheRegionsPartition() {
        String china = "arn:aws-cn:acm:cn-north-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";
        assertEquals(java.util.Optional.of(china), TestStacks.settings("dev", Map.of("aws:region", "cn-north-1",
                "certificateArn", china)).edge().certificateArn());
        var e = assertThrows(InvalidConfigException.class, () -> TestStacks.settings("dev",
                Map.of("aws:region", "cn-north-1", "certificateArn", china.replace("aws-cn", "aws"))));
        assertEquals(List.of(NS + "certificateArn = \"" + china.replace("aws-cn", "aws") + "\": must be an ACM certificate "
                + "ARN in the stack's region, arn:<partition>:acm:cn-north-1:<12-digit account>:certificate/<UUID>; the "
                + "partition of cn-north-1 is aws-cn"), e.problems());
    }

    @Test
    void theCorpusHasSeveralSpellingsOfEachMistakeAndNoCaseTwice() {
        Set<Case> seen = new HashSet<>();
        for (Case c : BAD) {
            assertTrue(seen.add(new Case(c.key(), c.value(), null)), "twice: " + c);
        }
        for (Case c : BENIGN) {
            assertTrue(seen.add(c), "twice: " + c);
        }
        System.out.println("value corpus: " + BAD.size() + " bad, " + BENIGN.size() + " benign");
    }
}
