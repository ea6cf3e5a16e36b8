# Shared by `npm test` and `npm run local`: make a fresh clone runnable. Installs npm
# dependencies when missing or stale, and Debian packages when missing and we are root.
# Sourced, not run.

log() { printf '\033[1m[ffe]\033[0m %s\n' "$*" >&2; }

ensure_npm_deps() {
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    log "installing npm dependencies"
    # npm ci is exact; some npm 11 setups write locks without other platforms' optional
    # packages and then refuse them in `npm ci` — `npm install` honours the same lock.
    npm ci --no-audit --no-fund --loglevel=error 2>/dev/null ||
      npm install --no-audit --no-fund --loglevel=error
  fi
}

# ensure_debian_packages COMMAND:PACKAGE ... — installs each PACKAGE whose COMMAND is missing.
ensure_debian_packages() {
  local missing=() pair
  for pair in "$@"; do
    command -v "${pair%%:*}" >/dev/null 2>&1 || missing+=("${pair#*:}")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    log "missing: ${missing[*]} — install them (Debian: apt-get install -y ${missing[*]}) and run again"
    return 1
  fi
  log "installing from Debian: ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}
