package io.securewebinfra.webtier;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Runs single steps of the real rendered user data in bash: the script is sourced (which only defines its steps)
 * and the commands that would touch AWS or the system are replaced by shell functions that record their use.
 */
final class BootstrapSteps {
    private BootstrapSteps() {
    }

    /** Sources the user data of {@code p}, then runs {@code body}; {@code env} is visible to both. */
    static Tools.Result run(Path dir, BootstrapParameters p, Map<String, String> env, String body) {
        String bash = Tools.require("bash");
        try {
            Path script = dir.resolve("user-data.sh");
            Files.writeString(script, Bootstrap.userData(p));
            Path wrapper = dir.resolve("step.sh");
            Files.writeString(wrapper, "source " + script + "\n"
                    // Without root, ownership cannot be given away: record the chown instead.
                    + (Tools.isRoot() ? "" : "chown() { echo \"chown $*\" >>\"$CALLS\"; }\n")
                    + body + "\n");
            Map<String, String> all = new HashMap<>(env);
            all.put("CALLS", dir.resolve("calls.log").toString());
            return Tools.run(Duration.ofSeconds(30), all, "", bash, wrapper.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs the step that writes the database credentials file, with the Secrets Manager secret {@code secretJson};
     * returns the file's path. This is the one format the application reads.
     */
    static Path writeDatabaseCredentials(Path dir, BootstrapParameters p, String secretJson) {
        try {
            Files.createDirectories(dir);
            Path secret = dir.resolve("secret-value.json");
            Files.writeString(secret, secretJson);
            Path conf = dir.resolve("etc-webapp");
            Tools.Result r = run(dir, p, Map.of(
                    "WEBAPP_CONF_DIR", conf.toString(),
                    "WEBAPP_GROUP", Tools.runOk("id", "-gn").stdout().trim(),
                    "FAKE_SECRET", secret.toString()),
                    "aws() { echo \"aws $*\" >>\"$CALLS\"; cat \"$FAKE_SECRET\"; echo; }\n"
                    + "make_conf_dir\nwrite_database_credentials\n");
            if (r.exitCode() != 0) {
                throw new AssertionError("write_database_credentials failed: " + r.all());
            }
            if (r.all().contains(secretJson.substring(secretJson.indexOf("password")))) {
                throw new AssertionError("the step printed the secret");
            }
            return conf.resolve("database.json");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
