package io.securewebinfra.review;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import static io.securewebinfra.review.PlanEdits.add;
import static io.securewebinfra.review.PlanEdits.edit;
import static io.securewebinfra.review.PlanEdits.editInputs;
import static io.securewebinfra.review.PlanEdits.plan;
import static io.securewebinfra.review.PlanEdits.remove;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hand-made risky and benign edits of the dev plan, each standing for a change of the code: every risky one must
 * give at least one risk, no benign one any. An entry is caught either by the diff's own rules (what is about
 * change) or by the policy pack run on both plans (absolute rules, "rule broken"); pack entries are checked when the
 * pack is built ({@code policies/dist}), else listed as not run. An entry the pack has no rule for yet is listed as
 * "needs pack rule NAME", printed, so that once the pack has the rule the entry moves to the checked ones.
 */
class RiskCorpusTest {
    private static final ObjectNode DEV = plan("dev");
    private static final Path PACK = Path.of("policies");

    enum By { DIFF, PACK, NEEDS_PACK_RULE, BENIGN }

    record Entry(String name, By by, String rule, UnaryOperator<ObjectNode> edit) {
    }

    private final List<Entry> entries = new ArrayList<>();

    private void diff(String name, UnaryOperator<ObjectNode> edit) {
        entries.add(new Entry(name, By.DIFF, null, edit));
    }

    private void pack(String name, String policy, UnaryOperator<ObjectNode> edit) {
        entries.add(new Entry(name, By.PACK, policy, edit));
    }

    private void needs(String name, String rule, UnaryOperator<ObjectNode> edit) {
        entries.add(new Entry(name, By.NEEDS_PACK_RULE, rule, edit));
    }

    private void benign(String name, UnaryOperator<ObjectNode> edit) {
        entries.add(new Entry(name, By.BENIGN, null, edit));
    }

    private static UnaryOperator<ObjectNode> inputs(String resource, Consumer<ObjectNode> edit) {
        return p -> editInputs(p, resource, edit);
    }

    private static String group(String rule) {
        return PlanEdits.resource(DEV, rule).path("inputs").path("securityGroupId").asText();
    }

    /** A policy document edited as JSON (it is held in a string). */
    private static UnaryOperator<ObjectNode> policy(String resource, String property, Consumer<ObjectNode> edit) {
        return inputs(resource, in -> {
            try {
                ObjectNode doc = (ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper()
                        .readTree(in.path(property).asText());
                edit.accept(doc);
                in.put(property, doc.toString());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static ObjectNode statement(ObjectNode doc, int i) {
        return (ObjectNode) doc.path("Statement").get(i);
    }

    private static ArrayNode statements(ObjectNode doc) {
        return (ArrayNode) doc.path("Statement");
    }

    private void corpus() {
        String webSg = group("firewalls-web-out-https");
        String dbSg = group("firewalls-db-in-web");
        String lbSg = group("firewalls-lb-out-web");
        // IAM widening, several spellings
        diff("iam: role policy action *", policy("web-read-own-config", "policy", d -> statement(d, 0).put("Action", "*")));
        diff("iam: role policy s3:*", policy("web-read-own-config", "policy", d -> statement(d, 0).put("Action", "s3:*")));
        diff("iam: action list gains iam:Pass*", policy("web-read-own-config", "policy",
                d -> statement(d, 0).putArray("Action").add("ssm:GetParameter").add("iam:Pass*")));
        diff("iam: resource widened to *", policy("web-read-own-config", "policy", d -> statement(d, 1).put("Resource", "*")));
        diff("iam: resource list widened by wildcard", policy("web-read-own-config", "policy",
                d -> statement(d, 0).putArray("Resource").add("arn:aws:ssm:eu-west-1:123456789012:parameter/*")));
        diff("iam: NotAction", policy("web-read-own-config", "policy", d -> {
            statement(d, 0).remove("Action");
            statement(d, 0).put("NotAction", "iam:*");
        }));
        diff("iam: NotResource", policy("web-read-own-config", "policy", d -> {
            statement(d, 1).remove("Resource");
            statement(d, 1).put("NotResource", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:other");
        }));
        diff("iam: new statement with a Deny beside it", policy("web-read-own-config", "policy", d -> {
            statements(d).addObject().put("Effect", "Allow").put("Action", "ec2:*").put("Resource", "*");
            statements(d).addObject().put("Effect", "Deny").put("Action", "ec2:TerminateInstances").put("Resource", "*");
        }));
        diff("iam: action in other case with a wildcard", policy("web-read-own-config", "policy",
                d -> statement(d, 0).put("Action", "SSM:Get*")));
        diff("iam: trust policy admits another service", policy("web-role", "assumeRolePolicy",
                d -> statement(d, 0).putObject("Principal").putArray("Service").add("ec2.amazonaws.com")
                        .add("lambda.amazonaws.com")));
        diff("iam: trust policy admits another account", policy("web-role", "assumeRolePolicy",
                d -> statement(d, 0).putObject("Principal").put("AWS", "arn:aws:iam::999999999999:root")));
        diff("iam: trust policy admits everyone", policy("network-flow-logs-role", "assumeRolePolicy",
                d -> statement(d, 0).put("Principal", "*")));
        diff("iam: AdministratorAccess attached", p -> add(p, "web-CloudWatchAgentServerPolicy", "web-admin",
                in -> in.put("policyArn", "arn:aws:iam::aws:policy/AdministratorAccess")));
        diff("iam: attachment swapped for PowerUserAccess", inputs("web-CloudWatchAgentServerPolicy",
                in -> in.put("policyArn", "arn:aws:iam::aws:policy/PowerUserAccess")));
        diff("iam: managedPolicyArns on the role", inputs("web-role",
                in -> in.putArray("managedPolicyArns").add("arn:aws:iam::aws:policy/AdministratorAccess")));
        diff("iam: another instance profile on a server", inputs("web-1", in -> in.put("iamInstanceProfile", "admin-profile")));
        diff("iam: KMS key policy opened to everyone", policy("monitoring-alarms-key", "policy",
                d -> statement(d, 1).put("Principal", "*")));
        // Network: egress, membership, ingress, routes
        diff("egress: https to anywhere becomes every port", inputs("firewalls-web-out-https",
                in -> in.put("fromPort", 0).put("toPort", 65535)));
        diff("egress: every protocol", inputs("firewalls-web-out-https", in -> in.put("ipProtocol", "-1")));
        diff("egress: new rule to the internet", p -> add(p, "firewalls-web-out-https", "firewalls-web-out-smtp",
                in -> in.put("fromPort", 25).put("toPort", 25)));
        diff("egress: db rule widened to a CIDR", inputs("firewalls-web-out-db", in -> {
            in.remove("referencedSecurityGroupId");
            in.put("cidrIpv4", "0.0.0.0/0");
        }));
        diff("egress: inline egress on the group", inputs("firewalls-web-sg", in -> in.putArray("egress").addObject()
                .put("protocol", "-1").put("fromPort", 0).put("toPort", 0).putArray("cidrBlocks").add("0.0.0.0/0")));
        diff("egress: legacy SecurityGroupRule", p -> retype(add(p, "firewalls-web-out-https", "firewalls-legacy-out",
                in -> {
                    in.removeAll();
                    in.put("type", "egress").put("protocol", "tcp").put("fromPort", 0).put("toPort", 65535)
                            .put("securityGroupId", webSg).putArray("cidrBlocks").add("0.0.0.0/0");
                }), "firewalls-legacy-out", "aws:ec2/securityGroupRule:SecurityGroupRule"));
        diff("membership: db group added to a server", inputs("web-1",
                in -> ((ArrayNode) in.path("vpcSecurityGroupIds")).add(dbSg)));
        diff("membership: server group swapped for the lb group", inputs("web-2",
                in -> in.putArray("vpcSecurityGroupIds").add(lbSg)));
        diff("membership: database given the web group", inputs("database-primary",
                in -> ((ArrayNode) in.path("vpcSecurityGroupIds")).add(webSg)));
        diff("membership: load balancer given the web group", inputs("edge-alb",
                in -> in.putArray("securityGroups").add(webSg)));
        diff("membership: a group from outside the stack", inputs("web-3",
                in -> in.putArray("vpcSecurityGroupIds").add("sg-0000000000000abcd")));
        diff("firewall: rule moved to another group", inputs("firewalls-lb-in-https-ipv4",
                in -> in.put("securityGroupId", dbSg)));
        diff("firewall: ssh from the internet", p -> add(p, "firewalls-web-in-lb", "firewalls-web-in-ssh", in -> {
            in.remove("referencedSecurityGroupId");
            in.put("cidrIpv4", "0.0.0.0/0").put("fromPort", 22).put("toPort", 22);
        }));
        diff("route: app subnet to the internet gateway", inputs("network-app-default-eu-west-1a", in -> {
            in.remove("natGatewayId");
            in.put("gatewayId", PlanEdits.resource(DEV, "network-public-default-ipv4").path("inputs").path("gatewayId").asText());
        }));
        diff("route: app subnet associated with the public table", inputs("network-app-rta-eu-west-1a",
                in -> in.put("routeTableId", PlanEdits.resource(DEV, "network-public-default-ipv4").path("inputs")
                        .path("routeTableId").asText())));
        diff("route: database table gets a NAT route", p -> add(p, "network-app-default-eu-west-1a", "network-db-out",
                in -> in.put("routeTableId", PlanEdits.resource(DEV, "network-db-rta-eu-west-1a").path("inputs")
                        .path("routeTableId").asText())));
        pack("subnet: mapPublicIpOnLaunch on an app subnet", "no-public-ip", inputs("network-app-eu-west-1b",
                in -> in.put("mapPublicIpOnLaunch", true)));
        pack("subnet: mapPublicIpOnLaunch on a public subnet", "no-public-ip", inputs("network-public-eu-west-1a",
                in -> in.put("mapPublicIpOnLaunch", true)));
        // Edge
        pack("edge: HTTP listener forwards instead of redirecting", "http-redirects-to-https", inputs("edge-http-redirect", in -> in
                .putArray("defaultActions").addObject().put("type", "forward").put("targetGroupArn", "arn:tg")));
        pack("edge: redirect to HTTP", "http-redirects-to-https", inputs("edge-http-redirect",
                in -> ((ObjectNode) in.path("defaultActions").get(0).path("redirect")).put("protocol", "HTTP")));
        pack("edge: TLS13-1-1 policy", "https-listener-tls12", inputs("edge-https", in -> in.put("sslPolicy", "ELBSecurityPolicy-TLS13-1-1-2021-06")));
        pack("edge: TLS13-1-0 policy", "https-listener-tls12", inputs("edge-https", in -> in.put("sslPolicy", "ELBSecurityPolicy-TLS13-1-0-2021-06")));
        pack("edge: 2016-08 policy", "https-listener-tls12", inputs("edge-https", in -> in.put("sslPolicy", "ELBSecurityPolicy-2016-08")));
        pack("edge: HTTPS listener made HTTP", "http-redirects-to-https", inputs("edge-https", in -> in.put("protocol", "HTTP")));
        diff("dns: www alias to another load balancer", inputs("dns-www-a",
                in -> ((ObjectNode) in.path("aliases").get(0)).put("name", "evil-lb-1.eu-west-1.elb.amazonaws.com")));
        diff("dns: apex A record to an address", inputs("dns-apex-a", in -> {
            in.remove("aliases");
            in.put("ttl", 300).putArray("records").add("203.0.113.7");
        }));
        diff("dns: validation record pointed elsewhere", inputs("certificate-validation-dev.foobar.com",
                in -> in.putArray("records").add("attacker.example.com.")));
        // Database
        pack("db: parameter group swapped for the default", "mysql-instances-require-tls", inputs("database-primary",
                in -> in.put("parameterGroupName", "default.mysql8.0")));
        pack("db: replica on the default parameter group", "mysql-instances-require-tls", inputs("database-replica",
                in -> in.put("parameterGroupName", "default.mysql8.0")));
        pack("db: tls_version widened to TLS 1.0", "rds-parameter-group-tls-versions", inputs("database-params", in -> ((ObjectNode) in.path("parameters")
                .get(1)).put("value", "TLSv1,TLSv1.1,TLSv1.2,TLSv1.3")));
        pack("db: tls_version widened to TLS 1.1", "rds-parameter-group-tls-versions", inputs("database-params", in -> ((ObjectNode) in.path("parameters")
                .get(1)).put("value", "TLSv1.1,TLSv1.2")));
        pack("db: require_secure_transport off", "rds-parameter-group-requires-tls", inputs("database-params", in -> ((ObjectNode) in.path("parameters")
                .get(0)).put("value", "0")));
        pack("db: older CA", "rds-ca-certificate", inputs("database-primary", in -> in.put("caCertIdentifier", "rds-ca-2019")));
        diff("db: deleteAutomatedBackups on", inputs("database-primary", in -> in.put("deleteAutomatedBackups", true)));
        diff("db: engine downgraded", inputs("database-primary", in -> in.put("engineVersion", "5.7")));
        diff("db: major version changed", inputs("database-primary", in -> in.put("engineVersion", "8.4")));
        diff("db: replica's source removed", inputs("database-replica", in -> in.remove("replicateSourceDb")));
        pack("db: made public", "rds-not-public", inputs("database-primary", in -> in.put("publiclyAccessible", true)));
        diff("db: backups cut to 0", inputs("database-primary", in -> in.put("backupRetentionPeriod", 0)));
        // Data and logs
        diff("s3: TLS-only statement removed", policy("edge-access-logs-policy", "policy", d -> statements(d).remove(2)));
        diff("s3: TLS-only statement narrowed", policy("edge-access-logs-policy", "policy",
                d -> statement(d, 2).put("Action", "s3:GetObject")));
        diff("s3: public read statement", policy("edge-access-logs-policy", "policy", d -> statements(d).addObject()
                .put("Effect", "Allow").put("Principal", "*").put("Action", "s3:GetObject")
                .put("Resource", "arn:aws:s3:::edge-access-logs-3b042a65164a4efcc457/*")));
        diff("s3: public via AWS *", policy("edge-access-logs-policy", "policy", d -> statement(d, 0)
                .putObject("Principal").put("AWS", "*")));
        pack("s3: object ownership loosened", "s3-bucket-owner-enforced", inputs("edge-access-logs-ownership",
                in -> ((ObjectNode) in.path("rule")).put("objectOwnership", "ObjectWriter")));
        pack("s3: SSE rules emptied", "s3-encryption", inputs("edge-access-logs-encryption", in -> in.putArray("rules")));
        pack("s3: public access block off", "s3-public-access-block", inputs("edge-access-logs-public-access", in -> in.put("blockPublicPolicy", false)));
        pack("logs: flow logs ACCEPT only", "vpc-flow-logs-all-traffic", inputs("network-flow-log", in -> in.put("trafficType", "ACCEPT")));
        pack("logs: flow logs REJECT only", "vpc-flow-logs-all-traffic", inputs("network-flow-log", in -> in.put("trafficType", "REJECT")));
        diff("logs: retention cut", inputs("agents-log/app", in -> in.put("retentionInDays", 1)));
        diff("logs: flow log retention cut", inputs("network-flow-logs", in -> in.put("retentionInDays", 1)));
        pack("alarms: actions removed", "alarms-have-actions", inputs("monitoring-elb-5xx", in -> in.putArray("alarmActions")));
        pack("alarms: actions disabled", "alarms-have-actions", inputs("monitoring-db-cpu", in -> in.put("actionsEnabled", false)));
        pack("servers: IMDS hop limit 2", "imds-hop-limit-1", inputs("web-1", in -> ((ObjectNode) in.path("metadataOptions"))
                .put("httpPutResponseHopLimit", 2)));
        pack("servers: IMDSv1", "imdsv2-required", inputs("web-2", in -> ((ObjectNode) in.path("metadataOptions")).put("httpTokens", "optional")));
        diff("secret: moved to another KMS key", inputs("database-connection", in -> in.put("kmsKeyId", "alias/other")));
        diff("topic: moved to the AWS-managed key", inputs("monitoring-alarms", in -> in.put("kmsMasterKeyId", "alias/aws/sns")));
        diff("topic: moved to another customer key", inputs("monitoring-alarms",
                in -> in.put("kmsMasterKeyId", "arn:aws:kms:eu-west-1:999999999999:key/1234abcd-12ab-34cd-56ef-1234567890ab")));
        // Where traffic goes, and types no rule reads (the review fails closed on those)
        diff("traffic: a target moved to an outside address", inputs("web-1-target",
                in -> in.put("targetId", "203.0.113.7")));
        diff("traffic: an outside target added", p -> add(p, "web-1-target", "web-9-target",
                in -> in.put("targetId", "203.0.113.7")));
        diff("traffic: a new DNS name pointing outside", p -> add(p, "dns-www-a", "dns-login-a", in -> {
            in.remove("aliases");
            in.put("name", "login.dev.foobar.com");
            in.putArray("records").add("203.0.113.7");
        }));
        diff("traffic: a public address on a server", p -> add(p, "network-nat-eip-eu-west-1a", "web-1-eip",
                in -> in.put("instance", PlanEdits.resource(DEV, "web-1").path("id").asText())));
        diff("traffic: alarm messages to an outside endpoint", p -> retype(add(p, "monitoring-alarms-key-alias",
                "x-sub", in -> {
                    in.removeAll();
                    in.put("topic", "arn:aws:sns:eu-west-1:123456789012:alarms").put("protocol", "https")
                            .put("endpoint", "https://evil.example/hook");
                }), "x-sub", "aws:sns/topicSubscription:TopicSubscription"));
        diff("unreviewed: a listener rule", p -> retype(add(p, "edge-http-redirect", "edge-http-rule", in -> { }),
                "edge-http-rule", "aws:lb/listenerRule:ListenerRule"));
        diff("unreviewed: a network ACL rule", p -> retype(add(p, "network-public-rt", "network-acl-open", in -> {
            in.put("egress", false).put("protocol", "-1").put("ruleAction", "allow").put("cidrBlock", "0.0.0.0/0");
        }), "network-acl-open", "aws:ec2/networkAclRule:NetworkAclRule"));
        diff("unreviewed: a VPC peering to another account", p -> retype(add(p, "network-igw", "network-peering",
                in -> in.put("peerOwnerId", "999999999999")), "network-peering",
                "aws:ec2/vpcPeeringConnection:VpcPeeringConnection"));
        diff("unreviewed: a database snapshot shared with every account", p -> retype(add(p, "database-subnets",
                "database-shared-snapshot", in -> in.putArray("sharedAccounts").add("all")),
                "database-shared-snapshot", "aws:rds/snapshot:Snapshot"));
        diff("unreviewed: a Lambda permission for anyone", p -> retype(add(p, "network-igw", "anyone-may-invoke",
                in -> in.put("principal", "*").put("action", "lambda:InvokeFunction")), "anyone-may-invoke",
                "aws:lambda/permission:Permission"));
        // Whole stack
        diff("stack: region changed", inputs("aws", in -> in.put("region", "us-east-1")));
        diff("stack: provider renamed", p -> edit(p, "aws", r -> r.put("name", "aws-eu")));
        // Hidden by ignoreChanges
        diff("hidden: ignored group membership", p -> edit(p, "web-1", r -> {
            r.putArray("ignoreChanges").add("ami").add("vpcSecurityGroupIds");
            ((ArrayNode) r.path("inputs").path("vpcSecurityGroupIds")).add(dbSg);
        }));
        diff("hidden: ignoreChanges added on the database's storage encryption", p -> edit(p, "database-primary",
                r -> ((ArrayNode) r.path("ignoreChanges")).add("storageEncrypted")));
        diff("hidden: ignored IMDS setting turned off", p -> edit(p, "web-3", r -> {
            ((ArrayNode) r.path("ignoreChanges")).add("metadataOptions");
            ((ObjectNode) r.path("inputs").path("metadataOptions")).put("httpTokens", "optional");
        }));
        // Absolute rules the pack holds: also caught when the pack runs
        pack("pack: database storage unencrypted", "rds-storage-encrypted", inputs("database-primary",
                in -> in.put("storageEncrypted", false)));
        pack("pack: root volume unencrypted", "encrypted-volumes", inputs("web-1",
                in -> ((ObjectNode) in.path("rootBlockDevice")).put("encrypted", false)));
        pack("pack: public address on a server", "no-public-ip", inputs("web-2", in -> in.put("associatePublicIpAddress", true)));
        pack("pack: access logs off", "alb-access-logs", inputs("edge-alb",
                in -> ((ObjectNode) in.path("accessLogs")).put("enabled", false)));
        pack("pack: invalid headers passed on", "alb-drop-invalid-headers", inputs("edge-alb",
                in -> in.put("dropInvalidHeaderFields", false)));
        pack("pack: target group over HTTP", "target-groups-https", inputs("edge-web-https", in -> in.put("protocol", "HTTP")));
        pack("pack: health checks over HTTP", "target-groups-https", inputs("edge-web-https",
                in -> ((ObjectNode) in.path("healthCheck")).put("protocol", "HTTP")));
        pack("pack: alarm topic unencrypted", "alarm-topic-customer-key", inputs("monitoring-alarms",
                in -> in.remove("kmsMasterKeyId")));
        pack("pack: flow log removed", "vpc-flow-logs", p -> remove(p, "network-flow-log"));
        pack("pack: public access block removed", "s3-public-access-block", p -> remove(p, "edge-access-logs-public-access"));
        pack("pack: bucket encryption removed", "s3-encryption", p -> remove(p, "edge-access-logs-encryption"));
        pack("pack: admin key pair on a server", "no-key-pair", inputs("web-1", in -> in.put("keyName", "ops")));
        pack("pack: an unallowed instance type", "allowed-instance-types", inputs("web-2", in -> in.put("instanceType", "m5.24xlarge")));
        pack("pack: a secret in a tag", "no-secrets-in-tags", inputs("web-3",
                in -> ((ObjectNode) in.path("tags")).put("DbPassword", "hunter2hunter2")));

        // Benign
        benign("alarm threshold", inputs("monitoring-db-cpu", in -> in.put("threshold", 90)));
        benign("alarm description", inputs("monitoring-db-cpu", in -> in.put("alarmDescription", "CPU high")));
        benign("topic display name", inputs("monitoring-alarms", in -> in.put("displayName", "alarms of dev")));
        benign("a tag", inputs("web-1", in -> ((ObjectNode) in.path("tags")).put("Owner", "team-web")));
        benign("a tag on the database", inputs("database-primary", in -> ((ObjectNode) in.path("tags")).put("CostCenter", "42")));
        benign("longer log retention", inputs("agents-log/app", in -> in.put("retentionInDays", 365)));
        benign("longer flow log retention", inputs("network-flow-logs", in -> in.put("retentionInDays", 400)));
        benign("dashboard removed", p -> remove(p, "monitoring-dashboard"));
        benign("alarm evaluation periods", inputs("monitoring-latency-p95", in -> in.put("evaluationPeriods", 3)));
        benign("a narrower policy", policy("web-read-own-config", "policy", d -> statements(d).remove(1)));
        benign("stricter TLS policy", inputs("edge-https", in -> in.put("sslPolicy", "ELBSecurityPolicy-TLS13-1-3-2021-06")));
        benign("more backups", inputs("database-primary", in -> in.put("backupRetentionPeriod", 7)));
        benign("a new AMI (ignored)", inputs("web-1", in -> in.put("ami", "ami-0123456789abcdef0")));
        benign("engine minor pinned", inputs("database-primary", in -> in.put("engineVersion", "8.0.39")));
        benign("policy statements reordered", policy("web-read-own-config", "policy", d -> {
            JsonNode first = statements(d).remove(0);
            statements(d).add(first);
        }));
        benign("action spelled as a one-item list", policy("web-read-own-config", "policy",
                d -> statement(d, 1).putArray("Action").add("secretsmanager:GetSecretValue")));
        benign("health check interval", inputs("edge-web-https", in -> ((ObjectNode) in.path("healthCheck")).put("interval", 30)));
        benign("a fourth web server, registered with the load balancer", p -> add(
                edit(add(p, "web-3", "web-4", in -> { }), "web-4", r -> r.put("id", "i-0000000000000004a")),
                "web-3-target", "web-4-target", in -> in.put("targetId", "i-0000000000000004a")));
        benign("a new DNS name for the load balancer", p -> add(p, "dns-www-a", "dns-shop-a",
                in -> in.put("name", "shop.dev.foobar.com")));
        benign("provider default tags", inputs("aws", in -> in.put("defaultTags",
                "{\"tags\":{\"ManagedBy\":\"pulumi\",\"Project\":\"secure-web-infra\",\"Stack\":\"dev\",\"Team\":\"web\"}}")));
    }

    /** Turns an added copy into another type (a rule resource of the older form). */
    private static ObjectNode retype(ObjectNode plan, String name, String type) {
        return edit(plan, name, r -> r.put("type", type));
    }

    @Test
    void everyRiskyEditGivesARiskAndNoBenignEditDoes() throws IOException {
        corpus();
        boolean packBuilt = Files.isRegularFile(PACK.resolve("dist/run-offline.js"));
        // The test command builds the pack before the Java tests; CI may not pass with pack entries unchecked.
        assertTrue(packBuilt || !"1".equals(System.getenv("REQUIRE_REAL_TOOLS")),
                "policies/dist is not built, and REQUIRE_REAL_TOOLS=1 forbids leaving the pack's entries unchecked");
        PolicyPack pack = packBuilt ? new PolicyPack.Node(PACK) : null;
        List<PolicyPack.Violation> baseline = packBuilt ? pack.violations(DEV, "dev") : List.of();
        // Each entry's edited plan, made once; the pack runs on them are independent Node processes, run side by side.
        Map<Entry, ObjectNode> edited = new java.util.IdentityHashMap<>();
        Map<Entry, java.util.concurrent.Future<List<PolicyPack.Violation>>> packRuns = new java.util.IdentityHashMap<>();
        var runners = java.util.concurrent.Executors.newFixedThreadPool(3);
        try {
            for (Entry entry : entries) {
                ObjectNode after = entry.edit.apply(DEV.deepCopy());
                edited.put(entry, after);
                if (packBuilt && (entry.by == By.PACK || entry.by == By.BENIGN || entry.by == By.NEEDS_PACK_RULE)) {
                    packRuns.put(entry, runners.submit(() -> pack.violations(after, "dev")));
                }
            }
        } finally {
            runners.shutdown();
        }
        List<String> missed = new ArrayList<>();
        List<String> needsPackRule = new ArrayList<>();
        int risky = 0;
        int benign = 0;
        int caught = 0;
        int packNotRun = 0;
        for (Entry entry : entries) {
            List<Risk> risks = new ArrayList<>(RiskRule.all(PlanDiff.between(DEV, edited.get(entry))));
            if (packRuns.containsKey(entry)) {
                risks.addAll(PackViolations.newIn(baseline, result(packRuns.get(entry))));
            }
            switch (entry.by) {
                case BENIGN -> {
                    benign++;
                    assertTrue(risks.isEmpty(), "benign edit \"" + entry.name + "\" gave risks: " + risks);
                }
                case NEEDS_PACK_RULE -> {
                    risky++;
                    if (risks.isEmpty()) {
                        needsPackRule.add(entry.name + ": needs pack rule " + entry.rule);
                    } else {
                        caught++;
                    }
                }
                case PACK -> {
                    risky++;
                    if (!packBuilt) {
                        packNotRun++;
                    } else if (risks.stream().anyMatch(r -> r.message().contains("`" + entry.rule + "`"))) {
                        caught++;
                    } else {
                        missed.add(entry.name + " (pack rule " + entry.rule + "): " + risks);
                    }
                }
                case DIFF -> {
                    risky++;
                    if (risks.isEmpty()) {
                        missed.add(entry.name);
                    } else {
                        caught++;
                    }
                }
            }
        }
        System.out.println("risk corpus: " + risky + " risky, " + benign + " benign edits; " + caught + " caught, "
                + missed.size() + " missed, " + needsPackRule.size() + " need a pack rule"
                + (packBuilt ? "" : ", " + packNotRun + " pack entries not run (policies/dist is not built)"));
        needsPackRule.forEach(n -> System.out.println("  " + n));
        missed.forEach(m -> System.out.println("  MISSED " + m));
        assertTrue(risky >= 60 && benign >= 15, risky + " risky, " + benign + " benign");
        assertTrue(missed.isEmpty(), "missed: " + missed);
    }

    private static List<PolicyPack.Violation> result(java.util.concurrent.Future<List<PolicyPack.Violation>> run)
            throws IOException {
        try {
            return run.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
    }
}
