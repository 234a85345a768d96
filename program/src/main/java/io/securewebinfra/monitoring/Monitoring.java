package io.securewebinfra.monitoring;

import com.pulumi.aws.cloudwatch.Dashboard;
import com.pulumi.aws.cloudwatch.DashboardArgs;
import com.pulumi.aws.ec2.Instance;
import com.pulumi.aws.sns.Topic;
import com.pulumi.aws.sns.TopicArgs;
import com.pulumi.aws.sns.TopicSubscription;
import com.pulumi.aws.sns.TopicSubscriptionArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import io.securewebinfra.common.Components;
import io.securewebinfra.config.Settings;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.securewebinfra.common.Components.child;

/**
 * The monitoring service side: an alarm topic encrypted with a key of its own (with an optional e-mail subscription),
 * alarms on what the design watches (QPS per server, errors, latency, unhealthy targets, instance health, database
 * health and replica lag) and a dashboard of the same.
 */
public final class Monitoring extends ComponentResource {
    /** Alarm periods in seconds; detailed monitoring gives one-minute EC2 metrics. */
    static final int MINUTE = 60;
    static final int FIVE_MINUTES = 300;

    private final Topic topic;
    private final Dashboard dashboard;

    /**
     * The resources the alarms watch, as CloudWatch names them.
     *
     * @param servers         the fixed web servers, none with an Auto Scaling group
     * @param serverGroupName the Auto Scaling group's name, in {@code autoscaling} mode
     */
    public record Targets(
            Output<String> loadBalancerArnSuffix,
            Output<String> targetGroupArnSuffix,
            List<Instance> servers,
            Optional<Output<String>> serverGroupName,
            Output<String> primaryIdentifier,
            Output<String> replicaIdentifier) {
    }

    /**
     * The metric a web server's bootstrap reports a failed run with, and the log group that says why.
     *
     * @param namespace the metric's namespace; its dimension is {@code Stack}
     * @param metric    the metric's name
     * @param logGroup  the bootstrap's log group
     */
    public record BootstrapFailures(String namespace, String metric, String logGroup) {
    }

    /**
     * What is watched, and how.
     *
     * @param project           the project, whose name the alarm topic and its key carry
     * @param stack             the stack, likewise
     * @param region            the region, which the dashboard and the recovery action name
     * @param alarms            the alarm e-mail and the QPS threshold
     * @param scaling           the Auto Scaling group's bounds, in {@code autoscaling} mode
     * @param bootstrapFailures the web servers' failure metric
     * @param dashboardName     the dashboard's name
     * @param targets           the resources the alarms watch
     */
    public record Args(String project, String stack, String region, Settings.Monitoring alarms,
                       Optional<Settings.Scaling> scaling, BootstrapFailures bootstrapFailures, String dashboardName,
                       Targets targets) {
        public Args {
            if (scaling.isPresent() != targets.serverGroupName().isPresent()) {
                throw new IllegalArgumentException("a server group's alarms need both its bounds and its name");
            }
        }
    }

    public Monitoring(String name, Args args, ComponentResourceOptions options) {
        super(Components.type("monitoring", "Monitoring"), name, options);
        Settings.Monitoring config = args.alarms();
        Targets targets = args.targets();
        String region = args.region();

        var key = new AlarmTopicKey(name + "-alarms-key", args.project(), args.stack(), region, this);
        topic = new Topic(name + "-alarms", TopicArgs.builder()
                .displayName(args.project() + " " + args.stack() + " alarms")
                // Alarm messages name resources and states; they stay encrypted at rest, with a key CloudWatch may use.
                .kmsMasterKeyId(key.arn())
                .build(), child(this));
        config.alarmEmail().ifPresent(email -> new TopicSubscription(name + "-alarms-email",
                TopicSubscriptionArgs.builder()
                        .topic(topic.arn())
                        .protocol("email")
                        .endpoint(email)
                        .build(), child(this)));

        var alarms = new Alarms(name, this, topic.arn());
        Output<Map<String, String>> targetGroup = Output.tuple(targets.targetGroupArnSuffix(),
                        targets.loadBalancerArnSuffix())
                .applyValue(t -> Map.of("TargetGroup", t.t1, "LoadBalancer", t.t2));
        Output<Map<String, String>> loadBalancer = targets.loadBalancerArnSuffix()
                .applyValue(lb -> Map.of("LoadBalancer", lb));

        double requestsPerMinute = config.qpsAlarmThreshold() * MINUTE;
        alarms.above("qps-per-server", "AWS/ApplicationELB", "RequestCountPerTarget", "Sum", targetGroup,
                MINUTE, 3, requestsPerMinute,
                "Requests per second per web server above " + format(config.qpsAlarmThreshold())
                        + " (RequestCountPerTarget per minute above " + format(requestsPerMinute) + ")");
        alarms.above("target-5xx", "AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", "Sum", loadBalancer,
                FIVE_MINUTES, 1, 10, "The web servers answered more than 10 5XX responses in 5 minutes");
        alarms.above("elb-5xx", "AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count", "Sum", loadBalancer,
                FIVE_MINUTES, 1, 10, "The load balancer answered more than 10 5XX responses in 5 minutes");
        alarms.aboveP95("latency-p95", loadBalancer, 1.0,
                "95th percentile of the web servers' response time above 1 s");
        alarms.above("unhealthy-hosts", "AWS/ApplicationELB", "UnHealthyHostCount", "Maximum", targetGroup,
                MINUTE, 2, 0, "At least one web server fails its /health check");

        for (Instance server : targets.servers()) {
            String label = server.pulumiResourceName();
            Output<Map<String, String>> instance = server.id().applyValue(id -> Map.of("InstanceId", id));
            alarms.statusCheck(label + "-system-check", instance, "StatusCheckFailed_System",
                    "arn:" + Components.partition(region) + ":automate:" + region + ":ec2:recover",
                    label + ": the host failed its system status check; the instance is recovered onto new hardware");
            alarms.statusCheck(label + "-instance-check", instance, "StatusCheckFailed_Instance", null,
                    label + ": the instance failed its status check");
            alarms.above(label + "-cpu", "AWS/EC2", "CPUUtilization", "Average", instance, FIVE_MINUTES, 3, 80,
                    label + ": CPU above 80% for 15 minutes");
        }
        args.scaling().ifPresent(scaling -> groupAlarms(alarms, scaling,
                targets.serverGroupName().orElseThrow(), targetGroup));

        // Every server's bootstrap reports a failed run; systemd runs it again, but someone should know why it failed.
        BootstrapFailures failures = args.bootstrapFailures();
        alarms.above("bootstrap-failures", failures.namespace(), failures.metric(),
                "Sum", Output.of(Map.of("Stack", args.stack())), FIVE_MINUTES, 1, 0,
                "A web server's bootstrap failed a run (see the log group " + failures.logGroup()
                        + "); it is started again until it succeeds");

        Output<Map<String, String>> primary = targets.primaryIdentifier()
                .applyValue(id -> Map.of("DBInstanceIdentifier", id));
        Output<Map<String, String>> replica = targets.replicaIdentifier()
                .applyValue(id -> Map.of("DBInstanceIdentifier", id));
        alarms.above("db-cpu", "AWS/RDS", "CPUUtilization", "Average", primary, FIVE_MINUTES, 3, 80,
                "Database primary: CPU above 80% for 15 minutes");
        alarms.below("db-free-storage", "AWS/RDS", "FreeStorageSpace", "Minimum", primary, FIVE_MINUTES, 1,
                2L * 1024 * 1024 * 1024, "Database primary: less than 2 GiB of free storage");
        alarms.above("db-replica-lag", "AWS/RDS", "ReplicaLag", "Maximum", replica, MINUTE, 5, 60,
                "Database replica: more than 60 s behind the primary for 5 minutes");

        dashboard = new Dashboard(name + "-dashboard", DashboardArgs.builder()
                .dashboardName(args.dashboardName())
                .dashboardBody(DashboardBody.of(region, config.qpsAlarmThreshold(), targets))
                .build(), child(this));

        registerOutputs(Map.of("alarmTopicArn", topic.arn(), "dashboardName", dashboard.dashboardName()));
    }


    /**
     * A group's servers come and go, so they are watched as a group: the group replaces a server that fails its
     * checks by itself, and what needs a person is a fleet too busy or too small.
     */
    private static void groupAlarms(Alarms alarms, Settings.Scaling scaling, Output<String> groupName,
                                    Output<Map<String, String>> targetGroup) {
        Output<Map<String, String>> group = groupName.applyValue(n -> Map.of("AutoScalingGroupName", n));
        alarms.above("web-group-cpu", "AWS/EC2", "CPUUtilization", "Average", group, FIVE_MINUTES, 3, 80,
                "Web server group: average CPU above 80% for 15 minutes (at its maximum size, or not scaling out)");
        alarms.below("web-group-in-service", "AWS/AutoScaling", "GroupInServiceInstances", "Minimum", group,
                MINUTE, 5, scaling.minSize(), "Web server group: fewer than webMinSize (" + scaling.minSize()
                        + ") servers in service for 5 minutes");
        alarms.below("healthy-hosts", "AWS/ApplicationELB", "HealthyHostCount", "Minimum", targetGroup,
                MINUTE, 5, scaling.minSize(), "Fewer than webMinSize (" + scaling.minSize()
                        + ") web servers pass the /health check for 5 minutes");
    }

    static String format(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }

    public Output<String> alarmTopicArn() {
        return topic.arn();
    }

    public Output<String> dashboardUrl(String region) {
        return dashboard.dashboardName().applyValue(n -> "https://" + region + ".console.aws.amazon.com/cloudwatch/home?region="
                + region + "#dashboards:name=" + n);
    }
}
