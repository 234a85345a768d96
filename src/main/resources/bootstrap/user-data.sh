#!/bin/bash
# Web server {{server_index}} of {{project}}/{{stack}}, run as root by cloud-init. Holds names only: secrets are
# read at boot. Safe to run again; sourcing it only defines the steps.
set -euo pipefail
umask 022

readonly PROJECT='{{project}}' STACK='{{stack}}' REGION='{{region}}' SERVER_INDEX='{{server_index}}'
readonly HTTPS_PORT='{{https_port}}' APP_PORT='{{app_port}}'
readonly DATABASE_SECRET_ID='{{database_secret_id}}'
readonly CLOUDWATCH_AGENT_PARAMETER='{{cloudwatch_agent_parameter}}'
readonly RDS_CA_URL=https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem
readonly LOG_FILE=/var/log/webserver-bootstrap.log
# Overridable so that tests can run single steps in a scratch directory.
WEBAPP_CONF_DIR="${WEBAPP_CONF_DIR:-/etc/webapp}"
WEBAPP_GROUP="${WEBAPP_GROUP:-webapp}"
TLS_DIR="${TLS_DIR:-/etc/pki/nginx}"

# Messages go to stderr so that they never mix into a command substitution's value.
log() { printf '%s bootstrap: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*" >&2; }

retry() {
  local attempt
  for attempt in 1 2 3 4 5; do
    if "$@"; then return 0; fi
    log "attempt ${attempt} of $1 failed"
    sleep $((attempt * 3))
  done
  return 1
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

create_app_user() {
  getent passwd webapp >/dev/null ||
    useradd --system --user-group --no-create-home --home-dir /nonexistent --shell /sbin/nologin webapp
}

make_conf_dir() {
  mkdir -p "$WEBAPP_CONF_DIR"
  chown "root:${WEBAPP_GROUP}" "$WEBAPP_CONF_DIR"
  chmod 0750 "$WEBAPP_CONF_DIR"
}

# Instance id and AZ from IMDSv2 (session token required, hop limit 1) for the app to report.
read_instance_identity() {
  local url=http://169.254.169.254/latest token instance_id zone
  token="$(curl -fsS --retry 5 --retry-connrefused -X PUT -H 'X-aws-ec2-metadata-token-ttl-seconds: 300' "$url/api/token")"
  instance_id="$(curl -fsS --retry 5 -H "X-aws-ec2-metadata-token: ${token}" "$url/meta-data/instance-id")"
  zone="$(curl -fsS --retry 5 -H "X-aws-ec2-metadata-token: ${token}" "$url/meta-data/placement/availability-zone")"
  printf 'INSTANCE_ID=%s\nAVAILABILITY_ZONE=%s\n' "$instance_id" "$zone" | write_file "$WEBAPP_CONF_DIR/instance.env" 0644
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

# The secret goes from the AWS CLI straight into a root-owned file only the app's group can read.
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
  mkdir -p /var/log/webapp
  deploy_app
  write_file /etc/systemd/system/webapp.service 0644 <<'WEBAPP_SERVICE_EOF'
{{webapp_service}}
WEBAPP_SERVICE_EOF
  write_file /etc/logrotate.d/webapp 0644 <<'WEBAPP_LOGROTATE_EOF'
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

configure_nginx() {
  write_file /etc/nginx/nginx.conf 0644 <<'NGINX_CONF_EOF'
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

start_cloudwatch_agent() {
  retry /opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent-ctl \
    -a fetch-config -m ec2 -c "ssm:${CLOUDWATCH_AGENT_PARAMETER}" -s
}
# Optional integrations append their step names here.
OPTIONAL_STEPS=()
{{optional_steps}}
main() {
  local step
  exec > >(tee -a "$LOG_FILE") 2>&1
  log "bootstrap of server ${SERVER_INDEX} of ${PROJECT}/${STACK} in ${REGION}"
  install_packages
  create_app_user
  make_conf_dir
  read_instance_identity
  fetch_rds_ca
  write_database_credentials
  install_app
  make_tls_certificate
  configure_nginx
  start_cloudwatch_agent
  for step in "${OPTIONAL_STEPS[@]}"; do
    "$step"
  done
  log "bootstrap finished"
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  main
fi
