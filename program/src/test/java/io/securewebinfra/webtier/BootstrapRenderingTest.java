package io.securewebinfra.webtier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class BootstrapRenderingTest {

    @Test
    void compressedUserDataStaysUnderTheEc2LimitEvenWithLongNamesAndExpandsToTheScript() {
        for (BootstrapParameters p : Params.all()) {
            String script = Bootstrap.userData(p);
            int size = Bootstrap.compressed(script).length;
            assertTrue(size <= Bootstrap.USER_DATA_LIMIT_BYTES, p + " gives " + size + " bytes");
            assertEquals(script, Bootstrap.expanded(Bootstrap.compressedBase64(script)));
            byte[] gzip = Bootstrap.compressed(script);
            assertEquals(0x1f, gzip[0] & 0xff, "cloud-init recognises gzip by its magic bytes");
            assertEquals(0x8b, gzip[1] & 0xff);
        }
        assertEquals(16384, Bootstrap.USER_DATA_LIMIT_BYTES);
    }

    @Test
    void renderingIsDeterministic() {
        for (BootstrapParameters p : Params.all()) {
            BootstrapParameters copy = new BootstrapParameters(p.project(), p.stack(), p.region(), p.serverIndex(),
                    p.httpsPort(), p.appPort(), p.databaseSecretId(), p.cloudWatchAgentParameter(),
                    p.sumoLogicTokenParameter(), p.application());
            assertEquals(Bootstrap.userData(p), Bootstrap.userData(copy));
        }
        assertEquals(CloudWatchAgentConfig.of("a", "b").json(), CloudWatchAgentConfig.of("a", "b").json());
    }

    @Test
    void userDataCarriesThisServersValues() {
        BootstrapParameters p = Params.withSumo();
        String script = Bootstrap.userData(p);
        assertTrue(script.startsWith("#!/bin/bash\n"));
        assertTrue(script.contains("set -euo pipefail\n"));
        assertTrue(script.contains("SERVER_INDEX='3'"));
        assertTrue(script.contains("REGION='us-east-1'"));
        assertTrue(script.contains("DATABASE_SECRET_ID='secure-web-infra-prod/database'"));
        assertTrue(script.contains("retry fetch_parameter \"$CLOUDWATCH_AGENT_PARAMETER\" \"$config.download\""));
        assertTrue(script.contains("-a fetch-config -m ec2 -c \"file:${config}\" -s"));
        assertTrue(script.contains("CLOUDWATCH_AGENT_PARAMETER='/secure-web-infra/prod/cloudwatch-agent'"));
        assertTrue(script.contains("Environment=WEBAPP_STACK=prod\n"));
        assertTrue(script.contains("Environment=WEBAPP_PORT=8080\n"));
        assertFalse(script.contains("{{"), "no placeholder left");
        assertNotEquals(Bootstrap.userData(Params.plain()), script);
    }

    @Test
    void embeddedFilesAreTheRenderedTemplatesByteForByte() {
        BootstrapParameters p = Params.withSumo();
        String script = Bootstrap.userData(p);
        assertEquals(Bootstrap.nginxConfig(p), heredoc(script, "NGINX_CONF_EOF"));
        assertEquals(Bootstrap.applicationSource(), heredoc(script, "WEBAPP_PY_EOF"));
        assertEquals(Bootstrap.applicationUnit(p), heredoc(script, "WEBAPP_SERVICE_EOF"));
        assertEquals(Templates.load("webapp.logrotate"), heredoc(script, "WEBAPP_LOGROTATE_EOF"));
        assertTrue(heredoc(script, "SUMO_NGINX_EOF").contains("value: secure-web-infra/prod/nginx"));
    }

    /** The body of a quoted heredoc, as bash writes it (with its final newline). */
    static String heredoc(String script, String delimiter) {
        Matcher m = Pattern.compile("<<'" + delimiter + "'\n(.*?\n)" + delimiter + "\n", Pattern.DOTALL).matcher(script);
        assertTrue(m.find(), "heredoc " + delimiter + " present");
        String body = m.group(1);
        assertFalse(m.find(), "heredoc " + delimiter + " only once");
        return body;
    }

    @Test
    void withoutAnApplicationTheUserDataIsTheDefaultOneAndNothingCustomAppears() {
        for (BootstrapParameters p : Params.defaultApplication()) {
            BootstrapParameters explicit = new BootstrapParameters(p.project(), p.stack(), p.region(), p.serverIndex(),
                    p.httpsPort(), p.appPort(), p.databaseSecretId(), p.cloudWatchAgentParameter(),
                    p.sumoLogicTokenParameter(), Optional.empty());
            String script = Bootstrap.userData(explicit);
            assertEquals(Bootstrap.userData(p), script);
            for (String custom : List.of("APP_S3_URI", "APP_SHA256", "aws s3", "sha256sum \"$archive\"", "APP_ROOT",
                    "/opt/webapp/current", "WorkingDirectory", "/bin/sh -c", "Environment=PORT=")) {
                assertFalse(script.contains(custom), custom);
            }
            assertEquals(Bootstrap.applicationSource(), heredoc(script, "WEBAPP_PY_EOF"));
            assertTrue(script.contains("Description=Default web application of " + p.project() + "/" + p.stack() + "\n"));
        }
    }

    @Test
    void withAnApplicationItsArchiveReplacesTheDefaultApplication() {
        BootstrapParameters plain = Params.plain();
        BootstrapParameters p = Params.with(plain, Params.application());
        String script = Bootstrap.userData(p);
        assertTrue(script.contains("readonly APP_S3_URI='" + Params.application().s3Uri() + "' APP_SHA256='"
                + Params.APP_SHA256 + "'\n"), script);
        assertTrue(script.contains("aws s3 cp --region \"$REGION\" --only-show-errors \"$APP_S3_URI\" \"$archive\""));
        assertFalse(script.contains("WEBAPP_PY_EOF"), "the default application is not embedded");
        assertFalse(script.contains("webapp.py"));
        String unit = heredoc(script, "WEBAPP_SERVICE_EOF");
        assertEquals(Bootstrap.applicationUnit(p), unit);
        assertTrue(unit.contains("\nWorkingDirectory=/opt/webapp/current\n"), unit);
        assertTrue(unit.contains("\nEnvironment=PORT=8080\n"), unit);
        assertTrue(unit.contains("\nEnvironment=WEBAPP_DB_CONFIG=/etc/webapp/database.json\n"), unit);
        assertTrue(unit.contains("\nExecStart=/bin/sh -c 'exec python3 -m http.server --bind 127.0.0.1 \"$$PORT\"'\n"), unit);
        assertTrue(unit.contains("\nRestart=on-failure\n"), unit);
        assertTrue(unit.contains("\nUser=webapp\nGroup=webapp\n"), unit);
        // The same sandbox and log file as the default application: only what starts it differs.
        String defaultUnit = Bootstrap.applicationUnit(plain);
        assertEquals(defaultUnit.substring(defaultUnit.indexOf("Restart=")), unit.substring(unit.indexOf("Restart=")));
        assertEquals(Templates.load("webapp.logrotate"), heredoc(script, "WEBAPP_LOGROTATE_EOF"));
        assertEquals(Bootstrap.nginxConfig(plain), heredoc(script, "NGINX_CONF_EOF"));
    }

    @Test
    void theStartCommandReachesTheShellUnchangedBySystemd() {
        assertEquals("a $$PORT 100%% x\\\\y \"z\" $${A}", Bootstrap.systemdEscaped("a $PORT 100% x\\y \"z\" ${A}"));
        String unit = Bootstrap.applicationUnit(Params.with(Params.plain(), new ApplicationArtifact(
                Params.application().s3Uri(), Params.APP_SHA256, "./run --pct=50% --port=$PORT")));
        assertTrue(unit.contains("ExecStart=/bin/sh -c './run --pct=50%% --port=$$PORT'\n"), unit);
    }

    @Test
    void badApplicationsAreRefusedWithAClearMessage() {
        ApplicationArtifact good = Params.application();
        String uri = good.s3Uri();
        String sha = good.sha256();
        List<ApplicationArtifact> bad = List.of(
                new ApplicationArtifact(uri, sha, "./run'; rm -rf / #"),
                new ApplicationArtifact(uri, sha, "./run\nExecStartPre=/bin/false"),
                new ApplicationArtifact(uri, sha, "./run\r"),
                new ApplicationArtifact(uri, sha, "./run\t--x"),
                new ApplicationArtifact(uri, sha, "./r\u00e9n"),
                new ApplicationArtifact(uri, sha, ""),
                new ApplicationArtifact(uri, sha, "x".repeat(513)),
                new ApplicationArtifact(uri, sha, null),
                new ApplicationArtifact("https://bucket.s3.amazonaws.com/app.tar.gz", sha, "./run"),
                new ApplicationArtifact("s3://Bucket/app.tar.gz", sha, "./run"),
                new ApplicationArtifact("s3://ab/app.tar.gz", sha, "./run"),
                new ApplicationArtifact("s3://" + "b".repeat(64) + "/app.tar.gz", sha, "./run"),
                new ApplicationArtifact("s3://bucket/", sha, "./run"),
                new ApplicationArtifact("s3://bucket", sha, "./run"),
                new ApplicationArtifact("s3://bucket/my app.tar.gz", sha, "./run"),
                new ApplicationArtifact("s3://bucket/app'.tar.gz", sha, "./run"),
                new ApplicationArtifact("s3://bucket/$(id).tar.gz", sha, "./run"),
                new ApplicationArtifact("s3://bucket/app.tar.gz\n", sha, "./run"),
                new ApplicationArtifact(null, sha, "./run"),
                new ApplicationArtifact(uri, sha.toUpperCase(), "./run"),
                new ApplicationArtifact(uri, sha.substring(1), "./run"),
                new ApplicationArtifact(uri, sha + "0", "./run"),
                new ApplicationArtifact(uri, "g" + sha.substring(1), "./run"),
                new ApplicationArtifact(uri, null, "./run"));
        for (ApplicationArtifact app : bad) {
            BootstrapParameters p = Params.with(Params.plain(), app);
            String message = assertThrows(IllegalArgumentException.class, () -> Bootstrap.userData(p), app.toString())
                    .getMessage();
            assertTrue(message.startsWith("application."), message);
            assertThrows(IllegalArgumentException.class, () -> Bootstrap.applicationUnit(p), app.toString());
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Bootstrap.userData(
                Params.with(Params.plain(), new ApplicationArtifact(uri, sha, "it's"))))
                .getMessage().contains("without a single quote"));
        BootstrapParameters nullApplication = new BootstrapParameters("p", "s", "eu-west-1", 1, 443, 8080, "db", "cw",
                Optional.empty(), null);
        assertThrows(IllegalArgumentException.class, () -> Bootstrap.userData(nullApplication));
        // The limits themselves are accepted.
        Bootstrap.userData(Params.with(Params.plain(), new ApplicationArtifact("s3://a.b/k", sha, "x".repeat(512))));
        Bootstrap.userData(Params.with(Params.plain(), new ApplicationArtifact(uri, sha, " !\"#$%&()*+,-./09:;<=>?@AZ[\\]^_`az{|}~")));
        Bootstrap.userData(Params.with(Params.longest(), Params.longestApplication()));
    }

    @Test
    void nothingSumoRelatedWithoutAToken() {
        String script = Bootstrap.userData(Params.plain()).toLowerCase();
        assertFalse(script.contains("sumo"));
        assertFalse(script.contains("otelcol"));
        assertFalse(script.contains("installation_token"));
    }

    @Test
    void sumoInstallFollowsTheDocumentedScriptUsage() {
        String script = Bootstrap.userData(Params.withSumo());
        assertFalse(script.contains("/latest/"), "a pinned installer, not the latest release's");
        Bootstrap.SumoLogicInstaller pinned = Bootstrap.SumoLogicInstaller.PINNED;
        assertTrue(script.contains("SUMO_VERSION=" + pinned.collectorVersion() + "\n"), script);
        assertTrue(script.contains("readonly SUMO_URL=" + pinned.url() + " SUMO_SHA256=" + pinned.sha256() + "\n"));
        assertTrue(script.contains("SUMO_TOKEN_PARAMETER='/secure-web-infra/prod/sumologic-installation-token'"));
        assertTrue(script.contains("aws ssm get-parameter --region \"$REGION\" --name \"$SUMO_TOKEN_PARAMETER\" --with-decryption"));
        assertTrue(script.contains("SUMOLOGIC_INSTALLATION_TOKEN=\"$token\" bash \"$s\" --version \"$SUMO_VERSION\" --install-hostmetrics"));
        assertTrue(script.contains("--tag \"stack=${STACK}\" --tag \"server=${SERVER_INDEX}\""));
        assertFalse(script.contains("--installation-token"), "token never on a command line");
        assertFalse(script.contains("SUMOLOGIC_INSTALL_TOKEN"), "deprecated variable");
    }

    @Test
    void theSumoLogicInstallersLogIsShippedNowhere() throws Exception {
        // The bootstrap's log is shipped, so the installer's output goes to a file of its own.
        String script = Bootstrap.userData(Params.withSumo());
        assertTrue(script.contains("SUMO_LOG=\"${SUMO_LOG:-/var/log/sumologic-install.log}\""));
        assertTrue(script.contains(" </dev/null >>\"$SUMO_LOG\" 2>&1 ||\n"), script);
        JsonNode files = new ObjectMapper().readTree(CloudWatchAgentConfig.of("p", "s").json())
                .path("logs").path("logs_collected").path("files").path("collect_list");
        List<String> shipped = new java.util.ArrayList<>();
        files.forEach(file -> shipped.add(file.path("file_path").asText()));
        assertTrue(shipped.contains("/var/log/webserver-bootstrap.log"), shipped.toString());
        assertFalse(shipped.stream().anyMatch(path -> path.contains("sumologic") || path.contains("*")), shipped.toString());
        assertTrue(heredoc(script, "SUMO_NGINX_EOF").contains("include: [/var/log/nginx/access.log, /var/log/nginx/error.log]"));
    }

    @Test
    void theScriptNeverTracesOrPrintsSecrets() {
        for (BootstrapParameters p : Params.all()) {
            String script = Bootstrap.userData(p);
            assertFalse(script.contains("set -x") || script.contains("xtrace") || script.contains("bash -x"));
            for (String line : script.split("\n")) {
                if (line.matches("\\s*(echo|printf|log)\\b.*")) {
                    assertFalse(line.contains("$token") || line.contains("${token}") || line.contains("SecretString")
                            || line.contains("password"), "prints a secret: " + line);
                }
            }
        }
    }

    @Test
    void markerValuesInNamesAppearOnlyWhereNamesBelong() {
        // Names are not secrets, but a marker shows where each value lands: only in the script's own variables.
        BootstrapParameters p = new BootstrapParameters("proj", "stk", "eu-west-1", 1, 443, 8080,
                "MARKER-SECRET-NAME-7f3a", "MARKER-CW-PARAM-19c2", Optional.of("MARKER-SUMO-PARAM-5b7e"));
        String script = Bootstrap.userData(p);
        assertEquals(1, count(script, "MARKER-SECRET-NAME-7f3a"));
        assertEquals(1, count(script, "MARKER-CW-PARAM-19c2"));
        assertEquals(1, count(script, "MARKER-SUMO-PARAM-5b7e"));
    }

    private static int count(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1;
    }

    @Test
    void valuesThatCouldBreakOutOfQuotingAreRefused() {
        BootstrapParameters good = Params.plain();
        List<BootstrapParameters> bad = List.of(
                new BootstrapParameters("p", "dev'; rm -rf / #", "eu-west-1", 1, 443, 8080, "db", "cw", Optional.empty()),
                new BootstrapParameters("p$(id)", "dev", "eu-west-1", 1, 443, 8080, "db", "cw", Optional.empty()),
                new BootstrapParameters("p", "dev", "eu-west-1\n", 1, 443, 8080, "db", "cw", Optional.empty()),
                new BootstrapParameters("p", "dev", "eu-west-1", 1, 443, 8080, "db name", "cw", Optional.empty()),
                new BootstrapParameters("p", "dev", "eu-west-1", 1, 443, 8080, "db", "cw", Optional.of("x'y")),
                // 0 is a member of the Auto Scaling group; below it is no server at all.
                new BootstrapParameters("p", "dev", "eu-west-1", -1, 443, 8080, "db", "cw", Optional.empty()),
                new BootstrapParameters("p", "dev", "eu-west-1", 1, 443, 443, "db", "cw", Optional.empty()),
                new BootstrapParameters("p", "dev", "eu-west-1", 1, 70000, 8080, "db", "cw", Optional.empty()));
        for (BootstrapParameters p : bad) {
            assertThrows(IllegalArgumentException.class, () -> Bootstrap.userData(p), p.toString());
        }
        Bootstrap.userData(good);
    }

    @Test
    void renderingFailsLoudlyOnUnknownUnusedOrMalformedPlaceholders() {
        Map<String, String> values = new HashMap<>(Map.of("project", "p", "stack", "s", "server_index", "1"));
        Templates.render("sumologic-nginx.yaml", values);
        Map<String, String> missing = new HashMap<>(values);
        missing.remove("stack");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Templates.render("sumologic-nginx.yaml", missing))
                .getMessage().contains("{{stack}}"));
        Map<String, String> extra = new HashMap<>(values);
        extra.put("stak", "s");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Templates.render("sumologic-nginx.yaml", extra))
                .getMessage().contains("stak"));
        assertThrows(IllegalArgumentException.class, () -> Templates.render("no-such-template", Map.of()));
        // A value is inserted as is, never scanned for placeholders itself.
        Map<String, String> nested = new HashMap<>(values);
        nested.put("stack", "{{project}}");
        assertTrue(Templates.render("sumologic-nginx.yaml", nested).contains("value: p/{{project}}/nginx"));
    }

    @Test
    void cloudWatchAgentConfigHasTheSectionsTheAgentRequires() throws Exception {
        JsonNode config = new ObjectMapper().readTree(CloudWatchAgentConfig.of("secure-web-infra", "dev").json());
        assertTrue(config.path("agent").isObject());
        JsonNode files = config.path("logs").path("logs_collected").path("files").path("collect_list");
        assertTrue(files.isArray());
        Map<String, String> groups = new HashMap<>();
        files.forEach(f -> groups.put(f.path("file_path").asText(), f.path("log_group_name").asText()));
        assertEquals(Map.of(
                "/var/log/nginx/access.log", "/secure-web-infra/dev/web/nginx-access",
                "/var/log/nginx/error.log", "/secure-web-infra/dev/web/nginx-error",
                "/var/log/webapp/app.log", "/secure-web-infra/dev/web/app",
                "/var/log/webserver-bootstrap.log", "/secure-web-infra/dev/web/bootstrap",
                "/var/log/cloud-init-output.log", "/secure-web-infra/dev/web/cloud-init"), groups);
        files.forEach(f -> assertEquals("{instance_id}", f.path("log_stream_name").asText()));
        JsonNode metrics = config.path("metrics");
        assertEquals("CWAgent", metrics.path("namespace").asText());
        assertEquals("${aws:InstanceId}", metrics.path("append_dimensions").path("InstanceId").asText());
        assertEquals("mem_used_percent", metrics.path("metrics_collected").path("mem").path("measurement").get(0).asText());
        assertEquals("used_percent", metrics.path("metrics_collected").path("disk").path("measurement").get(0).asText());
        assertEquals(List.copyOf(groups.values()).size(), CloudWatchAgentConfig.of("secure-web-infra", "dev").logGroupNames().size());
        assertEquals("/secure-web-infra/dev/web/nginx-access", CloudWatchAgentConfig.of("secure-web-infra", "dev").logGroupNames().get(0));
        assertThrows(IllegalArgumentException.class, () -> CloudWatchAgentConfig.of("p\"", "dev").json());
    }

    @Test
    void theAgentCollectsTheLogFilesTheServerWrites() throws Exception {
        BootstrapParameters p = Params.plain();
        String nginx = Bootstrap.nginxConfig(p);
        String unit = Bootstrap.applicationUnit(p);
        JsonNode files = new ObjectMapper().readTree(CloudWatchAgentConfig.of(p.project(), p.stack()).json())
                .path("logs").path("logs_collected").path("files").path("collect_list");
        List<String> paths = new java.util.ArrayList<>();
        files.forEach(f -> paths.add(f.path("file_path").asText()));
        assertTrue(nginx.contains("access_log /var/log/nginx/access.log timed;") && paths.contains("/var/log/nginx/access.log"));
        assertTrue(nginx.contains("error_log /var/log/nginx/error.log warn;") && paths.contains("/var/log/nginx/error.log"));
        assertTrue(unit.contains("StandardOutput=append:/var/log/webapp/app.log") && paths.contains("/var/log/webapp/app.log"));
    }
}
