package io.securewebinfra.mockengine;

import com.pulumi.test.Mocks;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A fake AWS that answers the program the way the real provider would: it echoes every input and adds the outputs
 * AWS computes (ids, ARNs, names, DNS names, endpoints, certificate validation options), so that no input that
 * depends on them silently vanishes. Every fake value is derived from the resource's type and name, never from a
 * clock or a random source, so the same program gives the same plan byte for byte. A lookup it does not know fails
 * loudly instead of returning nothing.
 */
public final class MockCloud implements Mocks {
    /** The account the plan pretends to run in. */
    public static final String ACCOUNT = "123456789012";

    /**
     * The Elastic Load Balancing account that delivers access logs, per region, as AWS documents it
     * (elasticloadbalancing/latest/application/enable-access-logging.html) and as the provider's
     * {@code aws:elb/getServiceAccount} answers (terraform-provider-aws internal/service/elb/service_account_data_source.go).
     * Regions opened from August 2022 have none: log delivery there is the
     * {@code logdelivery.elasticloadbalancing.amazonaws.com} service principal, and the lookup fails.
     */
    public static final Map<String, String> ELB_ACCOUNTS = Map.ofEntries(
            Map.entry("af-south-1", "098369216593"),
            Map.entry("ap-east-1", "754344448648"),
            Map.entry("ap-northeast-1", "582318560864"),
            Map.entry("ap-northeast-2", "600734575887"),
            Map.entry("ap-northeast-3", "383597477331"),
            Map.entry("ap-south-1", "718504428378"),
            Map.entry("ap-southeast-1", "114774131450"),
            Map.entry("ap-southeast-2", "783225319266"),
            Map.entry("ap-southeast-3", "589379963580"),
            Map.entry("ca-central-1", "985666609251"),
            Map.entry("cn-north-1", "638102146993"),
            Map.entry("cn-northwest-1", "037604701340"),
            Map.entry("eu-central-1", "054676820928"),
            Map.entry("eu-north-1", "897822967062"),
            Map.entry("eu-south-1", "635631232127"),
            Map.entry("eu-west-1", "156460612806"),
            Map.entry("eu-west-2", "652711504416"),
            Map.entry("eu-west-3", "009996457667"),
            Map.entry("me-south-1", "076674570225"),
            Map.entry("sa-east-1", "507241528517"),
            Map.entry("us-east-1", "127311923021"),
            Map.entry("us-east-2", "033677994240"),
            Map.entry("us-gov-east-1", "190560391635"),
            Map.entry("us-gov-west-1", "048591011584"),
            Map.entry("us-west-1", "027434742980"),
            Map.entry("us-west-2", "797873946194"));

    private final String region;

    public MockCloud(String region) {
        this.region = region;
    }

    /** The AZs the fake region has: three, like most regions. */
    public List<String> zones() {
        return List.of(region + "a", region + "b", region + "c");
    }

    @Override
    public CompletableFuture<ResourceResult> newResourceAsync(ResourceArgs args) {
        Map<String, Object> state = new LinkedHashMap<>(args.inputs == null ? Map.of() : args.inputs);
        String type = args.type;
        String name = args.name;
        String hash = hash(type + "::" + name);
        // EC2 ids are a prefix and 17 hex digits; everything else sets its own id below.
        String id = prefixFor(type) + hash.substring(0, 17);
        // What AWS names a resource whose name the program leaves to the provider.
        String physicalName = (String) state.getOrDefault("name", name + "-" + hash.substring(0, 7));

        // Only outputs the provider really has are added (RecordingMonitor checks each against the resource's
        // class): an invented output would let the program read something that is null in a real deployment.
        switch (type) {
            case "aws:ec2/vpc:Vpc" -> {
                state.put("arn", arn("ec2", "vpc/" + id));
                state.put("ipv6CidrBlock", "2600:1f18:" + hash.substring(0, 4) + ":" + hash.substring(4, 6) + "00::/56");
            }
            case "aws:ec2/subnet:Subnet" -> state.put("arn", arn("ec2", "subnet/" + id));
            case "aws:ec2/securityGroup:SecurityGroup", "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup" -> {
                state.put("arn", arn("ec2", "security-group/" + id));
                state.put("name", type.contains("default") ? "default" : physicalName);
            }
            case "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
                 "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule" -> {
                state.put("arn", arn("ec2", "security-group-rule/" + id));
                state.put("securityGroupRuleId", id);
            }
            case "aws:ec2/instance:Instance" -> {
                state.put("privateIp", "10.0.64." + (Integer.parseInt(hash.substring(0, 2), 16) % 250 + 4));
                state.put("arn", arn("ec2", "instance/" + id));
            }
            case "aws:ec2/eip:Eip" -> {
                state.put("publicIp", "198.51.100." + (Integer.parseInt(hash.substring(0, 2), 16) % 250 + 1));
                state.put("allocationId", id);
                state.put("arn", arn("ec2", "elastic-ip/" + id));
            }
            case "aws:ec2/internetGateway:InternetGateway" -> state.put("arn", arn("ec2", "internet-gateway/" + id));
            case "aws:ec2/routeTable:RouteTable" -> state.put("arn", arn("ec2", "route-table/" + id));
            case "aws:ec2/flowLog:FlowLog" -> state.put("arn", arn("ec2", "vpc-flow-log/" + id));
            // The provider's id of a route: "r-", the route table's id and a hash of the destination.
            case "aws:ec2/route:Route" -> id = "r-" + state.get("routeTableId") + digits(hash, 10);
            case "aws:ec2/launchTemplate:LaunchTemplate" -> {
                state.put("arn", arn("ec2", "launch-template/" + id));
                // A new template is version 1 and the default until it changes.
                state.put("latestVersion", 1);
                state.put("defaultVersion", 1);
            }
            case "aws:cloudwatch/logGroup:LogGroup" -> {
                state.put("name", physicalName);
                state.put("arn", arn("logs", "log-group:" + physicalName));
                id = physicalName;
            }
            case "aws:cloudwatch/metricAlarm:MetricAlarm" -> {
                state.put("name", physicalName);
                state.put("arn", arn("cloudwatch", "alarm:" + physicalName));
                id = physicalName;
            }
            case "aws:cloudwatch/dashboard:Dashboard" -> {
                state.put("dashboardArn", "arn:" + partition() + ":cloudwatch::" + ACCOUNT + ":dashboard/"
                        + state.get("dashboardName"));
                id = String.valueOf(state.get("dashboardName"));
            }
            case "aws:iam/role:Role", "aws:iam/instanceProfile:InstanceProfile" -> {
                state.put("name", physicalName);
                state.put("arn", "arn:" + partition() + ":iam::" + ACCOUNT + ":" + resourceKind(type) + "/" + physicalName);
                // Roles' unique ids start AROA, instance profiles' AIPA.
                state.put("uniqueId", (type.contains("role") ? "AROA" : "AIPA") + upper(hash, 17));
                id = physicalName;
            }
            case "aws:iam/rolePolicy:RolePolicy" -> {
                state.put("name", physicalName);
                id = state.get("role") + ":" + physicalName;
            }
            // The provider names an attachment after its role and a unique suffix.
            case "aws:iam/rolePolicyAttachment:RolePolicyAttachment" -> id = state.get("role") + "-" + digits(hash, 26);
            case "aws:acm/certificate:Certificate" -> {
                state.put("arn", arn("acm", "certificate/" + uuid(hash)));
                state.put("domainValidationOptions", validationOptions(state));
                id = (String) state.get("arn");
            }
            // The provider's id is the time the certificate was issued; a fixed one keeps the plan stable.
            case "aws:acm/certificateValidation:CertificateValidation" -> id = "2025-01-01 00:00:00 +0000 UTC";
            case "aws:route53/record:Record" -> {
                String fqdn = String.valueOf(state.get("name")).replaceAll("\\.$", "");
                state.put("fqdn", fqdn);
                id = state.get("zoneId") + "_" + fqdn + "_" + state.get("type");
            }
            case "aws:lb/loadBalancer:LoadBalancer" -> {
                String suffix = "app/" + physicalName + "/" + hash.substring(0, 16);
                state.put("name", physicalName);
                state.put("arn", arn("elasticloadbalancing", "loadbalancer/" + suffix));
                state.put("arnSuffix", suffix);
                state.put("dnsName", physicalName + "-" + Long.parseLong(hash.substring(0, 8), 16) % 1_000_000_000L
                        + "." + region + ".elb.amazonaws.com");
                state.put("zoneId", "Z" + upper(hash.substring(8), 13));
                id = (String) state.get("arn");
            }
            case "aws:lb/targetGroup:TargetGroup" -> {
                String suffix = "targetgroup/" + physicalName + "/" + hash.substring(0, 16);
                state.put("name", physicalName);
                state.put("arn", arn("elasticloadbalancing", suffix));
                state.put("arnSuffix", suffix);
                id = (String) state.get("arn");
            }
            case "aws:lb/listener:Listener" -> {
                // A listener's ARN extends its load balancer's: listener/app/<name>/<lb id>/<listener id>.
                String loadBalancer = String.valueOf(state.get("loadBalancerArn"));
                state.put("arn", loadBalancer.replace(":loadbalancer/", ":listener/") + "/" + hash.substring(0, 16));
                id = (String) state.get("arn");
            }
            case "aws:lb/targetGroupAttachment:TargetGroupAttachment" ->
                    id = state.get("targetGroupArn") + "-" + digits(hash, 26);
            case "aws:s3/bucketV2:BucketV2" -> {
                String bucket = state.getOrDefault("bucketPrefix", name + "-") + hash.substring(0, 20);
                state.put("bucket", bucket);
                state.put("arn", "arn:" + partition() + ":s3:::" + bucket);
                state.put("bucketRegionalDomainName", bucket + ".s3." + region + ".amazonaws.com");
                id = bucket;
            }
            // A bucket's configuration resources are known by their bucket's name.
            case "aws:s3/bucketPolicy:BucketPolicy", "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
                 "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
                 "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
                 "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2",
                 "aws:s3/bucketVersioningV2:BucketVersioningV2" -> id = String.valueOf(state.get("bucket"));
            case "aws:s3/bucketObjectv2:BucketObjectv2" -> {
                state.put("etag", hash.substring(0, 32));
                state.put("versionId", upper(hash, 32));
                id = String.valueOf(state.get("key"));
            }
            case "aws:rds/instance:Instance" -> {
                String identifier = (String) state.getOrDefault("identifier", physicalName);
                String address = identifier + "." + hash.substring(0, 12) + "." + region + ".rds.amazonaws.com";
                state.put("identifier", identifier);
                state.put("address", address);
                state.put("endpoint", address + ":3306");
                state.put("port", 3306);
                state.put("arn", arn("rds", "db:" + identifier));
                // The provider's id is the DbiResourceId, not the identifier: the program must never use it as one.
                id = "db-" + upper(hash, 26);
                state.put("resourceId", id);
            }
            case "aws:rds/subnetGroup:SubnetGroup", "aws:rds/parameterGroup:ParameterGroup" -> {
                String lower = physicalName.toLowerCase(Locale.ROOT);
                state.put("name", lower);
                state.put("arn", arn("rds", (type.contains("subnet") ? "subgrp:" : "pg:") + lower));
                id = lower;
            }
            case "aws:secretsmanager/secret:Secret" -> {
                // Secrets Manager appends six random characters to the name in the ARN; the id is the ARN.
                state.put("name", physicalName);
                state.put("arn", arn("secretsmanager", "secret:" + physicalName + "-" + hash.substring(0, 6)));
                id = (String) state.get("arn");
            }
            case "aws:secretsmanager/secretVersion:SecretVersion" -> {
                String version = uuid(hash);
                state.put("arn", state.get("secretId"));
                state.put("versionId", version);
                id = state.get("secretId") + "|" + version;
            }
            case "aws:ssm/parameter:Parameter" -> {
                state.put("name", physicalName);
                state.put("arn", arn("ssm", "parameter" + (physicalName.startsWith("/") ? "" : "/") + physicalName));
                state.put("version", 1);
                id = physicalName;
            }
            case "aws:sns/topic:Topic" -> {
                state.put("name", physicalName);
                state.put("arn", arn("sns", physicalName));
                id = (String) state.get("arn");
            }
            case "aws:sns/topicSubscription:TopicSubscription" -> {
                state.put("arn", state.get("topic") + ":" + uuid(hash));
                id = (String) state.get("arn");
            }
            case "aws:kms/key:Key" -> {
                // A key's id is a bare UUID, its keyId the same; the ARN ends key/<uuid>.
                id = uuid(hash);
                state.put("keyId", id);
                state.put("arn", arn("kms", "key/" + id));
            }
            case "aws:kms/alias:Alias" -> {
                // An alias is known by its name (alias/...); its target is given by key id or ARN.
                state.put("name", physicalName);
                state.put("arn", arn("kms", physicalName));
                String target = String.valueOf(state.get("targetKeyId"));
                state.put("targetKeyArn", target.startsWith("arn:") ? target : arn("kms", "key/" + target));
                id = physicalName;
            }
            case "aws:autoscaling/group:Group" -> {
                state.put("name", physicalName);
                state.put("arn", arn("autoscaling", "autoScalingGroup:" + uuid(hash) + ":autoScalingGroupName/"
                        + physicalName));
                id = physicalName;
            }
            case "aws:autoscaling/policy:Policy" -> {
                state.put("name", physicalName);
                state.put("arn", arn("autoscaling", "scalingPolicy:" + uuid(hash) + ":autoScalingGroupName/"
                        + state.get("autoscalingGroupName") + ":policyName/" + physicalName));
                id = physicalName;
            }
            default -> {
                // inputs echoed with a generic id; RecordingMonitor refuses a plan that reads any output this lacks
            }
        }
        return CompletableFuture.completedFuture(ResourceResult.of(Optional.of(id), state));
    }

    @Override
    public CompletableFuture<Map<String, Object>> callAsync(CallArgs args) {
        Map<String, Object> inputs = args.args == null ? Map.of() : args.args;
        Map<String, Object> result = new LinkedHashMap<>();
        switch (args.token) {
            case "aws:index/getAvailabilityZones:getAvailabilityZones" -> {
                result.put("id", region);
                result.put("names", zones());
                result.put("zoneIds", zones().stream().map(z -> "use1-az" + (z.charAt(z.length() - 1) - 'a' + 1)).toList());
            }
            case "aws:ssm/getParameter:getParameter" -> {
                String parameter = String.valueOf(inputs.get("name"));
                result.put("id", parameter);
                result.put("name", parameter);
                result.put("type", "String");
                result.put("value", "ami-" + hash(parameter).substring(0, 17));
                result.put("arn", arn("ssm", "parameter" + parameter));
                result.put("version", 1);
            }
            case "aws:route53/getZone:getZone" -> {
                String zone = String.valueOf(inputs.get("name"));
                String zoneId = "Z" + hash(zone).substring(0, 20).toUpperCase(Locale.ROOT);
                result.put("id", zoneId);
                result.put("zoneId", zoneId);
                result.put("name", zone);
                result.put("privateZone", false);
            }
            case "aws:index/getCallerIdentity:getCallerIdentity" -> {
                result.put("id", ACCOUNT);
                result.put("accountId", ACCOUNT);
                result.put("arn", "arn:aws:iam::" + ACCOUNT + ":user/plan");
                result.put("userId", "AIDAPLAN");
            }
            case "aws:elb/getServiceAccount:getServiceAccount" -> {
                String account = ELB_ACCOUNTS.get(region);
                if (account == null) {
                    // The provider's own answer for a region without a log delivery account.
                    throw new IllegalArgumentException("reading ELB Service Account: unsupported AWS Region: " + region);
                }
                result.put("id", account);
                result.put("arn", "arn:" + partition() + ":iam::" + account + ":root");
            }
            default -> throw new IllegalArgumentException("the offline plan's mock cloud cannot answer the lookup "
                    + args.token + "; add it to " + MockCloud.class.getName());
        }
        return CompletableFuture.completedFuture(result);
    }

    private List<Map<String, Object>> validationOptions(Map<String, Object> certificate) {
        List<String> domains = new ArrayList<>();
        domains.add(String.valueOf(certificate.get("domainName")));
        if (certificate.get("subjectAlternativeNames") instanceof List<?> names) {
            names.forEach(n -> domains.add(String.valueOf(n)));
        }
        List<Map<String, Object>> options = new ArrayList<>();
        for (String domain : domains.stream().distinct().toList()) {
            String token = hash(domain).substring(0, 32);
            Map<String, Object> option = new LinkedHashMap<>();
            option.put("domainName", domain);
            option.put("resourceRecordName", "_" + token + "." + domain + ".");
            option.put("resourceRecordType", "CNAME");
            option.put("resourceRecordValue", "_" + hash(token).substring(0, 32) + ".acm-validations.aws.");
            options.add(option);
        }
        return options;
    }

    /** The ARN partition of the region, as AWS names it (the program derives it the same way). */
    private String partition() {
        if (region.startsWith("cn-")) {
            return "aws-cn";
        }
        return region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
    }

    private String arn(String service, String resource) {
        return "arn:" + partition() + ":" + service + ":" + region + ":" + ACCOUNT + ":" + resource;
    }

    /** {@code aws:ec2/securityGroup:SecurityGroup} gives {@code ec2}. */
    private static String service(String type) {
        String[] parts = type.split("[:/]");
        return parts.length > 1 ? parts[1] : "unknown";
    }

    /** {@code aws:ec2/securityGroup:SecurityGroup} gives {@code security-group}. */
    private static String resourceKind(String type) {
        String last = type.substring(type.lastIndexOf(':') + 1);
        return last.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    private static String prefixFor(String type) {
        return switch (type) {
            case "aws:ec2/vpc:Vpc" -> "vpc-";
            case "aws:ec2/subnet:Subnet" -> "subnet-";
            case "aws:ec2/securityGroup:SecurityGroup", "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup" -> "sg-";
            case "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
                 "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule" -> "sgr-";
            case "aws:ec2/instance:Instance" -> "i-";
            case "aws:ec2/internetGateway:InternetGateway" -> "igw-";
            case "aws:ec2/natGateway:NatGateway" -> "nat-";
            case "aws:ec2/eip:Eip" -> "eipalloc-";
            case "aws:ec2/routeTable:RouteTable" -> "rtb-";
            case "aws:ec2/routeTableAssociation:RouteTableAssociation" -> "rtbassoc-";
            case "aws:ec2/flowLog:FlowLog" -> "fl-";
            case "aws:ec2/launchTemplate:LaunchTemplate" -> "lt-";
            default -> "id-";
        };
    }

    /** {@code n} upper-case letters and digits made from a hash, as AWS's opaque ids (DbiResourceId, AROA...). */
    private static String upper(String hash, int n) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < n; i++) {
            out.append(alphabet.charAt(Integer.parseInt(hash.substring((2 * i) % 62, (2 * i) % 62 + 2), 16) % 36));
        }
        return out.toString();
    }

    /** {@code n} decimal digits made from a hash, as the provider's unique-id suffixes. */
    private static String digits(String hash, int n) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < n; i++) {
            out.append(Character.digit(hash.charAt(i % 64), 16) % 10);
        }
        return out.toString();
    }

    /** A UUID-shaped id made from a hash, as AWS gives Auto Scaling groups and policies. */
    private static String uuid(String hash) {
        return hash.substring(0, 8) + "-" + hash.substring(8, 12) + "-" + hash.substring(12, 16) + "-"
                + hash.substring(16, 20) + "-" + hash.substring(20, 32);
    }

    static String hash(String text) {
        byte[] digest = sha256().digest(text.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest);
    }

    /**
     * A fresh SHA-256 digest, cloned from one looked up once: the lookup searches the security providers, which on a
     * cold JVM costs more than the hashing (it was the mock cloud's largest cost in a profile of the plan).
     */
    private static MessageDigest sha256() {
        try {
            return (MessageDigest) SHA_256.clone();
        } catch (CloneNotSupportedException e) {
            try {
                return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException missing) {
                throw new IllegalStateException("SHA-256 is part of every Java runtime", missing);
            }
        }
    }

    private static final MessageDigest SHA_256;

    static {
        try {
            SHA_256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
