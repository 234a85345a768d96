package io.securewebinfra.stack;

import io.securewebinfra.config.Settings;

/**
 * The names this stack gives what the servers and people look up by name, formed in this one place from the project
 * and stack names and handed to the components as inputs. Each is fixed, not generated, so that the servers' user
 * data can carry it before the resource exists and their role can be limited to exactly it.
 */
public record StackNames(String project, String stack) {
    public static StackNames of(Settings settings) {
        return new StackNames(settings.project(), settings.stack());
    }

    /** {@code project-stack}: the stem of the database identifiers and the dashboard's name. */
    public String qualified() {
        return project + "-" + stack;
    }

    public String flowLogGroup() {
        return path() + "/vpc-flow-logs";
    }

    /** The database connection secret (Secrets Manager). */
    public String databaseSecret() {
        return project + "/" + stack + "/database";
    }

    /** The SSM parameter with the CloudWatch agent's configuration. */
    public String cloudWatchAgentParameter() {
        return path() + "/cloudwatch-agent-config";
    }

    /** The SecureString SSM parameter with the Sumo Logic installation token. */
    public String sumoLogicTokenParameter() {
        return path() + "/sumologic-installation-token";
    }

    private String path() {
        return "/" + project + "/" + stack;
    }
}
