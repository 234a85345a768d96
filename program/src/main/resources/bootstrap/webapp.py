"""Default app of a web server: which server answered, and whether the primary database answers over TLS.

What the internet sees is a status and fixed words; why a check failed, and which instance and AZ this is, go to the
app's log (shipped to CloudWatch) only."""
import json
import logging
import os
import subprocess
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ENV = os.environ
DB_CONFIG = ENV.get("WEBAPP_DB_CONFIG", "/etc/webapp/database.json")
DB_CA = ENV.get("WEBAPP_DB_CA", "/etc/webapp/rds-ca-bundle.pem")
DB_CLIENT = ENV.get("WEBAPP_DB_CLIENT", "mariadb")
# Every ALB node health-checks every few seconds: a short cache keeps it to one query per server per period.
CACHE_SECONDS = float(ENV.get("WEBAPP_HEALTH_CACHE_SECONDS", "5"))
IDENTITY = {k: ENV.get(v, "unknown") for k, v in (
    ("stack", "WEBAPP_STACK"), ("server", "WEBAPP_SERVER_INDEX"),
    ("instance_id", "INSTANCE_ID"), ("availability_zone", "AVAILABILITY_ZONE"))}
OPTIONS = (("host", "host"), ("port", "port"), ("user", "username"), ("password", "password"), ("database", "dbname"))


def quoted(value):
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


def check_database():
    """SELECT 1 over TLS, server certificate verified; returns (ok, reason)."""
    try:
        with open(DB_CONFIG, encoding="utf-8") as f:
            db = json.load(f)
        missing = [k for _, k in OPTIONS if not isinstance(db, dict) or k not in db]
    except (OSError, ValueError, TypeError) as e:
        return False, "cannot read database credentials: " + type(e).__name__
    if missing:
        return False, "database credentials lack " + ", ".join(missing)
    # The password goes in a private option file: a command line is visible to ps.
    fd, path = tempfile.mkstemp(suffix=".cnf")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write("[client]\n" + "".join("%s=%s\n" % (o, quoted(db[k])) for o, k in OPTIONS))
        proc = subprocess.run(
            [DB_CLIENT, "--defaults-file=" + path, "--protocol=TCP", "--ssl", "--ssl-ca=" + DB_CA,
             "--ssl-verify-server-cert", "--connect-timeout=3", "-BNe", "SELECT 1"],
            stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired) as e:
        return False, "database client failed: " + type(e).__name__
    finally:
        os.unlink(path)
    if proc.returncode == 0 and proc.stdout.strip() == "1":
        return True, "primary database answered over TLS"
    return False, "primary database check failed: " + (" ".join(proc.stderr.split())[:300] or str(proc.returncode))


class Health:
    lock = threading.Lock()
    checked_at = None
    result = None

    @classmethod
    def get(cls):
        # Concurrent requests wait for the running check instead of starting their own.
        with cls.lock:
            if cls.checked_at is None or time.monotonic() - cls.checked_at >= CACHE_SECONDS:
                cls.result = check_database()
                cls.checked_at = time.monotonic()
                if not cls.result[0]:
                    logging.warning("health: %s", cls.result[1])
                elif cls.result[0] != getattr(cls, "was_ok", None):
                    logging.info("health: %s", cls.result[1])
                cls.was_ok = cls.result[0]
            return cls.result


class Handler(BaseHTTPRequestHandler):
    server_version = "webapp"
    sys_version = ""
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        path = self.path.split("?", 1)[0]
        if path == "/health":
            ok, _ = Health.get()
            self.reply(200 if ok else 503, {"status": "ok" if ok else "unavailable"})
        elif path == "/":
            # The server's number shows the load balancing at work; its instance id and AZ stay in the log.
            self.reply(200, {"stack": IDENTITY["stack"], "server": IDENTITY["server"],
                             "message": "served by web server %(server)s of stack %(stack)s" % IDENTITY})
        else:
            self.reply(404, {"status": "not found"})

    def reply(self, status, body):
        data = (json.dumps(body, sort_keys=True) + "\n").encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, fmt, *args):
        logging.info("%s %s", self.headers.get("X-Real-IP", "-") if self.headers else "-", fmt % args)


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    address = (ENV.get("WEBAPP_BIND", "127.0.0.1"), int(ENV["WEBAPP_PORT"]))
    server = ThreadingHTTPServer(address, Handler)
    server.daemon_threads = True
    logging.info("listening on %s:%d for stack %s as server %s, instance %s in %s", *address, IDENTITY["stack"],
                 IDENTITY["server"], IDENTITY["instance_id"], IDENTITY["availability_zone"])
    server.serve_forever()
