package io.securewebinfra.webtier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.securewebinfra.TestStacks;
import io.securewebinfra.common.Json;
import io.securewebinfra.plandoc.Plan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * A first boot rehearsed with real tools: the dev stack's own rendered user data runs its whole bootstrap in a scratch
 * root, reading its secret and parameters with the real AWS CLI from a local AWS (moto) filled the way the program
 * fills it, while faults are injected: the secret's value appears late, AWS is unreachable for a while, a parameter is
 * missing, the database is down. Only what needs the machine itself is replaced (package installs, systemd, the
 * metadata service, the CloudWatch agent); the retry schedule is shortened through the script's own parameters.
 * The scenarios mostly wait, so they run side by side (and, in a module of their own, beside the tools' tests), each
 * with its own scratch root and processes, in an AWS account of its own on one shared moto (the scenario that makes
 * AWS unreachable has a moto of its own, which it stops).
 */
@Execution(ExecutionMode.CONCURRENT)
class BootRehearsalTest {
    static final String PASSWORD = "pw-MARKER-3e91\"q'\\#;$ x";
    static final String NEW_PASSWORD = "pw-MARKER-rotated-51b0";
    static final String CALLS = "calls.log";

    static Plan plan;
    static String userData;
    /** The moto the scenarios share, each in its own account; its process belongs to the class. */
    static final Tools.Processes CLASS_PROCESSES = new Tools.Processes();
    static Moto sharedMoto;
    static final AtomicLong NEXT_ACCOUNT = new AtomicLong(210000000001L);
    @TempDir
    static Path classDir;

    @TempDir
    Path dir;
    Path root;
    /** This test's own processes and local AWS: the scenarios run side by side, each in its own world. */
    final Tools.Processes processes = new Tools.Processes();
    /** This scenario's AWS account. */
    Moto.Account aws;

    @BeforeAll
    static void renderUserData() {
        Tools.require("bash");
        Tools.require("curl");
        Moto.requireTools();
        sharedMoto = new Moto(classDir.resolve("moto.log"), CLASS_PROCESSES);
        // moto takes seconds to answer: the plan is made meanwhile.
        sharedMoto.launch();
        plan = TestStacks.plan("dev");
        userData = Bootstrap.expanded(plan.named("web-1").string("userDataBase64"));
        sharedMoto.awaitStarted();
    }

    @AfterAll
    static void stopSharedMoto() {
        CLASS_PROCESSES.stopAll();
    }

    @BeforeEach
    void enterAnAccountOfItsOwn() throws Exception {
        aws = sharedMoto.account(Long.toString(NEXT_ACCOUNT.getAndIncrement()));
        root = dir.resolve("root");
        Files.createDirectories(root);
    }

    @AfterEach
    void stopProcesses() {
        processes.stopAll();
    }

    // --- the program's side: what `pulumi up` puts in AWS before any server boots

    String secretName() {
        return plan.named("database-connection").string("name");
    }

    List<Plan.Resource> parameters() {
        return plan.ofType("aws:ssm/parameter:Parameter");
    }

    void createSecret() {
        aws.api("secretsmanager", "secretsmanager.CreateSecret", Json.write(Map.of("Name", secretName())));
    }

    void putSecretValue(String json) {
        aws.api("secretsmanager", "secretsmanager.PutSecretValue",
                Json.write(Map.of("SecretId", secretName(), "SecretString", json)));
    }

    void deleteSecret() {
        aws.api("secretsmanager", "secretsmanager.DeleteSecret",
                Json.write(Map.of("SecretId", secretName(), "ForceDeleteWithoutRecovery", true)));
    }

    void createParameters() {
        for (Plan.Resource p : parameters()) {
            createParameter(p);
        }
    }

    void createParameter(Plan.Resource p) {
        aws.api("ssm", "AmazonSSM.PutParameter",
                Json.write(Map.of("Name", p.string("name"), "Type", p.string("type"), "Value", p.string("value"))));
    }

    // --- the server's side

    /** As {@link #serverEnvironment(int, int)}, retrying every 2 s at most. */
    Map<String, String> serverEnvironment(int retrySeconds) throws Exception {
        return serverEnvironment(retrySeconds, 2);
    }

    /**
     * The commands only a real server has, recorded; the AWS CLI goes to moto; the metadata service answers.
     *
     * @param retrySeconds how long a step retries ({@code BOOT_RETRY_SECONDS})
     * @param maxDelay     the longest wait between two attempts ({@code BOOT_RETRY_MAX_DELAY}): a long wait retries
     *                     less often, as in production, since every attempt starts the AWS CLI (most of a second of
     *                     CPU while the other scenarios run)
     */
    Map<String, String> serverEnvironment(int retrySeconds, int maxDelay) throws Exception {
        Path stubs = dir.resolve("stubs");
        Files.createDirectories(stubs);
        stub(stubs.resolve("aws"), "exec " + Moto.AWS_CLI + " --endpoint-url \"$MOTO_URL\" \"$@\"");
        for (String command : List.of("dnf", "useradd", "systemctl", "nginx", "setfacl")) {
            stub(stubs.resolve(command), "echo \"${0##*/} $*\" >>\"$CALLS\"");
        }
        if (!Tools.isRoot()) {
            stub(stubs.resolve("chown"), "echo \"chown $*\" >>\"$CALLS\"");
        }
        stub(stubs.resolve("curl"), """
                echo "curl $*" >>"$CALLS"
                out="" url=""
                while (($#)); do
                  case $1 in -o) out=$2; shift ;; -H | -X | --max-time) shift ;; -*) ;; *) url=$1 ;; esac
                  shift
                done
                case $url in
                  */latest/api/token) echo IMDS-TOKEN ;;
                  */latest/meta-data/instance-id) echo i-0123456789abcdef0 ;;
                  */latest/meta-data/placement/availability-zone) echo eu-west-1a ;;
                  https://truststore.pki.rds.amazonaws.com/*) cp "$FAKE_RDS_CA" "$out" ;;
                  *) exit 22 ;;
                esac
                """);
        Path agent = root.resolve("opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent-ctl");
        Files.createDirectories(agent.getParent());
        // Loads the configuration the bootstrap read from SSM, as the agent would.
        stub(agent, "echo \"amazon-cloudwatch-agent-ctl $*\" >>\"$CALLS\"\n"
                + "config=\"${6#file:}\"; cp \"$config\" \"$SYSROOT/agent-loaded.json\"");
        Path ca = dir.resolve("rds-ca.pem");
        if (!Files.exists(ca)) {
            Files.writeString(ca, "-----BEGIN CERTIFICATE-----\nplaceholder\n-----END CERTIFICATE-----\n");
        }
        Map<String, String> env = new HashMap<>(aws.cliEnvironment());
        env.put("PATH", stubs + ":" + System.getenv("PATH"));
        env.put("SYSROOT", root.toString());
        env.put("CALLS", dir.resolve(CALLS).toString());
        env.put("FAKE_RDS_CA", ca.toString());
        env.put("WEBAPP_GROUP", Tools.runOk("id", "-gn").stdout().trim());
        env.put("BOOT_RETRY_SECONDS", Integer.toString(retrySeconds));
        env.put("BOOT_RETRY_MAX_DELAY", Integer.toString(maxDelay));
        return env;
    }

    static void stub(Path file, String body) throws Exception {
        Files.writeString(file, "#!/bin/bash\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    Path script() throws Exception {
        Path script = dir.resolve("user-data.sh");
        Files.writeString(script, userData);
        return script;
    }

    /** The unit's run, in the background, as systemd starts it. */
    Process bootInBackground(Map<String, String> env) throws Exception {
        return processes.start(dir.resolve("boot-output.log"), env, "bash", script().toString(), "run");
    }

    Tools.Result boot(Map<String, String> env, String mode) throws Exception {
        Tools.Result result = Tools.run(Duration.ofSeconds(120), env, "", "bash", script().toString(), mode);
        awaitCompleteLog();
        return result;
    }

    /**
     * The script logs through {@code tee} in a process substitution, which may still be writing its last lines when
     * the script has exited: the log is read once it has stopped growing.
     */
    void awaitCompleteLog() {
        // Unchanged over three polls of 100 ms.
        int[] last = {-1};
        int[] unchanged = {0};
        Tools.await(Duration.ofSeconds(10), "the bootstrap log to be complete", () -> {
            int length = bootLog().length();
            unchanged[0] = length == last[0] ? unchanged[0] + 1 : 0;
            last[0] = length;
            return unchanged[0] >= 3;
        });
    }

    String bootLog() {
        return Tools.read(root.resolve("var/log/webserver-bootstrap.log"));
    }

    int exitCode(Process p, Duration timeout) throws Exception {
        Tools.await(timeout, "the bootstrap to end", () -> !p.isAlive());
        awaitCompleteLog();
        return p.exitValue();
    }

    // --- scenarios

    @Test
    void theSecretAppearsAMinuteAfterBootStartedAndTheServerConvergesWithoutHelp() throws Exception {
        createSecret();
        createParameters();
        long started = System.nanoTime();
        // Attempts at 0, 2, 6, 14, 22 ... 54, 62 s: past the old 45 s, and the first after the value appears succeeds.
        Process boot = bootInBackground(serverEnvironment(600, 8));
        Tools.await(Duration.ofSeconds(70), "60 s of boot", () -> System.nanoTime() - started >= 60_000_000_000L);
        assertTrue(boot.isAlive(), "still waiting for the secret: " + bootLog());
        assertFalse(Files.exists(root.resolve("etc/nginx/nginx.conf")), "nginx is not configured before the secret");
        putSecretValue("{\"host\":\"db.example\",\"port\":3306,\"username\":\"app\",\"password\":\"p\",\"dbname\":\"app\"}");

        assertEquals(0, exitCode(boot, Duration.ofSeconds(60)), bootLog());
        String log = bootLog();
        assertTrue(log.contains("attempt 1 failed: fetch_database_secret"), log);
        assertTrue(log.contains("ResourceNotFoundException"), "the CLI's own error is in the log: " + log);
        assertTrue(log.contains("bootstrap finished: the server is ready"), log);
        assertFalse(log.contains("FAILED"), log);
        assertTrue(Files.readString(root.resolve("etc/webapp/database.json")).contains("\"host\":\"db.example\""));
        assertEquals(plan.named("agents-cloudwatch-config").string("value").stripTrailing(),
                Files.readString(root.resolve("agent-loaded.json")).stripTrailing(),
                "the agent loads the configuration the program stored");
        String calls = Tools.read(dir.resolve(CALLS));
        assertTrue(calls.indexOf("systemctl restart webapp.service") < calls.indexOf("systemctl restart nginx.service"),
                "nginx, which makes the server healthy, starts last: " + calls);
        assertTrue(calls.contains("systemctl enable --now webapp-credentials.timer"), calls);
    }

    @Test
    void awsUnreachableForAWhileAtBootAndTheBootRecovers() throws Exception {
        // A moto of its own, not answering at first.
        Moto own = new Moto(dir.resolve("moto.log"), processes);
        aws = own.defaultAccount();
        Process boot = bootInBackground(serverEnvironment(300, 4));
        Thread.sleep(8_000);
        assertTrue(boot.isAlive(), bootLog());
        own.start();
        createSecret();
        putSecretValue("{\"host\":\"db.example\",\"port\":3306,\"username\":\"app\",\"password\":\"p\",\"dbname\":\"app\"}");
        createParameters();

        assertEquals(0, exitCode(boot, Duration.ofSeconds(60)), bootLog());
        String log = bootLog();
        assertTrue(log.contains("attempt 1 failed: fetch_parameter " + parameters().get(0).string("name")), log);
        assertTrue(log.contains("Could not connect to the endpoint URL"), log);
        assertTrue(log.contains("bootstrap finished: the server is ready"), log);
    }

    @Test
    void aMissingParameterFailsClearlyByNameIsReportedToCloudWatchAndTheNextRunConverges() throws Exception {
        createSecret();
        putSecretValue("{\"host\":\"db.example\",\"port\":3306,\"username\":\"app\",\"password\":\"p\",\"dbname\":\"app\"}");
        Plan.Resource parameter = plan.named("agents-cloudwatch-config");
        String name = parameter.string("name");
        Map<String, String> env = serverEnvironment(5);

        Tools.Result failed = boot(env, "run");
        assertNotEquals(0, failed.exitCode(), bootLog());
        String log = bootLog();
        assertTrue(log.contains("ParameterNotFound"), log);
        assertTrue(log.contains("giving up on: fetch_parameter " + name), log);
        assertTrue(log.contains("cannot read parameter " + name), log);
        assertTrue(log.contains("bootstrap FAILED in step start_cloudwatch_agent"), log);
        // Exactly the metric the stack's alarm watches.
        Plan.Resource alarm = plan.named("monitoring-bootstrap-failures");
        String metrics = aws.aws("cloudwatch", "list-metrics", "--namespace", alarm.string("namespace"),
                "--metric-name", alarm.string("metricName"), "--dimensions", "Name=Stack,Value="
                        + alarm.string("dimensions.Stack"), "--query", "length(Metrics)", "--output", "text");
        assertEquals("1", metrics.strip(), "the failure reached CloudWatch");

        // systemd starts the unit again; once the parameter exists, the same steps run again over what the first
        // run left behind.
        createParameter(parameter);
        Tools.Result second = boot(env, "run");
        assertEquals(0, second.exitCode(), bootLog());
        assertTrue(bootLog().endsWith("bootstrap finished: the server is ready\n"), bootLog());
        Tools.Result third = boot(env, "run");
        assertEquals(0, third.exitCode(), "a reboot runs it again: " + bootLog());
    }

    @Test
    void theDatabaseDownAtBootMakesHealth503UntilItComesUpAndAPasswordChangeNeedsNoNewServer() throws Exception {
        Tools.require("python3");
        TlsMariaDb db = TlsMariaDb.prepare(dir.resolve("db"), processes);
        Files.copy(db.caCertificate(), dir.resolve("rds-ca.pem"));
        createSecret();
        putSecretValue(db.connectionJson(PASSWORD));
        createParameters();
        Map<String, String> env = serverEnvironment(60);
        assertEquals(0, boot(env, "run").exitCode(), bootLog());

        // The application as its unit starts it, from the files the bootstrap wrote.
        int port = Tools.freePort();
        Process app = processes.start(dir.resolve("app.log"), Map.of(
                "WEBAPP_PORT", Integer.toString(port),
                "WEBAPP_STACK", "dev",
                "WEBAPP_SERVER_INDEX", "1",
                "WEBAPP_DB_CONFIG", root.resolve("etc/webapp/database.json").toString(),
                "WEBAPP_DB_CA", root.resolve("etc/webapp/rds-ca-bundle.pem").toString(),
                "WEBAPP_HEALTH_CACHE_SECONDS", "0"), "python3", root.resolve("opt/webapp/webapp.py").toString());
        String health = "http://127.0.0.1:" + port + "/health";
        Tools.await(Duration.ofSeconds(10), "the app to answer",
                () -> Tools.run("curl", "-s", "-o", "/dev/null", health).exitCode() == 0);
        assertEquals("503", httpStatus(health), "the database is not up yet");

        db.start();
        db.setAppPassword(PASSWORD);
        Tools.await(Duration.ofSeconds(20), "/health to turn 200", () -> "200".equals(httpStatus(health)));
        assertTrue(app.isAlive(), "the same process, not restarted");

        // A password change: the database first, then the secret; the timer's refresh brings it to the server.
        db.setAppPassword(NEW_PASSWORD);
        Tools.await(Duration.ofSeconds(20), "/health to fail on the old password", () -> "503".equals(httpStatus(health)));
        putSecretValue(db.connectionJson(NEW_PASSWORD));
        assertEquals(0, boot(env, "refresh-credentials").exitCode());
        Tools.await(Duration.ofSeconds(20), "/health to turn 200 again", () -> "200".equals(httpStatus(health)));
        assertTrue(app.isAlive(), "the same process, not restarted");

        // A refresh that cannot read the secret fails within its own budget, in the shipped log and as the metric.
        deleteSecret();
        Map<String, String> shortRefresh = new HashMap<>(env);
        shortRefresh.put("REFRESH_RETRY_SECONDS", "3");
        assertNotEquals(0, boot(shortRefresh, "refresh-credentials").exitCode());
        assertTrue(bootLog().contains("bootstrap FAILED in step refresh_credentials"), bootLog());
        assertTrue(Files.readString(root.resolve("etc/webapp/database.json")).contains("MARKER-rotated"),
                "the last good credentials are kept");
        Tools.await(Duration.ofSeconds(10), "/health still 200", () -> "200".equals(httpStatus(health)));

        for (Path log : List.of(root.resolve("var/log/webserver-bootstrap.log"), dir.resolve("app.log"),
                dir.resolve(CALLS))) {
            assertFalse(Tools.read(log).contains("MARKER"), "a password in " + log);
        }
        db.stop();
    }

    @Test
    void cloudInitInstallsTheBootstrapAsAUnitThatSystemdStartsAgainUntilItSucceeds() throws Exception {
        Tools.Result r = boot(serverEnvironment(5), "install");
        assertEquals(0, r.exitCode(), r.all());
        Path installed = root.resolve("usr/local/sbin/webserver-bootstrap");
        assertEquals(userData, Files.readString(installed));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(installed)));
        String unit = Files.readString(root.resolve("etc/systemd/system/webserver-bootstrap.service"));
        for (String line : List.of("Type=oneshot", "RemainAfterExit=yes", "Restart=on-failure", "RestartSec=60",
                "StartLimitIntervalSec=0", "ExecStart=/usr/local/sbin/webserver-bootstrap run",
                "After=network-online.target", "WantedBy=multi-user.target")) {
            assertTrue(unit.contains("\n" + line + "\n"), line + " in\n" + unit);
        }
        String calls = Tools.read(dir.resolve(CALLS));
        assertTrue(calls.contains("systemctl enable webserver-bootstrap.service\n"), calls);
        assertTrue(calls.contains("systemctl start --no-block webserver-bootstrap.service\n"),
                "cloud-init must not wait for it: " + calls);
        assertFalse(calls.contains("aws "), "installing reads nothing from AWS");
    }

    static String httpStatus(String url) {
        return Tools.run("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "10", url).stdout();
    }
}
