package io.securewebinfra.webtier;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Renders a web server's user data from the bootstrap templates in {@code program/src/main/resources/bootstrap/}.
 *
 * <p>The user data is one self-contained bash script that embeds the other templates as quoted heredocs. It holds
 * names only (stack, region, ports, secret and parameter names); the server reads the secrets themselves at boot.
 * Every value is checked against a conservative character set because it ends up inside shell quotes, JSON, YAML,
 * an Nginx config and a systemd unit; nothing needs escaping as a result, except that an application's start command
 * is escaped for systemd, which would otherwise expand its {@code $}, {@code %} and backslashes itself.
 */
public final class Bootstrap {
    /** The metric a server's bootstrap adds 1 to when a run fails, with dimension {@code Stack}. */
    public static final String FAILURE_METRIC = "BootstrapFailures";

    /** The namespace of {@link #FAILURE_METRIC}. */
    public static String failureMetricNamespace(String project) {
        return project + "/WebServers";
    }

    /** EC2 refuses user data above 16 KB (before base64); the limit applies to the gzip-compressed script. */
    public static final int USER_DATA_LIMIT_BYTES = 16 * 1024;

    static final Pattern PULUMI_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-[0-9]");
    /** Secrets Manager / SSM names and ARNs. */
    private static final Pattern AWS_NAME = Pattern.compile("[A-Za-z0-9/_+=.@:-]{1,2048}");
    /** {@code s3://bucket/key}; the key is limited to characters that need no quoting anywhere. */
    private static final Pattern S3_URI = Pattern.compile("s3://[a-z0-9.-]{3,63}/[A-Za-z0-9/._-]{1,1024}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    /** Runs as {@code /bin/sh -c '...'}: a single quote would end the argument, a newline the ExecStart line. */
    private static final Pattern START_COMMAND = Pattern.compile("[ -&(-~]{1,512}");
    /** The start of one of the user data's quoted heredocs, with its end line. */
    /** A line that would end one of the user data's heredocs early. */
    private static final Pattern HEREDOC_END = Pattern.compile("(?m)^[A-Z_]+_EOF$");

    private Bootstrap() {
    }

    /**
     * The Sumo Logic collector installer a server runs, and the collector version it is told to install; the server
     * runs it only if its SHA-256 matches. The three change together: the installer of the packaging repository's
     * release tag, by the tag's commit (a URL whose bytes cannot change), and that release's package version.
     *
     * <p>The pinned installer, {@code install-script/install.sh} of SumoLogic/sumologic-otel-collector-packaging at
     * commit {@code 6cdb38f6} (tag {@code v0.153.0-3040}), installs the package {@code otelcol-sumo-<version>} with
     * yum from Sumo Logic's package repository when given {@code --version}, and keeps the token in
     * {@code /etc/otelcol-sumo/env/token.env}; it prints the token nowhere, but its output stays in a root-only file
     * on the server anyway. The SHA-256 is that of the commit's blob ({@code git show <commit>:install-script/install.sh
     * | sha256sum}), which raw.githubusercontent.com serves unchanged. To upgrade, take a newer release tag's commit,
     * set all three from it, and replace the test fixture {@code program/src/test/resources/sumologic/install.sh} with the
     * file at that commit: a test checks that its hash is this one.
     */
    record SumoLogicInstaller(String collectorVersion, String url, String sha256) {
        static final SumoLogicInstaller PINNED = new SumoLogicInstaller("0.153.0-3040",
                "https://raw.githubusercontent.com/SumoLogic/sumologic-otel-collector-packaging/"
                        + "6cdb38f69bd5f325113b5d487339f1a10569e489/install-script/install.sh",
                "797298ef7dbfa46ef00a54dd8e50881044fc75595b77b645eecdece723342d4c");
    }

    /** The user data script for one server. */
    public static String userData(BootstrapParameters p) {
        validate(p);
        Map<String, String> values = new HashMap<>();
        values.put("project", p.project());
        values.put("stack", p.stack());
        values.put("region", p.region());
        values.put("server_index", Integer.toString(p.serverIndex()));
        values.put("https_port", Integer.toString(p.httpsPort()));
        values.put("app_port", Integer.toString(p.appPort()));
        values.put("database_secret_id", p.databaseSecretId());
        values.put("cloudwatch_agent_parameter", p.cloudWatchAgentParameter());
        values.put("failure_namespace", failureMetricNamespace(p.project()));
        values.put("failure_metric", FAILURE_METRIC);
        values.put("deploy_app", deployStep(p));
        values.put("webapp_service", embedded(applicationUnit(p)));
        values.put("webapp_logrotate", embedded(Templates.render("webapp.logrotate", Map.of())));
        values.put("nginx_conf", embedded(nginxConfig(p)));
        values.put("optional_steps", p.sumoLogicTokenParameter()
                .map(parameter -> Templates.render("sumologic.sh", Map.of(
                        "sumo_logic_token_parameter", parameter,
                        "sumo_collector_version", SumoLogicInstaller.PINNED.collectorVersion(),
                        "sumo_installer_url", SumoLogicInstaller.PINNED.url(),
                        "sumo_installer_sha256", SumoLogicInstaller.PINNED.sha256(),
                        "sumo_nginx_yaml", embedded(Templates.render("sumologic-nginx.yaml", Map.of(
                                "project", p.project(),
                                "stack", p.stack(),
                                "server_index", Integer.toString(p.serverIndex())))))))
                .orElse(""));
        String script = Templates.render("user-data.sh", values);
        int size = compressed(script).length;
        if (size > USER_DATA_LIMIT_BYTES) {
            throw new IllegalStateException("user data is " + size + " bytes compressed, EC2 accepts at most "
                    + USER_DATA_LIMIT_BYTES);
        }
        return script;
    }

    /**
     * The script as the server receives it: gzip-compressed, which cloud-init recognises and expands, so that the
     * embedded application and configuration fit EC2's limit. The gzip header carries no time or name, so the same
     * script always gives the same bytes (and the same plan).
     */
    public static byte[] compressed(String script) {
        var bytes = new java.io.ByteArrayOutputStream();
        try (var gzip = new java.util.zip.GZIPOutputStream(bytes)) {
            gzip.write(script.getBytes(StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The script back from {@link #compressedBase64}. */
    public static String expanded(String base64) {
        try (var gzip = new java.util.zip.GZIPInputStream(
                new java.io.ByteArrayInputStream(java.util.Base64.getDecoder().decode(base64)))) {
            return new String(gzip.readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("not gzip-compressed user data", e);
        }
    }

    /** {@link #compressed} in base64, as EC2 takes binary user data. */
    public static String compressedBase64(String script) {
        return java.util.Base64.getEncoder().encodeToString(compressed(script));
    }

    /**
     * The {@code deploy_app} step: the default application with its source embedded, or the user's archive from S3.
     * The default application's source is left out when it is not used, which keeps the user data under the limit.
     */
    private static String deployStep(BootstrapParameters p) {
        Map<String, String> values = new HashMap<>();
        String template;
        if (p.application().isPresent()) {
            ApplicationArtifact app = p.application().get();
            values.put("app_s3_uri", app.s3Uri());
            values.put("app_sha256", app.sha256());
            template = "install-custom-app.sh";
        } else {
            values.put("webapp_py", embedded(applicationSource()));
            template = "install-default-app.sh";
        }
        String step = Templates.render(template, values);
        return step.endsWith("\n") ? step.substring(0, step.length() - 1) : step;
    }

    /** The complete Nginx configuration of a server ({@code /etc/nginx/nginx.conf}). */
    public static String nginxConfig(BootstrapParameters p) {
        validate(p);
        return Templates.render("nginx.conf", nginxConfigValues(p));
    }

    /** The values {@code nginx.conf} is rendered with on a server: Amazon Linux 2023's paths and user. */
    static Map<String, String> nginxConfigValues(BootstrapParameters p) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("nginx_user", "nginx");
        values.put("pid_file", "/run/nginx.pid");
        values.put("log_dir", "/var/log/nginx");
        values.put("temp_dir", "/var/lib/nginx/tmp");
        values.put("https_listen", Integer.toString(p.httpsPort()));
        values.put("app_port", Integer.toString(p.appPort()));
        values.put("tls_certificate", "/etc/pki/nginx/server.crt");
        values.put("tls_certificate_key", "/etc/pki/nginx/private/server.key");
        return values;
    }

    /** The default application (python3 standard library only), installed as {@code /opt/webapp/webapp.py}. */
    public static String applicationSource() {
        return Templates.render("webapp.py", Map.of());
    }

    /**
     * The systemd unit of the application ({@code webapp.service}): the default application, or the user's own one
     * started from {@code /opt/webapp/current}. Both get the same sandbox, user and log file.
     */
    public static String applicationUnit(BootstrapParameters p) {
        validate(p);
        Map<String, String> exec = new HashMap<>(Map.of(
                "stack", p.stack(),
                "server_index", Integer.toString(p.serverIndex()),
                "app_port", Integer.toString(p.appPort())));
        String execTemplate = "webapp-default.exec";
        String description = "Default web application";
        if (p.application().isPresent()) {
            exec.put("start_command", systemdEscaped(p.application().get().startCommand()));
            execTemplate = "custom-app.exec";
            description = "Web application";
        }
        String execLines = Templates.render(execTemplate, exec);
        return Templates.render("webapp.service", Map.of(
                "description", description,
                "project", p.project(),
                "stack", p.stack(),
                "exec", execLines.substring(0, execLines.length() - 1)));
    }

    /**
     * A command as systemd must see it so that {@code /bin/sh} gets it unchanged: inside an ExecStart argument
     * systemd itself still expands {@code %} specifiers, {@code $} variables and backslash escapes.
     */
    static String systemdEscaped(String command) {
        return command.replace("\\", "\\\\").replace("%", "%%").replace("$", "$$");
    }

    /** Text as a heredoc body: without its final newline (the heredoc adds it) and unable to end the heredoc. */
    private static String embedded(String text) {
        if (HEREDOC_END.matcher(text).find()) {
            throw new IllegalStateException("an embedded template contains a line that ends a heredoc");
        }
        return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    }

    private static void validate(BootstrapParameters p) {
        requireMatch("project", p.project(), PULUMI_NAME);
        requireMatch("stack", p.stack(), PULUMI_NAME);
        requireMatch("region", p.region(), REGION);
        requireMatch("databaseSecretId", p.databaseSecretId(), AWS_NAME);
        requireMatch("cloudWatchAgentParameter", p.cloudWatchAgentParameter(), AWS_NAME);
        if (p.sumoLogicTokenParameter() == null) {
            throw new IllegalArgumentException("sumoLogicTokenParameter must be an Optional, not null");
        }
        p.sumoLogicTokenParameter().ifPresent(name -> requireMatch("sumoLogicTokenParameter", name, AWS_NAME));
        if (p.application() == null) {
            throw new IllegalArgumentException("application must be an Optional, not null");
        }
        p.application().ifPresent(Bootstrap::validate);
        if (p.serverIndex() < BootstrapParameters.GROUP_MEMBER) {
            throw new IllegalArgumentException("serverIndex is 1-based for a fixed server, or "
                    + BootstrapParameters.GROUP_MEMBER + " for a member of the Auto Scaling group, got " + p.serverIndex());
        }
        requirePort("httpsPort", p.httpsPort());
        requirePort("appPort", p.appPort());
        if (p.httpsPort() == p.appPort()) {
            throw new IllegalArgumentException("httpsPort and appPort must differ");
        }
    }

    private static void validate(ApplicationArtifact app) {
        requireMatch("application.s3Uri", app.s3Uri(), S3_URI);
        requireMatch("application.sha256 (64 lowercase hex digits)", app.sha256(), SHA256);
        String command = app.startCommand();
        if (command == null || !START_COMMAND.matcher(command).matches()) {
            throw new IllegalArgumentException("application.startCommand must be 1 to 512 printable ASCII characters "
                    + "without a single quote or newline, as it runs as /bin/sh -c '<startCommand>'; got "
                    + (command == null ? "null" : command.length() + " characters: " + command.replaceAll("[^ -~]", "?")));
        }
    }

    static void requireMatch(String what, String value, Pattern pattern) {
        if (value == null || !pattern.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " must match " + pattern.pattern() + ", got " + value);
        }
    }

    private static void requirePort(String what, int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(what + " must be a TCP port, got " + port);
        }
    }
}
