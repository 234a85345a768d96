package io.securewebinfra.webtier;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * A real MariaDB on loopback that, like the stack's RDS parameter group, refuses connections without TLS, with a
 * certificate from a CA of its own and a user {@code app} that must use TLS.
 */
final class TlsMariaDb {
    final Path dir;
    final int port;
    private final Tools.Processes processes;
    private Process process;

    private TlsMariaDb(Path dir, int port, Tools.Processes processes) {
        this.processes = processes == null ? Tools.SHARED : processes;
        this.dir = dir;
        this.port = port;
    }

    /** Makes the CA and server certificate and the data directory; the server is not started. */
    static TlsMariaDb prepare(Path dir) throws Exception {
        return prepare(dir, null);
    }

    /** As {@link #prepare(Path)}, with the server's process belonging to {@code processes} (null: Tools' own). */
    static TlsMariaDb prepare(Path dir, Tools.Processes processes) throws Exception {
        String openssl = Tools.require("openssl");
        Tools.require("mariadbd");
        Tools.require("mariadb");
        String installDb = Tools.require("mariadb-install-db");
        Files.createDirectories(dir);
        String d = dir.toString();
        Files.writeString(dir.resolve("san.cnf"), "subjectAltName=DNS:localhost,IP:127.0.0.1\n");
        Tools.runOk(openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=ca",
                "-keyout", d + "/ca.key", "-out", d + "/ca.pem");
        Tools.runOk(openssl, "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost",
                "-keyout", d + "/db.key", "-out", d + "/db.csr");
        Tools.runOk(openssl, "x509", "-req", "-in", d + "/db.csr", "-CA", d + "/ca.pem", "-CAkey", d + "/ca.key",
                "-CAcreateserial", "-days", "2", "-extfile", d + "/san.cnf", "-out", d + "/db.pem");
        Tools.Result init = Tools.run(Duration.ofSeconds(60), Map.of(), "", installDb, "--no-defaults",
                "--auth-root-authentication-method=normal", "--skip-test-db", "--user=" + System.getProperty("user.name"),
                "--datadir=" + dir.resolve("data"));
        assertEquals(0, init.exitCode(), init.all());
        return new TlsMariaDb(dir, Tools.freePort(), processes);
    }

    Path caCertificate() {
        return dir.resolve("ca.pem");
    }

    void start() {
        Path data = dir.resolve("data");
        process = processes.start(dir.resolve("mariadbd.log"), Map.of(),
                Tools.require("mariadbd"), "--no-defaults",
                "--user=" + System.getProperty("user.name"), "--datadir=" + data,
                "--socket=" + data.resolve("mysqld.sock"), "--pid-file=" + data.resolve("mysqld.pid"),
                "--bind-address=127.0.0.1", "--port=" + port, "--skip-log-bin", "--innodb-buffer-pool-size=16M",
                "--require-secure-transport=ON", "--ssl-ca=" + caCertificate(),
                "--ssl-cert=" + dir.resolve("db.pem"), "--ssl-key=" + dir.resolve("db.key"));
        Tools.await(Duration.ofSeconds(30), "mariadbd to accept connections",
                () -> process.isAlive() && Tools.run(client("SELECT 1")).exitCode() == 0);
    }

    void stop() {
        processes.stop(process);
    }

    /** Creates (or gives a new password to) the TLS-only user {@code app} of database {@code appdb}. */
    void setAppPassword(String password) {
        String quoted = "'" + password.replace("\\", "\\\\").replace("'", "\\'") + "'";
        Tools.runOk(client("CREATE DATABASE IF NOT EXISTS appdb;",
                "CREATE USER IF NOT EXISTS 'app'@'%' IDENTIFIED BY " + quoted + " REQUIRE SSL;",
                "ALTER USER 'app'@'%' IDENTIFIED BY " + quoted + ";",
                "GRANT SELECT ON appdb.* TO 'app'@'%';"));
    }

    /** The connection JSON the stack's secret holds, for this server. */
    String connectionJson(String password) {
        return "{\"host\":\"localhost\",\"port\":" + port + ",\"username\":\"app\",\"password\":\""
                + password.replace("\\", "\\\\").replace("\"", "\\\"") + "\",\"dbname\":\"appdb\"}";
    }

    private String[] client(String... sql) {
        return new String[] {"mariadb", "--no-defaults", "--socket=" + dir.resolve("data/mysqld.sock"), "-uroot",
            "-e", String.join(" ", sql)};
    }
}
