package io.securewebinfra.config;

import java.util.List;

/**
 * The MySQL 8.0 engine versions RDS offers for a new DB instance: a value it does not offer fails {@code pulumi up}
 * after minutes of other resources being created, so it is refused before anything is declared.
 *
 * <p>The list is dated: it is the "Supported MySQL minor versions on Amazon RDS" table of the RDS User Guide
 * (MySQL.Concepts.VersionMgmt) as it stood on {@link #AS_OF}. RDS adds a minor version about a month after MySQL
 * releases it and retires each after about a year, so refresh the list, and its date, with
 * <pre>
 * aws rds describe-db-engine-versions --engine mysql --region eu-west-1 \
 *     --query "DBEngineVersions[?starts_with(EngineVersion, '8.0.')].EngineVersion" --output text
 * </pre>
 * (without {@code --include-all}, the command lists only the versions a new instance can have). RDS standard support
 * of MySQL 8.0 itself ends on 2026-07-31, after which RDS bills Extended Support for 8.0 instances.
 */
final class RdsMySqlVersions {
    /** When {@link #MINOR_VERSIONS} was taken from AWS. */
    static final String AS_OF = "2025-08";

    /** The 8.0 minor versions RDS offered on {@link #AS_OF}, oldest first. */
    static final List<String> MINOR_VERSIONS = List.of("8.0.40", "8.0.41", "8.0.42", "8.0.43");

    private RdsMySqlVersions() {
    }

    /** {@code 8.0} (RDS then picks its default 8.0 minor version) or one of {@link #MINOR_VERSIONS}. */
    static boolean isOffered(String version) {
        return version.equals("8.0") || MINOR_VERSIONS.contains(version);
    }

    /** Why a version is refused: another major version, or an 8.0 minor version RDS did not offer. */
    static String whyNot(String version) {
        if (version.matches("[0-9]+\\.[0-9]+(\\..*)?") && !version.startsWith("8.0")) {
            return version + " is not MySQL 8.0: the database's parameter group is of family mysql8.0";
        }
        if (version.matches("8\\.0\\.[0-9]+")) {
            return "RDS did not offer " + version + " on " + AS_OF + " (if it does now, add it to "
                    + RdsMySqlVersions.class.getName() + ")";
        }
        return "";
    }
}
