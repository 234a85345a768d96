package io.securewebinfra.config;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Finds keys whose namespace looks like a misspelling of the project's ({@code secure-web-infa:webServerCount}): the
 * program reads only its own namespace and leaves the others to their owners, so such a key would be ignored without
 * a word. The namespaces of Pulumi and of common providers are never taken for a misspelling.
 */
final class Namespaces {
    /** Pulumi's own and common providers' namespaces: a key there belongs to its owner, however close its name. */
    static final Set<String> KNOWN = Set.of("pulumi", "aws", "aws-native", "awsx", "random", "tls", "command", "std",
            "time", "archive", "http", "local", "null", "kubernetes", "docker", "gcp", "google-native", "azure",
            "azure-native", "azuread", "cloudflare", "datadog", "github", "gitlab", "vault", "newrelic", "pagerduty",
            "okta", "auth0", "digitalocean", "hcloud", "postgresql", "mysql", "sumologic", "eks", "esc");

    private Namespaces() {
    }

    /**
     * The key the user probably meant, when {@code key}'s namespace is a near miss of the project's: a different case
     * or an edit distance of at most 2 (at most 1 for a project name under 6 characters, where 2 edits make another
     * word). The name part is kept, or replaced by the program's nearest key when it is not one of them.
     */
    static Optional<String> intendedKey(String key, String project, List<String> programKeys) {
        int colon = key.indexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        String namespace = key.substring(0, colon);
        String name = key.substring(colon + 1);
        if (namespace.equals(project) || KNOWN.contains(namespace.toLowerCase(Locale.ROOT))) {
            return Optional.empty();
        }
        int allowed = project.length() < 6 ? 1 : 2;
        if (distance(namespace.toLowerCase(Locale.ROOT), project.toLowerCase(Locale.ROOT)) > allowed) {
            return Optional.empty();
        }
        String lowerName = name.toLowerCase(Locale.ROOT);
        String intended = programKeys.contains(name) ? name : programKeys.stream()
                .filter(k -> distance(k.toLowerCase(Locale.ROOT), lowerName) <= 2)
                .min(java.util.Comparator.comparingInt(k -> distance(k.toLowerCase(Locale.ROOT), lowerName)))
                .orElse(name);
        return Optional.of(project + ":" + intended);
    }

    /** The edit distance with adjacent transpositions (optimal string alignment): "infa" is 1 from "infra". */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
