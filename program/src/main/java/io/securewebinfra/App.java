package io.securewebinfra;

import com.pulumi.Pulumi;
import io.securewebinfra.common.Components;
import io.securewebinfra.config.RawConfig;
import io.securewebinfra.config.SettingsReader;
import io.securewebinfra.stack.Infrastructure;

/** The program the Pulumi engine runs for {@code pulumi preview} and {@code pulumi up}. */
public final class App {
    private App() {
    }

    public static void main(String[] args) {
        String project = System.getenv().getOrDefault("PULUMI_PROJECT", Components.PACKAGE);
        String stack = System.getenv().getOrDefault("PULUMI_STACK", "dev");
        RawConfig config = RawConfig.fromEngineEnvironment(project, stack, System.getenv());
        Pulumi.run(Infrastructure.program(config, SettingsReader.Mode.ENGINE));
    }
}
