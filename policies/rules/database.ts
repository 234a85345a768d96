// The database: RDS instances, primary and read replicas. Availability and deletion safeguards are advisory by
// default and mandatory in prod through its pack config (config/prod.json).
import { label, ofType, Props, resourceRule, stackRule } from "./common";
import { FACTS } from "./facts";
import { DB_INSTANCE, engineOf, isReplica, sourceOf } from "./transit";

const DB = [DB_INSTANCE];

export const storageEncrypted = resourceRule({
    name: "rds-storage-encrypted",
    description: "RDS storage is encrypted at rest (FSBP RDS.3, CIS AWS Foundations 2.3.1).",
    types: DB,
    check(props, report) {
        if (props.storageEncrypted !== true) {
            report("storageEncrypted is not true: the database, its backups and snapshots would be stored unencrypted.");
        }
    },
});

export const notPublic = resourceRule({
    name: "rds-not-public",
    description: "RDS instances are not publicly accessible (FSBP RDS.2, CIS AWS Foundations 2.3.3).",
    types: DB,
    check(props, report) {
        if (props.publiclyAccessible === true) {
            report("publiclyAccessible is true: the database would get a public address.");
        }
    },
});

export const multiAz = resourceRule({
    name: "rds-multi-az",
    description: "The primary has a Multi-AZ standby (FSBP RDS.5); advisory, mandatory in prod.",
    enforcementLevel: "advisory",
    types: DB,
    check(props, report, { args }) {
        if (isReplica(props)) {
            args.notApplicable("a read replica is the second copy, not the writer");
        }
        if (props.multiAz !== true) {
            report("multiAz is not true: the primary has no standby to fail over to.");
        }
    },
});

export const deletionProtection = resourceRule({
    name: "rds-deletion-protection",
    description: "RDS instances have deletion protection (FSBP RDS.8); advisory, mandatory in prod.",
    enforcementLevel: "advisory",
    types: DB,
    check(props, report) {
        if (props.deletionProtection !== true) {
            report("deletionProtection is not true: one destroy or replacement deletes the database.");
        }
    },
});

export const backupsKept = resourceRule<{ minimumDays: number }>({
    name: "rds-backup-retention",
    description: "The primary keeps automated backups (FSBP RDS.11); at least 1 day, 7 in prod.",
    types: DB,
    settings: {
        minimumDays: {
            type: "integer", minimum: 1, maximum: 35, default: 1,
            description: "The fewest days of automated backups a primary may keep.",
        },
    },
    check(props, report, { args, config }) {
        if (isReplica(props)) {
            args.notApplicable("a read replica's backups are its source's");
        }
        const days = props.backupRetentionPeriod;
        if (typeof days !== "number" || days < config.minimumDays) {
            report(`backupRetentionPeriod is ${days ?? "not set (0 on RDS MySQL)"}: keep at least ${config.minimumDays} day(s) of backups.`);
        }
    },
});

export const finalSnapshot = resourceRule({
    name: "rds-final-snapshot",
    description: "Deleting the primary leaves a named final snapshot (the seed design: deletion safeguards).",
    types: DB,
    check(props: Props, report, { args }) {
        if (isReplica(props)) {
            args.notApplicable("read replicas have no final snapshot");
        }
        if (props.skipFinalSnapshot === true) {
            report("skipFinalSnapshot is true: deleting the database would leave no snapshot.");
        } else if (typeof props.finalSnapshotIdentifier !== "string" || props.finalSnapshotIdentifier === "") {
            report("No finalSnapshotIdentifier: RDS refuses to delete an instance that must snapshot without a name, so every destroy fails.");
        }
    },
});

export const logExports = resourceRule<{ requiredLogs: string[] }>({
    name: "rds-log-exports",
    description: "RDS instances publish their logs to CloudWatch Logs (FSBP RDS.9).",
    types: DB,
    settings: {
        requiredLogs: {
            type: "array", items: { type: "string" }, default: ["error", "slowquery"],
            description: "Log types every DB instance exports (enabledCloudwatchLogsExports).",
        },
    },
    check(props, report, { config }) {
        const exported: unknown[] = Array.isArray(props.enabledCloudwatchLogsExports) ? props.enabledCloudwatchLogsExports : [];
        const missing = config.requiredLogs.filter((log) => !exported.includes(log));
        if (missing.length > 0) {
            report(`enabledCloudwatchLogsExports lacks ${missing.join(", ")}.`);
        }
    },
});

export const noManagedPasswordWithReplica = stackRule({
    name: "rds-no-managed-password-with-replica",
    description: "A source of read replicas keeps its password in the stack's own secret, not manageMasterUserPassword (the seed design: AWS refuses MySQL replicas of such sources).",
    check(resources, report) {
        const instances = ofType(resources, DB_INSTANCE);
        const replicas = instances.filter((i) => isReplica(i.props));
        for (const replica of replicas) {
            const source = sourceOf(replica, instances);
            const suspects = source ? [source] : instances.filter((i) => !isReplica(i.props));
            for (const managed of suspects.filter((i) => i.props.manageMasterUserPassword === true)) {
                report(`${label(managed)} has manageMasterUserPassword, and ${replica.name} replicates it: AWS refuses to create that replica.`, managed.urn);
            }
        }
    },
});

export const caCertificate = resourceRule({
    name: "rds-ca-certificate",
    description: "RDS instances use a current certificate authority (rds-ca-rsa2048-g1, rds-ca-rsa4096-g1, rds-ca-ecc384-g1), which clients verify TLS against (the seed design: TLS to the database).",
    types: DB,
    check(props, report) {
        // Unset, AWS picks its current default, rds-ca-rsa2048-g1.
        const ca = props.caCertIdentifier;
        if (ca !== undefined && !FACTS.rdsCaIdentifiers.includes(ca)) {
            report(`caCertIdentifier is "${ca}": use one of ${FACTS.rdsCaIdentifiers.join(", ")}.`);
        }
    },
});

export const keepAutomatedBackups = resourceRule({
    name: "rds-keep-automated-backups",
    description: "Deleting the primary keeps its automated backups (deleteAutomatedBackups false) (the seed design: deletion safeguards).",
    types: DB,
    check(props, report, { args }) {
        if (isReplica(props)) {
            args.notApplicable("a read replica has no automated backups of its own");
        }
        // The provider's default is true: the backups go with the instance unless this is said.
        if (props.deleteAutomatedBackups !== false) {
            report(`deleteAutomatedBackups is ${props.deleteAutomatedBackups ?? "not set (true by default)"}: deleting the database would delete its backups too.`);
        }
    },
});

export const replicaPresent = stackRule({
    name: "rds-read-replica-present",
    description: "A stack with a MySQL primary also has its read replica (the seed design: a read replica beside the primary).",
    check(resources, report) {
        const instances = ofType(resources, DB_INSTANCE);
        const primaries = instances.filter((i) => !isReplica(i.props) && /^(mysql|mariadb)/.test(engineOf(i, instances) ?? ""));
        for (const primary of primaries) {
            const replicas = instances.filter((i) => isReplica(i.props) && (sourceOf(i, instances) ?? primary) === primary);
            if (replicas.length === 0) {
                report(`${label(primary)} has no read replica (an instance with replicateSourceDb naming it).`, primary.urn);
            }
        }
    },
});

export const databasePolicies = [
    storageEncrypted, notPublic, multiAz, deletionProtection, backupsKept, finalSnapshot, logExports,
    noManagedPasswordWithReplica, caCertificate, keepAutomatedBackups, replicaPresent,
];
