#!/bin/sh
# The image's entrypoint. Exports each secret file (Compose and Kubernetes mount them under
# /run/secrets) as the environment variable of the same name, then replaces itself with the
# command (exec), so node is PID 1 and receives SIGTERM itself. A non-empty file wins over a
# variable of the same name from .env; an empty file means "not used" (Compose wants every
# declared secret file to exist). Values are never printed.
set -eu
dir=${FFE_SECRETS_DIR:-/run/secrets}
if [ -d "$dir" ]; then
  for file in "$dir"/*; do
    [ -f "$file" ] || continue
    name=$(basename "$file")
    # Only UPPER_SNAKE names become variables; anything else in the folder is left alone.
    case $name in
      [A-Z]*) ;;
      *) continue ;;
    esac
    case $name in *[!A-Z0-9_]*) continue ;; esac
    value=$(cat "$file") # command substitution drops the trailing newline editors add
    [ -n "$value" ] || continue
    export "$name=$value"
  done
fi
exec "$@"
