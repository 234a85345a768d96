package io.securewebinfra.config;

import java.util.Optional;

/**
 * A secret configuration value. Its {@code toString} never shows the value, so it cannot leak into a log line or an
 * error message by accident. The value is absent when the secret is encrypted and cannot be read (an offline plan).
 */
public final class Secret {
    private static final String PLACEHOLDER = "[secret]";
    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    public static Secret of(String value) {
        return new Secret(value);
    }

    /** A secret that is set but unreadable here: an offline plan shows it as {@code [secret]}. */
    public static Secret unreadable() {
        return new Secret(null);
    }

    public Optional<String> value() {
        return Optional.ofNullable(value);
    }

    /** The value, or a stand-in for a plan that cannot read it. The caller must keep it wrapped as a Pulumi secret. */
    public String valueOrPlaceholder() {
        return value == null ? PLACEHOLDER : value;
    }

    @Override
    public String toString() {
        return PLACEHOLDER;
    }
}
