
readonly SUMO_TOKEN_PARAMETER='{{sumo_logic_token_parameter}}'
readonly SUMO_INSTALL_URL=https://github.com/SumoLogic/sumologic-otel-collector-packaging/releases/latest/download/install.sh
SUMO_CONF_DIR="${SUMO_CONF_DIR:-/etc/otelcol-sumo/conf.d}"

fetch_sumo_token() {
  aws ssm get-parameter --region "$REGION" --name "$SUMO_TOKEN_PARAMETER" --with-decryption \
    --query Parameter.Value --output text
}

# Sumo Logic OpenTelemetry collector with host metrics, tagged, also reading the Nginx logs.
install_sumologic() {
  local script token
  if ! systemctl cat otelcol-sumo.service >/dev/null 2>&1; then
    script="$(mktemp)"
    retry curl -fsSL --max-time 120 -o "$script" "$SUMO_INSTALL_URL"
    # The token only reaches the installer's environment: never a command line or the log.
    token="$(retry fetch_sumo_token)"
    SUMOLOGIC_INSTALLATION_TOKEN="$token" bash "$script" --install-hostmetrics --download-timeout 300 \
      --tag "project=${PROJECT}" --tag "stack=${STACK}" --tag "server=${SERVER_INDEX}"
    token=''
    rm -f "$script"
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
