package io.securewebinfra.stack;

import com.pulumi.Context;
import com.pulumi.aws.AwsFunctions;
import com.pulumi.aws.Provider;
import com.pulumi.aws.ProviderArgs;
import com.pulumi.aws.ec2.Subnet;
import com.pulumi.aws.inputs.ProviderDefaultTagsArgs;
import com.pulumi.aws.ssm.Parameter;
import com.pulumi.core.Output;
import io.securewebinfra.common.Components;
import io.securewebinfra.config.RawConfig;
import io.securewebinfra.config.Settings;
import io.securewebinfra.config.SettingsReader;
import io.securewebinfra.database.Database;
import io.securewebinfra.edge.Certificate;
import io.securewebinfra.edge.LoadBalancer;
import io.securewebinfra.edge.SiteRecords;
import io.securewebinfra.firewall.Firewalls;
import io.securewebinfra.monitoring.Monitoring;
import io.securewebinfra.monitoring.MonitoringAgents;
import io.securewebinfra.network.Network;
import io.securewebinfra.webtier.BootInputs;
import io.securewebinfra.webtier.BootRead;
import io.securewebinfra.webtier.Bootstrap;
import io.securewebinfra.webtier.CloudWatchAgentConfig;
import io.securewebinfra.webtier.WebTier;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

import static io.securewebinfra.common.Components.root;

/**
 * The whole stack: reads and validates the configuration, then composes one component per concern in the order data
 * flows between them. Nothing is declared unless the whole configuration is valid.
 */
public final class Infrastructure {
    private Infrastructure() {
    }

    /** The program for a given configuration, run by the engine ({@code App}) and by the offline plan alike. */
    public static Consumer<Context> program(RawConfig raw, SettingsReader.Mode mode) {
        return ctx -> {
            var result = SettingsReader.read(raw, mode, Infrastructure::availableZones);
            result.notices().forEach(notice -> ctx.log().warn(notice));
            declare(ctx, result.settings(), availableZones(result.settings().region()));
        };
    }

    /** The region's available AZs, in name order, asked of AWS before anything is declared. */
    static List<String> availableZones(String region) {
        try {
            return AwsFunctions.getAvailabilityZonesPlain(com.pulumi.aws.inputs.GetAvailabilityZonesPlainArgs.builder()
                            .state("available").build())
                    .get().names().stream().sorted().toList();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while listing the availability zones of " + region, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not list the availability zones of " + region + ": "
                    + e.getCause().getMessage(), e.getCause());
        }
    }

    /** Declares every resource of a stack from valid settings. */
    public static void declare(Context ctx, Settings settings, List<String> zones) {
        var provider = new Provider("aws", ProviderArgs.builder()
                .region(settings.region())
                .defaultTags(ProviderDefaultTagsArgs.builder()
                        .tags(Components.stackTags(settings.project(), settings.stack())).build())
                .build());

        var names = StackNames.of(settings);
        var network = new Network("network", new Network.Args(settings.network().vpcCidr(),
                zones.subList(0, settings.network().availabilityZones()), settings.network().natGateways(),
                names.flowLogGroup(), settings.network().flowLogRetentionDays()), root(provider));
        var firewalls = new Firewalls("firewalls", network.vpcId(), root(provider));
        var certificate = new Certificate("certificate", settings.edge(), root(provider));
        var loadBalancer = new LoadBalancer("edge", new LoadBalancer.Args(settings.region(), settings.edge(),
                network.vpcId(), ids(network.publicSubnets()), firewalls.loadBalancerGroupId(),
                certificate.certificateArn()), root(provider));
        new SiteRecords("dns", settings.edge(), certificate.zoneId(), loadBalancer, root(provider));
        var database = new Database("database", new Database.Args(names.qualified(), names.databaseSecret(),
                settings.database(), ids(network.databaseSubnets()), network.zones(), firewalls.databaseGroupId()),
                root(provider));
        var agentConfig = CloudWatchAgentConfig.of(settings.project(), settings.stack());
        var agents = new MonitoringAgents("agents", new MonitoringAgents.Args(settings.stack(),
                names.cloudWatchAgentParameter(), agentConfig.json(), agentConfig.logGroupNames(),
                settings.monitoring().logRetentionDays(), names.sumoLogicTokenParameter(),
                settings.monitoring().sumoLogicToken()), root(provider));
        // What a server reads at boot, by name, with what must exist before it does.
        var reads = new BootInputs(
                new BootRead(database.connectionSecretName(), database.connectionSecretArn(), database.connectionReady()),
                parameterRead(names.cloudWatchAgentParameter(), agents.cloudWatchConfig()),
                agents.sumoLogicToken().map(token -> parameterRead(names.sumoLogicTokenParameter(), token)));
        var webTier = new WebTier("web", new WebTier.Args(settings.project(), settings.stack(), settings.region(),
                settings.webTier(), network.appSubnets().stream().map(Subnet::id).toList(),
                firewalls.webServerGroupId(), new WebTier.Traffic(loadBalancer.targetGroupArn(),
                        loadBalancer.arnSuffix(), loadBalancer.targetGroupArnSuffix()), reads), root(provider));
        var monitoring = new Monitoring("monitoring", new Monitoring.Args(settings.project(), settings.stack(),
                settings.region(), settings.monitoring(), settings.webTier().scaling(),
                new Monitoring.BootstrapFailures(Bootstrap.failureMetricNamespace(settings.project()),
                        Bootstrap.FAILURE_METRIC, agentConfig.bootstrapLog()),
                names.qualified(), new Monitoring.Targets(loadBalancer.arnSuffix(), loadBalancer.targetGroupArnSuffix(),
                webTier.servers(), webTier.groupName(), database.primaryIdentifier(), database.replicaIdentifier())),
                root(provider));

        ctx.export("siteUrl", Output.of("https://" + settings.edge().siteHost()));
        ctx.export("loadBalancerDnsName", loadBalancer.dnsName());
        ctx.export("databasePrimaryEndpoint", database.primaryEndpoint());
        ctx.export("databaseReplicaEndpoint", database.replicaEndpoint());
        ctx.export("databaseSecretArn", database.connectionSecretArn());
        // Fixed servers have ids to open a session on; a group's servers come and go, so its name is exported.
        webTier.groupName().ifPresentOrElse(group -> ctx.export("webServerGroupName", group),
                () -> ctx.export("webServerIds", webTier.instanceIds()));
        ctx.export("dashboardUrl", monitoring.dashboardUrl(settings.region()));
        ctx.export("alarmTopicArn", monitoring.alarmTopicArn());
        ctx.export("monitoring", Output.of(settings.monitoring().sumoLogicToken().isPresent()
                ? "CloudWatch and Sumo Logic" : "CloudWatch only"));
    }

    private static Output<List<String>> ids(List<Subnet> subnets) {
        return Output.all(subnets.stream().map(Subnet::id).toList());
    }

    private static BootRead parameterRead(String name, Parameter parameter) {
        return new BootRead(name, parameter.arn(), List.of(parameter));
    }
}
