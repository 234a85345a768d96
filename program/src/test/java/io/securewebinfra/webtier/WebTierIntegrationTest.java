package io.securewebinfra.webtier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web tier of one server on loopback: the rendered Nginx config in real nginx, the default application and a
 * real MariaDB that only accepts TLS, with the credentials file written by the bootstrap's own step.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebTierIntegrationTest {
    static final String PASSWORD = "pw-MARKER-3e91\"q'\\#;$ x";

    @TempDir
    static Path dir;
    static TlsMariaDb db;
    static int appPort;
    static int httpsPort;
    static Process app;
    static String curl;
    static String openssl;

    @BeforeAll
    static void startWebTier() throws Exception {
        String nginx = Tools.require("nginx");
        Tools.require("python3");
        curl = Tools.require("curl");
        openssl = Tools.require("openssl");
        appPort = Tools.freePort();
        httpsPort = Tools.freePort();
        try {
            db = TlsMariaDb.prepare(dir.resolve("db"));
            // A CA the database's certificate does not come from.
            Tools.runOk(openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=other-ca",
                    "-keyout", dir.resolve("other-ca.key").toString(), "-out", dir.resolve("other-ca.pem").toString());
            db.start();
            db.setAppPassword(PASSWORD);
            Path credentials = BootstrapSteps.writeDatabaseCredentials(dir.resolve("bootstrap"), Params.plain(),
                    db.connectionJson(PASSWORD));
            app = startApp("app", appPort, credentials, db.caCertificate());
            startNginx(nginx);
        } catch (Throwable t) {
            Tools.stopAll();
            throw t;
        }
    }

    @AfterAll
    static void stopWebTier() {
        Tools.stopAll();
    }

    static Process startApp(String name, int port, Path credentials, Path ca) throws IOException {
        Path app = dir.resolve("webapp.py");
        if (!Files.exists(app)) {
            Files.writeString(app, Bootstrap.applicationSource());
        }
        Map<String, String> env = new HashMap<>(Map.of(
                "WEBAPP_PORT", Integer.toString(port),
                "WEBAPP_STACK", "dev",
                "WEBAPP_SERVER_INDEX", "1",
                "INSTANCE_ID", "i-0123456789abcdef0",
                "AVAILABILITY_ZONE", "eu-west-1a",
                "WEBAPP_DB_CONFIG", credentials.toString(),
                "WEBAPP_DB_CA", ca.toString(),
                "WEBAPP_HEALTH_CACHE_SECONDS", "1"));
        Process p = Tools.start(dir.resolve(name + ".log"), env, "python3", app.toString());
        Tools.await(Duration.ofSeconds(10), name + " to listen",
                () -> p.isAlive() && Tools.run(curl, "-s", "-o", "/dev/null", "http://127.0.0.1:" + port + "/").exitCode() == 0);
        return p;
    }

    /** The server's nginx.conf with only the paths, port and user changed to run in a scratch directory. */
    static Map<String, String> scratchNginxValues() {
        Map<String, String> values = new HashMap<>(Bootstrap.nginxConfigValues(Params.plain()));
        Map<String, String> changes = Map.of(
                // As root, workers would switch to the distribution's nginx user, which Debian does not have.
                "nginx_user", Tools.isRoot() ? "root" : values.get("nginx_user"),
                "pid_file", dir.resolve("nginx/nginx.pid").toString(),
                "log_dir", dir.resolve("nginx/log").toString(),
                "temp_dir", dir.resolve("nginx/tmp").toString(),
                "https_listen", "127.0.0.1:" + httpsPort,
                "app_port", Integer.toString(appPort),
                "tls_certificate", dir.resolve("tls/server.crt").toString(),
                "tls_certificate_key", dir.resolve("tls/private/server.key").toString());
        assertEquals(values.keySet(), changes.keySet());
        values.putAll(changes);
        return values;
    }

    static void startNginx(String nginx) throws IOException {
        Files.createDirectories(dir.resolve("nginx/log"));
        Files.createDirectories(dir.resolve("nginx/tmp"));
        // The server's own certificate step makes the certificate.
        Tools.Result cert = BootstrapSteps.run(dir.resolve("bootstrap"), Params.plain(),
                Map.of("TLS_DIR", dir.resolve("tls").toString()), "make_tls_certificate");
        assertEquals(0, cert.exitCode(), cert.all());
        Path conf = dir.resolve("nginx/nginx.conf");
        Files.writeString(conf, Templates.render("nginx.conf", scratchNginxValues()));
        String[] base = {nginx, "-p", dir.resolve("nginx").toString(), "-e", dir.resolve("nginx/log/error.log").toString(),
            "-c", conf.toString()};
        Tools.Result test = Tools.run(concat(base, "-t"));
        assertEquals(0, test.exitCode(), "nginx -t: " + test.all());
        Process p = Tools.start(dir.resolve("nginx-stdout.log"), Map.of(), concat(base, "-g", "daemon off;"));
        Tools.await(Duration.ofSeconds(10), "nginx to listen",
                () -> p.isAlive() && get("/").exitCode() == 0);
    }

    static String[] concat(String[] a, String... b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    /** GET over TLS through nginx; stdout is the status line, headers and body. */
    static Tools.Result get(String path) {
        return Tools.run(curl, "-sk", "-i", "--max-time", "10", "https://127.0.0.1:" + httpsPort + path);
    }

    /** The response body, after the headers. */
    static String body(Tools.Result r) {
        String out = r.stdout();
        return out.substring(out.indexOf("\r\n\r\n") + 4).strip();
    }

    static int status(Tools.Result r) {
        return Integer.parseInt(r.stdout().split(" ", 3)[1]);
    }

    @Test
    @Order(1)
    void rootNamesTheServerThatAnsweredButNotItsInstanceOrZone() {
        Tools.Result r = get("/");
        assertEquals(0, r.exitCode(), r.all());
        assertEquals(200, status(r), r.stdout());
        assertTrue(r.stdout().contains("\"message\": \"served by web server 1 of stack dev\""), r.stdout());
        assertFalse(r.stdout().contains("i-0123456789abcdef0"), r.stdout());
        assertFalse(r.stdout().contains("eu-west-1a"), r.stdout());
        String log = Tools.read(dir.resolve("app.log"));
        assertTrue(log.contains("instance i-0123456789abcdef0 in eu-west-1a"), "identity in the app's log: " + log);
    }

    @Test
    @Order(2)
    void securityHeadersAndNoServerVersion() {
        String response = get("/").stdout().toLowerCase();
        assertTrue(response.contains("\nstrict-transport-security: max-age=31536000; includesubdomains"), response);
        assertTrue(response.contains("\nx-content-type-options: nosniff"), response);
        assertTrue(response.contains("\nx-frame-options: deny"), response);
        assertTrue(response.contains("\nserver: nginx\r\n"), "server header without a version: " + response);
        assertFalse(response.contains("python") || response.contains("webapp/"), response);
        // Headers also on errors.
        String missing = get("/no-such-page").stdout().toLowerCase();
        assertTrue(missing.startsWith("http/1.1 404") && missing.contains("x-frame-options: deny"), missing);
    }

    @Test
    @Order(3)
    void onlyTls12And13AreAccepted() {
        String target = "127.0.0.1:" + httpsPort;
        for (String version : new String[] {"-tls1_2", "-tls1_3"}) {
            Tools.Result ok = Tools.run(Duration.ofSeconds(10), Map.of(), "", openssl, "s_client", "-connect", target, version);
            assertEquals(0, ok.exitCode(), version + ": " + ok.all());
        }
        // The client is allowed TLS 1.1 (security level 0), so a failure is the server's refusal.
        Tools.Result old = Tools.run(Duration.ofSeconds(10), Map.of(), "", openssl, "s_client", "-connect", target,
                "-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0");
        assertNotEquals(0, old.exitCode(), old.all());
        assertTrue(old.all().contains("alert protocol version"), old.all());
    }

    @Test
    @Order(4)
    void accessLogHasRequestAndUpstreamTimes() {
        get("/");
        String log = Tools.read(dir.resolve("nginx/log/access.log"));
        assertTrue(log.matches("(?s).*\"GET / HTTP/1\\.1\" 200 .* rt=\\d+\\.\\d{3} urt=\\d+\\.\\d{3}\n.*"), log);
    }

    @Test
    @Order(5)
    void healthIsOkWhileThePrimaryAnswersOverTls() {
        Tools.Result r = get("/health");
        assertEquals(200, status(r), r.stdout() + Tools.read(dir.resolve("app.log")));
        assertEquals("{\"status\": \"ok\"}", body(r));
        assertTrue(Tools.read(dir.resolve("app.log")).contains("primary database answered over TLS"));
    }

    @Test
    @Order(6)
    void healthFailsWhenTheServerCertificateIsNotFromTheTrustedCa() throws IOException {
        int port = Tools.freePort();
        startApp("app-other-ca", port, dir.resolve("bootstrap/etc-webapp/database.json"), dir.resolve("other-ca.pem"));
        Tools.Result r = Tools.run(curl, "-s", "-i", "http://127.0.0.1:" + port + "/health");
        assertEquals(503, status(r), r.stdout());
        assertEquals("{\"status\": \"unavailable\"}", body(r));
        assertTrue(Tools.read(dir.resolve("app-other-ca.log")).contains("primary database check failed"));
    }

    @Test
    @Order(7)
    void healthIs503WithOnlyAFixedWordWhenTheDatabaseIsDownAndTheReasonOnlyInTheLog() {
        assertEquals(200, status(get("/health")));
        db.stop();
        Tools.await(Duration.ofSeconds(15), "/health to report the database down", () -> status(get("/health")) == 503);
        Tools.Result r = get("/health");
        assertEquals("{\"status\": \"unavailable\"}", body(r), "no host, user or client error for strangers");
        Tools.await(Duration.ofSeconds(5), "the reason in the app's log",
                () -> Tools.read(dir.resolve("app.log")).contains("Can't connect"));
    }

    @Test
    @Order(8)
    void noSecretInAnyLogOrResponse() throws IOException {
        assertTrue(Files.readString(dir.resolve("bootstrap/etc-webapp/database.json")).contains("MARKER"));
        for (String log : Set.of("app.log", "app-other-ca.log", "nginx/log/access.log", "nginx/log/error.log",
                "nginx-stdout.log")) {
            assertFalse(Tools.read(dir.resolve(log)).contains("MARKER"), log);
        }
        assertFalse(get("/health").stdout().contains("MARKER"));
    }

    @Test
    @Order(9)
    void aUsersOwnApplicationDeployedByTheBootstrapAnswersBehindNginx() throws Exception {
        Path work = dir.resolve("custom");
        Files.createDirectories(work);
        Path archive = BootstrapStepsTest.applicationArchive(work);
        String sha = BootstrapStepsTest.sha256(archive);
        BootstrapParameters p = BootstrapStepsTest.withArchive(sha);
        Path root = work.resolve("opt-webapp");
        Tools.Result deployed = BootstrapSteps.run(work, p, Map.of(
                "APP_ROOT", root.toString(),
                "WEBAPP_GROUP", Tools.runOk("id", "-gn").stdout().trim(),
                "FAKE_ARCHIVE", archive.toString()), BootstrapStepsTest.AWS_S3_STUB + "deploy_app\n");
        assertEquals(0, deployed.exitCode(), deployed.all());
        // The unit's start command as systemd hands it to /bin/sh, in the unit's directory and environment.
        String unit = Bootstrap.applicationUnit(p);
        Matcher m = Pattern.compile("\nExecStart=/bin/sh -c '([^'\n]*)'\n").matcher(unit);
        assertTrue(m.find(), unit);
        String command = m.group(1).replace("$$", "$").replace("%%", "%").replace("\\\\", "\\");
        assertTrue(unit.contains("\nEnvironment=PORT=8080\n"), unit);
        Tools.stop(app);
        Process custom = Tools.start(work.resolve("custom-app.log"), root.resolve("current"),
                Map.of("PORT", Integer.toString(appPort)), "/bin/sh", "-c", command);
        try {
            Tools.await(Duration.ofSeconds(10), "the custom application through nginx",
                    () -> custom.isAlive() && get("/").stdout().contains("hello from the custom app"));
            Tools.Result r = get("/");
            assertEquals(200, status(r), r.stdout());
            assertTrue(r.stdout().toLowerCase().contains("\nstrict-transport-security: "), r.stdout());
        } finally {
            Tools.stop(custom);
        }
    }
}
