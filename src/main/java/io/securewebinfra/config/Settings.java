package io.securewebinfra.config;

import java.util.Optional;

/**
 * The whole, validated configuration of one stack. Built only by {@link SettingsReader}, which checks every value
 * before any resource is declared; components can therefore trust every field.
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
     * @param vpcCidr           {@code vpcCidr}, default {@code 10.0.0.0/16}; prefix /16 to /24
     * @param availabilityZones {@code availabilityZones}, default 2; 2 or 3, at most what the region has
     * @param natGateways       {@code natGateways}, default {@code single}; {@code single} or {@code perAz}
     * @param flowLogRetentionDays {@code flowLogRetentionDays}, default 90; a CloudWatch Logs retention value
     */
    public record Network(String vpcCidr, int availabilityZones, NatGateways natGateways, int flowLogRetentionDays) {
    }

    /**
     * @param domain                  {@code domain}, required: the apex; the site is served at www.{domain} and the apex
     * @param hostedZoneId            {@code hostedZoneId}, default: looked up from the domain
     * @param certificateArn          {@code certificateArn}, default: a new ACM certificate validated through DNS
     * @param tlsPolicy               {@code tlsPolicy}, default {@code ELBSecurityPolicy-TLS13-1-2-Res-2021-06}
     * @param deletionProtection      {@code albDeletionProtection}, default true
     * @param accessLogRetentionDays  {@code accessLogRetentionDays}, default 90; 1 to 3650
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
     * @param serverCount      {@code webServerCount}, default 3; 2 to 500. The number of fixed servers; unused when
     *                         {@code scaling} is present
     * @param instanceType     {@code instanceType}, default {@code t3.micro}
     * @param amiId            {@code amiId}, default: the latest Amazon Linux 2023 from the public SSM parameter
     * @param rootVolumeSizeGb {@code rootVolumeSizeGb}, default 20; 8 to 1024
     * @param appPort          {@code appPort}, default 8080: the application server's port, on loopback behind Nginx
     * @param application      {@code appArtifactPath} and {@code appStartCommand}, default: the bundled application
     * @param scaling          {@code webTierMode}, default {@code fixed} (empty): {@code serverCount} EC2 instances;
     *                         {@code autoscaling} gives an Auto Scaling group of this size and these targets
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
     * @param minSize               {@code webMinSize}, default 2; 2 to 500 (one server per AZ at least)
     * @param maxSize               {@code webMaxSize}, default 6; from {@code minSize} to 500
     * @param desiredSize           {@code webDesiredSize}, default {@code minSize}; from {@code minSize} to {@code maxSize}
     * @param requestsPerServer     {@code webRequestsPerServer}, default 3000: the target of {@code ALBRequestCountPerTarget}
     *                              in requests per server per minute (3000 is 50 requests per second); below
     *                              {@code qpsAlarmThreshold} x 60
     * @param cpuTargetPercent      {@code webCpuTarget}, default 60: the target of the group's average CPU, above 0 and at most 100
     * @param healthCheckGraceSeconds {@code webHealthCheckGraceSeconds}, default 300; 60 to 3600: how long a new server
     *                              may boot before failed health checks replace it, and its warm-up before its metrics count
     */
    public record Scaling(int minSize, int maxSize, int desiredSize, double requestsPerServer, double cpuTargetPercent,
                          int healthCheckGraceSeconds) {
    }

    /**
     * A user's own application: a {@code .tar.gz} archive on this machine, uploaded by the program.
     *
     * @param archive      the archive, {@code appArtifactPath}
     * @param sha256       its SHA-256, which names the uploaded release
     * @param startCommand {@code appStartCommand}: run in the unpacked directory, listening on 127.0.0.1:$PORT
     */
    public record Application(java.nio.file.Path archive, String sha256, String startCommand) {
    }

    /**
     * @param instanceClass          {@code dbInstanceClass}, default {@code db.t4g.micro}
     * @param replicaInstanceClass   {@code dbReplicaInstanceClass}, default: the primary's class
     * @param engineVersion          {@code dbEngineVersion}, default {@code 8.0}; 8.0 or 8.0.N
     * @param allocatedStorageGb     {@code dbAllocatedStorageGb}, default 20; 20 to 16384
     * @param maxAllocatedStorageGb  {@code dbMaxAllocatedStorageGb}, default 100; 0 (no autoscaling) or at least the allocated
     * @param backupRetentionDays    {@code dbBackupRetentionDays}, default 7; 1 to 35
     * @param multiAz                {@code dbMultiAz}, default true
     * @param deletionProtection     {@code dbDeletionProtection}, default true
     * @param protect                {@code dbProtect}, default true: Pulumi refuses to delete or replace the primary
     * @param name                   {@code dbName}, default {@code app}
     * @param username               {@code dbUsername}, default {@code appadmin}
     * @param password               {@code dbPassword}, required, secret
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
     * @param alarmEmail          {@code alarmEmail}, default: no subscription
     * @param qpsAlarmThreshold   {@code qpsAlarmThreshold}, default 100; requests per second per server, above 0
     * @param logRetentionDays    {@code logRetentionDays}, default 90; a CloudWatch Logs retention value
     * @param sumoLogicToken      {@code sumoLogicToken}, default: none (CloudWatch only); secret
     */
    public record Monitoring(
            Optional<String> alarmEmail,
            double qpsAlarmThreshold,
            int logRetentionDays,
            Optional<Secret> sumoLogicToken) {
    }
}
