package io.securewebinfra.monitoring;

import com.pulumi.aws.cloudwatch.LogGroup;
import com.pulumi.aws.cloudwatch.LogGroupArgs;
import com.pulumi.aws.ssm.Parameter;
import com.pulumi.aws.ssm.ParameterArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import io.securewebinfra.Components;
import io.securewebinfra.config.Settings;
import io.securewebinfra.webtier.BootRead;
import io.securewebinfra.webtier.Bootstrap;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.securewebinfra.Components.child;

/**
 * What the monitoring clients on the servers need: the CloudWatch agent's configuration, the log groups it ships to
 * and, when Sumo Logic is configured, its installation token as an encrypted SecureString. The names are fixed, so that the servers' user
 * data can carry them and their role can be limited to exactly these parameters.
 */
public final class MonitoringAgents extends ComponentResource {
    private final Parameter cloudWatchConfig;
    private final Optional<Parameter> sumoLogicToken;
    private final Settings settings;

    public MonitoringAgents(String name, Settings settings, ComponentResourceOptions options) {
        super(Components.type("monitoring", "MonitoringAgents"), name, options);
        this.settings = settings;
        cloudWatchConfig = new Parameter(name + "-cloudwatch-config", ParameterArgs.builder()
                .name(cloudWatchParameterName(settings))
                .description("CloudWatch agent configuration of the " + settings.stack() + " web servers")
                .type("String")
                .tier("Standard")
                .value(Bootstrap.cloudWatchAgentConfig(settings.project(), settings.stack()))
                .build(), child(this));
        // Created here rather than by the agent, so that server logs have a retention period and go with the stack.
        for (String logGroup : Bootstrap.logGroupNames(settings.project(), settings.stack())) {
            new LogGroup(name + "-log" + logGroup.substring(logGroup.lastIndexOf('/')), LogGroupArgs.builder()
                    .name(logGroup)
                    .retentionInDays(settings.monitoring().logRetentionDays())
                    .build(), child(this));
        }
        sumoLogicToken = settings.monitoring().sumoLogicToken().map(token ->
                new Parameter(name + "-sumologic-token", ParameterArgs.builder()
                        .name(sumoLogicParameterName(settings))
                        .description("Sumo Logic installation token, read by the web servers at boot")
                        .type("SecureString")
                        .tier("Standard")
                        .value(Output.ofSecret(token.valueOrPlaceholder()))
                        .build(), child(this)));
        registerOutputs(Map.of("cloudWatchConfigParameter", cloudWatchConfig.name()));
    }

    public static String cloudWatchParameterName(Settings settings) {
        return "/" + settings.project() + "/" + settings.stack() + "/cloudwatch-agent-config";
    }

    public static String sumoLogicParameterName(Settings settings) {
        return "/" + settings.project() + "/" + settings.stack() + "/sumologic-installation-token";
    }

    /** The CloudWatch agent's configuration, as the web servers read it at boot. */
    public BootRead cloudWatchConfigRead() {
        return new BootRead(cloudWatchParameterName(settings), cloudWatchConfig.arn(), List.of(cloudWatchConfig));
    }

    /** The Sumo Logic installation token, as the web servers read it at boot, when Sumo Logic is configured. */
    public Optional<BootRead> sumoLogicTokenRead() {
        return sumoLogicToken.map(p -> new BootRead(sumoLogicParameterName(settings), p.arn(), List.of(p)));
    }
}
