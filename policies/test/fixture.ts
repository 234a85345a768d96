// A small plan that keeps every rule, shaped like `./plan --json` output of this project (the same resource types,
// names and input forms), and helpers to break it one way at a time and run the pack on it.
import { resolveConfig } from "../offline/config";
import { evaluate, PlanDocument, PlanResource, Violation } from "../offline/evaluate";
import { policies } from "../rules";

function resource(type: string, name: string, inputs: Record<string, unknown>, dependsOn: string[] = [], parent: string | null = null): PlanResource {
    return { type, name, parent, inputs, dependsOn };
}

const SG = "aws:ec2/securityGroup:SecurityGroup";
const IN = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const OUT = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";

// A compliant user data script in the style of the real one: names of secrets, never their values.
const USER_DATA = [
    "#!/bin/bash",
    "readonly DATABASE_SECRET_ID='secure-web-infra/dev/database'",
    "token=\"$(curl -fsS -X PUT -H 'X-aws-ec2-metadata-token-ttl-seconds: 300' \"$url/api/token\")\"",
    "curl -H \"X-aws-ec2-metadata-token: ${token}\" \"$url/meta-data/instance-id\"",
    "printf 'password=%s\\n' \"$password\" >\"$option_file\"",
    "aws secretsmanager get-secret-value --secret-id \"$DATABASE_SECRET_ID\"",
    "SUMOLOGIC_INSTALLATION_TOKEN=\"$token\" bash \"$script\" --install-hostmetrics",
    "token=''",
].join("\n");

export function compliantPlan(): PlanDocument {
    return {
        project: "secure-web-infra",
        stack: "test",
        outputs: {},
        resources: [
            resource("pulumi:providers:aws", "aws", {
                defaultTags: JSON.stringify({ tags: { ManagedBy: "pulumi", Project: "secure-web-infra", Stack: "test" } }),
                region: "eu-west-1",
            }),
            resource("aws:ec2/vpc:Vpc", "network-vpc", { cidrBlock: "10.0.0.0/16", tags: { Name: "network" } }),
            resource("aws:ec2/flowLog:FlowLog", "network-flow-log", { trafficType: "ALL", vpcId: "vpc-1" }, ["network-vpc"]),
            resource("aws:ec2/subnet:Subnet", "network-app-a", { cidrBlock: "10.0.4.0/20", mapPublicIpOnLaunch: false, vpcId: "vpc-1" }, ["network-vpc"]),
            resource("aws:ec2/subnet:Subnet", "network-db-a", { cidrBlock: "10.0.8.0/20", mapPublicIpOnLaunch: false, tags: { Tier: "database" }, vpcId: "vpc-1" }, ["network-vpc"]),
            resource("aws:ec2/routeTable:RouteTable", "network-db-rt", { tags: { Name: "network-db-local-only", Tier: "database" }, vpcId: "vpc-1" }, ["network-vpc"]),
            resource("aws:ec2/routeTableAssociation:RouteTableAssociation", "network-db-rta-a", { routeTableId: "rtb-db", subnetId: "subnet-db-a" }, ["network-db-a", "network-db-rt"]),
            resource("aws:ec2/routeTable:RouteTable", "network-app-rt-a", { tags: { Name: "network-app-a" }, vpcId: "vpc-1" }, ["network-vpc"]),
            resource("aws:ec2/route:Route", "network-app-default-a", { destinationCidrBlock: "0.0.0.0/0", natGatewayId: "nat-1", routeTableId: "rtb-app-a" }, ["network-app-rt-a"]),
            resource("aws:kms/key:Key", "monitoring-alarms-key", { deletionWindowInDays: 30, enableKeyRotation: true, keyUsage: "ENCRYPT_DECRYPT", policy: "{}" }),
            resource("aws:sns/topic:Topic", "monitoring-alarms", { displayName: "alarms", kmsMasterKeyId: "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab" }, ["monitoring-alarms-key"]),
            resource("aws:cloudwatch/metricAlarm:MetricAlarm", "monitoring-db-cpu", {
                alarmActions: ["arn:aws:sns:eu-west-1:123456789012:monitoring-alarms-1"], comparisonOperator: "GreaterThanThreshold",
                evaluationPeriods: 3, metricName: "CPUUtilization", namespace: "AWS/RDS", okActions: ["arn:aws:sns:eu-west-1:123456789012:monitoring-alarms-1"],
                period: 300, statistic: "Average", threshold: 80,
            }, ["monitoring-alarms"]),
            resource("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", "network-default-sg", { vpcId: "vpc-1" }, ["network-vpc"]),
            resource(SG, "firewalls-lb-sg", { description: "Firewall 3: the load balancer", vpcId: "vpc-1" }, ["network-vpc"]),
            resource(SG, "firewalls-web-sg", { description: "Firewall 2: the web servers", vpcId: "vpc-1" }, ["network-vpc"]),
            resource(SG, "firewalls-db-sg", { description: "Firewall 1: the database", vpcId: "vpc-1" }, ["network-vpc"]),
            resource(IN, "firewalls-lb-in-https-ipv4", { cidrIpv4: "0.0.0.0/0", description: "HTTPS from the internet", fromPort: 443, ipProtocol: "tcp", securityGroupId: "sg-lb", toPort: 443 }, ["firewalls-lb-sg"]),
            resource(IN, "firewalls-lb-in-http-ipv6", { cidrIpv6: "::/0", description: "HTTP from the internet", fromPort: 80, ipProtocol: "tcp", securityGroupId: "sg-lb", toPort: 80 }, ["firewalls-lb-sg"]),
            resource(OUT, "firewalls-lb-out-web", { description: "To the web servers", fromPort: 443, ipProtocol: "tcp", referencedSecurityGroupId: "sg-web", securityGroupId: "sg-lb", toPort: 443 }, ["firewalls-lb-sg", "firewalls-web-sg"]),
            resource(IN, "firewalls-web-in-lb", { description: "HTTPS from the load balancer", fromPort: 443, ipProtocol: "tcp", referencedSecurityGroupId: "sg-lb", securityGroupId: "sg-web", toPort: 443 }, ["firewalls-lb-sg", "firewalls-web-sg"]),
            resource(IN, "firewalls-db-in-web", { description: "MySQL from the web servers", fromPort: 3306, ipProtocol: "tcp", referencedSecurityGroupId: "sg-web", securityGroupId: "sg-db", toPort: 3306 }, ["firewalls-db-sg", "firewalls-web-sg"]),
            resource("aws:s3/bucketV2:BucketV2", "edge-access-logs", { bucketPrefix: "edge-access-logs-" }),
            resource("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "edge-access-logs-public-access", { blockPublicAcls: true, blockPublicPolicy: true, bucket: "edge-access-logs-1", ignorePublicAcls: true, restrictPublicBuckets: true }, ["edge-access-logs"]),
            resource("aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2", "edge-access-logs-encryption", { bucket: "edge-access-logs-1", rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] }, ["edge-access-logs"]),
            resource("aws:s3/bucketOwnershipControls:BucketOwnershipControls", "edge-access-logs-ownership", { bucket: "edge-access-logs-1", rule: { objectOwnership: "BucketOwnerEnforced" } }, ["edge-access-logs"]),
            resource("aws:s3/bucketPolicy:BucketPolicy", "edge-access-logs-policy", {
                bucket: "edge-access-logs-1",
                policy: JSON.stringify({ Statement: [
                    { Action: "s3:PutObject", Effect: "Allow", Principal: { Service: "logdelivery.elasticloadbalancing.amazonaws.com" }, Resource: "arn:aws:s3:::edge-access-logs-1/*" },
                    { Action: "s3:*", Condition: { Bool: { "aws:SecureTransport": "false" } }, Effect: "Deny", Principal: "*", Resource: ["arn:aws:s3:::edge-access-logs-1", "arn:aws:s3:::edge-access-logs-1/*"] },
                ], Version: "2012-10-17" }),
            }, ["edge-access-logs", "edge-access-logs-public-access"]),
            resource("aws:lb/loadBalancer:LoadBalancer", "edge-alb", { accessLogs: { bucket: "edge-access-logs-1", enabled: true, prefix: "alb" }, dropInvalidHeaderFields: true, internal: false, loadBalancerType: "application", securityGroups: ["sg-lb"], tags: { Name: "edge-alb" } }, ["edge-access-logs", "firewalls-lb-sg"]),
            resource("aws:lb/listener:Listener", "edge-https", { certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/1", defaultActions: [{ targetGroupArn: "arn:tg", type: "forward" }], port: 443, protocol: "HTTPS", sslPolicy: "ELBSecurityPolicy-TLS13-1-2-Res-2021-06" }, ["edge-alb"]),
            resource("aws:lb/listener:Listener", "edge-http-redirect", { defaultActions: [{ redirect: { port: "443", protocol: "HTTPS", statusCode: "HTTP_301" }, type: "redirect" }], port: 80, protocol: "HTTP" }, ["edge-alb"]),
            resource("aws:lb/targetGroup:TargetGroup", "edge-web-https", { healthCheck: { path: "/health", protocol: "HTTPS" }, port: 443, protocol: "HTTPS", targetType: "instance" }, ["network-vpc"]),
            resource("aws:ssm/parameter:Parameter", "agents-config", { name: "x", type: "String", value: "{}" }),
            resource("aws:iam/rolePolicy:RolePolicy", "web-read-own-config", {
                policy: JSON.stringify({ Statement: [{ Action: "ssm:GetParameter", Effect: "Allow", Resource: ["arn:aws:ssm:eu-west-1:123456789012:parameter/x"] }, { Action: ["ssmmessages:OpenDataChannel"], Effect: "Allow", Resource: ["*"] }], Version: "2012-10-17" }),
                role: "web-role-1",
            }),
            resource("aws:ec2/instance:Instance", "web-1", {
                ami: "ami-12345678", associatePublicIpAddress: false, iamInstanceProfile: "web-profile-1", instanceType: "t3.micro",
                metadataOptions: { httpEndpoint: "enabled", httpPutResponseHopLimit: 1, httpTokens: "required" },
                rootBlockDevice: { encrypted: true, volumeSize: 20, volumeType: "gp3" }, subnetId: "subnet-1",
                tags: { Name: "web-1", Role: "web" }, userData: USER_DATA, vpcSecurityGroupIds: ["sg-web"],
            }, ["firewalls-web-sg", "network-app-a"]),
            resource("aws:ec2/launchTemplate:LaunchTemplate", "web-template", {
                blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { encrypted: "true", volumeSize: 20, volumeType: "gp3" } }],
                iamInstanceProfile: { name: "web-profile-1" }, imageId: "ami-12345678", instanceType: "t3.micro",
                metadataOptions: { httpTokens: "required", httpPutResponseHopLimit: 1 },
                networkInterfaces: [{ associatePublicIpAddress: "false", securityGroups: ["sg-web"] }],
                tagSpecifications: [{ resourceType: "instance", tags: { Role: "web" } }],
                userData: Buffer.from(USER_DATA).toString("base64"),
            }, ["firewalls-web-sg"]),
            resource("aws:rds/parameterGroup:ParameterGroup", "database-params", { family: "mysql8.0", parameters: [{ applyMethod: "immediate", name: "require_secure_transport", value: "1" }] }),
            resource("aws:rds/instance:Instance", "database-primary", {
                backupRetentionPeriod: 7, deleteAutomatedBackups: false, deletionProtection: true, enabledCloudwatchLogsExports: ["error", "slowquery"],
                engine: "mysql", finalSnapshotIdentifier: "secure-web-infra-test-primary-final", identifier: "secure-web-infra-test-primary",
                instanceClass: "db.t4g.micro", multiAz: true, parameterGroupName: "database-params-1", password: "[secret]",
                publiclyAccessible: false, skipFinalSnapshot: false, storageEncrypted: true, vpcSecurityGroupIds: ["sg-db"],
            }, ["database-params", "firewalls-db-sg"]),
            resource("aws:rds/instance:Instance", "database-replica", {
                deletionProtection: true, enabledCloudwatchLogsExports: ["error", "slowquery"], identifier: "secure-web-infra-test-replica",
                instanceClass: "db.t4g.micro", multiAz: false, parameterGroupName: "database-params-1", publiclyAccessible: false,
                replicateSourceDb: "secure-web-infra-test-primary", skipFinalSnapshot: true, storageEncrypted: true, vpcSecurityGroupIds: ["sg-db"],
            }, ["database-params", "database-primary", "firewalls-db-sg"]),
        ],
    };
}

export function find(plan: PlanDocument, name: string): PlanResource {
    const found = plan.resources.find((r) => r.name === name);
    if (!found) {
        throw new Error(`no resource ${name} in the fixture`);
    }
    return found;
}

/** The plan with one resource's inputs changed by `change`. */
export function broken(name: string, change: (inputs: Record<string, any>) => void): PlanDocument {
    const plan = compliantPlan();
    change(find(plan, name).inputs);
    return plan;
}

/** The plan with extra resources. */
export function withResources(...extra: PlanResource[]): PlanDocument {
    const plan = compliantPlan();
    plan.resources.push(...extra);
    return plan;
}

export { resource };

export async function violations(plan: PlanDocument, config?: unknown): Promise<Violation[]> {
    return evaluate(plan, policies, resolveConfig(policies, "mandatory", config), "'secure-web-infra@v1.0.0'");
}

/** The violations of one policy, as "level resource: reason" lines that assertions can match. */
export async function reported(policyName: string, plan: PlanDocument, config?: unknown): Promise<string[]> {
    return (await violations(plan, config))
        .filter((v) => v.policyName === policyName)
        .map((v) => `${v.enforcementLevel} ${v.resource?.name ?? "(stack)"}: ${v.message.split("\n").slice(1).join(" ")}`);
}
