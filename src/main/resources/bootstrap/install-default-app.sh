install_app() {
  mkdir -p /opt/webapp /var/log/webapp
  write_file /opt/webapp/webapp.py 0644 <<'WEBAPP_PY_EOF'
{{webapp_py}}
WEBAPP_PY_EOF
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
