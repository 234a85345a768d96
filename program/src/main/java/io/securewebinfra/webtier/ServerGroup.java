package io.securewebinfra.webtier;

import com.pulumi.aws.autoscaling.Group;
import com.pulumi.aws.autoscaling.GroupArgs;
import com.pulumi.aws.autoscaling.Policy;
import com.pulumi.aws.autoscaling.PolicyArgs;
import com.pulumi.aws.autoscaling.inputs.GroupInstanceRefreshArgs;
import com.pulumi.aws.autoscaling.inputs.GroupInstanceRefreshPreferencesArgs;
import com.pulumi.aws.autoscaling.inputs.GroupLaunchTemplateArgs;
import com.pulumi.aws.autoscaling.inputs.GroupTagArgs;
import com.pulumi.aws.autoscaling.inputs.PolicyTargetTrackingConfigurationArgs;
import com.pulumi.aws.autoscaling.inputs.PolicyTargetTrackingConfigurationPredefinedMetricSpecificationArgs;
import com.pulumi.aws.ec2.LaunchTemplate;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.CustomResourceOptions;
import io.securewebinfra.config.Settings;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.securewebinfra.common.Components.child;

/**
 * The web servers of {@code webTierMode: autoscaling}: a launch template made from the same {@link ServerTemplate} as
 * the fixed servers, an Auto Scaling group over the private app subnets registered in the load balancer's HTTPS
 * target group, and two target-tracking policies, one on the QPS per server the design monitors and one on CPU.
 */
final class ServerGroup {
    /** The group metrics sent to CloudWatch every minute, which the alarms and the dashboard read. */
    static final List<String> GROUP_METRICS = List.of("GroupMinSize", "GroupMaxSize", "GroupDesiredCapacity",
            "GroupInServiceInstances", "GroupPendingInstances", "GroupStandbyInstances", "GroupTerminatingInstances",
            "GroupTotalInstances");
    /**
     * An instance refresh launches a new server before it stops an old one (at most 10 % above the size, and at
     * least one server), so the fleet never has fewer healthy servers than it needs while it rolls.
     */
    static final int REFRESH_MIN_HEALTHY_PERCENT = 100;
    static final int REFRESH_MAX_HEALTHY_PERCENT = 110;

    private final Group group;

    ServerGroup(String name, Settings.Scaling scaling, ServerTemplate servers, Map<String, String> stackTags,
                List<Output<String>> subnetIds, WebTier.Traffic loadBalancer, ComponentResource parent) {
        var template = new LaunchTemplate(name + "-launch-template", servers.launchTemplate(name, stackTags),
                servers.options(parent, "imageId"));

        group = new Group(name + "-group", GroupArgs.builder()
                .vpcZoneIdentifiers(Output.all(subnetIds))
                .minSize(scaling.minSize())
                .maxSize(scaling.maxSize())
                .desiredCapacity(scaling.desiredSize())
                // A server that fails the load balancer's /health check is replaced, not only one whose EC2 checks fail.
                .healthCheckType("ELB")
                .healthCheckGracePeriod(scaling.healthCheckGraceSeconds())
                .defaultInstanceWarmup(scaling.healthCheckGraceSeconds())
                .targetGroupArns(loadBalancer.targetGroupArn().applyValue(List::of))
                // On creation, wait until the minimum passes the load balancer's health check: a switch from fixed
                // servers deletes them only after the group serves.
                .minElbCapacity(scaling.minSize())
                // The template's own version number, not $Latest: only a changed number shows the group a new
                // template, and only then does the instance refresh below roll the fleet onto it.
                .launchTemplate(GroupLaunchTemplateArgs.builder()
                        .id(template.id())
                        .version(template.latestVersion().applyValue(String::valueOf))
                        .build())
                .instanceRefresh(GroupInstanceRefreshArgs.builder()
                        .strategy("Rolling")
                        .preferences(GroupInstanceRefreshPreferencesArgs.builder()
                                .minHealthyPercentage(REFRESH_MIN_HEALTHY_PERCENT)
                                .maxHealthyPercentage(REFRESH_MAX_HEALTHY_PERCENT)
                                .skipMatching(true)
                                .build())
                        .build())
                .enabledMetrics(GROUP_METRICS)
                .metricsGranularity("1Minute")
                .tags(propagated(ServerTemplate.merged(stackTags, ServerTemplate.serverTags(name))))
                .build(), CustomResourceOptions.builder().parent(parent)
                // The scaling policies own the size once the group exists; a later `pulumi up` must not undo them.
                .ignoreChanges("desiredCapacity")
                .build());

        targetTracking(name + "-scale-on-requests", "ALBRequestCountPerTarget",
                Output.tuple(loadBalancer.loadBalancerArnSuffix(), loadBalancer.targetGroupArnSuffix())
                        .applyValue(t -> t.t1 + "/" + t.t2),
                scaling.requestsPerServer(), parent);
        targetTracking(name + "-scale-on-cpu", "ASGAverageCPUUtilization", null, scaling.cpuTargetPercent(), parent);
    }

    /**
     * A target-tracking policy. With two of them the group scales out when either asks for more servers and scales
     * in only when both allow it.
     *
     * @param resourceLabel {@code <load balancer arn suffix>/<target group arn suffix>} for a load balancer metric
     */
    private void targetTracking(String name, String metric, Output<String> resourceLabel, double target,
                                ComponentResource parent) {
        var metricSpecification = PolicyTargetTrackingConfigurationPredefinedMetricSpecificationArgs.builder()
                .predefinedMetricType(metric);
        if (resourceLabel != null) {
            metricSpecification.resourceLabel(resourceLabel);
        }
        new Policy(name, PolicyArgs.builder()
                .autoscalingGroupName(group.name())
                .policyType("TargetTrackingScaling")
                .targetTrackingConfiguration(PolicyTargetTrackingConfigurationArgs.builder()
                        .predefinedMetricSpecification(metricSpecification.build())
                        .targetValue(target)
                        .build())
                .build(), child(parent));
    }

    /** Group tags copied onto every server it launches, in key order. */
    private static List<GroupTagArgs> propagated(Map<String, String> tags) {
        return new TreeMap<>(tags).entrySet().stream()
                .map(tag -> GroupTagArgs.builder().key(tag.getKey()).value(tag.getValue()).propagateAtLaunch(true).build())
                .toList();
    }

    Output<String> name() {
        return group.name();
    }
}
