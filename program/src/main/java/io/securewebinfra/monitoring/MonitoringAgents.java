package io.securewebinfra.monitoring;

import com.pulumi.aws.cloudwatch.LogGroup;
import com.pulumi.aws.cloudwatch.LogGroupArgs;
import com.pulumi.aws.ssm.Parameter;
import com.pulumi.aws.ssm.ParameterArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import io.securewebinfra.common.Components;
import io.securewebinfra.config.Secret;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.securewebinfra.common.Components.child;

/**
 * What the monitoring clients on the servers need: the CloudWatch agent's configuration, the log groups it ships to
 * and, when Sumo Logic is configured, its installation token as an encrypted SecureString. The names are fixed, so
 * that the servers' user data can carry them and their role can be limited to exactly these parameters.
 */
public final class MonitoringAgents extends ComponentResource {
    private final Parameter cloudWatchConfig;
    private final Optional<Parameter> sumoLogicToken;

    /**
     * @param servers                 whose agents these are, for the descriptions
     * @param cloudWatchParameter     the name of the parameter with the CloudWatch agent's configuration
     * @param cloudWatchConfig        that configuration (JSON), which the web tier owns
     * @param logGroups               the log groups it writes to, created here with a retention period
     * @param logRetentionDays        how long those logs are kept
     * @param sumoLogicTokenParameter the name of the Sumo Logic token's parameter
     * @param sumoLogicToken          the token, when Sumo Logic is configured
     */
    public record Args(String servers, String cloudWatchParameter, String cloudWatchConfig, List<String> logGroups,
                       int logRetentionDays, String sumoLogicTokenParameter, Optional<Secret> sumoLogicToken) {
        public Args {
            logGroups = List.copyOf(logGroups);
        }
    }

    public MonitoringAgents(String name, Args args, ComponentResourceOptions options) {
        super(Components.type("monitoring", "MonitoringAgents"), name, options);
        cloudWatchConfig = new Parameter(name + "-cloudwatch-config", ParameterArgs.builder()
                .name(args.cloudWatchParameter())
                .description("CloudWatch agent configuration of the " + args.servers() + " web servers")
                .type("String")
                .tier("Standard")
                .value(args.cloudWatchConfig())
                .build(), child(this));
        // Created here rather than by the agent, so that server logs have a retention period and go with the stack.
        for (String logGroup : args.logGroups()) {
            new LogGroup(name + "-log" + logGroup.substring(logGroup.lastIndexOf('/')), LogGroupArgs.builder()
                    .name(logGroup)
                    .retentionInDays(args.logRetentionDays())
                    .build(), child(this));
        }
        sumoLogicToken = args.sumoLogicToken().map(token ->
                new Parameter(name + "-sumologic-token", ParameterArgs.builder()
                        .name(args.sumoLogicTokenParameter())
                        .description("Sumo Logic installation token, read by the web servers at boot")
                        .type("SecureString")
                        .tier("Standard")
                        .value(Output.ofSecret(token.valueOrPlaceholder()))
                        .build(), child(this)));
        registerOutputs(Map.of("cloudWatchConfigParameter", cloudWatchConfig.name()));
    }

    /** The parameter with the CloudWatch agent's configuration. */
    public Parameter cloudWatchConfig() {
        return cloudWatchConfig;
    }

    /** The parameter with the Sumo Logic installation token, when Sumo Logic is configured. */
    public Optional<Parameter> sumoLogicToken() {
        return sumoLogicToken;
    }
}
