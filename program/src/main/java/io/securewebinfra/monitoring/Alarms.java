package io.securewebinfra.monitoring;

import com.pulumi.aws.cloudwatch.MetricAlarm;
import com.pulumi.aws.cloudwatch.MetricAlarmArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.securewebinfra.common.Components.child;

/** Declares the alarms of a {@link Monitoring} component, all notifying one topic on alarm and on recovery. */
final class Alarms {
    private final String prefix;
    private final ComponentResource parent;
    private final Output<String> topicArn;

    Alarms(String prefix, ComponentResource parent, Output<String> topicArn) {
        this.prefix = prefix;
        this.parent = parent;
        this.topicArn = topicArn;
    }

    void above(String name, String namespace, String metric, String statistic, Output<Map<String, String>> dimensions,
               int period, int periods, double threshold, String description) {
        declare(name, base(namespace, metric, dimensions, period, periods, threshold, description)
                .statistic(statistic)
                .comparisonOperator("GreaterThanThreshold"), List.of());
    }

    void below(String name, String namespace, String metric, String statistic, Output<Map<String, String>> dimensions,
               int period, int periods, double threshold, String description) {
        declare(name, base(namespace, metric, dimensions, period, periods, threshold, description)
                .statistic(statistic)
                .comparisonOperator("LessThanThreshold"), List.of());
    }

    void aboveP95(String name, Output<Map<String, String>> dimensions, double seconds, String description) {
        declare(name, base("AWS/ApplicationELB", "TargetResponseTime", dimensions, Monitoring.MINUTE, 5, seconds,
                description)
                .extendedStatistic("p95")
                .comparisonOperator("GreaterThanThreshold"), List.of());
    }

    /** A failed status check; the system check also triggers EC2 automatic recovery. */
    void statusCheck(String name, Output<Map<String, String>> dimensions, String metric, String recoverAction,
                     String description) {
        var args = base("AWS/EC2", metric, dimensions, Monitoring.MINUTE, 2, 0, description)
                .statistic("Maximum")
                .comparisonOperator("GreaterThanThreshold")
                .treatMissingData("missing");
        declare(name, args, recoverAction == null ? List.of() : List.of(recoverAction));
    }

    private MetricAlarmArgs.Builder base(String namespace, String metric, Output<Map<String, String>> dimensions,
                                         int period, int periods, double threshold, String description) {
        return MetricAlarmArgs.builder()
                .alarmDescription(description)
                .namespace(namespace)
                .metricName(metric)
                .dimensions(dimensions)
                .period(period)
                .evaluationPeriods(periods)
                .threshold(threshold)
                // Load balancer metrics only exist while traffic flows: silence is not an alarm.
                .treatMissingData("notBreaching");
    }

    private void declare(String name, MetricAlarmArgs.Builder args, List<String> extraActions) {
        Output<List<String>> actions = topicArn.applyValue(arn -> {
            List<String> all = new ArrayList<>(extraActions);
            all.add(arn);
            return all;
        });
        new MetricAlarm(prefix + "-" + name, args
                .alarmActions(actions)
                .okActions(topicArn.applyValue(List::of))
                .build(), child(parent));
    }
}
