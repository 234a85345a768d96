package io.securewebinfra.webtier;

import com.pulumi.core.Output;
import com.pulumi.resources.Resource;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Everything a web server's bootstrap reads from AWS, declared once. The user data takes its names from here, the
 * servers' role its grants, and every server (or the launch template) waits for all of their providers: the Pulumi
 * engine creates a resource as soon as its dependencies exist, so a server that did not depend on the database secret's
 * value would boot tens of minutes before the database exists. A new read added here cannot reach the user data
 * without also becoming a dependency and a grant.
 *
 * @param databaseSecret        the database connection (Secrets Manager), written once the primary and replica exist
 * @param cloudWatchAgentConfig the CloudWatch agent's configuration (SSM parameter)
 * @param sumoLogicToken        the Sumo Logic installation token (SSM SecureString), when Sumo Logic is configured
 */
public record BootInputs(BootRead databaseSecret, BootRead cloudWatchAgentConfig, Optional<BootRead> sumoLogicToken) {

    /** The SSM parameters, in a fixed order. */
    List<BootRead> parameters() {
        List<BootRead> parameters = new ArrayList<>(List.of(cloudWatchAgentConfig));
        sumoLogicToken.ifPresent(parameters::add);
        return List.copyOf(parameters);
    }

    Output<List<String>> parameterArns() {
        return Output.all(parameters().stream().map(BootRead::arn).toList());
    }

    /** Every resource that must exist before a server boots, in declaration order. */
    List<Resource> providers() {
        List<Resource> all = new ArrayList<>(databaseSecret.providers());
        parameters().forEach(p -> all.addAll(p.providers()));
        return List.copyOf(all);
    }
}
