package io.securewebinfra.webtier;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A local AWS (moto) on loopback, and the real AWS CLI v2 pointed at it. moto comes with the machine image, not from a
 * registry, so a test without it is skipped with this reason, and fails instead where {@code REQUIRE_REAL_TOOLS=1}.
 * What the program puts in AWS before a server boots goes through the API itself ({@link Account#api}), as Pulumi's
 * provider sends it; the server's side runs the CLI, as the bootstrap does. One moto serves many {@link Account}s,
 * each seeing only what it created, as in AWS.
 */
final class Moto {
    /**
     * The AWS CLI v2: Debian's awscli, or the one AWS's installer puts in /usr/local/bin (as on GitHub's runners).
     * An {@code aws} earlier on PATH may be a v1 from another Python, so PATH is not searched.
     */
    static final Path AWS_CLI = Stream.of("/usr/bin/aws", "/usr/local/bin/aws").map(Path::of)
            .filter(Moto::isCliV2).findFirst().orElse(Path.of("/usr/bin/aws"));
    static final String REGION = "eu-west-1";

    final int port;
    private final Path log;
    private final Tools.Processes processes;
    private Process process;

    /** A moto_server of its own, on a free port, whose process belongs to {@code processes}. */
    Moto(Path log, Tools.Processes processes) {
        requireTools();
        this.port = Tools.freePort();
        this.log = log;
        this.processes = processes;
    }

    static void requireTools() {
        Tools.require("moto_server");
        boolean cli = isCliV2(AWS_CLI);
        if (!cli && "1".equals(System.getenv("REQUIRE_REAL_TOOLS"))) {
            throw new AssertionError("the AWS CLI v2 (/usr/bin/aws from Debian's awscli, or /usr/local/bin/aws) is not "
                    + "installed, and REQUIRE_REAL_TOOLS=1 forbids skipping");
        }
        assumeTrue(cli, "the AWS CLI v2 (/usr/bin/aws from Debian's awscli, or /usr/local/bin/aws) is not installed; "
                + "skipping (CI installs it, see the apt-get line of .ci/run)");
    }

    private static boolean isCliV2(Path cli) {
        return Files.isExecutable(cli) && Tools.run(cli.toString(), "--version").stdout().startsWith("aws-cli/2");
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Starts moto_server and waits until it answers. */
    void start() {
        launch();
        awaitStarted();
    }

    /** Starts moto_server without waiting for it (it takes seconds to answer): see {@link #awaitStarted()}. */
    void launch() {
        process = processes.start(log, Map.of("MOTO_IAM_LOAD_MANAGED_POLICIES", "false"),
                Tools.require("moto_server"), "-H", "127.0.0.1", "-p", Integer.toString(port));
    }

    void awaitStarted() {
        Tools.await(Duration.ofSeconds(30), "moto_server to answer", () -> process.isAlive()
                && Tools.run("curl", "-fs", "-o", "/dev/null", url() + "/moto-api/").exitCode() == 0);
    }

    void stop() {
        processes.stop(process);
    }

    /** moto's default account, which a request without other credentials lands in. */
    Account defaultAccount() {
        return new Account("testing", "testing", null);
    }

    /**
     * Another AWS account of this moto, entered as in AWS by assuming a role in it (STS AssumeRole): what it creates
     * is invisible to every other account, so that tests can share one moto, whose start takes seconds of CPU.
     *
     * @param accountId twelve digits
     */
    Account account(String accountId) {
        String form = "Action=AssumeRole&Version=2011-06-15&RoleSessionName=rehearsal&RoleArn=arn%3Aaws%3Aiam%3A%3A"
                + accountId + "%3Arole%2Frehearsal";
        String xml = send("sts", "application/x-www-form-urlencoded", null, form, "testing");
        return new Account(element(xml, "AccessKeyId"), element(xml, "SecretAccessKey"), element(xml, "SessionToken"));
    }

    private static String element(String xml, String name) {
        Matcher m = Pattern.compile("<" + name + ">([^<]+)</" + name + ">").matcher(xml);
        if (!m.find()) {
            throw new AssertionError("no " + name + " in moto's answer: " + xml);
        }
        return m.group(1);
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /**
     * One API call straight to moto, which reads the service and the region from the credential scope, the account
     * from the access key, and does not check the signature.
     */
    private String send(String service, String contentType, String target, String body, String accessKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url() + "/"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", contentType)
                .header("X-Amz-Date", "20260101T000000Z")
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=" + accessKey + "/20260101/" + REGION + "/"
                        + service + "/aws4_request, SignedHeaders=host;x-amz-date, Signature=0")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (target != null) {
            request.header("X-Amz-Target", target);
        }
        String call = target != null ? target : service + " " + body;
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AssertionError(call + " failed with HTTP " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new AssertionError(call + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(call + " interrupted", e);
        }
    }

    /** One AWS account of this moto: its credentials, for the API and for the CLI. */
    final class Account {
        private final String accessKey;
        private final String secretKey;
        private final String sessionToken;

        private Account(String accessKey, String secretKey, String sessionToken) {
            this.accessKey = accessKey;
            this.secretKey = secretKey;
            this.sessionToken = sessionToken;
        }

        /** What the AWS CLI needs to talk to moto as this account only: its credentials, no user configuration. */
        Map<String, String> cliEnvironment() {
            Map<String, String> env = new HashMap<>();
            env.put("MOTO_URL", url());
            env.put("AWS_ACCESS_KEY_ID", accessKey);
            env.put("AWS_SECRET_ACCESS_KEY", secretKey);
            if (sessionToken != null) {
                env.put("AWS_SESSION_TOKEN", sessionToken);
            }
            env.put("AWS_DEFAULT_REGION", REGION);
            env.put("AWS_CONFIG_FILE", "/dev/null");
            env.put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
            env.put("AWS_PAGER", "");
            // The CLI's own retries (5 by default in legacy mode) would only slow down the script's.
            env.put("AWS_MAX_ATTEMPTS", "1");
            return env;
        }

        /**
         * One call of an AWS JSON-protocol API (Secrets Manager {@code secretsmanager.CreateSecret}, SSM
         * {@code AmazonSSM.PutParameter}). A tenth of the CPU of a CLI call, whose Python start alone takes most of a
         * second: the scenarios make dozens of these while others run beside them.
         *
         * @return the response's JSON; fails the test on an error status
         */
        String api(String service, String target, String json) {
            return send(service, "application/x-amz-json-1.1", target, json, accessKey);
        }

        /** Runs the real AWS CLI against moto as this account; fails the test on an error. */
        String aws(String... args) {
            String[] command = new String[args.length + 5];
            command[0] = AWS_CLI.toString();
            command[1] = "--endpoint-url";
            command[2] = url();
            command[3] = "--region";
            command[4] = REGION;
            System.arraycopy(args, 0, command, 5, args.length);
            Tools.Result r = Tools.run(Duration.ofSeconds(60), cliEnvironment(), "", command);
            if (r.exitCode() != 0) {
                throw new AssertionError("aws " + String.join(" ", args) + " failed: " + r.all());
            }
            return r.stdout();
        }
    }
}
