package io.securewebinfra.config;

import java.util.List;

/** The program's own configuration keys, in the project namespace. A key not listed here is refused as a typo. */
final class ConfigKeys {
    static final List<String> ALL = List.of(
            "accessLogRetentionDays", "albDeletionProtection", "alarmEmail", "amiId", "appArtifactPath", "appPort",
            "appStartCommand", "availabilityZones",
            "certificateArn", "dbAllocatedStorageGb", "dbBackupRetentionDays", "dbDeletionProtection",
            "dbEngineVersion", "dbInstanceClass", "dbMaxAllocatedStorageGb", "dbMultiAz", "dbName", "dbPassword",
            "dbProtect", "dbReplicaInstanceClass", "dbUsername", "domain", "flowLogRetentionDays", "hostedZoneId",
            "instanceType", "logRetentionDays", "natGateways", "qpsAlarmThreshold", "rootVolumeSizeGb",
            "sumoLogicToken", "tlsPolicy", "vpcCidr", "webCpuTarget", "webDesiredSize", "webHealthCheckGraceSeconds", "webMaxSize",
            "webMinSize", "webRequestsPerServer", "webServerCount", "webTierMode");

    private ConfigKeys() {
    }
}
