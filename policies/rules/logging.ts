// Logging and the buckets that keep logs: ALB access logs, VPC flow logs, and private, encrypted S3 buckets.
// The bucket rules look across resources, because BucketV2 keeps its public access block and its encryption
// in separate resources that refer to the bucket.
import { PolicyResource } from "@pulumi/policy";
import { asList, isGiven, isTrue, knownOrUndefined, label, ofType, parseJson, Props, referredTo, resourceRule, stackRule } from "./common";
import { FACTS } from "./facts";

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

const BUCKET_POLICY = "aws:s3/bucketPolicy:BucketPolicy";
const OWNERSHIP = "aws:s3/bucketOwnershipControls:BucketOwnershipControls";

const isEveryone = (principal: unknown) => principal === "*" || asList((principal as Props)?.AWS).includes("*");

/** The statements of a bucket policy, or undefined when it is not readable JSON (no-admin-policy reports that). */
function statementsOf(policy: PolicyResource): Props[] | undefined {
    const parsed = parseJson(policy.props.policy);
    return parsed.ok && parsed.value ? asList<Props>(parsed.value.Statement) : undefined;
}

/** A Deny of every S3 action to everyone when aws:SecureTransport is false (Bool or BoolIfExists). */
function deniesInsecureTransport(statement: Props): boolean {
    const actions = asList<unknown>(statement.Action);
    const condition = statement.Condition ?? {};
    const secure = [condition.Bool, condition.BoolIfExists].map((c) => c?.["aws:SecureTransport"] ?? c?.["aws:securetransport"]);
    return statement.Effect === "Deny" && isEveryone(statement.Principal)
        && actions.some((a) => a === "s3:*" || a === "*")
        && secure.some((v) => asList(v).some((x) => String(x).toLowerCase() === "false"));
}

export const bucketsDenyInsecureTransport = stackRule({
    name: "s3-deny-insecure-transport",
    description: "Every S3 bucket's policy denies requests without TLS (aws:SecureTransport false) (FSBP S3.5).",
    check(resources, report) {
        const buckets = ofType(resources, ...BUCKETS);
        for (const bucket of buckets) {
            const policies = configsOf(bucket, buckets, resources, [BUCKET_POLICY]);
            const readable = policies.map(statementsOf);
            if (readable.some((s) => s === undefined)) {
                continue;
            }
            if (!readable.some((statements) => statements!.some(deniesInsecureTransport))) {
                report(`${label(bucket)} has no bucket policy statement that denies s3:* when aws:SecureTransport is false.`, bucket.urn);
            }
        }
    },
});

// Condition keys that narrow "everyone" down to known callers: an account, an organisation, a source, a network.
const RESTRICTING_KEYS = ["aws:sourceaccount", "aws:sourcearn", "aws:sourceowner", "aws:principalorgid", "aws:principalaccount",
    "aws:principalarn", "aws:sourcevpc", "aws:sourcevpce", "aws:sourceorgid", "aws:resourceaccount"];

function restricts(condition: unknown): boolean {
    return Object.values((condition ?? {}) as Props).some((operator) =>
        Object.keys((operator ?? {}) as Props).some((key) => RESTRICTING_KEYS.includes(key.toLowerCase())));
}

export const bucketPolicyNotPublic = resourceRule({
    name: "s3-policy-not-public",
    description: "No bucket policy allows everyone (Principal \"*\") without a condition that names the caller's account, organisation, source or network (FSBP S3.2/S3.3).",
    types: [BUCKET_POLICY],
    check(props, report) {
        const parsed = parseJson(props.policy);
        if (!parsed.ok || !parsed.value) {
            return;
        }
        asList<Props>(parsed.value.Statement).forEach((statement, i) => {
            if (statement?.Effect === "Allow" && isEveryone(statement.Principal) && !restricts(statement.Condition)) {
                report(`Statement[${i}] allows everyone (Principal "*") without a restricting condition: the bucket would be public.`);
            }
        });
    },
});

export const bucketOwnerEnforced = stackRule({
    name: "s3-bucket-owner-enforced",
    description: "Every S3 bucket disables ACLs: BucketOwnershipControls with objectOwnership BucketOwnerEnforced (FSBP S3.12).",
    check(resources, report) {
        const buckets = ofType(resources, ...BUCKETS);
        for (const bucket of buckets) {
            const controls = configsOf(bucket, buckets, resources, [OWNERSHIP]);
            const owners = controls.map((c) => c.props.rule?.objectOwnership);
            if (!owners.includes("BucketOwnerEnforced")) {
                report(`${label(bucket)} ${controls.length === 0 ? "has no BucketOwnershipControls" : `has objectOwnership ${owners.join(", ")}`}: `
                    + "set BucketOwnerEnforced so that ACLs cannot grant access.", bucket.urn);
            }
        }
    },
});

export const flowLogsAllTraffic = resourceRule({
    name: "vpc-flow-logs-all-traffic",
    description: "VPC flow logs record all traffic, accepted and rejected (CIS AWS Foundations 3.9).",
    types: [FLOW_LOG],
    check(props, report) {
        if (props.trafficType !== "ALL") {
            report(`trafficType is ${props.trafficType ?? "not set"}: record ALL traffic.`);
        }
    },
});

export const logRetention = resourceRule<{ minimumDays: number }>({
    name: "log-retention-minimum",
    description: "CloudWatch log groups keep their logs at least the minimum retention (30 days by default; setting minimumDays) (the seed design: logs for investigation).",
    types: ["aws:cloudwatch/logGroup:LogGroup"],
    settings: {
        minimumDays: {
            type: "integer", minimum: 1, default: FACTS.minimumLogRetentionDays,
            description: "The fewest days a log group may keep its events (0 or unset is forever).",
        },
    },
    check(props, report, { config }) {
        const days = knownOrUndefined(() => props.retentionInDays);
        if (typeof days === "number" && days > 0 && days < config.minimumDays) {
            report(`retentionInDays is ${days}: keep logs at least ${config.minimumDays} days.`);
        }
    },
});

export const loggingPolicies = [albAccessLogs, vpcFlowLogs, bucketsBlockPublicAccess, bucketsEncrypted, bucketsDenyInsecureTransport,
    bucketPolicyNotPublic, bucketOwnerEnforced, flowLogsAllTraffic, logRetention];
