package io.securewebinfra.config;

import java.util.Optional;

/**
 * The whole, validated configuration of one stack. Built only by {@link SettingsReader}, which checks every value
 * before any resource is declared; components can therefore trust every field. Each field names its key in
 * {@link ConfigKey}, where its default and allowed values are stated (once, for the reader and the documentation).
 *
 * @param project    Pulumi project name (the config namespace)
 * @param stack      Pulumi stack name
 * @param region     AWS region ({@code aws:region})
 * @param network    the VPC
 * @param edge       domain, certificate and load balancer
 * @param webTier    the web servers
 * @param database   the MySQL primary and replica
 * @param monitoring alarms, dashboard and agents
 */
public record Settings(
        String project,
        String stack,
        String region,
        Network network,
        Edge edge,
        WebTier webTier,
        Database database,
        Monitoring monitoring) {

    /** How many NAT gateways carry the private subnets' outbound traffic. */
    public enum NatGateways {
        /** One NAT gateway for all AZs: cheap, but an AZ outage cuts the others' outbound traffic. */
        SINGLE,
        /** One NAT gateway per AZ: no cross-AZ dependency. */
        PER_AZ
    }

    /**
     * @param vpcCidr           {@link ConfigKey#VPC_CIDR}
     * @param availabilityZones {@link ConfigKey#AVAILABILITY_ZONES}
     * @param natGateways       {@link ConfigKey#NAT_GATEWAYS}
     * @param flowLogRetentionDays {@link ConfigKey#FLOW_LOG_RETENTION_DAYS}
     */
    public record Network(String vpcCidr, int availabilityZones, NatGateways natGateways, int flowLogRetentionDays) {
    }

    /**
     * @param domain                  {@link ConfigKey#DOMAIN}
     * @param hostedZoneId            {@link ConfigKey#HOSTED_ZONE_ID}
     * @param certificateArn          {@link ConfigKey#CERTIFICATE_ARN}
     * @param tlsPolicy               {@link ConfigKey#TLS_POLICY}
     * @param deletionProtection      {@link ConfigKey#ALB_DELETION_PROTECTION}
     * @param accessLogRetentionDays  {@link ConfigKey#ACCESS_LOG_RETENTION_DAYS}
     */
    public record Edge(
            String domain,
            Optional<String> hostedZoneId,
            Optional<String> certificateArn,
            String tlsPolicy,
            boolean deletionProtection,
            int accessLogRetentionDays) {

        public String siteHost() {
            return "www." + domain;
        }
    }

    /**
     * @param serverCount      {@link ConfigKey#WEB_SERVER_COUNT}: the fixed servers; unused when {@code scaling}
     *                         is present
     * @param instanceType     {@link ConfigKey#INSTANCE_TYPE}
     * @param amiId            {@link ConfigKey#AMI_ID}
     * @param rootVolumeSizeGb {@link ConfigKey#ROOT_VOLUME_SIZE_GB}
     * @param appPort          {@link ConfigKey#APP_PORT}
     * @param application      {@link ConfigKey#APP_ARTIFACT_PATH} and {@link ConfigKey#APP_START_COMMAND}, or empty
     * @param scaling          {@link ConfigKey#WEB_TIER_MODE}: empty for {@code fixed} ({@code serverCount} EC2
     *                         instances); {@code autoscaling} gives an Auto Scaling group of this size and these targets
     */
    public record WebTier(int serverCount, String instanceType, Optional<String> amiId, int rootVolumeSizeGb,
                          int appPort, Optional<Application> application, Optional<Scaling> scaling) {
        /** Nginx's TLS port on the servers, the target of the load balancer's re-encrypted traffic. */
        public static final int HTTPS_PORT = 443;

        /** Graviton families carry a {@code g} after the generation digit: t4g, m7g, c7gn, r8gd. */
        public boolean isArm64() {
            return instanceType.matches("^[a-z]+[0-9]+[a-z-]*g[a-z-]*\\..*");
        }
    }

    /**
     * The Auto Scaling group of {@code webTierMode: autoscaling}. Its size moves between the bounds with the load;
     * the desired size is only where it starts.
     *
     * @param minSize               {@link ConfigKey#WEB_MIN_SIZE}
     * @param maxSize               {@link ConfigKey#WEB_MAX_SIZE}
     * @param desiredSize           {@link ConfigKey#WEB_DESIRED_SIZE}
     * @param requestsPerServer     {@link ConfigKey#WEB_REQUESTS_PER_SERVER}
     * @param cpuTargetPercent      {@link ConfigKey#WEB_CPU_TARGET}
     * @param healthCheckGraceSeconds {@link ConfigKey#WEB_HEALTH_CHECK_GRACE_SECONDS}
     */
    public record Scaling(int minSize, int maxSize, int desiredSize, double requestsPerServer, double cpuTargetPercent,
                          int healthCheckGraceSeconds) {
    }

    /**
     * A user's own application: a {@code .tar.gz} archive on this machine, uploaded by the program.
     *
     * @param archive      the archive, {@code appArtifactPath}
     * @param sha256       its SHA-256, which names the uploaded release
     * @param startCommand {@link ConfigKey#APP_START_COMMAND}
     */
    public record Application(java.nio.file.Path archive, String sha256, String startCommand) {
    }

    /**
     * @param instanceClass          {@link ConfigKey#DB_INSTANCE_CLASS}
     * @param replicaInstanceClass   {@link ConfigKey#DB_REPLICA_INSTANCE_CLASS}
     * @param engineVersion          {@link ConfigKey#DB_ENGINE_VERSION}
     * @param allocatedStorageGb     {@link ConfigKey#DB_ALLOCATED_STORAGE_GB}
     * @param maxAllocatedStorageGb  {@link ConfigKey#DB_MAX_ALLOCATED_STORAGE_GB}
     * @param backupRetentionDays    {@link ConfigKey#DB_BACKUP_RETENTION_DAYS}
     * @param multiAz                {@link ConfigKey#DB_MULTI_AZ}
     * @param deletionProtection     {@link ConfigKey#DB_DELETION_PROTECTION}
     * @param protect                {@link ConfigKey#DB_PROTECT}
     * @param name                   {@link ConfigKey#DB_NAME}
     * @param username               {@link ConfigKey#DB_USERNAME}
     * @param password               {@link ConfigKey#DB_PASSWORD} (unreadable in an offline plan without it)
     */
    public record Database(
            String instanceClass,
            String replicaInstanceClass,
            String engineVersion,
            int allocatedStorageGb,
            int maxAllocatedStorageGb,
            int backupRetentionDays,
            boolean multiAz,
            boolean deletionProtection,
            boolean protect,
            String name,
            String username,
            Secret password) {
        public static final int PORT = 3306;
    }

    /**
     * @param alarmEmail          {@link ConfigKey#ALARM_EMAIL}
     * @param qpsAlarmThreshold   {@link ConfigKey#QPS_ALARM_THRESHOLD}
     * @param logRetentionDays    {@link ConfigKey#LOG_RETENTION_DAYS}
     * @param sumoLogicToken      {@link ConfigKey#SUMO_LOGIC_TOKEN}
     */
    public record Monitoring(
            Optional<String> alarmEmail,
            double qpsAlarmThreshold,
            int logRetentionDays,
            Optional<Secret> sumoLogicToken) {
    }
}
