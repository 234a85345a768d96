package io.securewebinfra.firewall;

import com.pulumi.aws.ec2.SecurityGroup;
import com.pulumi.aws.ec2.SecurityGroupArgs;
import com.pulumi.aws.vpc.SecurityGroupEgressRule;
import com.pulumi.aws.vpc.SecurityGroupEgressRuleArgs;
import com.pulumi.aws.vpc.SecurityGroupIngressRule;
import com.pulumi.aws.vpc.SecurityGroupIngressRuleArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import io.securewebinfra.common.Components;
import io.securewebinfra.config.Settings;

import java.util.Map;

import static io.securewebinfra.common.Components.child;

/**
 * The design's three firewalls as security groups. Each rule is its own resource, so a plan diff shows exactly which
 * flow changed; traffic inside the VPC is allowed by group reference, never by address range. No group admits SSH
 * or RDP: servers are administered through SSM Session Manager.
 */
public final class Firewalls extends ComponentResource {
    private final SecurityGroup loadBalancer;
    private final SecurityGroup webServers;
    private final SecurityGroup database;

    public Firewalls(String name, Output<String> vpcId, ComponentResourceOptions options) {
        super(Components.type("firewall", "Firewalls"), name, options);
        int https = Settings.WebTier.HTTPS_PORT;
        int mysql = Settings.Database.PORT;

        loadBalancer = group(name + "-lb", vpcId,
                "Firewall 3: the load balancer; HTTPS and HTTP (redirected) from the internet, out only to the web servers");
        webServers = group(name + "-web", vpcId,
                "Firewall 2: the web servers; HTTPS only from the load balancer, out to the database and HTTPS");
        database = group(name + "-db", vpcId,
                "Firewall 1: the database; MySQL only from the web servers, nothing out");

        for (int port : new int[]{443, 80}) {
            String service = port == 443 ? "https" : "http";
            ingressFromAnywhere(name + "-lb-in-" + service + "-ipv4", loadBalancer, port, "0.0.0.0/0", null,
                    service.toUpperCase() + " from the internet (IPv4)");
            ingressFromAnywhere(name + "-lb-in-" + service + "-ipv6", loadBalancer, port, null, "::/0",
                    service.toUpperCase() + " from the internet (IPv6)");
        }
        egressToGroup(name + "-lb-out-web", loadBalancer, webServers, https, "Re-encrypted traffic to the web servers");

        ingressFromGroup(name + "-web-in-lb", webServers, loadBalancer, https, "HTTPS from the load balancer only");
        egressToGroup(name + "-web-out-db", webServers, database, mysql, "MySQL over TLS to the database");
        new SecurityGroupEgressRule(name + "-web-out-https", SecurityGroupEgressRuleArgs.builder()
                .securityGroupId(webServers.id())
                .description("HTTPS out through NAT: packages, SSM, CloudWatch, Secrets Manager, Sumo Logic")
                .ipProtocol("tcp").fromPort(443).toPort(443)
                .cidrIpv4("0.0.0.0/0")
                .build(), child(this));

        ingressFromGroup(name + "-db-in-web", database, webServers, mysql, "MySQL from the web servers only");

        registerOutputs(Map.of(
                "loadBalancerGroupId", loadBalancer.id(),
                "webServerGroupId", webServers.id(),
                "databaseGroupId", database.id()));
    }

    private SecurityGroup group(String name, Output<String> vpcId, String description) {
        // Rules live in separate resources, so the group itself is declared with none: AWS's default
        // allow-all egress rule is removed by the provider when a group is created without inline rules.
        return new SecurityGroup(name + "-sg", SecurityGroupArgs.builder()
                .vpcId(vpcId)
                .description(description)
                .revokeRulesOnDelete(true)
                .tags(Map.of("Name", name))
                .build(), child(this));
    }

    private void ingressFromAnywhere(String name, SecurityGroup target, int port, String ipv4, String ipv6,
                                     String description) {
        var args = SecurityGroupIngressRuleArgs.builder()
                .securityGroupId(target.id())
                .description(description)
                .ipProtocol("tcp").fromPort(port).toPort(port);
        if (ipv4 != null) {
            args.cidrIpv4(ipv4);
        } else {
            args.cidrIpv6(ipv6);
        }
        new SecurityGroupIngressRule(name, args.build(), child(this));
    }

    private void ingressFromGroup(String name, SecurityGroup target, SecurityGroup source, int port, String description) {
        new SecurityGroupIngressRule(name, SecurityGroupIngressRuleArgs.builder()
                .securityGroupId(target.id())
                .referencedSecurityGroupId(source.id())
                .description(description)
                .ipProtocol("tcp").fromPort(port).toPort(port)
                .build(), child(this));
    }

    private void egressToGroup(String name, SecurityGroup source, SecurityGroup destination, int port,
                               String description) {
        new SecurityGroupEgressRule(name, SecurityGroupEgressRuleArgs.builder()
                .securityGroupId(source.id())
                .referencedSecurityGroupId(destination.id())
                .description(description)
                .ipProtocol("tcp").fromPort(port).toPort(port)
                .build(), child(this));
    }

    public Output<String> loadBalancerGroupId() {
        return loadBalancer.id();
    }

    public Output<String> webServerGroupId() {
        return webServers.id();
    }

    public Output<String> databaseGroupId() {
        return database.id();
    }
}
