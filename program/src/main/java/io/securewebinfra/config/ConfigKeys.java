package io.securewebinfra.config;

import java.util.List;

/**
 * The program's own configuration keys, in the project namespace, sorted: the keys of {@link ConfigKey}'s table. A key
 * not listed here is refused as a typo.
 */
final class ConfigKeys {
    static final List<String> ALL = ConfigKey.projectKeyNames();

    private ConfigKeys() {
    }
}
