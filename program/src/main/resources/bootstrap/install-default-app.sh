# The bundled application: its source is embedded here.
deploy_app() {
  mkdir -p "$SYSROOT/opt/webapp"
  write_file "$SYSROOT/opt/webapp/webapp.py" 0644 <<'WEBAPP_PY_EOF'
{{webapp_py}}
WEBAPP_PY_EOF
}
