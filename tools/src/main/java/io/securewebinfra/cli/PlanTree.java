package io.securewebinfra.cli;

import io.securewebinfra.plandoc.Plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The plan as a readable tree: one block per component, each resource with the settings that matter. */
final class PlanTree {
    /** Per resource type, the inputs a reviewer looks at first. */
    private static final Map<String, List<String>> HIGHLIGHTS = Map.ofEntries(
            Map.entry("pulumi:providers:aws", List.of("region")),
            Map.entry("aws:ec2/vpc:Vpc", List.of("cidrBlock", "assignGeneratedIpv6CidrBlock")),
            Map.entry("aws:ec2/subnet:Subnet", List.of("availabilityZone", "cidrBlock", "mapPublicIpOnLaunch")),
            Map.entry("aws:ec2/route:Route", List.of("destinationCidrBlock", "destinationIpv6CidrBlock")),
            Map.entry("aws:ec2/flowLog:FlowLog", List.of("trafficType", "logDestinationType")),
            Map.entry("aws:cloudwatch/logGroup:LogGroup", List.of("name", "retentionInDays")),
            Map.entry("aws:ec2/securityGroup:SecurityGroup", List.of("description")),
            Map.entry("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
                    List.of("ipProtocol", "fromPort", "toPort", "cidrIpv4", "cidrIpv6", "referencedSecurityGroupId")),
            Map.entry("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
                    List.of("ipProtocol", "fromPort", "toPort", "cidrIpv4", "referencedSecurityGroupId")),
            Map.entry("aws:acm/certificate:Certificate", List.of("domainName", "subjectAlternativeNames", "validationMethod")),
            Map.entry("aws:route53/record:Record", List.of("name", "type")),
            Map.entry("aws:lb/loadBalancer:LoadBalancer", List.of("internal", "ipAddressType", "dropInvalidHeaderFields",
                    "enableDeletionProtection", "accessLogs.enabled")),
            Map.entry("aws:lb/listener:Listener", List.of("port", "protocol", "sslPolicy", "defaultActions")),
            Map.entry("aws:lb/targetGroup:TargetGroup", List.of("protocol", "port", "healthCheck.path")),
            Map.entry("aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2", List.of("rules")),
            Map.entry("aws:ec2/instance:Instance", List.of("instanceType", "ami", "associatePublicIpAddress",
                    "metadataOptions.httpTokens", "rootBlockDevice.encrypted", "monitoring")),
            Map.entry("aws:ec2/launchTemplate:LaunchTemplate", List.of("instanceType", "imageId",
                    "metadataOptions.httpTokens", "monitoring.enabled")),
            Map.entry("aws:autoscaling/group:Group", List.of("minSize", "maxSize", "desiredCapacity", "healthCheckType",
                    "healthCheckGracePeriod", "launchTemplate.version", "instanceRefresh.strategy")),
            Map.entry("aws:autoscaling/policy:Policy", List.of(
                    "targetTrackingConfiguration.predefinedMetricSpecification.predefinedMetricType",
                    "targetTrackingConfiguration.targetValue")),
            Map.entry("aws:rds/instance:Instance", List.of("identifier", "engine", "engineVersion", "instanceClass",
                    "multiAz", "storageEncrypted", "backupRetentionPeriod", "deletionProtection", "replicateSourceDb",
                    "availabilityZone", "password")),
            Map.entry("aws:rds/parameterGroup:ParameterGroup", List.of("family")),
            Map.entry("aws:secretsmanager/secret:Secret", List.of("name")),
            Map.entry("aws:secretsmanager/secretVersion:SecretVersion", List.of("secretString")),
            Map.entry("aws:ssm/parameter:Parameter", List.of("name", "type")),
            Map.entry("aws:sns/topic:Topic", List.of("kmsMasterKeyId")),
            Map.entry("aws:sns/topicSubscription:TopicSubscription", List.of("protocol", "endpoint")),
            Map.entry("aws:cloudwatch/metricAlarm:MetricAlarm", List.of("metricName", "threshold")),
            Map.entry("aws:cloudwatch/dashboard:Dashboard", List.of("dashboardName")));

    private PlanTree() {
    }

    static String render(Plan plan, String region) {
        StringBuilder out = new StringBuilder();
        long resources = plan.resources().stream().filter(r -> !r.isComponent()).count();
        out.append("Plan of stack ").append(plan.stack()).append(" (project ").append(plan.project())
                .append(", region ").append(region).append("): ").append(resources)
                .append(" resources in ").append(plan.resources().size() - resources).append(" components\n");
        // Children by parent, in the plan's order: one pass, however many components there are.
        Map<String, List<Plan.Resource>> children = new java.util.HashMap<>();
        plan.resources().stream().filter(r -> r.parent() != null)
                .forEach(r -> children.computeIfAbsent(r.parent(), p -> new ArrayList<>()).add(r));
        for (Plan.Resource top : plan.resources().stream().filter(r -> r.parent() == null).toList()) {
            out.append('\n');
            if (top.isComponent()) {
                List<Plan.Resource> descendants = descendants(children, top.name());
                out.append(top.name()).append("  (").append(top.type()).append(", ")
                        .append(descendants.size()).append(" resources)\n");
                descendants.forEach(child -> line(out, child));
            } else {
                line(out, top);
            }
        }
        out.append("\nOutputs:\n");
        plan.outputs().forEach((name, value) -> out.append("  ").append(name).append(": ").append(value).append('\n'));
        return out.toString();
    }

    private static List<Plan.Resource> descendants(Map<String, List<Plan.Resource>> children, String component) {
        List<Plan.Resource> all = new ArrayList<>();
        for (Plan.Resource child : children.getOrDefault(component, List.of())) {
            if (child.isComponent()) {
                all.addAll(descendants(children, child.name()));
            } else {
                all.add(child);
            }
        }
        return all;
    }

    private static void line(StringBuilder out, Plan.Resource resource) {
        out.append(String.format("  + %-58s %s", resource.type(), resource.name()));
        List<String> settings = new ArrayList<>();
        for (String path : HIGHLIGHTS.getOrDefault(resource.type(), List.of())) {
            resource.input(path).ifPresent(value -> settings.add(path + "=" + compact(value)));
        }
        if (resource.protect()) {
            settings.add("protect");
        }
        if (!settings.isEmpty()) {
            out.append("  ").append(String.join(" ", settings));
        }
        out.append('\n');
    }

    private static String compact(Object value) {
        String text = value instanceof Map<?, ?> || value instanceof List<?>
                ? io.securewebinfra.common.Json.write(value) : String.valueOf(value);
        return text.length() > 90 ? text.substring(0, 87) + "..." : text;
    }
}
