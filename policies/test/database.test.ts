import { describe, it } from "node:test";
import { accepts, refuses } from "./assertions";
import { broken, compliantPlan } from "./fixture";

const PROD = { "rds-multi-az": "mandatory", "rds-deletion-protection": "mandatory", "rds-backup-retention": { minimumDays: 7 } };

describe("rds-storage-encrypted", () => {
    it("accepts encrypted instances", () => accepts("rds-storage-encrypted", compliantPlan()));
    it("refuses an unencrypted replica", () => refuses("rds-storage-encrypted",
        broken("database-replica", (i) => { i.storageEncrypted = false; }), "database-replica", "storageEncrypted is not true"));
});

describe("rds-not-public", () => {
    it("accepts private instances", () => accepts("rds-not-public", compliantPlan()));
    it("refuses a public primary", () => refuses("rds-not-public",
        broken("database-primary", (i) => { i.publiclyAccessible = true; }), "database-primary", "public address"));
});

describe("rds-multi-az", () => {
    it("accepts a Multi-AZ primary and leaves the replica alone", () => accepts("rds-multi-az", compliantPlan(), PROD));
    it("warns outside prod", () => refuses("rds-multi-az",
        broken("database-primary", (i) => { i.multiAz = false; }), "database-primary", "no standby", "advisory"));
    it("refuses in prod", () => refuses("rds-multi-az",
        broken("database-primary", (i) => { i.multiAz = false; }), "database-primary", "no standby", "mandatory", PROD));
});

describe("rds-deletion-protection", () => {
    it("accepts protected instances", () => accepts("rds-deletion-protection", compliantPlan(), PROD));
    it("warns outside prod", () => refuses("rds-deletion-protection",
        broken("database-replica", (i) => { i.deletionProtection = false; }), "database-replica", "deletionProtection", "advisory"));
    it("refuses in prod", () => refuses("rds-deletion-protection",
        broken("database-primary", (i) => { delete i.deletionProtection; }), "database-primary", "deletionProtection", "mandatory", PROD));
});

describe("rds-backup-retention", () => {
    it("accepts 7 days in prod", () => accepts("rds-backup-retention", compliantPlan(), PROD));
    it("refuses no backups", () => refuses("rds-backup-retention",
        broken("database-primary", (i) => { i.backupRetentionPeriod = 0; }), "database-primary", "at least 1 day"));
    it("refuses fewer days than prod's minimum", () => refuses("rds-backup-retention",
        broken("database-primary", (i) => { i.backupRetentionPeriod = 3; }), "database-primary", "at least 7 day", "mandatory", PROD));
    it("refuses an unset retention", () => refuses("rds-backup-retention",
        broken("database-primary", (i) => { delete i.backupRetentionPeriod; }), "database-primary", "not set"));
});

describe("rds-final-snapshot", () => {
    it("accepts a named final snapshot, and a replica without one", () => accepts("rds-final-snapshot", compliantPlan()));
    it("refuses skipFinalSnapshot on the primary", () => refuses("rds-final-snapshot",
        broken("database-primary", (i) => { i.skipFinalSnapshot = true; }), "database-primary", "skipFinalSnapshot is true"));
    it("refuses a final snapshot without a name", () => refuses("rds-final-snapshot",
        broken("database-primary", (i) => { delete i.finalSnapshotIdentifier; }), "database-primary", "No finalSnapshotIdentifier"));
});

describe("rds-log-exports", () => {
    it("accepts error and slowquery exports", () => accepts("rds-log-exports", compliantPlan()));
    it("refuses an instance without exports", () => refuses("rds-log-exports",
        broken("database-replica", (i) => { delete i.enabledCloudwatchLogsExports; }), "database-replica", "error, slowquery"));
    it("refuses a missing required log", () => refuses("rds-log-exports",
        broken("database-primary", (i) => { i.enabledCloudwatchLogsExports = ["error"]; }), "database-primary", "lacks slowquery"));
});

describe("rds-no-managed-password-with-replica", () => {
    it("accepts a password from the stack's secret", () => accepts("rds-no-managed-password-with-replica", compliantPlan()));
    it("refuses a managed password on a replica's source", () => refuses("rds-no-managed-password-with-replica",
        broken("database-primary", (i) => { delete i.password; i.manageMasterUserPassword = true; }), "database-primary", "database-replica replicates it"));
    it("accepts a managed password without replicas", () => {
        const plan = broken("database-primary", (i) => { delete i.password; i.manageMasterUserPassword = true; });
        return accepts("rds-no-managed-password-with-replica", { ...plan, resources: plan.resources.filter((r) => r.name !== "database-replica") });
    });
});
