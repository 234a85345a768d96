package io.securewebinfra.network;

import com.pulumi.aws.cloudwatch.LogGroup;
import com.pulumi.aws.cloudwatch.LogGroupArgs;
import com.pulumi.aws.ec2.DefaultSecurityGroup;
import com.pulumi.aws.ec2.DefaultSecurityGroupArgs;
import com.pulumi.aws.ec2.Eip;
import com.pulumi.aws.ec2.EipArgs;
import com.pulumi.aws.ec2.FlowLog;
import com.pulumi.aws.ec2.FlowLogArgs;
import com.pulumi.aws.ec2.InternetGateway;
import com.pulumi.aws.ec2.InternetGatewayArgs;
import com.pulumi.aws.ec2.NatGateway;
import com.pulumi.aws.ec2.NatGatewayArgs;
import com.pulumi.aws.ec2.Route;
import com.pulumi.aws.ec2.RouteArgs;
import com.pulumi.aws.ec2.RouteTable;
import com.pulumi.aws.ec2.RouteTableArgs;
import com.pulumi.aws.ec2.RouteTableAssociation;
import com.pulumi.aws.ec2.RouteTableAssociationArgs;
import com.pulumi.aws.ec2.Subnet;
import com.pulumi.aws.ec2.SubnetArgs;
import com.pulumi.aws.ec2.Vpc;
import com.pulumi.aws.ec2.VpcArgs;
import com.pulumi.aws.iam.Role;
import com.pulumi.aws.iam.RoleArgs;
import com.pulumi.aws.iam.RolePolicy;
import com.pulumi.aws.iam.RolePolicyArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import io.securewebinfra.common.Components;
import io.securewebinfra.config.Cidr;
import io.securewebinfra.config.Settings;
import io.securewebinfra.iam.PolicyDocuments;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.securewebinfra.common.Components.child;

/**
 * The VPC: per AZ a public subnet (load balancer, NAT), a private app subnet (web servers) and a private database
 * subnet; an internet gateway, NAT gateways for the app subnets' outbound traffic, a local-only route table for the
 * database subnets, the default security group stripped of its rules, and flow logs of all traffic to CloudWatch
 * Logs. Servers never get a public address.
 */
public final class Network extends ComponentResource {
    /** Each subnet is the VPC block plus 4 bits: 16 slots, of which tiers take 0-2, 4-6 and 8-10. */
    private static final int SUBNET_BITS = 4;
    private static final int PUBLIC_SLOT = 0;
    private static final int APP_SLOT = 4;
    private static final int DATABASE_SLOT = 8;

    private final Vpc vpc;
    private final List<Subnet> publicSubnets = new ArrayList<>();
    private final List<Subnet> appSubnets = new ArrayList<>();
    private final List<Subnet> databaseSubnets = new ArrayList<>();
    private final List<String> zones;

    /**
     * What the network is made of.
     *
     * @param vpcCidr              the VPC's IPv4 block, which the subnets divide
     * @param zones                the AZs to span, one subnet of each tier in each
     * @param natGateways          one NAT gateway, or one per AZ
     * @param flowLogGroup         the name of the flow logs' log group
     * @param flowLogRetentionDays how long flow logs are kept
     */
    public record Args(String vpcCidr, List<String> zones, Settings.NatGateways natGateways, String flowLogGroup,
                       int flowLogRetentionDays) {
        public Args {
            zones = List.copyOf(zones);
            if (Cidr.parse(vpcCidr).isEmpty()) {
                throw new IllegalArgumentException("not an IPv4 block: " + vpcCidr);
            }
        }
    }

    public Network(String name, Args config, ComponentResourceOptions options) {
        super(Components.type("network", "Network"), name, options);
        this.zones = config.zones();
        Cidr block = Cidr.parse(config.vpcCidr()).orElseThrow();

        vpc = new Vpc(name + "-vpc", VpcArgs.builder()
                .cidrBlock(config.vpcCidr())
                .assignGeneratedIpv6CidrBlock(true)
                .enableDnsSupport(true)
                .enableDnsHostnames(true)
                .tags(Map.of("Name", name + "-vpc"))
                .build(), child(this));

        // Rules may never be added to the default group by accident: managing it with no rules empties it.
        new DefaultSecurityGroup(name + "-default-sg", DefaultSecurityGroupArgs.builder()
                .vpcId(vpc.id())
                .tags(Map.of("Name", name + "-default-deny-all"))
                .build(), child(this));

        var internetGateway = new InternetGateway(name + "-igw", InternetGatewayArgs.builder()
                .vpcId(vpc.id())
                .tags(Map.of("Name", name + "-igw"))
                .build(), child(this));

        var publicRoutes = new RouteTable(name + "-public-rt", RouteTableArgs.builder()
                .vpcId(vpc.id())
                .tags(Map.of("Name", name + "-public"))
                .build(), child(this));
        new Route(name + "-public-default-ipv4", RouteArgs.builder()
                .routeTableId(publicRoutes.id())
                .destinationCidrBlock("0.0.0.0/0")
                .gatewayId(internetGateway.id())
                .build(), child(this));
        new Route(name + "-public-default-ipv6", RouteArgs.builder()
                .routeTableId(publicRoutes.id())
                .destinationIpv6CidrBlock("::/0")
                .gatewayId(internetGateway.id())
                .build(), child(this));

        // The database subnets get a table of their own with only the implicit local route: left unassociated they
        // would follow the VPC's main route table, which this program does not manage and anyone may add a route to.
        var databaseRoutes = new RouteTable(name + "-db-rt", RouteTableArgs.builder()
                .vpcId(vpc.id())
                .tags(Map.of("Name", name + "-db-local-only", "Tier", "database"))
                .build(), child(this));

        var natGateways = new ArrayList<NatGateway>();
        for (int i = 0; i < this.zones.size(); i++) {
            String zone = this.zones.get(i);
            String suffix = "-" + zone;
            int slot = PUBLIC_SLOT + i;
            Subnet publicSubnet = new Subnet(name + "-public" + suffix, SubnetArgs.builder()
                    .vpcId(vpc.id())
                    .availabilityZone(zone)
                    .cidrBlock(block.subnet(SUBNET_BITS, slot).toString())
                    // The load balancer is dual-stack, so its subnets carry IPv6 too.
                    .ipv6CidrBlock(vpc.ipv6CidrBlock().applyValue(v6 -> Ipv6.subnet64(v6, slot)))
                    .mapPublicIpOnLaunch(false)
                    .tags(Map.of("Name", name + "-public" + suffix, "Tier", "public"))
                    .build(), child(this));
            publicSubnets.add(publicSubnet);
            new RouteTableAssociation(name + "-public-rta" + suffix, RouteTableAssociationArgs.builder()
                    .subnetId(publicSubnet.id())
                    .routeTableId(publicRoutes.id())
                    .build(), child(this));

            if (i == 0 || config.natGateways() == Settings.NatGateways.PER_AZ) {
                var address = new Eip(name + "-nat-eip" + suffix, EipArgs.builder()
                        .domain("vpc")
                        .tags(Map.of("Name", name + "-nat" + suffix))
                        .build(), child(this));
                natGateways.add(new NatGateway(name + "-nat" + suffix, NatGatewayArgs.builder()
                        .allocationId(address.id())
                        .subnetId(publicSubnet.id())
                        .tags(Map.of("Name", name + "-nat" + suffix))
                        .build(), child(this)));
            }
        }

        for (int i = 0; i < this.zones.size(); i++) {
            String zone = this.zones.get(i);
            String suffix = "-" + zone;
            Subnet appSubnet = new Subnet(name + "-app" + suffix, SubnetArgs.builder()
                    .vpcId(vpc.id())
                    .availabilityZone(zone)
                    .cidrBlock(block.subnet(SUBNET_BITS, APP_SLOT + i).toString())
                    .mapPublicIpOnLaunch(false)
                    .tags(Map.of("Name", name + "-app" + suffix, "Tier", "app"))
                    .build(), child(this));
            appSubnets.add(appSubnet);
            var appRoutes = new RouteTable(name + "-app-rt" + suffix, RouteTableArgs.builder()
                    .vpcId(vpc.id())
                    .tags(Map.of("Name", name + "-app" + suffix))
                    .build(), child(this));
            NatGateway nat = natGateways.get(Math.min(i, natGateways.size() - 1));
            new Route(name + "-app-default" + suffix, RouteArgs.builder()
                    .routeTableId(appRoutes.id())
                    .destinationCidrBlock("0.0.0.0/0")
                    .natGatewayId(nat.id())
                    .build(), child(this));
            new RouteTableAssociation(name + "-app-rta" + suffix, RouteTableAssociationArgs.builder()
                    .subnetId(appSubnet.id())
                    .routeTableId(appRoutes.id())
                    .build(), child(this));

            // Database subnets have no route out of the VPC at all.
            Subnet databaseSubnet = new Subnet(name + "-db" + suffix, SubnetArgs.builder()
                    .vpcId(vpc.id())
                    .availabilityZone(zone)
                    .cidrBlock(block.subnet(SUBNET_BITS, DATABASE_SLOT + i).toString())
                    .mapPublicIpOnLaunch(false)
                    .tags(Map.of("Name", name + "-db" + suffix, "Tier", "database"))
                    .build(), child(this));
            databaseSubnets.add(databaseSubnet);
            new RouteTableAssociation(name + "-db-rta" + suffix, RouteTableAssociationArgs.builder()
                    .subnetId(databaseSubnet.id())
                    .routeTableId(databaseRoutes.id())
                    .build(), child(this));
        }

        declareFlowLogs(name, config);
        registerOutputs(Map.of("vpcId", vpc.id()));
    }

    private void declareFlowLogs(String name, Args config) {
        var logGroup = new LogGroup(name + "-flow-logs", LogGroupArgs.builder()
                .name(config.flowLogGroup())
                .retentionInDays(config.flowLogRetentionDays())
                .build(), child(this));
        var role = new Role(name + "-flow-logs-role", RoleArgs.builder()
                .description("Lets VPC Flow Logs write to the " + name + " flow log group")
                .assumeRolePolicy(PolicyDocuments.assumableBy("vpc-flow-logs.amazonaws.com"))
                .build(), child(this));
        new RolePolicy(name + "-flow-logs-write", RolePolicyArgs.builder()
                .role(role.id())
                .policy(logGroup.arn().applyValue(arn -> PolicyDocuments.allow(
                        List.of("logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"),
                        List.of(arn, arn + ":*"))))
                .build(), child(this));
        new FlowLog(name + "-flow-log", FlowLogArgs.builder()
                .vpcId(vpc.id())
                .trafficType("ALL")
                .logDestinationType("cloud-watch-logs")
                .logDestination(logGroup.arn())
                .iamRoleArn(role.arn())
                .maxAggregationInterval(60)
                .build(), child(this));
    }

    public Output<String> vpcId() {
        return vpc.id();
    }

    public Output<String> vpcCidr() {
        return vpc.cidrBlock();
    }

    public List<String> zones() {
        return zones;
    }

    public List<Subnet> publicSubnets() {
        return List.copyOf(publicSubnets);
    }

    public List<Subnet> appSubnets() {
        return List.copyOf(appSubnets);
    }

    public List<Subnet> databaseSubnets() {
        return List.copyOf(databaseSubnets);
    }
}
