#!/bin/sh
# Starts redis-server with authentication on: the default user needs REDIS_PASSWORD, and the
# read-only user `redis-exporter` (metrics only: no key is readable or writable, no config can
# change) needs REDIS_EXPORTER_PASSWORD. Each comes from the variable or from the file that
# NAME_FILE names (a mounted secret). The passwords go to redis-server on stdin, never in its
# arguments, so `ps` and `docker inspect` do not show them. Arguments are passed on.
#   redis-server.sh [redis-server options...]   start
#   redis-server.sh --ping                       healthcheck: PONG with the password
# REDIS_CONFIG_FILE, when set, names a redis.conf read first (Kubernetes mounts one).
set -eu

secret() {
  eval "value=\${$1:-}"
  eval "file=\${$1_FILE:-}"
  if [ -n "$file" ]; then
    value=$(cat "$file")
  fi
  if [ -z "$value" ]; then
    echo "redis-server.sh: $1 (or $1_FILE) is required: Redis never runs without a password" >&2
    exit 1
  fi
  printf '%s' "$value"
}

password=$(secret REDIS_PASSWORD)
if [ "${1:-}" = "--ping" ]; then
  REDISCLI_AUTH=$password redis-cli -p "${REDIS_PORT:-6379}" ping | grep -q PONG
  exit
fi
exporter_password=$(secret REDIS_EXPORTER_PASSWORD)

include=
if [ -n "${REDIS_CONFIG_FILE:-}" ]; then
  include="include $REDIS_CONFIG_FILE"
fi

# What redis_exporter reads (INFO, CONFIG GET, CLIENT LIST, SLOWLOG, LATENCY), nothing else.
exec redis-server - "$@" <<EOF
$include
requirepass "$password"
user redis-exporter on >$exporter_password resetkeys resetchannels -@all +ping +info +config|get +client|list +client|info +client|setname +slowlog|get +slowlog|len +latency|latest +latency|histogram +memory|stats +dbsize +cluster|info
EOF
