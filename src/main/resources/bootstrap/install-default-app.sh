# The bundled application: its source is embedded here.
deploy_app() {
  mkdir -p /opt/webapp
  write_file /opt/webapp/webapp.py 0644 <<'WEBAPP_PY_EOF'
{{webapp_py}}
WEBAPP_PY_EOF
}
