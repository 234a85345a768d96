// Logging and the buckets that keep logs: ALB access logs, VPC flow logs, and private, encrypted S3 buckets.
// The bucket rules look across resources, because BucketV2 keeps its public access block and its encryption
// in separate resources that refer to the bucket.
import { PolicyResource } from "@pulumi/policy";
import { asList, isGiven, isTrue, label, ofType, Props, referredTo, resourceRule, stackRule } from "./common";

const LOAD_BALANCERS = ["aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer"];
const VPC = "aws:ec2/vpc:Vpc";
const FLOW_LOG = "aws:ec2/flowLog:FlowLog";
export const BUCKETS = ["aws:s3/bucketV2:BucketV2", "aws:s3/bucket:Bucket"];
const PUBLIC_ACCESS_BLOCK = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock";
const ENCRYPTION_CONFIGS = [
    "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
];
const BLOCK_SETTINGS = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"];

export const albAccessLogs = resourceRule({
    name: "alb-access-logs",
    description: "Application load balancers write access logs to S3 (FSBP ELB.5).",
    types: LOAD_BALANCERS,
    check(props, report) {
        if ((props.loadBalancerType ?? "application") !== "application") {
            return;
        }
        if (!isTrue(props.accessLogs?.enabled) || !isGiven(props.accessLogs, "bucket")) {
            report("accessLogs are not enabled with a bucket: requests to the site would leave no record.");
        }
    },
});

export const vpcFlowLogs = stackRule({
    name: "vpc-flow-logs",
    description: "Every VPC has a flow log (CIS AWS Foundations 3.9, FSBP EC2.6).",
    check(resources, report) {
        const vpcs = ofType(resources, VPC);
        const covered = new Set(ofType(resources, FLOW_LOG)
            .map((log) => referredTo(log, "vpcId", vpcs))
            .filter((vpc): vpc is PolicyResource => vpc !== undefined));
        for (const vpc of vpcs.filter((v) => !covered.has(v))) {
            report(`${label(vpc)} has no flow log.`, vpc.urn);
        }
    },
});

/** The resources of `types` that configure `bucket` (they refer to it through their `bucket` input). */
function configsOf(bucket: PolicyResource, buckets: PolicyResource[], resources: PolicyResource[], types: string[]): PolicyResource[] {
    return resources.filter((r) => types.includes(r.type) && referredTo(r, "bucket", buckets) === bucket);
}

export const bucketsBlockPublicAccess = stackRule({
    name: "s3-public-access-block",
    description: "Every S3 bucket has a public access block with all four settings on (FSBP S3.8, CIS AWS Foundations 2.1.4).",
    check(resources, report) {
        const buckets = ofType(resources, ...BUCKETS);
        for (const bucket of buckets) {
            const blocks = configsOf(bucket, buckets, resources, [PUBLIC_ACCESS_BLOCK]);
            if (blocks.length === 0) {
                report(`${label(bucket)} has no BucketPublicAccessBlock.`, bucket.urn);
            }
            for (const block of blocks) {
                const off = BLOCK_SETTINGS.filter((s) => block.props[s] !== true);
                if (off.length > 0) {
                    report(`${label(block)} of ${bucket.name} leaves ${off.join(", ")} off.`, block.urn);
                }
            }
        }
    },
});

function encrypts(config: Props): boolean {
    return asList<Props>(config.rules).some((rule) =>
        ["AES256", "aws:kms", "aws:kms:dsse"].includes(rule.applyServerSideEncryptionByDefault?.sseAlgorithm));
}

export const bucketsEncrypted = stackRule({
    name: "s3-encryption",
    description: "Every S3 bucket has default server-side encryption configured (CIS AWS Foundations 2.1.1 v1.4).",
    check(resources, report) {
        const buckets = ofType(resources, ...BUCKETS);
        for (const bucket of buckets) {
            // The older Bucket resource may carry the configuration inline.
            const inline = bucket.props.serverSideEncryptionConfiguration;
            if (inline && encrypts(inline.rule ? { rules: [inline.rule] } : inline)) {
                continue;
            }
            const configs = configsOf(bucket, buckets, resources, ENCRYPTION_CONFIGS);
            if (!configs.some((c) => encrypts(c.props))) {
                report(`${label(bucket)} has no server-side encryption configuration.`, bucket.urn);
            }
        }
    },
});

export const loggingPolicies = [albAccessLogs, vpcFlowLogs, bucketsBlockPublicAccess, bucketsEncrypted];
