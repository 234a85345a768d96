package io.securewebinfra.database;

import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResourceOptions;
import io.securewebinfra.TestStacks;
import io.securewebinfra.plandoc.Plan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The MySQL primary and replica keep data encrypted, private, backed up and protected from accidental loss. */
class DatabaseTest {

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theReplicasSourceIsThePrimaryInAnotherZone(String stack) {
        Plan plan = TestStacks.plan(stack);
        Plan.Resource primary = plan.named("database-primary");
        Plan.Resource replica = plan.named("database-replica");
        assertEquals(primary.string("identifier"), replica.string("replicateSourceDb"));
        assertTrue(replica.dependsOn().contains("database-primary"));
        // A same-region replica inherits these from its source; setting them is refused by RDS.
        for (String inherited : List.of("username", "password", "engine", "dbSubnetGroupName", "dbName")) {
            assertTrue(replica.input(inherited).isEmpty(), inherited);
        }
        assertNotEquals(primary.string("availabilityZone"), replica.string("availabilityZone"));
        assertEquals(true, replica.input("skipFinalSnapshot").orElseThrow());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void bothInstancesAreEncryptedPrivateAndBehindTheDatabaseFirewall(String stack) {
        Plan plan = TestStacks.plan(stack);
        for (String name : List.of("database-primary", "database-replica")) {
            Plan.Resource db = plan.named(name);
            assertEquals(true, db.input("storageEncrypted").orElseThrow(), name);
            assertEquals(false, db.input("publiclyAccessible").orElseThrow(), name);
            assertEquals(List.of(plan.idOf("firewalls-db-sg")), db.input("vpcSecurityGroupIds").orElseThrow(), name);
            assertEquals(plan.idOf("database-params"), db.string("parameterGroupName"), name);
            assertEquals(List.of("error", "slowquery"), db.input("enabledCloudwatchLogsExports").orElseThrow(), name);
            assertEquals(true, db.input("deletionProtection").orElseThrow(), name);
        }
        Plan.Resource primary = plan.named("database-primary");
        assertEquals("mysql", primary.string("engine"));
        assertTrue(primary.string("engineVersion").startsWith("8.0"));
        assertEquals("gp3", primary.string("storageType"));
        assertEquals(plan.idOf("database-subnets"), primary.string("dbSubnetGroupName"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void connectionsMustUseTls(String stack) {
        List<?> parameters = (List<?>) TestStacks.plan(stack).named("database-params").input("parameters").orElseThrow();
        assertTrue(parameters.contains(Map.of("name", "require_secure_transport", "value", "1", "applyMethod", "immediate")),
                parameters.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void backupsAreKeptAndDeletionLeavesANamedFinalSnapshot(String stack) {
        Plan.Resource primary = TestStacks.plan(stack).named("database-primary");
        assertEquals(stack.equals("prod") ? 7L : 1L, primary.input("backupRetentionPeriod").orElseThrow());
        assertEquals(false, primary.input("skipFinalSnapshot").orElseThrow());
        assertEquals("secure-web-infra-" + stack + "-primary-final", primary.string("finalSnapshotIdentifier"));
        assertTrue(primary.input("manageMasterUserPassword").isEmpty(),
                "RDS-managed passwords would make the MySQL replica impossible");
    }

    @Test
    void prodHasAMultiAzWriterProtectedByPulumiAndDevAnExplicitlyCheaperOne() {
        Plan prod = TestStacks.plan("prod");
        assertEquals(true, prod.named("database-primary").input("multiAz").orElseThrow());
        assertTrue(prod.named("database-primary").protect());
        Plan dev = TestStacks.plan("dev");
        assertEquals(false, dev.named("database-primary").input("multiAz").orElseThrow());
        assertFalse(dev.named("database-primary").protect());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void thePrimarysZoneIsChosenOnlyAtCreationSoThatAZoneChangeNeverReplacesIt(String stack) {
        // A zone change replaces an RDS instance; the zone also moves by itself (failover, Multi-AZ turned off).
        assertEquals(List.of("availabilityZone"), TestStacks.plan(stack).named("database-primary").ignoreChanges());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void thePasswordIsASecretInTheInstanceAndTheConnectionSecretAndNowhereInClearText(String stack) {
        Plan plan = TestStacks.plan(stack);
        assertEquals("[secret]", plan.named("database-primary").string("password"));
        assertEquals("[secret]", plan.named("database-connection-value").string("secretString"));
        assertEquals("secure-web-infra/" + stack + "/database", plan.named("database-connection").string("name"));
        assertFalse(plan.toJson().contains(TestStacks.DB_PASSWORD));
    }

    /** Built alone from its own inputs: the identifiers, secret name, subnets, zones and firewall it is given. */
    @Test
    void theDatabaseAloneTakesItsNamesAndPlaceFromItsInputs() {
        var database = TestStacks.settings("prod", Map.of()).database();
        Plan plan = TestStacks.component("eu-west-1", ctx -> new Database("database", new Database.Args("shop-test",
                "shop/test/database", database, Output.of(List.of("subnet-a", "subnet-b")),
                List.of("eu-west-1b", "eu-west-1c"), Output.of("sg-db")), ComponentResourceOptions.Empty));
        var primary = plan.named("database-primary");
        var replica = plan.named("database-replica");
        assertEquals("shop-test-primary", primary.string("identifier"));
        assertEquals("shop-test-replica", replica.string("identifier"));
        assertEquals("shop-test-primary-final", primary.string("finalSnapshotIdentifier"));
        assertEquals("eu-west-1c", replica.string("availabilityZone"));
        assertEquals(List.of("sg-db"), primary.input("vpcSecurityGroupIds").orElseThrow());
        assertEquals(List.of("subnet-a", "subnet-b"), plan.named("database-subnets").input("subnetIds").orElseThrow());
        assertEquals("shop/test/database", plan.named("database-connection").string("name"));
        assertTrue(primary.protect(), "prod's primary is protected");
    }
}
