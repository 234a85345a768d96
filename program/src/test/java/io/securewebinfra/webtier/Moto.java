package io.securewebinfra.webtier;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A local AWS (moto) on loopback, and the real AWS CLI v2 pointed at it. moto comes with the machine image, not from a
 * registry, so a test without it is skipped with this reason, and fails instead where {@code REQUIRE_REAL_TOOLS=1}.
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

    void start() {
        process = processes.start(log, Map.of("MOTO_IAM_LOAD_MANAGED_POLICIES", "false"),
                Tools.require("moto_server"), "-H", "127.0.0.1", "-p", Integer.toString(port));
        Tools.await(Duration.ofSeconds(30), "moto_server to answer", () -> process.isAlive()
                && Tools.run("curl", "-fs", "-o", "/dev/null", url() + "/moto-api/").exitCode() == 0);
    }

    void stop() {
        processes.stop(process);
    }

    /** What the AWS CLI needs to talk to moto only: fake credentials, no user configuration. */
    Map<String, String> cliEnvironment() {
        Map<String, String> env = new HashMap<>();
        env.put("MOTO_URL", url());
        env.put("AWS_ACCESS_KEY_ID", "testing");
        env.put("AWS_SECRET_ACCESS_KEY", "testing");
        env.put("AWS_DEFAULT_REGION", REGION);
        env.put("AWS_CONFIG_FILE", "/dev/null");
        env.put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
        env.put("AWS_PAGER", "");
        // The CLI's own retries (5 by default in legacy mode) would only slow down the script's.
        env.put("AWS_MAX_ATTEMPTS", "1");
        return env;
    }

    /** Runs the real AWS CLI against moto; fails the test on an error. */
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
