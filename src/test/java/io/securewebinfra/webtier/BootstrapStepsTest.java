package io.securewebinfra.webtier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

    @Test
    void sumoLogicInstallerGetsTheTokenOnlyThroughItsEnvironment() throws Exception {
        Path sumoConf = dir.resolve("otelcol-conf.d");
        String stubs = """
                systemctl() { echo "systemctl $*" >>"$CALLS"; [[ $1 != cat ]]; }
                dnf() { echo "dnf $*" >>"$CALLS"; }
                setfacl() { echo "setfacl $*" >>"$CALLS"; }
                find() { echo "find $*" >>"$CALLS"; }
                aws() { echo "aws $*" >>"$CALLS"; printf '%s\\n' "$FAKE_TOKEN"; }
                curl() {
                  echo "curl $*" >>"$CALLS"
                  local out=""
                  while (($#)); do if [[ $1 == -o ]]; then out=$2; shift; fi; shift; done
                  printf '%s\\n' 'printf "%s\\n" "$@" >"$INSTALLER_ARGS"' \\
                    'printf "%s" "${SUMOLOGIC_INSTALLATION_TOKEN:-}" >"$INSTALLER_TOKEN"' >"$out"
                }
                export INSTALLER_ARGS INSTALLER_TOKEN
                for step in "${OPTIONAL_STEPS[@]}"; do "$step"; done
                [[ -z ${SUMOLOGIC_INSTALLATION_TOKEN:-} ]] || echo "token left in the environment"
                """;
        Tools.Result r = BootstrapSteps.run(dir, Params.withSumo(), Map.of(
                "SUMO_CONF_DIR", sumoConf.toString(),
                "FAKE_TOKEN", TOKEN_MARKER,
                "INSTALLER_ARGS", dir.resolve("installer-args").toString(),
                "INSTALLER_TOKEN", dir.resolve("installer-token").toString()), stubs);
        assertEquals(0, r.exitCode(), r.all());
        assertFalse(r.all().contains(TOKEN_MARKER), "token printed: " + r.all());
        assertFalse(r.all().contains("token left"), r.all());
        assertEquals(TOKEN_MARKER, Files.readString(dir.resolve("installer-token")));
        List<String> args = Files.readAllLines(dir.resolve("installer-args"));
        assertFalse(String.join(" ", args).contains(TOKEN_MARKER));
        assertTrue(args.contains("--install-hostmetrics"), args.toString());
        for (String tag : List.of("stack=prod", "server=3", "project=secure-web-infra")) {
            assertEquals("--tag", args.get(args.indexOf(tag) - 1), args.toString());
        }
        String calls = Tools.read(dir.resolve("calls.log"));
        assertFalse(calls.contains(TOKEN_MARKER));
        assertTrue(calls.contains("aws ssm get-parameter --region us-east-1 --name "
                + "/secure-web-infra/prod/sumologic-installation-token --with-decryption"), calls);
        assertTrue(calls.contains("curl -fsSL --max-time 120 -o "), calls);
        assertTrue(calls.contains("https://github.com/SumoLogic/sumologic-otel-collector-packaging/releases/latest/download/install.sh"));
        assertTrue(calls.contains("setfacl -m u:otelcol-sumo:rx -m d:u:otelcol-sumo:r /var/log/nginx"), calls);
        assertTrue(calls.contains("systemctl restart otelcol-sumo.service"), calls);
        String yaml = Files.readString(sumoConf.resolve("nginx.yaml"));
        assertTrue(yaml.contains("include: [/var/log/nginx/access.log, /var/log/nginx/error.log]"), yaml);
        assertTrue(yaml.contains("exporters: [sumologic]"));
    }

    @Test
    void withoutATokenParameterThereAreNoOptionalSteps() {
        Tools.Result r = BootstrapSteps.run(dir, Params.plain(), Map.of(),
                "echo \"steps=${#OPTIONAL_STEPS[@]}\"; declare -F | grep -ci sumo || true");
        assertEquals(0, r.exitCode(), r.all());
        assertEquals("steps=0\n0\n", r.stdout());
    }
}
