
readonly SUMO_TOKEN_PARAMETER='{{sumo_logic_token_parameter}}' SUMO_VERSION={{sumo_collector_version}}
readonly SUMO_URL={{sumo_installer_url}} SUMO_SHA256={{sumo_installer_sha256}}
SUMO_CONF_DIR="${SUMO_CONF_DIR:-/etc/otelcol-sumo/conf.d}"
# The installer runs with the token, so its output goes to a root-only file that, unlike the bootstrap's own log, is
# not shipped to CloudWatch.
SUMO_LOG="${SUMO_LOG:-/var/log/sumologic-install.log}"

# Sumo Logic OpenTelemetry collector with host metrics, tagged, also reading the Nginx logs. Nothing of the installer
# runs, and the token is not read, unless the installer has the pinned SHA-256.
install_sumologic() {
  local s sum token
  if ! systemctl cat otelcol-sumo.service >/dev/null 2>&1; then
    s="$(mktemp)"
    retry curl -fsSL --max-time 120 -o "$s" "$SUMO_URL"
    sum="$(sha256sum "$s")" sum="${sum%% *}"
    if [[ $sum != "$SUMO_SHA256" ]]; then
      rm "$s"
      log "$SUMO_URL has SHA-256 $sum, expected $SUMO_SHA256: not run"
      return 1
    fi
    # The token only reaches the installer's environment: never a command line or the bootstrap's log.
    token="$(retry aws ssm get-parameter --region "$REGION" --name "$SUMO_TOKEN_PARAMETER" --with-decryption \
      --query Parameter.Value --output text)"
    install -m 600 /dev/null "$SUMO_LOG"
    SUMOLOGIC_INSTALLATION_TOKEN="$token" bash "$s" --version "$SUMO_VERSION" --install-hostmetrics \
      --tag "project=${PROJECT}" --tag "stack=${STACK}" --tag "server=${SERVER_INDEX}" </dev/null >>"$SUMO_LOG" 2>&1 ||
      { rm "$s"; log "Sumo Logic installer failed, see $SUMO_LOG"; return 1; }
    rm "$s"
  fi
  mkdir -p "$SUMO_CONF_DIR"
  write_file "$SUMO_CONF_DIR/nginx.yaml" 0644 <<'SUMO_NGINX_EOF'
{{sumo_nginx_yaml}}
SUMO_NGINX_EOF
  # The collector runs unprivileged: let it read the Nginx logs, also those logrotate creates.
  retry dnf install -y acl
  setfacl -m u:otelcol-sumo:rx -m d:u:otelcol-sumo:r /var/log/nginx
  find /var/log/nginx -maxdepth 1 -type f -name '*.log' -exec setfacl -m u:otelcol-sumo:r {} +
  systemctl restart otelcol-sumo.service
}
OPTIONAL_STEPS+=(install_sumologic)
