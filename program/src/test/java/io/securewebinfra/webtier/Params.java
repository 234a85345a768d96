package io.securewebinfra.webtier;

import java.util.List;
import java.util.Optional;

/** Parameter sets the tests render the bootstrap with. */
final class Params {
    private Params() {
    }

    static BootstrapParameters plain() {
        return new BootstrapParameters("secure-web-infra", "dev", "eu-west-1", 1, 443, 8080,
                "secure-web-infra-dev/database", "/secure-web-infra/dev/cloudwatch-agent", Optional.empty());
    }

    static BootstrapParameters withSumo() {
        return new BootstrapParameters("secure-web-infra", "prod", "us-east-1", 3, 443, 8080,
                "secure-web-infra-prod/database", "/secure-web-infra/prod/cloudwatch-agent",
                Optional.of("/secure-web-infra/prod/sumologic-installation-token"));
    }

    /** Long ARNs and names everywhere: the worst case for the user data size. */
    static BootstrapParameters longest() {
        return new BootstrapParameters("secure-web-infra-platform-team", "production-eu-central-blue",
                "ap-southeast-2", 3, 8443, 18080,
                "arn:aws:secretsmanager:ap-southeast-2:123456789012:secret:secure-web-infra-platform-team/production-eu-central-blue/database-AbCdEf",
                "arn:aws:ssm:ap-southeast-2:123456789012:parameter/secure-web-infra-platform-team/production-eu-central-blue/cloudwatch-agent",
                Optional.of("arn:aws:ssm:ap-southeast-2:123456789012:parameter/secure-web-infra-platform-team/production-eu-central-blue/sumologic-token"));
    }

    static final String APP_SHA256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    /** The user's own application, as the program uploads it: under a key derived from its content. */
    static ApplicationArtifact application() {
        return new ApplicationArtifact("s3://secure-web-infra-artifacts-123456789012/apps/" + APP_SHA256 + ".tar.gz",
                APP_SHA256, "exec python3 -m http.server --bind 127.0.0.1 \"$PORT\"");
    }

    /** The longest artifact the validation accepts, with a command that systemd escaping makes twice as long. */
    static ApplicationArtifact longestApplication() {
        String bucket = "b".repeat(63);
        String key = "k/".repeat(511) + "ab";
        String command = ("exec ./server --port=$PORT --pct=100% " + "$".repeat(512)).substring(0, 512);
        return new ApplicationArtifact("s3://" + bucket + "/" + key, APP_SHA256, command);
    }

    static BootstrapParameters with(BootstrapParameters p, ApplicationArtifact app) {
        return new BootstrapParameters(p.project(), p.stack(), p.region(), p.serverIndex(), p.httpsPort(),
                p.appPort(), p.databaseSecretId(), p.cloudWatchAgentParameter(), p.sumoLogicTokenParameter(),
                Optional.of(app));
    }

    /** A server of the Auto Scaling group, which has no number of its own. */
    static BootstrapParameters groupMember() {
        return new BootstrapParameters("secure-web-infra", "prod", "eu-west-1", BootstrapParameters.GROUP_MEMBER, 443,
                8080, "secure-web-infra/prod/database", "/secure-web-infra/prod/cloudwatch-agent-config",
                Optional.of("/secure-web-infra/prod/sumologic-installation-token"));
    }

    /** Without an application. */
    static List<BootstrapParameters> defaultApplication() {
        return List.of(plain(), withSumo(), longest(), groupMember(),
                new BootstrapParameters("p", "s", "eu-north-1", 2, 10443, 3000, "db", "cw", Optional.of("sumo")));
    }

    /** With the user's own application, with and without Sumo Logic. */
    static List<BootstrapParameters> customApplication() {
        return List.of(with(plain(), application()), with(withSumo(), application()),
                with(longest(), longestApplication()));
    }

    static List<BootstrapParameters> all() {
        List<BootstrapParameters> all = new java.util.ArrayList<>(defaultApplication());
        all.addAll(customApplication());
        return List.copyOf(all);
    }
}
