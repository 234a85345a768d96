package io.securewebinfra.edge;

import com.pulumi.aws.AwsFunctions;
import com.pulumi.aws.elb.ElbFunctions;
import com.pulumi.aws.lb.Listener;
import com.pulumi.aws.lb.ListenerArgs;
import com.pulumi.aws.lb.LoadBalancerArgs;
import com.pulumi.aws.lb.TargetGroup;
import com.pulumi.aws.lb.TargetGroupArgs;
import com.pulumi.aws.lb.inputs.ListenerDefaultActionArgs;
import com.pulumi.aws.lb.inputs.ListenerDefaultActionRedirectArgs;
import com.pulumi.aws.lb.inputs.LoadBalancerAccessLogsArgs;
import com.pulumi.aws.lb.inputs.TargetGroupHealthCheckArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import io.securewebinfra.common.Components;
import io.securewebinfra.config.Settings;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.securewebinfra.common.Components.child;

/**
 * The internet-facing Application Load Balancer: TLS 1.2+ on 443 with the site's certificate, port 80 only
 * redirecting to HTTPS, and traffic re-encrypted to the servers over HTTPS, so that nothing crosses the VPC in clear
 * text. Access logs go to a private, encrypted bucket of its own.
 */
public final class LoadBalancer extends ComponentResource {
    private static final String LOG_PREFIX = "alb";

    private final com.pulumi.aws.lb.LoadBalancer alb;
    private final TargetGroup targetGroup;

    /**
     * What the load balancer is made of and where it goes.
     *
     * @param region          the region, which decides how access logs are delivered
     * @param edge            TLS policy, deletion protection and access log retention
     * @param vpcId           the VPC of its target group
     * @param subnetIds       the public subnets, one per AZ
     * @param securityGroupId the load balancer's firewall
     * @param certificateArn  the certificate its HTTPS listener serves
     */
    public record Args(String region, Settings.Edge edge, Output<String> vpcId, Output<List<String>> subnetIds,
                       Output<String> securityGroupId, Output<String> certificateArn) {
    }

    public LoadBalancer(String name, Args args, ComponentResourceOptions options) {
        super(Components.type("edge", "LoadBalancer"), name, options);
        String region = args.region();
        Settings.Edge edge = args.edge();
        Output<String> vpcId = args.vpcId();
        Output<String> certificateArn = args.certificateArn();

        var accountId = AwsFunctions.getCallerIdentity(com.pulumi.aws.inputs.GetCallerIdentityArgs.builder().build(), Components.invoke(this)).applyValue(id -> id.accountId());
        // Only older regions have an ELB log delivery account; asking the provider elsewhere fails the deployment.
        Optional<Output<String>> elbAccountArn = AccessLogBucket.REGIONS_WITH_ELB_ACCOUNT.contains(region)
                ? Optional.of(ElbFunctions.getServiceAccount(
                        com.pulumi.aws.elb.inputs.GetServiceAccountArgs.builder().build(), Components.invoke(this))
                        .applyValue(account -> account.arn()))
                : Optional.empty();
        var logs = new AccessLogBucket(name + "-access-logs", LOG_PREFIX, edge.accessLogRetentionDays(),
                !edge.deletionProtection(), accountId, elbAccountArn, this);

        alb = new com.pulumi.aws.lb.LoadBalancer(name + "-alb", LoadBalancerArgs.builder()
                .loadBalancerType("application")
                .internal(false)
                .ipAddressType("dualstack")
                .subnets(args.subnetIds())
                .securityGroups(args.securityGroupId().applyValue(List::of))
                .dropInvalidHeaderFields(true)
                .desyncMitigationMode("defensive")
                .enableDeletionProtection(edge.deletionProtection())
                .idleTimeout(60)
                .accessLogs(LoadBalancerAccessLogsArgs.builder()
                        .bucket(logs.bucketName())
                        .prefix(LOG_PREFIX)
                        .enabled(true)
                        .build())
                .tags(Map.of("Name", name + "-alb"))
                .build(), CustomResourceOptions.builder().parent(this)
                // AWS checks that it may write to the bucket when logging is switched on.
                .dependsOn(logs.policy())
                .build());

        targetGroup = new TargetGroup(name + "-web-https", TargetGroupArgs.builder()
                .vpcId(vpcId)
                .targetType("instance")
                .protocol("HTTPS")
                .port(Settings.WebTier.HTTPS_PORT)
                .deregistrationDelay(30)
                .healthCheck(TargetGroupHealthCheckArgs.builder()
                        .enabled(true)
                        .protocol("HTTPS")
                        .path("/health")
                        .matcher("200")
                        .interval(15)
                        .timeout(5)
                        .healthyThreshold(2)
                        .unhealthyThreshold(3)
                        .build())
                .tags(Map.of("Name", name + "-web-https"))
                .build(), child(this));

        new Listener(name + "-https", ListenerArgs.builder()
                .loadBalancerArn(alb.arn())
                .port(443)
                .protocol("HTTPS")
                .sslPolicy(edge.tlsPolicy())
                .certificateArn(certificateArn)
                .defaultActions(ListenerDefaultActionArgs.builder()
                        .type("forward")
                        .targetGroupArn(targetGroup.arn())
                        .build())
                .build(), child(this));

        new Listener(name + "-http-redirect", ListenerArgs.builder()
                .loadBalancerArn(alb.arn())
                .port(80)
                .protocol("HTTP")
                .defaultActions(ListenerDefaultActionArgs.builder()
                        .type("redirect")
                        .redirect(ListenerDefaultActionRedirectArgs.builder()
                                .protocol("HTTPS")
                                .port("443")
                                .statusCode("HTTP_301")
                                .build())
                        .build())
                .build(), child(this));

        registerOutputs(Map.of("dnsName", alb.dnsName(), "targetGroupArn", targetGroup.arn()));
    }

    /** The regions where Elastic Load Balancing delivers access logs as a regional account of its own. */
    public static java.util.Set<String> regionsWithElbAccount() {
        return AccessLogBucket.REGIONS_WITH_ELB_ACCOUNT;
    }

    public Output<String> dnsName() {
        return alb.dnsName();
    }

    public Output<String> zoneId() {
        return alb.zoneId();
    }

    /** The {@code app/<name>/<id>} suffix CloudWatch uses as the LoadBalancer dimension. */
    public Output<String> arnSuffix() {
        return alb.arnSuffix();
    }

    public Output<String> targetGroupArn() {
        return targetGroup.arn();
    }

    /** The {@code targetgroup/<name>/<id>} suffix CloudWatch uses as the TargetGroup dimension. */
    public Output<String> targetGroupArnSuffix() {
        return targetGroup.arnSuffix();
    }
}
