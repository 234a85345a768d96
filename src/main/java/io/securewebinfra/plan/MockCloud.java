package io.securewebinfra.plan;

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
        String id = prefixFor(type) + hash.substring(0, 17);
        String physicalName = (String) state.getOrDefault("name", name + "-" + hash.substring(0, 7));
        state.putIfAbsent("name", physicalName);
        state.putIfAbsent("arn", arn(service(type), resourceKind(type) + "/" + physicalName));

        switch (type) {
            case "aws:ec2/vpc:Vpc" -> state.put("ipv6CidrBlock", "2600:1f18:" + hash.substring(0, 4) + ":"
                    + hash.substring(4, 6) + "00::/56");
            case "aws:ec2/instance:Instance" -> {
                state.put("privateIp", "10.0.64." + (Integer.parseInt(hash.substring(0, 2), 16) % 250 + 4));
                state.put("arn", arn("ec2", "instance/" + id));
            }
            case "aws:ec2/eip:Eip" -> state.put("publicIp", "198.51.100." + (Integer.parseInt(hash.substring(0, 2), 16) % 250 + 1));
            case "aws:cloudwatch/logGroup:LogGroup" -> state.put("arn", arn("logs", "log-group:" + physicalName));
            case "aws:iam/role:Role", "aws:iam/instanceProfile:InstanceProfile" -> {
                state.put("arn", "arn:aws:iam::" + ACCOUNT + ":" + resourceKind(type) + "/" + physicalName);
                id = physicalName;
            }
            case "aws:acm/certificate:Certificate" -> {
                state.put("domainValidationOptions", validationOptions(state));
                id = (String) state.get("arn");
            }
            case "aws:route53/record:Record" -> {
                String fqdn = String.valueOf(state.get("name")).replaceAll("\\.$", "");
                state.put("fqdn", fqdn);
                id = state.get("zoneId") + "_" + fqdn + "_" + state.get("type");
            }
            case "aws:lb/loadBalancer:LoadBalancer" -> {
                String suffix = "app/" + physicalName + "/" + hash.substring(0, 16);
                state.put("arn", arn("elasticloadbalancing", "loadbalancer/" + suffix));
                state.put("arnSuffix", suffix);
                state.put("dnsName", physicalName + "-" + Long.parseLong(hash.substring(0, 8), 16) % 1_000_000_000L
                        + "." + region + ".elb.amazonaws.com");
                state.put("zoneId", "Z" + hash.substring(8, 21).toUpperCase(Locale.ROOT));
                id = (String) state.get("arn");
            }
            case "aws:lb/targetGroup:TargetGroup" -> {
                String suffix = "targetgroup/" + physicalName + "/" + hash.substring(0, 16);
                state.put("arn", arn("elasticloadbalancing", suffix));
                state.put("arnSuffix", suffix);
                id = (String) state.get("arn");
            }
            case "aws:lb/listener:Listener" -> {
                state.put("arn", arn("elasticloadbalancing", "listener/" + hash.substring(0, 16)));
                id = (String) state.get("arn");
            }
            case "aws:s3/bucketV2:BucketV2" -> {
                String bucket = state.getOrDefault("bucketPrefix", name + "-") + hash.substring(0, 20);
                state.put("bucket", bucket);
                state.put("arn", "arn:aws:s3:::" + bucket);
                id = bucket;
            }
            case "aws:rds/instance:Instance" -> {
                String identifier = (String) state.getOrDefault("identifier", physicalName);
                String address = identifier + "." + hash.substring(0, 12) + "." + region + ".rds.amazonaws.com";
                state.put("identifier", identifier);
                state.put("address", address);
                state.put("endpoint", address + ":3306");
                state.put("port", 3306);
                state.put("arn", arn("rds", "db:" + identifier));
                state.put("resourceId", "db-" + hash.substring(0, 26).toUpperCase(Locale.ROOT));
                id = identifier;
            }
            case "aws:rds/subnetGroup:SubnetGroup", "aws:rds/parameterGroup:ParameterGroup" -> {
                state.put("name", physicalName.toLowerCase(Locale.ROOT));
                id = physicalName.toLowerCase(Locale.ROOT);
            }
            case "aws:secretsmanager/secret:Secret" -> {
                state.put("arn", arn("secretsmanager", "secret:" + physicalName + "-" + hash.substring(0, 6)));
                id = (String) state.get("arn");
            }
            case "aws:ssm/parameter:Parameter" -> {
                state.put("arn", arn("ssm", "parameter" + physicalName));
                id = physicalName;
            }
            case "aws:sns/topic:Topic" -> {
                state.put("arn", arn("sns", physicalName));
                id = (String) state.get("arn");
            }
            case "aws:ec2/launchTemplate:LaunchTemplate" -> {
                state.put("arn", arn("ec2", "launch-template/" + id));
                // A new template is version 1 and the default until it changes.
                state.put("latestVersion", 1);
                state.put("defaultVersion", 1);
            }
            case "aws:autoscaling/group:Group" -> {
                state.put("arn", arn("autoscaling", "autoScalingGroup:" + uuid(hash) + ":autoScalingGroupName/"
                        + physicalName));
                id = physicalName;
            }
            case "aws:autoscaling/policy:Policy" -> {
                state.put("arn", arn("autoscaling", "scalingPolicy:" + uuid(hash) + ":autoScalingGroupName/"
                        + state.get("autoscalingGroupName") + ":policyName/" + physicalName));
                id = physicalName;
            }
            case "aws:kms/key:Key" -> {
                // KMS names a key by a UUID, in its id, keyId and ARN.
                id = uuid(hash);
                state.put("keyId", id);
                state.put("arn", arn("kms", "key/" + id));
            }
            case "aws:kms/alias:Alias" -> {
                state.put("arn", arn("kms", String.valueOf(state.get("name"))));
                id = String.valueOf(state.get("name"));
            }
            case "aws:cloudwatch/dashboard:Dashboard" ->
                    state.put("dashboardArn", "arn:aws:cloudwatch::" + ACCOUNT + ":dashboard/" + state.get("dashboardName"));
            default -> {
                // inputs echoed, with a generic id, name and ARN
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
                result.put("id", "127311923021");
                result.put("arn", "arn:aws:iam::127311923021:root");
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

    private String arn(String service, String resource) {
        return "arn:aws:" + service + ":" + region + ":" + ACCOUNT + ":" + resource;
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

    /** A UUID-shaped id made from a hash, as AWS gives Auto Scaling groups and policies. */
    private static String uuid(String hash) {
        return hash.substring(0, 8) + "-" + hash.substring(8, 12) + "-" + hash.substring(12, 16) + "-"
                + hash.substring(16, 20) + "-" + hash.substring(20, 32);
    }

    static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
