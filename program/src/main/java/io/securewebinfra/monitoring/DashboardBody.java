package io.securewebinfra.monitoring;

import com.pulumi.aws.ec2.Instance;
import com.pulumi.core.Output;
import io.securewebinfra.common.Json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The CloudWatch dashboard: QPS per server, latency, errors, server health and database health. Fixed servers are
 * graphed one line each; an Auto Scaling group, whose servers come and go, as a whole with its size.
 */
final class DashboardBody {
    private static final int WIDTH = 12;
    private static final int HEIGHT = 6;

    private DashboardBody() {
    }

    static Output<String> of(String region, double qpsThreshold, Monitoring.Targets targets) {
        Output<List<String>> instanceIds = Output.all(targets.servers().stream().map(Instance::id).toList());
        Output<Optional<String>> group = targets.serverGroupName().map(g -> g.applyValue(Optional::of))
                .orElse(Output.of(Optional.empty()));
        return Output.tuple(targets.loadBalancerArnSuffix(), targets.targetGroupArnSuffix(), instanceIds, group,
                        targets.primaryIdentifier(), targets.replicaIdentifier())
                .applyValue(t -> render(region, qpsThreshold, t.t1, t.t2,
                        t.t4.<WebServers>map(WebServers.Group::new).orElseGet(() -> new WebServers.Fixed(t.t3)),
                        t.t5, t.t6));
    }

    /** The web servers as the dashboard graphs them: one line per fixed server, or the Auto Scaling group as one. */
    sealed interface WebServers {
        record Fixed(List<String> instanceIds) implements WebServers {
        }

        record Group(String name) implements WebServers {
        }
    }

    static String render(String region, double qpsThreshold, String lb, String tg, WebServers servers,
                         String primary, String replica) {
        List<Map<String, Object>> widgets = new ArrayList<>();
        // RequestCountPerTarget is a per-minute sum per server: divided by 60 it is requests per second.
        widgets.add(widget("QPS per web server (requests/s)", region, List.of(
                List.of(Map.of("expression", "m1/60", "label", "QPS per server", "id", "qps")),
                List.of("AWS/ApplicationELB", "RequestCountPerTarget", "TargetGroup", tg, "LoadBalancer", lb,
                        Map.of("id", "m1", "stat", "Sum", "period", 60, "visible", false)),
                List.of(Map.of("expression", "m2/60", "label", "QPS total", "id", "total")),
                List.of("AWS/ApplicationELB", "RequestCount", "LoadBalancer", lb,
                        Map.of("id", "m2", "stat", "Sum", "period", 60, "visible", false))),
                Map.of("horizontal", List.of(Map.of("label", "QPS alarm", "value", qpsThreshold)))));
        widgets.add(widget("Response time (s)", region, List.of(
                List.of("AWS/ApplicationELB", "TargetResponseTime", "LoadBalancer", lb, Map.of("stat", "p95", "period", 60)),
                List.of("AWS/ApplicationELB", "TargetResponseTime", "LoadBalancer", lb, Map.of("stat", "p99", "period", 60))),
                null));
        widgets.add(widget("Errors (count per minute)", region, List.of(
                List.of("AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", "LoadBalancer", lb, Map.of("stat", "Sum", "period", 60)),
                List.of("AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count", "LoadBalancer", lb, Map.of("stat", "Sum", "period", 60)),
                List.of("AWS/ApplicationELB", "HTTPCode_Target_4XX_Count", "LoadBalancer", lb, Map.of("stat", "Sum", "period", 60))),
                null));
        widgets.add(widget("Web servers in service", region, List.of(
                List.of("AWS/ApplicationELB", "HealthyHostCount", "TargetGroup", tg, "LoadBalancer", lb, Map.of("stat", "Minimum", "period", 60)),
                List.of("AWS/ApplicationELB", "UnHealthyHostCount", "TargetGroup", tg, "LoadBalancer", lb, Map.of("stat", "Maximum", "period", 60))),
                null));
        if (servers instanceof WebServers.Fixed fixed) {
            List<Object> cpu = new ArrayList<>();
            List<Object> memory = new ArrayList<>();
            for (String id : fixed.instanceIds()) {
                cpu.add(List.of("AWS/EC2", "CPUUtilization", "InstanceId", id, Map.of("stat", "Average", "period", 60)));
                memory.add(List.of("CWAgent", "mem_used_percent", "InstanceId", id, Map.of("stat", "Average", "period", 60)));
            }
            widgets.add(widget("Web server CPU (%)", region, cpu, null));
            widgets.add(widget("Web server memory used (%)", region, memory, null));
        } else if (servers instanceof WebServers.Group group) {
            widgets.add(widget("Web server group CPU (%)", region, List.of(
                    List.of("AWS/EC2", "CPUUtilization", "AutoScalingGroupName", group.name(), Map.of("stat", "Average", "period", 60)),
                    List.of("AWS/EC2", "CPUUtilization", "AutoScalingGroupName", group.name(), Map.of("stat", "Maximum", "period", 60))),
                    null));
            List<Object> size = new ArrayList<>();
            for (String metric : List.of("GroupInServiceInstances", "GroupDesiredCapacity", "GroupMinSize", "GroupMaxSize")) {
                size.add(List.of("AWS/AutoScaling", metric, "AutoScalingGroupName", group.name(), Map.of("stat", "Average", "period", 60)));
            }
            widgets.add(widget("Web server group size (servers)", region, size, null));
        }
        widgets.add(widget("Database CPU (%) and connections", region, List.of(
                List.of("AWS/RDS", "CPUUtilization", "DBInstanceIdentifier", primary, Map.of("stat", "Average", "period", 60)),
                List.of("AWS/RDS", "CPUUtilization", "DBInstanceIdentifier", replica, Map.of("stat", "Average", "period", 60)),
                List.of("AWS/RDS", "DatabaseConnections", "DBInstanceIdentifier", primary,
                        Map.of("stat", "Maximum", "period", 60, "yAxis", "right"))),
                null));
        widgets.add(widget("Database free storage (bytes) and replica lag (s)", region, List.of(
                List.of("AWS/RDS", "FreeStorageSpace", "DBInstanceIdentifier", primary, Map.of("stat", "Minimum", "period", 300)),
                List.of("AWS/RDS", "ReplicaLag", "DBInstanceIdentifier", replica,
                        Map.of("stat", "Maximum", "period", 60, "yAxis", "right"))),
                null));
        for (int i = 0; i < widgets.size(); i++) {
            widgets.get(i).put("x", (i % 2) * WIDTH);
            widgets.get(i).put("y", (i / 2) * HEIGHT);
        }
        return Json.write(Map.of("widgets", widgets));
    }

    private static Map<String, Object> widget(String title, String region, List<?> metrics,
                                              Map<String, Object> annotations) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("title", title);
        properties.put("region", region);
        properties.put("view", "timeSeries");
        properties.put("stacked", false);
        properties.put("metrics", metrics);
        if (annotations != null) {
            properties.put("annotations", annotations);
        }
        Map<String, Object> widget = new LinkedHashMap<>();
        widget.put("type", "metric");
        widget.put("width", WIDTH);
        widget.put("height", HEIGHT);
        widget.put("properties", properties);
        return widget;
    }
}
