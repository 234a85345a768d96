package io.securewebinfra.config;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A stack's configuration exactly as it was given, before any validation: every {@code namespace:key} with its value
 * and whether it was set as a secret. A secret whose value cannot be read (an encrypted {@code secure:} value seen
 * outside the engine) has a value of {@code null}.
 *
 * @param project the Pulumi project name, which is also the namespace of the program's own keys
 * @param stack   the stack name
 * @param values  every key, fully qualified ({@code aws:region}, {@code secure-web-infra:domain}), to its value
 * @param secrets the keys that were set with {@code --secret}
 */
public record RawConfig(String project, String stack, Map<String, String> values, Set<String> secrets) {

    public RawConfig {
        values = Collections.unmodifiableMap(new TreeMap<>(values));
        secrets = Collections.unmodifiableSet(new TreeSet<>(secrets));
    }

    /**
     * This configuration with plain values set: a key without a namespace is the project's, and an empty value
     * removes the key, as {@code pulumi config rm} would.
     */
    public RawConfig with(Map<String, String> overrides) {
        Map<String, String> changed = new TreeMap<>(values);
        Set<String> secret = new TreeSet<>(secrets);
        overrides.forEach((key, value) -> {
            String qualified = key.contains(":") ? key : project + ":" + key;
            secret.remove(qualified);
            if (value.isEmpty()) {
                changed.remove(qualified);
            } else {
                changed.put(qualified, value);
            }
        });
        return new RawConfig(project, stack, changed, secret);
    }

    /** True when the key is present, even as an unreadable secret. */
    public boolean has(String key) {
        return values.containsKey(key);
    }

    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    public boolean isSecret(String key) {
        return secrets.contains(key);
    }

    /** The keys of the program's own namespace, unqualified, sorted. */
    public List<String> projectKeys() {
        String prefix = project + ":";
        return values.keySet().stream().filter(k -> k.startsWith(prefix)).map(k -> k.substring(prefix.length())).toList();
    }

    /**
     * The configuration the Pulumi engine hands a program: {@code PULUMI_CONFIG} holds every key with its decrypted
     * value, {@code PULUMI_CONFIG_SECRET_KEYS} lists the keys that were set as secrets.
     */
    public static RawConfig fromEngineEnvironment(String project, String stack, Map<String, String> env) {
        ObjectMapper json = new ObjectMapper();
        try {
            Map<String, String> values = json.readValue(env.getOrDefault("PULUMI_CONFIG", "{}"),
                    new TypeReference<Map<String, String>>() { });
            List<String> secretKeys = json.readValue(env.getOrDefault("PULUMI_CONFIG_SECRET_KEYS", "[]"),
                    new TypeReference<List<String>>() { });
            return new RawConfig(project, stack, values, new TreeSet<>(secretKeys));
        } catch (java.io.IOException e) {
            throw new InvalidConfigException(List.of("the stack configuration passed by the Pulumi engine is not readable: "
                    + e.getMessage()));
        }
    }
}
