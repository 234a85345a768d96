package io.securewebinfra.edge;

import com.pulumi.aws.route53.Record;
import com.pulumi.aws.route53.RecordArgs;
import com.pulumi.aws.route53.inputs.RecordAliasArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import io.securewebinfra.common.Components;
import io.securewebinfra.config.Settings;

import java.util.List;
import java.util.Map;

import static io.securewebinfra.common.Components.child;

/** The names users type: www and the apex, IPv4 and IPv6 aliases to the load balancer. */
public final class SiteRecords extends ComponentResource {

    public SiteRecords(String name, Settings.Edge edge, Output<String> zoneId, LoadBalancer loadBalancer,
                       ComponentResourceOptions options) {
        super(Components.type("edge", "SiteRecords"), name, options);
        for (String host : List.of(edge.siteHost(), edge.domain())) {
            String label = host.equals(edge.domain()) ? "apex" : "www";
            for (String type : List.of("A", "AAAA")) {
                new Record(name + "-" + label + "-" + type.toLowerCase(), RecordArgs.builder()
                        .zoneId(zoneId)
                        .name(host)
                        .type(type)
                        .aliases(RecordAliasArgs.builder()
                                .name(loadBalancer.dnsName())
                                .zoneId(loadBalancer.zoneId())
                                .evaluateTargetHealth(true)
                                .build())
                        .build(), child(this));
            }
        }
        registerOutputs(Map.of());
    }
}
