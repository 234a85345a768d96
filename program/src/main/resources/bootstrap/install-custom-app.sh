readonly APP_S3_URI='{{app_s3_uri}}' APP_SHA256='{{app_sha256}}'
# Overridable so that tests can deploy into a scratch directory.
APP_ROOT="${APP_ROOT:-$SYSROOT/opt/webapp}"

# The user's archive, checked against its SHA-256 before anything of it is unpacked. Each version gets its own
# release directory, made complete under a temporary name first, so that `current` never points at half an app.
deploy_app() {
  local release="$APP_ROOT/releases/$APP_SHA256" archive actual staging
  mkdir -p "$APP_ROOT/releases"
  if [[ ! -d "$release" ]]; then
    archive="$(mktemp)"
    if ! retry aws s3 cp --region "$REGION" --only-show-errors "$APP_S3_URI" "$archive"; then
      rm -f "$archive"
      log "cannot download ${APP_S3_URI}"
      return 1
    fi
    actual="$(sha256sum "$archive" | cut -d ' ' -f 1)"
    if [[ "$actual" != "$APP_SHA256" ]]; then
      rm -f "$archive"
      log "${APP_S3_URI} has SHA-256 ${actual}, expected ${APP_SHA256}: not deployed"
      return 1
    fi
    staging="$(mktemp -d "$APP_ROOT/releases/.staging.XXXXXX")"
    if ! tar -xzf "$archive" -C "$staging" --no-same-owner --no-same-permissions; then
      rm -rf "$staging" "$archive"
      log "cannot unpack ${APP_S3_URI}"
      return 1
    fi
    rm -f "$archive"
    # Root owns the code, so that the app cannot change itself; its group may only read it.
    chown -R "root:${WEBAPP_GROUP}" "$staging"
    chmod -R u=rwX,g=rX,o= "$staging"
    mv -T "$staging" "$release"
  fi
  ln -sfn "$release" "$APP_ROOT/current.new"
  mv -Tf "$APP_ROOT/current.new" "$APP_ROOT/current"
  log "application ${APP_SHA256} in ${release}"
}
