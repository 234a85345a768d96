#!/bin/bash
# Web server {{server_index}} of {{project}}/{{stack}}. Holds names only: secrets are read at boot. Run by cloud-init,
# it installs itself as the systemd unit webserver-bootstrap.service, which runs the steps below and is started again
# until they all succeed; every step is safe to run again. Sourcing it only defines the steps.
set -euo pipefail
umask 022

readonly PROJECT='{{project}}' STACK='{{stack}}' REGION='{{region}}' SERVER_INDEX='{{server_index}}'
readonly HTTPS_PORT='{{https_port}}' APP_PORT='{{app_port}}'
readonly DATABASE_SECRET_ID='{{database_secret_id}}'
readonly CLOUDWATCH_AGENT_PARAMETER='{{cloudwatch_agent_parameter}}'
readonly FAILURE_NAMESPACE='{{failure_namespace}}' FAILURE_METRIC='{{failure_metric}}'
readonly RDS_CA_URL=https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem
# Every path below SYSROOT (empty on a server), so that a rehearsal can run the whole bootstrap in a scratch tree.
SYSROOT="${SYSROOT:-}"
LOG_FILE="$SYSROOT/var/log/webserver-bootstrap.log"
BOOTSTRAP_BIN="$SYSROOT/usr/local/sbin/webserver-bootstrap"
UNIT_DIR="$SYSROOT/etc/systemd/system"
WEBAPP_CONF_DIR="${WEBAPP_CONF_DIR:-$SYSROOT/etc/webapp}"
WEBAPP_GROUP="${WEBAPP_GROUP:-webapp}"
TLS_DIR="${TLS_DIR:-$SYSROOT/etc/pki/nginx}"
CLOUDWATCH_AGENT_DIR="${CLOUDWATCH_AGENT_DIR:-$SYSROOT/opt/aws/amazon-cloudwatch-agent}"
# How long a step that needs AWS, the network or the database keeps trying: production values, smaller in tests.
BOOT_RETRY_SECONDS="${BOOT_RETRY_SECONDS:-1800}"
BOOT_RETRY_MAX_DELAY="${BOOT_RETRY_MAX_DELAY:-60}"
# Between two runs of the unit after a failure.
BOOT_RESTART_SECONDS="${BOOT_RESTART_SECONDS:-60}"
CURRENT_STEP=none

# Messages go to stderr so that they never mix into a command substitution's value.
log() { printf '%s bootstrap: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*" >&2; }

# Runs a command until it succeeds, waiting 2, 4, 8 ... up to BOOT_RETRY_MAX_DELAY seconds between attempts, for at
# most BOOT_RETRY_SECONDS (of the clock, or of waiting where a test replaces sleep).
retry() {
  local attempt=1 delay=2 waited=0 started=$SECONDS
  until "$@"; do
    if ((SECONDS - started + delay > BOOT_RETRY_SECONDS || waited + delay > BOOT_RETRY_SECONDS)); then
      log "giving up on: $* (${attempt} attempts in $((SECONDS - started)) s)"
      return 1
    fi
    log "attempt ${attempt} failed: $*; next in ${delay} s"
    sleep "$delay"
    waited=$((waited + delay))
    attempt=$((attempt + 1))
    delay=$((delay * 2 > BOOT_RETRY_MAX_DELAY ? BOOT_RETRY_MAX_DELAY : delay * 2))
  done
}

# Writes stdin to a file atomically with the given mode.
write_file() {
  local tmp
  tmp="$(mktemp "$1.XXXXXX")"
  cat >"$tmp"
  chmod "$2" "$tmp"
  mv -f "$tmp" "$1"
}

install_packages() {
  retry dnf install -y nginx openssl mariadb105 amazon-cloudwatch-agent awscli-2 logrotate
}

# Installs this script as a systemd unit and starts it: unlike cloud-init's single run, a failed run is started
# again, and a reboot runs it again too. cloud-init does not wait for it.
install_bootstrap_unit() {
  mkdir -p "${BOOTSTRAP_BIN%/*}" "$UNIT_DIR"
  write_file "$BOOTSTRAP_BIN" 0700 <"$0"
  write_file "$UNIT_DIR/webserver-bootstrap.service" 0644 <<UNIT_EOF
[Unit]
Description=Bootstrap of web server ${SERVER_INDEX} of ${PROJECT}/${STACK}
Wants=network-online.target
After=network-online.target
StartLimitIntervalSec=0

[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=/usr/local/sbin/webserver-bootstrap run
Restart=on-failure
RestartSec=${BOOT_RESTART_SECONDS}
TimeoutStartSec=3h

[Install]
WantedBy=multi-user.target
UNIT_EOF
  systemctl daemon-reload
  systemctl enable webserver-bootstrap.service
  systemctl start --no-block webserver-bootstrap.service
  log "webserver-bootstrap.service started; follow it with: journalctl -fu webserver-bootstrap"
}

create_app_user() {
  getent passwd webapp >/dev/null ||
    useradd --system --user-group --no-create-home --home-dir /nonexistent --shell /sbin/nologin webapp
}

make_conf_dir() {
  mkdir -p "$WEBAPP_CONF_DIR"
  chown "root:${WEBAPP_GROUP}" "$WEBAPP_CONF_DIR"
  chmod 0750 "$WEBAPP_CONF_DIR"
}

# Instance id and AZ from IMDSv2 (session token required, hop limit 1) for the app's log.
fetch_instance_identity() {
  local url=http://169.254.169.254/latest token instance_id zone
  token="$(curl -fsS --max-time 10 -X PUT -H 'X-aws-ec2-metadata-token-ttl-seconds: 300' "$url/api/token")" &&
    instance_id="$(curl -fsS --max-time 10 -H "X-aws-ec2-metadata-token: ${token}" "$url/meta-data/instance-id")" &&
    zone="$(curl -fsS --max-time 10 -H "X-aws-ec2-metadata-token: ${token}" "$url/meta-data/placement/availability-zone")" &&
    printf 'INSTANCE_ID=%s\nAVAILABILITY_ZONE=%s\n' "$instance_id" "$zone" | write_file "$WEBAPP_CONF_DIR/instance.env" 0644
}

read_instance_identity() {
  retry fetch_instance_identity
}

fetch_rds_ca() {
  local tmp="$WEBAPP_CONF_DIR/rds-ca-bundle.pem.download"
  retry curl -fsSL --max-time 60 -o "$tmp" "$RDS_CA_URL"
  chmod 0644 "$tmp"
  mv -f "$tmp" "$WEBAPP_CONF_DIR/rds-ca-bundle.pem"
}

fetch_database_secret() {
  aws secretsmanager get-secret-value --region "$REGION" --secret-id "$DATABASE_SECRET_ID" \
    --query SecretString --output text >"$1"
}

# An SSM parameter's value (decrypted) into a file.
fetch_parameter() {
  aws ssm get-parameter --region "$REGION" --name "$1" --with-decryption --query Parameter.Value --output text >"$2"
}

# The secret goes from the AWS CLI straight into a root-owned file only the app's group can read. The app reads the
# file for every connection, and a timer runs this again every few minutes, so a new password reaches it without a
# new server.
write_database_credentials() {
  local tmp
  tmp="$(mktemp "$WEBAPP_CONF_DIR/.database.json.XXXXXX")"
  if ! retry fetch_database_secret "$tmp"; then
    rm -f "$tmp"
    log "cannot read secret ${DATABASE_SECRET_ID}"
    return 1
  fi
  chown "root:${WEBAPP_GROUP}" "$tmp"
  chmod 0440 "$tmp"
  mv -f "$tmp" "$WEBAPP_CONF_DIR/database.json"
}

{{deploy_app}}

# The application as a hardened systemd service, whichever deploy_app put it in place.
install_app() {
  mkdir -p "$SYSROOT/var/log/webapp" "$SYSROOT/etc/logrotate.d" "$UNIT_DIR"
  deploy_app
  write_file "$UNIT_DIR/webapp.service" 0644 <<'WEBAPP_SERVICE_EOF'
{{webapp_service}}
WEBAPP_SERVICE_EOF
  write_file "$SYSROOT/etc/logrotate.d/webapp" 0644 <<'WEBAPP_LOGROTATE_EOF'
{{webapp_logrotate}}
WEBAPP_LOGROTATE_EOF
  systemctl daemon-reload
  systemctl enable webapp.service
  systemctl restart webapp.service
}

# Self-signed certificate made once on the server (the load balancer does not validate it).
make_tls_certificate() {
  if [[ -s "$TLS_DIR/server.crt" && -s "$TLS_DIR/private/server.key" ]]; then return 0; fi
  mkdir -p "$TLS_DIR/private"
  chmod 0755 "$TLS_DIR"
  chmod 0700 "$TLS_DIR/private"
  (umask 077 && openssl req -x509 -newkey rsa:2048 -sha256 -nodes -days 3650 \
    -subj "/CN=${PROJECT}-${STACK}-web-${SERVER_INDEX}" \
    -keyout "$TLS_DIR/private/server.key" -out "$TLS_DIR/server.crt" 2>/dev/null)
  chmod 0644 "$TLS_DIR/server.crt"
}

# Last, so that the load balancer sees the server healthy only once everything else is in place.
configure_nginx() {
  mkdir -p "$SYSROOT/etc/nginx"
  write_file "$SYSROOT/etc/nginx/nginx.conf" 0644 <<'NGINX_CONF_EOF'
{{nginx_conf}}
NGINX_CONF_EOF
  # With SELinux enforcing, nginx may only proxy to the app once this is allowed.
  if command -v getenforce >/dev/null && [[ "$(getenforce)" == Enforcing ]]; then
    setsebool -P httpd_can_network_connect 1
  fi
  nginx -t
  systemctl enable nginx.service
  systemctl restart nginx.service
  log "nginx: TLS on ${HTTPS_PORT}, app on 127.0.0.1:${APP_PORT}"
}

# Started early, so that this bootstrap's own log reaches CloudWatch while it runs. The configuration is read here,
# not by the agent, so that a missing parameter fails this step by name.
start_cloudwatch_agent() {
  local config="$CLOUDWATCH_AGENT_DIR/etc/bootstrap-config.json"
  mkdir -p "${config%/*}"
  if ! retry fetch_parameter "$CLOUDWATCH_AGENT_PARAMETER" "$config.download"; then
    log "cannot read parameter ${CLOUDWATCH_AGENT_PARAMETER}"
    return 1
  fi
  mv -f "$config.download" "$config"
  retry "$CLOUDWATCH_AGENT_DIR/bin/amazon-cloudwatch-agent-ctl" -a fetch-config -m ec2 -c "file:${config}" -s
}

# Refreshes the database credentials every 5 minutes (a password change), once the server is ready.
schedule_credential_refresh() {
  write_file "$UNIT_DIR/webapp-credentials.service" 0644 <<UNIT_EOF
[Unit]
Description=Database credentials of the web application of ${PROJECT}/${STACK}

[Service]
Type=oneshot
ExecStart=/usr/local/sbin/webserver-bootstrap refresh-credentials
UNIT_EOF
  write_file "$UNIT_DIR/webapp-credentials.timer" 0644 <<UNIT_EOF
[Unit]
Description=Refresh the database credentials of the web application every 5 minutes

[Timer]
OnUnitActiveSec=5min
OnBootSec=5min

[Install]
WantedBy=timers.target
UNIT_EOF
  systemctl daemon-reload
  systemctl enable --now webapp-credentials.timer
}

# Said in the log and in CloudWatch (a metric the stack alarms on), then systemd starts the unit again.
report_failure() {
  local status=$?
  ((status != 0)) || return 0
  log "bootstrap FAILED in step ${CURRENT_STEP} (exit ${status}); it runs again (systemd, or the refresh timer)"
  aws cloudwatch put-metric-data --region "$REGION" --namespace "$FAILURE_NAMESPACE" \
    --metric-name "$FAILURE_METRIC" --dimensions "Stack=${STACK}" --value 1 ||
    log "could not report the failure to CloudWatch"
}

step() {
  CURRENT_STEP=$1
  log "step $1"
  "$@"
}
# Optional integrations append their step names here.
OPTIONAL_STEPS=()
{{optional_steps}}
main() {
  local optional
  mkdir -p "${LOG_FILE%/*}"
  exec > >(tee -a "$LOG_FILE") 2>&1
  trap report_failure EXIT
  log "bootstrap of server ${SERVER_INDEX} of ${PROJECT}/${STACK} in ${REGION}"
  step install_packages
  step create_app_user
  step make_conf_dir
  step start_cloudwatch_agent
  step read_instance_identity
  step fetch_rds_ca
  step write_database_credentials
  step install_app
  step make_tls_certificate
  for optional in "${OPTIONAL_STEPS[@]}"; do
    step "$optional"
  done
  step configure_nginx
  step schedule_credential_refresh
  CURRENT_STEP=none
  log "bootstrap finished: the server is ready"
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  case "${1:-install}" in
    install) install_bootstrap_unit ;;
    run) main ;;
    refresh-credentials)
      # The timer's run: a budget shorter than the 5 minutes to its next run, its output in the shipped log, and a
      # failure reported as the bootstrap's are.
      BOOT_RETRY_SECONDS="${REFRESH_RETRY_SECONDS:-240}"
      CURRENT_STEP=refresh_credentials
      mkdir -p "${LOG_FILE%/*}"
      exec > >(tee -a "$LOG_FILE") 2>&1
      trap report_failure EXIT
      write_database_credentials
      ;;
    *) log "usage: $0 [install|run|refresh-credentials]"; exit 2 ;;
  esac
fi
