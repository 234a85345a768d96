package io.securewebinfra.webtier;

import java.util.Optional;

/**
 * The non-secret values a web server's bootstrap is rendered with. Nothing secret may ever be added here:
 * the rendered user data is visible to anyone who can describe the instance.
 *
 * @param project                 Pulumi project name, used in tags and log group names
 * @param stack                   Pulumi stack name
 * @param region                  AWS region the server runs in
 * @param serverIndex             1-based index of a fixed server in the web tier, or {@link #GROUP_MEMBER}
 * @param httpsPort               port Nginx listens on with TLS for the load balancer
 * @param appPort                 loopback port of the application server behind Nginx
 * @param databaseSecretId        name of the Secrets Manager secret holding the database connection JSON
 *                                ({@code host, port, username, password, dbname, replicaHost})
 * @param cloudWatchAgentParameter name of the SSM parameter holding the CloudWatch agent config
 * @param sumoLogicTokenParameter name of the SSM SecureString holding the Sumo Logic installation token, if configured
 * @param application             the user's own application, or empty for the default application
 */
public record BootstrapParameters(
        String project,
        String stack,
        String region,
        int serverIndex,
        int httpsPort,
        int appPort,
        String databaseSecretId,
        String cloudWatchAgentParameter,
        Optional<String> sumoLogicTokenParameter,
        Optional<ApplicationArtifact> application) {

    /**
     * The index of every server an Auto Scaling group launches: they share one launch template, so no server has a
     * number of its own (its instance id tells them apart).
     */
    public static final int GROUP_MEMBER = 0;

    /** Parameters of a server that runs the default application. */
    public BootstrapParameters(String project, String stack, String region, int serverIndex, int httpsPort,
                               int appPort, String databaseSecretId, String cloudWatchAgentParameter,
                               Optional<String> sumoLogicTokenParameter) {
        this(project, stack, region, serverIndex, httpsPort, appPort, databaseSecretId, cloudWatchAgentParameter,
                sumoLogicTokenParameter, Optional.empty());
    }
}
