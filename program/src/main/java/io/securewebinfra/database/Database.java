package io.securewebinfra.database;

import com.pulumi.aws.rds.Instance;
import com.pulumi.aws.rds.InstanceArgs;
import com.pulumi.aws.rds.ParameterGroup;
import com.pulumi.aws.rds.ParameterGroupArgs;
import com.pulumi.aws.rds.SubnetGroup;
import com.pulumi.aws.rds.SubnetGroupArgs;
import com.pulumi.aws.rds.inputs.ParameterGroupParameterArgs;
import com.pulumi.aws.secretsmanager.Secret;
import com.pulumi.aws.secretsmanager.SecretArgs;
import com.pulumi.aws.secretsmanager.SecretVersion;
import com.pulumi.aws.secretsmanager.SecretVersionArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.Resource;
import com.pulumi.resources.CustomResourceOptions;
import io.securewebinfra.common.Components;
import io.securewebinfra.common.Json;
import io.securewebinfra.config.Settings;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.securewebinfra.common.Components.child;

/**
 * The MySQL database: a Multi-AZ primary (a synchronous standby takes over writes when the primary fails) and an
 * asynchronous read replica in another AZ. Storage is encrypted, nothing is public, connections must use TLS, backups
 * are kept and a final snapshot is taken on deletion. The master password comes from a secret stack value and is
 * handed to the servers through a Secrets Manager secret; it is never in clear text in a plan, log or output.
 */
public final class Database extends ComponentResource {
    private static final String ENGINE = "mysql";
    private static final List<String> LOG_EXPORTS = List.of("error", "slowquery");

    private final Instance primary;
    private final Instance replica;
    private final Secret connectionSecret;
    private final SecretVersion connectionValue;
    private final String secretName;
    private final String identifier;

    /**
     * What the database is made of and where it goes.
     *
     * @param identifier      the stem of the instances' identifiers ({@code -primary}, {@code -replica})
     * @param secretName      the connection secret's name, which the servers read
     * @param database        engine, sizes, protection and credentials
     * @param subnetIds       the database subnets, one per AZ
     * @param zones           their AZs, in order: a single-AZ primary goes in the first, the replica in the second
     * @param securityGroupId the database firewall
     */
    public record Args(String identifier, String secretName, Settings.Database database,
                       Output<List<String>> subnetIds, List<String> zones, Output<String> securityGroupId) {
        public Args {
            zones = List.copyOf(zones);
            if (zones.size() < 2) {
                throw new IllegalArgumentException("the primary and its replica need two AZs, not " + zones);
            }
        }
    }

    public Database(String name, Args args, ComponentResourceOptions options) {
        super(Components.type("database", "Database"), name, options);
        Settings.Database db = args.database();
        List<String> zones = args.zones();
        Output<String> securityGroupId = args.securityGroupId();
        identifier = args.identifier();
        Output<String> password = Output.ofSecret(db.password().valueOrPlaceholder());

        var subnetGroup = new SubnetGroup(name + "-subnets", SubnetGroupArgs.builder()
                .description("Database subnets of " + identifier + ", one per AZ, with no route out of the VPC")
                .subnetIds(args.subnetIds())
                .build(), child(this));

        var parameters = new ParameterGroup(name + "-params", ParameterGroupArgs.builder()
                .description("MySQL 8.0 for " + identifier + ": TLS required, slow query log on")
                .family("mysql8.0")
                .parameters(
                        parameter("require_secure_transport", "1", "immediate"),
                        parameter("tls_version", "TLSv1.2,TLSv1.3", "pending-reboot"),
                        parameter("slow_query_log", "1", "immediate"),
                        parameter("long_query_time", "2", "immediate"),
                        parameter("log_output", "FILE", "immediate"))
                .build(), child(this));

        var primaryArgs = InstanceArgs.builder()
                .identifier(identifier + "-primary")
                .engine(ENGINE)
                .engineVersion(db.engineVersion())
                .autoMinorVersionUpgrade(true)
                .instanceClass(db.instanceClass())
                .storageType("gp3")
                .allocatedStorage(db.allocatedStorageGb())
                .storageEncrypted(true)
                .dbName(db.name())
                .username(db.username())
                // RDS-managed passwords are not used: MySQL read replicas cannot be created from such a source.
                .password(password)
                .dbSubnetGroupName(subnetGroup.name())
                .parameterGroupName(parameters.name())
                .vpcSecurityGroupIds(securityGroupId.applyValue(List::of))
                .publiclyAccessible(false)
                .multiAz(db.multiAz())
                .caCertIdentifier("rds-ca-rsa2048-g1")
                // Backups are also what a read replica is created from.
                .backupRetentionPeriod(db.backupRetentionDays())
                .backupWindow("03:00-03:30")
                .maintenanceWindow("sun:04:00-sun:04:30")
                .copyTagsToSnapshot(true)
                .deleteAutomatedBackups(false)
                .deletionProtection(db.deletionProtection())
                .skipFinalSnapshot(false)
                .finalSnapshotIdentifier(identifier + "-primary-final")
                .enabledCloudwatchLogsExports(LOG_EXPORTS)
                .tags(Map.of("Name", identifier + "-primary", "Role", "primary"));
        if (db.maxAllocatedStorageGb() > 0) {
            primaryArgs.maxAllocatedStorage(db.maxAllocatedStorageGb());
        }
        if (!db.multiAz()) {
            // Multi-AZ places the primary and standby itself; a single instance is pinned so the replica is elsewhere.
            primaryArgs.availabilityZone(zones.get(0));
        }
        primary = new Instance(name + "-primary", primaryArgs.build(), CustomResourceOptions.builder()
                .parent(this)
                .protect(db.protect())
                // The zone is chosen once, at creation. A change of zone replaces the instance (an empty
                // database), and the zone moves on its own: a Multi-AZ failover, or Multi-AZ turned off.
                .ignoreChanges("availabilityZone")
                .build());

        var replicaArgs = InstanceArgs.builder()
                .identifier(identifier + "-replica")
                // A same-region replica inherits engine, credentials, encryption and subnet group from its source.
                .replicateSourceDb(primary.identifier())
                .instanceClass(db.replicaInstanceClass())
                .storageType("gp3")
                .storageEncrypted(true)
                .autoMinorVersionUpgrade(true)
                .parameterGroupName(parameters.name())
                .vpcSecurityGroupIds(securityGroupId.applyValue(List::of))
                .publiclyAccessible(false)
                .multiAz(false)
                .availabilityZone(zones.get(1))
                .caCertIdentifier("rds-ca-rsa2048-g1")
                .deletionProtection(db.deletionProtection())
                // A replica holds no data of its own: the primary's backups and final snapshot cover it.
                .skipFinalSnapshot(true)
                .enabledCloudwatchLogsExports(LOG_EXPORTS)
                .tags(Map.of("Name", identifier + "-replica", "Role", "replica"));
        if (db.maxAllocatedStorageGb() > 0) {
            replicaArgs.maxAllocatedStorage(db.maxAllocatedStorageGb());
        }
        replica = new Instance(name + "-replica", replicaArgs.build(), child(this));

        secretName = args.secretName();
        connectionSecret = new Secret(name + "-connection", SecretArgs.builder()
                .name(secretName)
                .description("MySQL connection of " + identifier + " for the web servers: host, port, user, password")
                .recoveryWindowInDays(7)
                .build(), child(this));
        connectionValue = new SecretVersion(name + "-connection-value", SecretVersionArgs.builder()
                .secretId(connectionSecret.id())
                .secretString(Output.tuple(primary.address(), replica.address(), password)
                        .applyValue(t -> connectionJson(t.t1, t.t2, db, t.t3)))
                .build(), child(this));

        registerOutputs(Map.of(
                "primaryEndpoint", primary.endpoint(),
                "replicaEndpoint", replica.endpoint(),
                "connectionSecretArn", connectionSecret.arn()));
    }

    private static ParameterGroupParameterArgs parameter(String name, String value, String applyMethod) {
        return ParameterGroupParameterArgs.builder().name(name).value(value).applyMethod(applyMethod).build();
    }

    private static String connectionJson(String host, String replicaHost, Settings.Database db, String password) {
        Map<String, Object> connection = new LinkedHashMap<>();
        connection.put("host", host);
        connection.put("port", Settings.Database.PORT);
        connection.put("username", db.username());
        connection.put("password", password);
        connection.put("dbname", db.name());
        connection.put("replicaHost", replicaHost);
        return Json.write(connection);
    }

    public Output<String> primaryEndpoint() {
        return primary.endpoint();
    }

    public Output<String> replicaEndpoint() {
        return replica.endpoint();
    }

    public Output<String> primaryIdentifier() {
        return primary.identifier();
    }

    public Output<String> replicaIdentifier() {
        return replica.identifier();
    }

    /** The connection secret's name, which a server reads at boot. */
    public String connectionSecretName() {
        return secretName;
    }

    /**
     * What must exist before a server reads the connection secret: its value exists only once both the primary and
     * the replica do, and the primary is what a server's health check asks.
     */
    public List<Resource> connectionReady() {
        return List.of(connectionValue, primary, replica);
    }

    public Output<String> connectionSecretArn() {
        return connectionSecret.arn();
    }
}
