import { describe, it } from "node:test";
import { accepts, refuses } from "./assertions";
import { broken, compliantPlan, resource, withResources } from "./fixture";

const without = (...names: string[]) => {
    const plan = compliantPlan();
    return { ...plan, resources: plan.resources.filter((r) => !names.includes(r.name)) };
};

describe("alb-access-logs", () => {
    it("accepts access logs to a bucket", () => accepts("alb-access-logs", compliantPlan()));
    it("accepts a log bucket whose name is not known yet, as in a preview", () => accepts("alb-access-logs",
        broken("edge-alb", (i) => { i.accessLogs.bucket = "[unknown]"; })));
    it("refuses disabled access logs", () => refuses("alb-access-logs",
        broken("edge-alb", (i) => { i.accessLogs.enabled = false; }), "edge-alb", "accessLogs are not enabled"));
    it("refuses a load balancer without access logs", () => refuses("alb-access-logs",
        broken("edge-alb", (i) => { delete i.accessLogs; }), "edge-alb", "no record"));
});

describe("vpc-flow-logs", () => {
    it("accepts a VPC with a flow log", () => accepts("vpc-flow-logs", compliantPlan()));
    it("refuses a VPC without one", () => refuses("vpc-flow-logs", without("network-flow-log"), "network-vpc", "has no flow log"));
    it("refuses a second VPC without one", () => refuses("vpc-flow-logs",
        withResources(resource("aws:ec2/vpc:Vpc", "other-vpc", { cidrBlock: "10.1.0.0/16" })), "other-vpc", "has no flow log"));
});

describe("s3-public-access-block", () => {
    it("accepts a bucket with all four settings", () => accepts("s3-public-access-block", compliantPlan()));
    it("refuses a bucket without a block", () => refuses("s3-public-access-block",
        without("edge-access-logs-public-access"), "edge-access-logs", "no BucketPublicAccessBlock"));
    it("refuses a block that leaves a setting off", () => refuses("s3-public-access-block",
        broken("edge-access-logs-public-access", (i) => { i.restrictPublicBuckets = false; }), "edge-access-logs-public-access", "restrictPublicBuckets off"));
    it("refuses a new bucket without a block", () => refuses("s3-public-access-block",
        withResources(resource("aws:s3/bucketV2:BucketV2", "releases", { bucketPrefix: "releases-" }),
            resource("aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2", "releases-encryption",
                { bucket: "releases-1", rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" } }] }, ["releases"])),
        "releases", "no BucketPublicAccessBlock"));
});

describe("s3-encryption", () => {
    it("accepts SSE-S3", () => accepts("s3-encryption", compliantPlan()));
    it("refuses a bucket without an encryption configuration", () => refuses("s3-encryption",
        without("edge-access-logs-encryption"), "edge-access-logs", "no server-side encryption"));
    it("refuses a configuration without a default algorithm", () => refuses("s3-encryption",
        broken("edge-access-logs-encryption", (i) => { i.rules = [{ bucketKeyEnabled: true }]; }), "edge-access-logs", "no server-side encryption"));
});
