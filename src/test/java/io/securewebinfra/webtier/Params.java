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

    static List<BootstrapParameters> all() {
        return List.of(plain(), withSumo(), longest(),
                new BootstrapParameters("p", "s", "eu-north-1", 2, 10443, 3000, "db", "cw", Optional.of("sumo")));
    }
}
