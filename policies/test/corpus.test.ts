// A corpus of insecure end states: the fixture dev plan, each time with one small edit that a reviewer could
// miss, and the rule that must refuse it; and benign edits that no rule may refuse. The plan is read as
// `./plan --json` writes it, with references between resources as the mock cloud's ids.
// Fixtures, not the user's files: the plan is that of the fixture dev stack (program/src/test/resources/fixture-stacks,
// kept equal to the code by FixtureStacksTest), not plans/dev.json, and the pack config a frozen copy of
// policies/config/dev.json. Users change their own stack (domain, region: the names and ids below follow them) and
// pack config; the corpus names resources and ids of known values. The pack's run on the user's plans is
// policies/check-plans's.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { PlanDocument, PlanResource } from "../offline/evaluate";
import { violations } from "./fixture";

const ROOT = join(__dirname, "..", "..", "..");
const FIXTURES = join(ROOT, "policies", "test", "fixtures");
const DEV = JSON.parse(readFileSync(join(FIXTURES, "dev.json"), "utf8")) as PlanDocument;
const CONFIG = JSON.parse(readFileSync(join(FIXTURES, "dev.config.json"), "utf8"));

type Inputs = Record<string, any>;
type Edit = (plan: PlanDocument) => void;

function get(plan: PlanDocument, name: string): PlanResource {
    const found = plan.resources.find((r) => r.name === name);
    if (!found) {
        throw new Error(`no resource ${name} in policies/test/fixtures/dev.json`);
    }
    return found;
}

/** Changes one resource's inputs. */
const change = (name: string, f: (inputs: Inputs) => void): Edit => (plan) => f(get(plan, name).inputs);
/** Adds a resource under `parent`, depending on `dependsOn`. */
const add = (type: string, name: string, inputs: Inputs, dependsOn: string[], parent = "firewalls"): Edit =>
    (plan) => { plan.resources.push({ type, name, parent, inputs, dependsOn }); };
const remove = (name: string): Edit => (plan) => { plan.resources = plan.resources.filter((r) => r.name !== name); };
/** Rewrites a JSON document held in a string input. */
const document = (name: string, key: string, f: (doc: any) => void): Edit =>
    change(name, (i) => { const doc = JSON.parse(i[key]); f(doc); i[key] = JSON.stringify(doc); });
const statements = (name: string, f: (statements: any[]) => void, key = "policy"): Edit =>
    document(name, key, (doc) => f(doc.Statement));

// The mock cloud's ids of the groups, as the plan's rules spell them.
const plan0 = DEV.resources;
const idOf = (rule: string, key: string) => plan0.find((r) => r.name === rule)!.inputs[key] as string;
const LB = idOf("firewalls-lb-in-https-ipv4", "securityGroupId");
const WEB = idOf("firewalls-web-in-lb", "securityGroupId");
const DB = idOf("firewalls-db-in-web", "securityGroupId");
const IN = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const OUT = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";
const GROUP_RULE = "aws:ec2/securityGroupRule:SecurityGroupRule";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const allow = (Action: unknown, Resource: unknown = "*") => ({ Effect: "Allow", Action, Resource });
const webPolicy = (...s: object[]) => add(ROLE_POLICY, "web-extra", { role: "web-role-63596ea", policy: JSON.stringify({ Version: "2012-10-17", Statement: s.length === 1 ? s[0] : s }) }, ["web-role"], "web");
const ingress = (name: string, group: string, dependsOn: string, extra: Inputs) =>
    add(IN, name, { description: "added", securityGroupId: group, ipProtocol: "tcp", ...extra }, [dependsOn]);
const egress = (name: string, group: string, dependsOn: string[], extra: Inputs) =>
    add(OUT, name, { description: "added", securityGroupId: group, ipProtocol: "tcp", ...extra }, dependsOn);
const lbHttpsFrom = (cidr: string): Edit => change("firewalls-lb-in-http-ipv4", (i) => { i.fromPort = 22; i.toPort = 22; i.cidrIpv4 = cidr; });
const trust = (principal: unknown) => document("web-role", "assumeRolePolicy", (d) => { d.Statement[0].Principal = principal; });
const attach = (arn: string) => add("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "web-extra-attachment", { policyArn: arn, role: "web-role-63596ea" }, ["web-role"], "web");
const bucketStatements = (f: (s: any[]) => void) => statements("edge-access-logs-policy", f);

/** [what, expected rule, edit] */
const INSECURE: [string, string, Edit][] = [
    // IAM
    ["Action * on *", "no-admin-policy", webPolicy(allow("*"))],
    ["Action [*] in a list", "no-wildcard-actions", webPolicy(allow(["ec2:DescribeInstances", "*"], ["arn:aws:s3:::x"]))],
    ["s3:* on a bucket", "no-wildcard-actions", webPolicy(allow("s3:*", "arn:aws:s3:::edge-access-logs-3b042a65164a4efcc457"))],
    ["iam:* in the session manager policy", "no-wildcard-actions", statements("web-session-manager", (s) => { s[0].Action.push("iam:*"); })],
    ["iam:Pass* as a one-statement object", "no-wildcard-actions", webPolicy(allow("iam:Pass*", "arn:aws:iam::123456789012:role/web"))],
    ["kms:* in a managed policy", "no-wildcard-actions", add("aws:iam/policy:Policy", "ops", { policy: JSON.stringify({ Statement: allow("kms:*") }) }, [], "web")],
    ["NotAction in an Allow", "no-negated-allow", webPolicy({ Effect: "Allow", NotAction: "iam:*", Resource: "*" })],
    ["NotResource in an Allow", "no-negated-allow", webPolicy({ Effect: "Allow", Action: "s3:GetObject", NotResource: "arn:aws:s3:::x/*" })],
    ["GetSecretValue on *", "secret-reads-own-stack-only", statements("web-read-own-config", (s) => { s[1].Resource = "*"; })],
    ["GetSecretValue on another stack's secret", "secret-reads-own-stack-only", statements("web-read-own-config", (s) => { s[1].Resource = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:secure-web-infra/prod/database-a1b2c3"; })],
    ["ssm:GetParameters on every parameter", "secret-reads-own-stack-only", webPolicy(allow(["ssm:GetParameters"], ["arn:aws:ssm:eu-west-1:123456789012:parameter/*"]))],
    ["ssm:GetParameter* pattern on a path", "secret-reads-own-stack-only", statements("web-read-own-config", (s) => { s[0].Action = "ssm:GetParameter*"; s[0].Resource = "arn:aws:ssm:eu-west-1:123456789012:parameter/secure-web-infra/*"; })],
    ["secretsmanager:Get* on * in a list", "secret-reads-own-stack-only", webPolicy(allow(["secretsmanager:Get*"], ["*"]))],
    ["iam:PassRole on *", "pass-role-named-roles", webPolicy(allow("iam:PassRole"))],
    ["iam:PassRole on every role of the account", "pass-role-named-roles", webPolicy(allow(["iam:PassRole"], "arn:aws:iam::123456789012:role/*"))],
    ["AdministratorAccess attached", "no-admin-managed-policies", attach("arn:aws:iam::aws:policy/AdministratorAccess")],
    ["PowerUserAccess attached", "no-admin-managed-policies", attach("arn:aws:iam::aws:policy/PowerUserAccess")],
    ["IAMFullAccess in managedPolicyArns", "no-admin-managed-policies", change("web-role", (i) => { i.managedPolicyArns = ["arn:aws:iam::aws:policy/IAMFullAccess"]; })],
    ["AmazonS3FullAccess attached", "no-admin-managed-policies", attach("arn:aws:iam::aws:policy/AmazonS3FullAccess")],
    ["job-function administrator path", "no-admin-managed-policies", attach("arn:aws:iam::aws:policy/job-function/SystemAdministrator-FullAccess".replace("SystemAdministrator-FullAccess", "AdministratorAccess"))],
    ["trust Principal *", "role-trust-expected-principals", trust("*")],
    ["trust {AWS: *}", "role-trust-expected-principals", trust({ AWS: "*" })],
    ["trust {AWS: [account, *]}", "role-trust-expected-principals", trust({ AWS: ["arn:aws:iam::123456789012:root", "*"] })],
    ["trust an unexpected service", "role-trust-expected-principals", trust({ Service: ["ec2.amazonaws.com", "lambda.amazonaws.com"] })],
    // Network
    ["database group egress anywhere", "firewall-flows-as-designed", egress("firewalls-db-out-any", DB, ["firewalls-db-sg"], { ipProtocol: "-1", cidrIpv4: "0.0.0.0/0" })],
    ["database group egress HTTPS", "firewall-flows-as-designed", egress("firewalls-db-out-https", DB, ["firewalls-db-sg"], { fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0" })],
    ["database group inline egress", "firewall-flows-as-designed", change("firewalls-db-sg", (i) => { i.egress = [{ protocol: "tcp", fromPort: 53, toPort: 53, cidrBlocks: ["10.0.0.0/16"], description: "dns" }]; })],
    ["web egress to every port", "firewall-flows-as-designed", change("firewalls-web-out-https", (i) => { i.fromPort = 0; i.toPort = 65535; })],
    ["web egress all protocols", "firewall-flows-as-designed", change("firewalls-web-out-https", (i) => { i.ipProtocol = "-1"; delete i.fromPort; delete i.toPort; })],
    ["web egress HTTP", "firewall-flows-as-designed", egress("firewalls-web-out-http", WEB, ["firewalls-web-sg"], { fromPort: 80, toPort: 80, cidrIpv4: "0.0.0.0/0" })],
    ["web egress MySQL to the internet", "firewall-flows-as-designed", change("firewalls-web-out-db", (i) => { delete i.referencedSecurityGroupId; i.cidrIpv4 = "0.0.0.0/0"; })],
    ["web egress SMTP as SecurityGroupRule", "firewall-flows-as-designed", add(GROUP_RULE, "firewalls-web-smtp", { type: "egress", protocol: "tcp", fromPort: 25, toPort: 25, cidrBlocks: ["0.0.0.0/0"], securityGroupId: WEB, description: "mail" }, ["firewalls-web-sg"])],
    ["LB egress to the internet", "firewall-flows-as-designed", change("firewalls-lb-out-web", (i) => { delete i.referencedSecurityGroupId; i.cidrIpv4 = "0.0.0.0/0"; })],
    ["LB egress to the database", "firewall-flows-as-designed", change("firewalls-lb-out-web", (i) => { i.fromPort = 3306; i.toPort = 3306; i.referencedSecurityGroupId = DB; })],
    ["database admits HTTPS from the web group", "firewall-flows-as-designed", change("firewalls-db-in-web", (i) => { i.fromPort = 443; i.toPort = 443; })],
    ["database admits MySQL from the LB group", "firewall-flows-as-designed", change("firewalls-db-in-web", (i) => { i.referencedSecurityGroupId = LB; })],
    ["database admits MySQL from the VPC range", "firewall-flows-as-designed", ingress("firewalls-db-in-vpc", DB, "firewalls-db-sg", { fromPort: 3306, toPort: 3306, cidrIpv4: "10.0.0.0/16" })],
    ["web admits 8080 from the LB", "firewall-flows-as-designed", change("firewalls-web-in-lb", (i) => { i.fromPort = 8080; i.toPort = 8080; })],
    ["SSH from 0.0.0.0/0", "no-ssh-rdp-ingress", lbHttpsFrom("0.0.0.0/0")],
    ["world as 000.000.000.000/0 on 8443", "no-world-ingress-except-web", ingress("firewalls-lb-in-alt", LB, "firewalls-lb-sg", { fromPort: 8443, toPort: 8443, cidrIpv4: "000.000.000.000/0" })],
    ["world as 0.0.0.0/1 + 128.0.0.0/1", "no-world-ingress-except-web", add(GROUP_RULE, "firewalls-lb-halves", { type: "ingress", protocol: "tcp", fromPort: 8080, toPort: 8080, cidrBlocks: ["0.0.0.0/1", "128.0.0.0/1"], securityGroupId: LB, description: "halves" }, ["firewalls-lb-sg"])],
    ["world as ::0/0 on 8080", "no-world-ingress-except-web", ingress("firewalls-lb-in-v6", LB, "firewalls-lb-sg", { fromPort: 8080, toPort: 8080, cidrIpv6: "::0/0" })],
    ["world as 0:0:0:0:0:0:0:0/0 on the web group", "world-ingress-only-on-load-balancer", ingress("firewalls-web-in-v6", WEB, "firewalls-web-sg", { fromPort: 443, toPort: 443, cidrIpv6: "0:0:0:0:0:0:0:0/0" })],
    ["a public /8 on the web group", "world-ingress-only-on-load-balancer", ingress("firewalls-web-in-wide", WEB, "firewalls-web-sg", { fromPort: 443, toPort: 443, cidrIpv4: "52.0.0.0/8" })],
    ["WinRM from the VPC", "no-ssh-rdp-ingress", ingress("firewalls-web-in-winrm", WEB, "firewalls-web-sg", { fromPort: 5985, toPort: 5986, cidrIpv4: "10.0.0.0/16" })],
    ["rule resource on the default group", "default-security-group-no-rule-resources", add(IN, "network-default-in", { description: "x", securityGroupId: "sg-default", ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "10.0.0.0/16" }, ["network-default-sg"], "network")],
    ["inline egress on the default group", "default-security-group-closed", change("network-default-sg", (i) => { i.egress = [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }]; })],
    ["app subnet maps public IPs", "no-public-ip", change("network-app-eu-west-1a", (i) => { i.mapPublicIpOnLaunch = true; })],
    ["database subnet maps public IPs (string)", "no-public-ip", change("network-db-eu-west-1b", (i) => { i.mapPublicIpOnLaunch = "true"; })],
    ["app route to the internet gateway", "private-subnets-no-internet-gateway", change("network-app-default-eu-west-1a", (i) => { delete i.natGatewayId; i.gatewayId = "igw-457f1c5eabc77d391"; })],
    ["app inline route to the internet gateway", "private-subnets-no-internet-gateway", change("network-app-rt-eu-west-1b", (i) => { i.routes = [{ cidrBlock: "0.0.0.0/0", gatewayId: "igw-457f1c5eabc77d391" }]; })],
    ["database route to the internet gateway", "database-routes-local-only", add("aws:ec2/route:Route", "network-db-default", { destinationCidrBlock: "0.0.0.0/0", gatewayId: "igw-457f1c5eabc77d391", routeTableId: "rtb-0c1b4a597a8d8e72b" }, ["network-db-rt", "network-igw"], "network")],
    // A reference changed in the inputs while the recorded dependencies still name the old resource: only the plan's
    // recorded ids resolve it.
    ["app subnet associated with the public table", "private-subnets-no-internet-gateway", change("network-app-rta-eu-west-1a", (i) => { i.routeTableId = "rtb-1ae6b3e7b55b73f34"; })],
    ["database table gets a NAT route", "database-routes-local-only", add("aws:ec2/route:Route", "network-db-out", { destinationCidrBlock: "0.0.0.0/0", natGatewayId: "nat-86adfa2a89f6a6a27", routeTableId: "rtb-0c1b4a597a8d8e72b" }, ["network-app-rt-eu-west-1a", "network-nat-eu-west-1a"], "network")],
    // Edge
    ["HTTP listener forwards", "http-redirects-to-https", change("edge-http-redirect", (i) => { i.defaultActions = [{ type: "forward", targetGroupArn: "arn:tg" }]; })],
    ["HTTP listener redirects to HTTP", "http-redirects-to-https", change("edge-http-redirect", (i) => { i.defaultActions[0].redirect.protocol = "HTTP"; })],
    ["redirect keeps #{protocol}", "http-redirects-to-https", change("edge-http-redirect", (i) => { i.defaultActions[0].redirect.protocol = "#{protocol}"; })],
    ["TLS13-1-0 policy", "https-listener-tls12", change("edge-https", (i) => { i.sslPolicy = "ELBSecurityPolicy-TLS13-1-0-2021-06"; })],
    ["TLS13-1-1 policy", "https-listener-tls12", change("edge-https", (i) => { i.sslPolicy = "ELBSecurityPolicy-TLS13-1-1-2021-06"; })],
    ["2016-08 policy", "https-listener-tls12", change("edge-https", (i) => { i.sslPolicy = "ELBSecurityPolicy-2016-08"; })],
    ["no TLS policy", "https-listener-tls12", change("edge-https", (i) => { delete i.sslPolicy; })],
    ["invalid headers passed on", "alb-drop-invalid-headers", change("edge-alb", (i) => { i.dropInvalidHeaderFields = false; })],
    ["invalid headers at the provider's default", "alb-drop-invalid-headers", change("edge-alb", (i) => { delete i.dropInvalidHeaderFields; })],
    // Database
    ["require_secure_transport 0", "rds-parameter-group-requires-tls", change("database-params", (i) => { i.parameters[0].value = "0"; })],
    ["require_secure_transport removed", "rds-parameter-group-requires-tls", change("database-params", (i) => { i.parameters.splice(0, 1); })],
    ["tls_version admits TLSv1.1", "rds-parameter-group-tls-versions", change("database-params", (i) => { i.parameters[1].value = "TLSv1.1,TLSv1.2,TLSv1.3"; })],
    ["tls_version admits TLSv1", "rds-parameter-group-tls-versions", change("database-params", (i) => { i.parameters[1].value = "TLSv1, TLSv1.2"; })],
    ["primary on default.mysql8.0", "mysql-instances-require-tls", change("database-primary", (i) => { i.parameterGroupName = "default.mysql8.0"; })],
    ["replica with no parameter group", "mysql-instances-require-tls", change("database-replica", (i) => { delete i.parameterGroupName; })],
    ["old CA rds-ca-2019", "rds-ca-certificate", change("database-primary", (i) => { i.caCertIdentifier = "rds-ca-2019"; })],
    ["deleteAutomatedBackups true", "rds-keep-automated-backups", change("database-primary", (i) => { i.deleteAutomatedBackups = true; })],
    ["deleteAutomatedBackups unset", "rds-keep-automated-backups", change("database-primary", (i) => { delete i.deleteAutomatedBackups; })],
    ["replica removed", "rds-read-replica-present", remove("database-replica")],
    ["replica turned into a second primary", "rds-read-replica-present", change("database-replica", (i) => { delete i.replicateSourceDb; i.engine = "mysql"; })],
    ["storage unencrypted", "rds-storage-encrypted", change("database-replica", (i) => { i.storageEncrypted = false; })],
    ["database public", "rds-not-public", change("database-primary", (i) => { i.publiclyAccessible = true; })],
    // Data and logs
    ["bucket policy loses the TLS-only statement", "s3-deny-insecure-transport", bucketStatements((s) => { s.splice(2, 1); })],
    ["TLS-only statement turned into an Allow", "s3-deny-insecure-transport", bucketStatements((s) => { s[2].Effect = "Allow"; })],
    ["TLS-only condition true", "s3-deny-insecure-transport", bucketStatements((s) => { s[2].Condition.Bool["aws:SecureTransport"] = "true"; })],
    ["bucket policy removed", "s3-deny-insecure-transport", remove("edge-access-logs-policy")],
    ["public read statement", "s3-policy-not-public", bucketStatements((s) => { s.push({ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::edge-access-logs-3b042a65164a4efcc457/*" }); })],
    ["public {AWS: *} statement with a harmless condition", "s3-policy-not-public", bucketStatements((s) => { s.push({ Effect: "Allow", Principal: { AWS: ["*"] }, Action: ["s3:GetObject"], Resource: "arn:aws:s3:::edge-access-logs-3b042a65164a4efcc457/*", Condition: { Bool: { "aws:SecureTransport": "true" } } }); })],
    ["ownership ObjectWriter", "s3-bucket-owner-enforced", change("edge-access-logs-ownership", (i) => { i.rule.objectOwnership = "ObjectWriter"; })],
    ["ownership controls removed", "s3-bucket-owner-enforced", remove("edge-access-logs-ownership")],
    ["encryption rules empty", "s3-encryption", change("edge-access-logs-encryption", (i) => { i.rules = []; })],
    ["flow log REJECT only", "vpc-flow-logs-all-traffic", change("network-flow-log", (i) => { i.trafficType = "REJECT"; })],
    ["flow log ACCEPT only", "vpc-flow-logs-all-traffic", change("network-flow-log", (i) => { i.trafficType = "ACCEPT"; })],
    ["log retention 7 days", "log-retention-minimum", change("agents-log/app", (i) => { i.retentionInDays = 7; })],
    ["flow log retention 1 day", "log-retention-minimum", change("network-flow-logs", (i) => { i.retentionInDays = 1; })],
    ["alarm without actions", "alarms-have-actions", change("monitoring-db-cpu", (i) => { delete i.alarmActions; delete i.okActions; })],
    ["alarm with empty actions", "alarms-have-actions", change("monitoring-elb-5xx", (i) => { i.alarmActions = []; })],
    ["alarm actions disabled", "alarms-have-actions", change("monitoring-latency-p95", (i) => { i.actionsEnabled = false; })],
    ["IMDS hop limit 2", "imds-hop-limit-1", change("web-2", (i) => { i.metadataOptions.httpPutResponseHopLimit = 2; })],
    ["IMDS hop limit 64", "imds-hop-limit-1", change("web-3", (i) => { i.metadataOptions.httpPutResponseHopLimit = 64; })],
    ["IMDSv1 allowed", "imdsv2-required", change("web-1", (i) => { i.metadataOptions.httpTokens = "optional"; })],
    ["alarm topic unencrypted", "alarm-topic-customer-key", change("monitoring-alarms", (i) => { delete i.kmsMasterKeyId; })],
    ["alarm topic on alias/aws/sns", "alarm-topic-customer-key", change("monitoring-alarms", (i) => { i.kmsMasterKeyId = "alias/aws/sns"; })],
    ["another topic unencrypted", "sns-topics-encrypted", add("aws:sns/topic:Topic", "monitoring-deploys", { displayName: "deploys" }, [], "monitoring")],
];

const BENIGN: [string, Edit][] = [
    ["an alarm threshold", change("monitoring-db-cpu", (i) => { i.threshold = 90; })],
    ["a topic display name", change("monitoring-alarms", (i) => { i.displayName = "dev alarms"; })],
    ["a tag", change("web-1", (i) => { i.tags.Owner = "team-web"; })],
    ["a longer log retention", change("agents-log/app", (i) => { i.retentionInDays = 365; })],
    ["logs kept forever", change("agents-log/nginx-access", (i) => { delete i.retentionInDays; })],
    ["a narrower LB ingress", change("firewalls-lb-in-https-ipv4", (i) => { i.cidrIpv4 = "203.0.113.0/24"; })],
    ["a narrower web egress", change("firewalls-web-out-https", (i) => { i.cidrIpv4 = "52.94.0.0/16"; })],
    ["a new alarm with actions", add("aws:cloudwatch/metricAlarm:MetricAlarm", "monitoring-db-connections", {
        alarmActions: ["arn:aws:sns:eu-west-1:123456789012:monitoring-alarms-58d5b4e"], comparisonOperator: "GreaterThanThreshold",
        evaluationPeriods: 3, metricName: "DatabaseConnections", namespace: "AWS/RDS", period: 300, statistic: "Average", threshold: 100,
    }, ["monitoring-alarms"], "monitoring")],
    ["another TLS 1.2+ policy", change("edge-https", (i) => { i.sslPolicy = "ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06"; })],
    ["a TLS 1.3-only policy", change("edge-https", (i) => { i.sslPolicy = "ELBSecurityPolicy-TLS13-1-3-2021-06"; })],
    ["TLS 1.3 only for MySQL", change("database-params", (i) => { i.parameters[1].value = "TLSv1.3"; })],
    ["another accepted RDS CA", change("database-replica", (i) => { i.caCertIdentifier = "rds-ca-ecc384-g1"; })],
    ["a larger instance type", change("web-2", (i) => { i.instanceType = "t3.small"; })],
    ["a second flow-log-style read in the own log group", statements("network-flow-logs-write", (s) => { s[0].Action.push("logs:DescribeLogGroups"); })],
    ["a more specific secret ARN spelling", statements("web-read-own-config", (s) => { s[1].Resource = ["arn:aws:secretsmanager:eu-west-1:123456789012:secret:secure-web-infra/dev/database-??????"]; })],
    ["a Deny with a wildcard", webPolicy({ Effect: "Deny", Action: "iam:*", Resource: "*" })],
    ["an encrypted new topic", add("aws:sns/topic:Topic", "monitoring-deploys", { displayName: "deploys", kmsMasterKeyId: "alias/secure-web-infra-dev-alarms" }, [], "monitoring")],
    ["a longer backup retention", change("database-primary", (i) => { i.backupRetentionPeriod = 7; })],
    ["hop limit stated as 1", change("web-1", (i) => { i.metadataOptions.httpPutResponseHopLimit = 1; })],
    ["a description", change("firewalls-db-sg", (i) => { i.description += " (reviewed)"; })],
];

async function found(edit: Edit): Promise<{ policyName: string; enforcementLevel: string; resource?: { name: string } }[]> {
    const plan = structuredClone(DEV);
    edit(plan);
    return violations(plan, CONFIG);
}

const key = (v: { policyName: string; enforcementLevel: string; resource?: { name: string } }) => `${v.enforcementLevel} ${v.policyName} ${v.resource?.name ?? "(stack)"}`;

describe("corpus of insecure end states on the fixture dev plan", () => {
    it("catches every insecure edit by the named rule and flags no benign one", async () => {
        const baseline = (await found(() => undefined)).map(key).sort();
        assert.deepEqual(baseline, ["advisory rds-multi-az database-primary"], "the unchanged dev plan");
        const misses: string[] = [];
        for (const [what, rule, edit] of INSECURE) {
            const hits = (await found(edit)).filter((v) => v.policyName === rule && v.enforcementLevel === "mandatory");
            if (hits.length === 0) {
                misses.push(`missed: ${what} (expected ${rule})`);
            }
        }
        for (const [what, edit] of BENIGN) {
            const extra = (await found(edit)).map(key).filter((k) => !baseline.includes(k));
            if (extra.length > 0) {
                misses.push(`flagged benign: ${what}: ${extra.join("; ")}`);
            }
        }
        const rules = new Set(INSECURE.map(([, rule]) => rule));
        console.log(`corpus: ${INSECURE.length} insecure edits (${rules.size} rules), ${BENIGN.length} benign edits: `
            + (misses.length === 0 ? "all caught, none flagged" : `${misses.length} wrong:\n  ${misses.join("\n  ")}`));
        assert.ok(INSECURE.length >= 60 && BENIGN.length >= 15);
        assert.deepEqual(misses, []);
    });
});
