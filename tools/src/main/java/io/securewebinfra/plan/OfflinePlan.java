package io.securewebinfra.plan;

import io.securewebinfra.config.InvalidConfigException;
import io.securewebinfra.config.RawConfig;
import io.securewebinfra.config.Settings;
import io.securewebinfra.config.SettingsReader;
import io.securewebinfra.mockengine.MockCloud;
import io.securewebinfra.mockengine.MockEngine;
import io.securewebinfra.plandoc.Plan;
import io.securewebinfra.stack.Infrastructure;

import java.util.List;

/** Runs the whole program against the {@link MockCloud} and returns what a stack would create. */
public final class OfflinePlan {
    private OfflinePlan() {
    }

    /**
     * Plans a stack from its raw configuration, validated exactly as a real run validates it, except that
     * secrets are allowed to be unreadable.
     *
     * @throws InvalidConfigException listing every configuration problem; nothing is planned then
     */
    public static Plan of(RawConfig raw) {
        String region = raw.get("aws:region").orElse("us-east-1");
        var cloud = new MockCloud(region);
        // Validate before the engine starts, so that bad input is reported without any engine noise.
        var result = SettingsReader.read(raw, SettingsReader.Mode.OFFLINE, r -> new MockCloud(r).zones());
        return MockEngine.run(raw.project(), raw.stack(), cloud, result.notices(), InvalidConfigException.class,
                Infrastructure.program(raw, SettingsReader.Mode.OFFLINE));
    }

    /** Plans a stack from settings built directly. */
    public static Plan of(Settings settings) {
        var cloud = new MockCloud(settings.region());
        return MockEngine.run(settings.project(), settings.stack(), cloud, List.of(), InvalidConfigException.class,
                ctx -> Infrastructure.declare(ctx, settings, cloud.zones()));
    }
}
