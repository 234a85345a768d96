package io.securewebinfra.webtier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BootstrapStepsTest {
    static final String PASSWORD_MARKER = "pw-MARKER-3e91\"q'\\#;$ x";
    static final String TOKEN_MARKER = "TOKEN-MARKER-c0ffee-5a5a";

    @TempDir
    Path dir;

    @Test
    void databaseCredentialsAreWrittenReadableOnlyByTheAppGroupAndNeverPrinted() throws Exception {
        String secret = "{\"host\":\"db.example\",\"port\":3306,\"username\":\"app\",\"password\":\""
                + PASSWORD_MARKER.replace("\\", "\\\\").replace("\"", "\\\"") + "\",\"dbname\":\"app\"}";
        Path file = BootstrapSteps.writeDatabaseCredentials(dir, Params.plain(), secret);
        assertEquals(secret + "\n", Files.readString(file), "the secret as Secrets Manager returns it");
        assertEquals("r--r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
        try (var leftovers = Files.list(file.getParent())) {
            assertEquals(List.of(file), leftovers.toList(), "no temporary copies left behind");
        }
        String calls = Tools.read(dir.resolve("calls.log"));
        assertTrue(calls.contains("aws secretsmanager get-secret-value --region eu-west-1 "
                + "--secret-id secure-web-infra-dev/database --query SecretString --output text"), calls);
        assertFalse(calls.contains("MARKER"));
    }

    @Test
    void aFailingSecretLookupFailsTheBootstrapAndLeavesNoFile() {
        Tools.Result r = BootstrapSteps.run(dir, Params.plain(), Map.of(
                        "WEBAPP_CONF_DIR", dir.resolve("conf").toString(),
                        "WEBAPP_GROUP", Tools.runOk("id", "-gn").stdout().trim()),
                "aws() { return 255; }\nsleep() { :; }\nmake_conf_dir\nwrite_database_credentials\necho not-reached\n");
        assertTrue(r.exitCode() != 0, r.all());
        assertFalse(r.all().contains("not-reached"));
        assertTrue(r.stderr().contains("cannot read secret secure-web-infra-dev/database"), r.all());
        assertFalse(Files.exists(dir.resolve("conf/database.json")));
    }

    @Test
    void instanceIdentityComesFromImdsV2WithASessionToken() throws Exception {
        // Answers like IMDS with httpTokens=required: metadata only with the token from the PUT.
        String curlStub = """
                curl() {
                  local args="$*"
                  if [[ $args == *"-X PUT"* && $args == *"X-aws-ec2-metadata-token-ttl-seconds: 300"* && $args == *"/latest/api/token" ]]; then
                    echo IMDS-TOKEN-1; return 0; fi
                  [[ $args == *"X-aws-ec2-metadata-token: IMDS-TOKEN-1"* ]] || return 22
                  case $args in
                    *"/latest/meta-data/instance-id") echo i-0123456789abcdef0 ;;
                    *"/latest/meta-data/placement/availability-zone") echo eu-west-1b ;;
                    *) return 22 ;;
                  esac
                }
                """;
        Path conf = dir.resolve("conf");
        Tools.Result r = BootstrapSteps.run(dir, Params.plain(), Map.of("WEBAPP_CONF_DIR", conf.toString(),
                "WEBAPP_GROUP", Tools.runOk("id", "-gn").stdout().trim()), curlStub + "make_conf_dir\nread_instance_identity\n");
        assertEquals(0, r.exitCode(), r.all());
        assertEquals("INSTANCE_ID=i-0123456789abcdef0\nAVAILABILITY_ZONE=eu-west-1b\n",
                Files.readString(conf.resolve("instance.env")));
    }

    @Test
    void tlsCertificateIsMadeOnceWithAPrivateKey() throws Exception {
        Tools.require("openssl");
        Path tls = dir.resolve("tls");
        Map<String, String> env = Map.of("TLS_DIR", tls.toString());
        assertEquals(0, BootstrapSteps.run(dir, Params.withSumo(), env, "make_tls_certificate").exitCode());
        byte[] first = Files.readAllBytes(tls.resolve("server.crt"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tls.resolve("private/server.key"))));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tls.resolve("private"))));
        String subject = Tools.runOk("openssl", "x509", "-noout", "-subject", "-in", tls.resolve("server.crt").toString()).stdout();
        assertTrue(subject.contains("secure-web-infra-prod-web-3"), subject);
        assertEquals(0, BootstrapSteps.run(dir, Params.withSumo(), env, "make_tls_certificate").exitCode());
        assertTrue(java.util.Arrays.equals(first, Files.readAllBytes(tls.resolve("server.crt"))), "kept on a second run");
    }

    /** The installer the bootstrap pins, byte for byte (see program/src/test/resources/sumologic/README.md). */
    static Path pinnedSumoInstaller() throws Exception {
        return Path.of(BootstrapStepsTest.class.getResource("/sumologic/install.sh").toURI());
    }

    static final Bootstrap.SumoLogicInstaller PINNED = Bootstrap.SumoLogicInstaller.PINNED;

    /**
     * Stubs for the Sumo Logic step: {@code curl} serves {@code $SERVE} for the pinned URL only, and the installer
     * (run as {@code bash "$script" ...}) records what it was given, then runs {@code $INSTALLER_DOES}.
     */
    static final String SUMO_STUBS = """
            systemctl() { echo "systemctl $*" >>"$CALLS"; [[ $1 != cat ]]; }
            dnf() { echo "dnf $*" >>"$CALLS"; }
            setfacl() { echo "setfacl $*" >>"$CALLS"; }
            find() { echo "find $*" >>"$CALLS"; }
            sleep() { :; }
            aws() { echo "aws $*" >>"$CALLS"; printf '%s\\n' "$FAKE_TOKEN"; }
            curl() {
              echo "curl $*" >>"$CALLS"
              local out=""
              [[ ${*: -1} == "$SUMO_URL" ]] || return 22
              while (($#)); do if [[ $1 == -o ]]; then out=$2; shift; fi; shift; done
              cp "$SERVE" "$out"
            }
            bash() {
              echo "installer run" >>"$CALLS"
              sha256sum "$1" | cut -d ' ' -f 1 >"$OUT/installer-sha256"
              printf '%s\\n' "${@:2}" >"$OUT/installer-args"
              command env | sed -n 's/^SUMOLOGIC_INSTALLATION_TOKEN=//p' >"$OUT/installer-env-token"
              eval "$INSTALLER_DOES"
            }
            for step in "${OPTIONAL_STEPS[@]}"; do "$step"; done
            [[ -z ${SUMOLOGIC_INSTALLATION_TOKEN:-} ]] || echo "token left in the environment"
            echo "sumo step done"
            """;

    /** Runs the Sumo Logic step with {@code served} as the download and {@code installerDoes} as the installer. */
    Tools.Result runSumoStep(Path served, String token, String installerDoes) throws Exception {
        Files.createDirectories(dir.resolve("tmp"));
        Files.createDirectories(dir.resolve("out"));
        return BootstrapSteps.run(dir, Params.withSumo(), Map.of(
                "SUMO_CONF_DIR", dir.resolve("otelcol-conf.d").toString(),
                "SUMO_LOG", dir.resolve("sumologic-install.log").toString(),
                "TMPDIR", dir.resolve("tmp").toString(),
                "OUT", dir.resolve("out").toString(),
                "SERVE", served.toString(),
                "FAKE_TOKEN", token,
                "INSTALLER_DOES", installerDoes), SUMO_STUBS);
    }

    private void assertNoDownloadLeftBehind() throws Exception {
        try (var tmp = Files.list(dir.resolve("tmp"))) {
            assertEquals(List.of(), tmp.toList(), "the downloaded installer is removed");
        }
    }

    @Test
    void thePinnedChecksumIsThatOfThePinnedInstallerWhichHasTheOptionsTheBootstrapPasses() throws Exception {
        String url = PINNED.url();
        String version = PINNED.collectorVersion();
        // An immutable URL: the blob at one commit, not a branch, tag or "latest" that can move.
        assertTrue(url.matches("https://raw\\.githubusercontent\\.com/SumoLogic/sumologic-otel-collector-packaging/"
                + "[0-9a-f]{40}/install-script/install\\.sh"), url);
        assertTrue(version.matches("[0-9]+\\.[0-9]+\\.[0-9]+-[0-9]+"), "RPM version-release, as yum takes it: " + version);
        assertEquals(sha256(pinnedSumoInstaller()), PINNED.sha256());
        String installer = Files.readString(pinnedSumoInstaller());
        for (String option : List.of("version", "install-hostmetrics", "tag")) {
            assertTrue(installer.contains("='" + option + "'\n"), "the pinned installer has no --" + option);
        }
        // On Linux it installs exactly the package version it is given.
        assertTrue(installer.contains("package_str=\"${package_str}-${VERSION}\""), "yum install <name>-<version>");
        assertTrue(installer.contains("\"${ARG_SHORT_VERSION}\")       VERSION=\"${OPTARG}\" ;;"));
    }

    @Test
    void sumoLogicRunsThePinnedInstallerWithTheTokenOnlyInItsEnvironment() throws Exception {
        Path installer = pinnedSumoInstaller();
        Tools.Result r = runSumoStep(installer, TOKEN_MARKER, "echo 'Installation succeded'");
        assertEquals(0, r.exitCode(), r.all());
        assertTrue(r.stdout().endsWith("sumo step done\n"), r.all());
        assertFalse(r.all().contains(TOKEN_MARKER), "token printed: " + r.all());
        assertFalse(r.all().contains("token left"), r.all());
        Path out = dir.resolve("out");
        assertEquals(sha256(installer) + "\n", Files.readString(out.resolve("installer-sha256")), "ran the verified bytes");
        assertEquals(TOKEN_MARKER + "\n", Files.readString(out.resolve("installer-env-token")), "exported to the installer");
        List<String> args = Files.readAllLines(out.resolve("installer-args"));
        assertFalse(String.join(" ", args).contains(TOKEN_MARKER));
        assertEquals(List.of("--version", PINNED.collectorVersion(), "--install-hostmetrics", "--tag", "project=secure-web-infra", "--tag", "stack=prod",
                "--tag", "server=3"), args);
        String calls = Tools.read(dir.resolve("calls.log"));
        assertFalse(calls.contains(TOKEN_MARKER));
        assertTrue(calls.contains("curl -fsSL --max-time 120 -o " + dir.resolve("tmp")), calls);
        assertTrue(calls.contains(" " + PINNED.url() + "\n"), calls);
        assertTrue(calls.indexOf("curl ") < calls.indexOf("aws ssm get-parameter --region us-east-1 --name "
                + "/secure-web-infra/prod/sumologic-installation-token --with-decryption"), "token read after the download");
        assertTrue(calls.contains("setfacl -m u:otelcol-sumo:rx -m d:u:otelcol-sumo:r /var/log/nginx"), calls);
        assertTrue(calls.contains("systemctl restart otelcol-sumo.service"), calls);
        assertEquals("Installation succeded\n", Files.readString(dir.resolve("sumologic-install.log")),
                "the installer's output goes to its own log");
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve("sumologic-install.log"))));
        assertNoDownloadLeftBehind();
        String yaml = Files.readString(dir.resolve("otelcol-conf.d/nginx.yaml"));
        assertTrue(yaml.contains("include: [/var/log/nginx/access.log, /var/log/nginx/error.log]"), yaml);
        assertTrue(yaml.contains("exporters: [sumologic]"));
    }

    @Test
    void aTamperedSumoLogicInstallerIsNeverRunAndTheTokenNeverRead() throws Exception {
        Path tampered = dir.resolve("tampered-install.sh");
        // One line added at the top: it would be the first thing to run, however the script were started.
        Files.writeString(tampered, Files.readString(pinnedSumoInstaller())
                .replaceFirst("\n", "\ntouch \"\\$OUT/tampered-ran\"\n"));
        Tools.Result r = runSumoStep(tampered, TOKEN_MARKER, ":");
        assertNotEquals(0, r.exitCode(), r.all());
        assertFalse(r.stdout().contains("sumo step done"), "the bootstrap stops: " + r.all());
        String url = PINNED.url();
        assertTrue(r.stderr().contains(url + " has SHA-256 " + sha256(tampered) + ", expected "
                + sha256(pinnedSumoInstaller()) + ": not run"), r.all());
        String calls = Tools.read(dir.resolve("calls.log"));
        assertFalse(calls.contains("installer run"), calls);
        assertFalse(Files.exists(dir.resolve("out/tampered-ran")));
        assertFalse(calls.contains("aws ssm"), "the token is not even read: " + calls);
        assertFalse(calls.contains("systemctl restart"), calls);
        assertFalse(r.all().contains(TOKEN_MARKER));
        assertNoDownloadLeftBehind();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 3})
    void anInstallerThatPrintsTheTokenOnlyPrintsItToARootOnlyFileThatIsNotShipped(int installerStatus) throws Exception {
        Tools.Result r = runSumoStep(pinnedSumoInstaller(), TOKEN_MARKER, """
                echo "registering with token ${SUMOLOGIC_INSTALLATION_TOKEN}"
                echo "error: token '$SUMOLOGIC_INSTALLATION_TOKEN' refused" >&2
                return""" + " " + installerStatus + "\n");
        // The step's output is what main() tees into the bootstrap's log, which is shipped.
        assertFalse(r.all().contains(TOKEN_MARKER), "token printed: " + r.all());
        assertFalse(Tools.read(dir.resolve("calls.log")).contains(TOKEN_MARKER));
        Path log = dir.resolve("sumologic-install.log");
        assertEquals("registering with token " + TOKEN_MARKER + "\nerror: token '" + TOKEN_MARKER + "' refused\n",
                Files.readString(log), "stdout and stderr of the installer, kept on the server");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(log)));
        if (installerStatus == 0) {
            assertEquals(0, r.exitCode(), r.all());
            assertTrue(r.stdout().endsWith("sumo step done\n"), r.all());
        } else {
            assertNotEquals(0, r.exitCode(), r.all());
            assertFalse(r.stdout().contains("sumo step done"), r.all());
            assertTrue(r.stderr().contains("Sumo Logic installer failed, see " + log), r.all());
            assertFalse(Tools.read(dir.resolve("calls.log")).contains("systemctl restart"));
        }
        assertNoDownloadLeftBehind();
    }

    /** A small application archive, as a user would build it; returns its path. */
    static Path applicationArchive(Path dir) throws Exception {
        Path src = dir.resolve("app-src");
        Files.createDirectories(src.resolve("static"));
        Files.writeString(src.resolve("static/index.html"), "hello from the custom app\n");
        Path server = src.resolve("server.sh");
        Files.writeString(server, "#!/bin/sh\nexec python3 -m http.server --bind 127.0.0.1 --directory static \"$1\"\n");
        // Modes a careless archive may have: the deploy step must still make everything readable by the app.
        Files.setPosixFilePermissions(server, PosixFilePermissions.fromString("rwx------"));
        Files.setPosixFilePermissions(src.resolve("static"), PosixFilePermissions.fromString("rwx------"));
        Path archive = dir.resolve("app.tar.gz");
        Tools.runOk(Tools.require("tar"), "-czf", archive.toString(), "-C", src.toString(), "server.sh", "static");
        return archive;
    }

    static String sha256(Path file) throws Exception {
        return java.util.HexFormat.of().formatHex(
                java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    static final String AWS_S3_STUB = """
            aws() { echo "aws $*" >>"$CALLS"; cp "$FAKE_ARCHIVE" "${@: -1}"; }
            sleep() { :; }
            """;

    /** Runs {@code deploy_app} against a scratch {@code /opt/webapp} with {@code aws} serving {@code archive}. */
    Tools.Result deploy(BootstrapParameters p, Path archive, String stubs) throws Exception {
        Files.createDirectories(dir.resolve("tmp"));
        return BootstrapSteps.run(dir, p, Map.of(
                "APP_ROOT", dir.resolve("opt-webapp").toString(),
                "WEBAPP_GROUP", Tools.runOk("id", "-gn").stdout().trim(),
                "TMPDIR", dir.resolve("tmp").toString(),
                "FAKE_ARCHIVE", archive.toString()), stubs + "deploy_app\necho deployed\n");
    }

    static BootstrapParameters withArchive(String sha256) {
        return Params.with(Params.plain(), new ApplicationArtifact("s3://secure-web-infra-artifacts/apps/" + sha256
                + ".tar.gz", sha256, "exec ./server.sh \"$PORT\""));
    }

    @Test
    void theApplicationArchiveIsVerifiedAndUnpackedIntoItsOwnRelease() throws Exception {
        Path archive = applicationArchive(dir);
        String sha = sha256(archive);
        BootstrapParameters p = withArchive(sha);
        Tools.Result r = deploy(p, archive, AWS_S3_STUB);
        assertEquals(0, r.exitCode(), r.all());
        assertTrue(r.stdout().endsWith("deployed\n"), r.all());
        Path root = dir.resolve("opt-webapp");
        Path release = root.resolve("releases").resolve(sha);
        assertEquals("hello from the custom app\n", Files.readString(release.resolve("static/index.html")));
        assertEquals(release, Files.readSymbolicLink(root.resolve("current")));
        assertEquals("hello from the custom app\n", Files.readString(root.resolve("current/static/index.html")));
        try (var entries = Files.list(root)) {
            assertEquals(List.of("current", "releases"), entries.map(e -> e.getFileName().toString()).sorted().toList());
        }
        try (var releases = Files.list(root.resolve("releases"))) {
            assertEquals(List.of(release), releases.toList(), "no staging directory left behind");
        }
        try (var tmp = Files.list(dir.resolve("tmp"))) {
            assertEquals(List.of(), tmp.toList(), "the downloaded archive is removed");
        }
        // Readable, never writable, by the app's group; executables stay executable.
        assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(release)));
        assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(release.resolve("server.sh"))));
        assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(release.resolve("static"))));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(release.resolve("static/index.html"))));
        String calls = Tools.read(dir.resolve("calls.log"));
        assertTrue(calls.startsWith("aws s3 cp --region eu-west-1 --only-show-errors s3://secure-web-infra-artifacts/apps/"
                + sha + ".tar.gz " + dir.resolve("tmp")), calls);
        if (Tools.isRoot()) {
            assertEquals("root", Files.getOwner(release.resolve("static/index.html")).getName());
        } else {
            assertTrue(calls.contains("chown -R root:"), calls);
        }
        // The unit that runs it: the start command in the release directory, with the port in PORT.
        String unit = BootstrapRenderingTest.heredoc(Bootstrap.userData(p), "WEBAPP_SERVICE_EOF");
        assertTrue(unit.contains("\nWorkingDirectory=/opt/webapp/current\n"), unit);
        assertTrue(unit.contains("\nEnvironment=PORT=8080\n"), unit);
        assertTrue(unit.contains("\nExecStart=/bin/sh -c 'exec ./server.sh \"$$PORT\"'\n"), unit);
        assertTrue(unit.contains("\nUser=webapp\n"), unit);

        // Running the step again keeps the release and does not download it again.
        assertEquals(0, deploy(p, archive, AWS_S3_STUB).exitCode());
        assertEquals(1, Tools.read(dir.resolve("calls.log")).split("aws s3 cp", -1).length - 1);
        assertEquals(release, Files.readSymbolicLink(root.resolve("current")));
    }

    @Test
    void anArchiveWithTheWrongChecksumAbortsTheBootstrapAndIsNotDeployed() throws Exception {
        Path archive = applicationArchive(dir);
        String expected = Params.APP_SHA256;
        Tools.Result r = deploy(withArchive(expected), archive, AWS_S3_STUB);
        assertNotEquals(0, r.exitCode(), r.all());
        assertFalse(r.stdout().contains("deployed"), r.all());
        assertTrue(r.stderr().contains("has SHA-256 " + sha256(archive) + ", expected " + expected), r.all());
        Path root = dir.resolve("opt-webapp");
        assertFalse(Files.exists(root.resolve("releases").resolve(expected)));
        assertFalse(Files.exists(root.resolve("current"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
        try (var releases = Files.list(root.resolve("releases"))) {
            assertEquals(List.of(), releases.toList(), "nothing unpacked");
        }
        try (var tmp = Files.list(dir.resolve("tmp"))) {
            assertEquals(List.of(), tmp.toList(), "the downloaded archive is removed");
        }
    }

    @Test
    void aFailingDownloadAbortsTheBootstrap() throws Exception {
        Path archive = applicationArchive(dir);
        Tools.Result r = deploy(withArchive(sha256(archive)), archive, "aws() { return 1; }\nsleep() { :; }\n");
        assertNotEquals(0, r.exitCode(), r.all());
        assertTrue(r.stderr().contains("cannot download s3://secure-web-infra-artifacts/apps/"), r.all());
        assertFalse(Files.exists(dir.resolve("opt-webapp/current"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void withoutATokenParameterThereAreNoOptionalSteps() {
        Tools.Result r = BootstrapSteps.run(dir, Params.plain(), Map.of(),
                "echo \"steps=${#OPTIONAL_STEPS[@]}\"; declare -F | grep -ci sumo || true");
        assertEquals(0, r.exitCode(), r.all());
        assertEquals("steps=0\n0\n", r.stdout());
    }
}
