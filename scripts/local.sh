#!/usr/bin/env bash
# `npm run local`: the whole stack without Docker — Redis, the API in paper-trading mode on the
# simulated market, Prometheus, Alertmanager and the exporters — on loopback, with data under
# .local/. Installs what is missing, prints the URLs and the API key, and stops everything it
# started on Ctrl-C. Ports can be set with PORT, LOCAL_REDIS_PORT, LOCAL_PROMETHEUS_PORT,
# LOCAL_ALERTMANAGER_PORT; a busy preferred port (other than the API's) is replaced by a free one.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/bootstrap.sh
export NX_DAEMON=false

STATE=${LOCAL_STATE_DIR:-.local}
mkdir -p "$STATE/logs"
pids=()

api_pid=""
stop_all() {
  trap - INT TERM EXIT
  [ ${#pids[@]} -eq 0 ] && return
  log "stopping ${#pids[@]} processes"
  # The API first, so it drains against a live Redis; then everything else.
  if [ -n "$api_pid" ]; then kill -TERM "$api_pid" 2>/dev/null || true; wait "$api_pid" 2>/dev/null || true; fi
  kill -TERM "${pids[@]}" 2>/dev/null || true
  wait "${pids[@]}" 2>/dev/null || true
}
trap 'stop_all; exit 130' INT TERM
trap stop_all EXIT

port_free() { node -e 'const s=require("net").createServer().once("error",()=>process.exit(1)).listen(+process.argv[1],"127.0.0.1",()=>s.close())' "$1"; }
free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
pick_port() { if port_free "$1"; then echo "$1"; else free_port; fi; }

# wait_http NAME URL SECONDS — polls until the URL answers 2xx, or fails naming the log.
wait_http() {
  local name=$1 url=$2 deadline=$((SECONDS + $3))
  until curl -sf -o /dev/null "$url"; do
    if [ $SECONDS -ge $deadline ]; then log "$name did not come up; see $STATE/logs/$name.log"; exit 1; fi
    sleep 0.2
  done
}

start() { # start NAME COMMAND... — runs in the background, output to .local/logs/NAME.log
  local name=$1; shift
  "$@" >"$STATE/logs/$name.log" 2>&1 &
  pids+=($!)
}

ensure_npm_deps
ensure_debian_packages redis-server:redis-server curl:curl
monitoring=yes
ensure_debian_packages prometheus:prometheus prometheus-alertmanager:prometheus-alertmanager \
  prometheus-node-exporter:prometheus-node-exporter \
  prometheus-redis-exporter:prometheus-redis-exporter || {
  monitoring=no
  log "continuing without Prometheus and Alertmanager"
}

API_PORT=${PORT:-8000}
port_free "$API_PORT" || { log "port $API_PORT is busy: stop what uses it or set PORT"; exit 1; }
REDIS_PORT=$(pick_port "${LOCAL_REDIS_PORT:-6380}")
PROM_PORT=$(pick_port "${LOCAL_PROMETHEUS_PORT:-9090}")
AM_PORT=$(pick_port "${LOCAL_ALERTMANAGER_PORT:-9093}")
NODE_EXPORTER_PORT=$(pick_port 9100)
REDIS_EXPORTER_PORT=$(pick_port 9121)

# The key persists across runs so scripts and ffe-ctl keep working; FFE_API_KEY overrides it.
if [ -z "${FFE_API_KEY:-}" ]; then
  [ -s "$STATE/api-key" ] || node -e 'console.log(require("crypto").randomBytes(24).toString("hex"))' >"$STATE/api-key"
  FFE_API_KEY=$(cat "$STATE/api-key")
fi

# Redis requires a password here too, generated once and kept like the key; the exporter gets
# its own read-only user. Both reach the processes by environment, never on a command line.
secret_file() { # secret_file NAME — prints the value kept in $STATE/NAME, creating it once
  [ -s "$STATE/$1" ] || (umask 077 && node -e 'console.log(require("crypto").randomBytes(24).toString("hex"))' >"$STATE/$1")
  cat "$STATE/$1"
}
REDIS_PASSWORD=$(secret_file redis-password)
REDIS_EXPORTER_PASSWORD=$(secret_file redis-exporter-password)
export REDIS_PASSWORD REDIS_EXPORTER_PASSWORD

log "building"
npm run -s build

mkdir -p "$STATE/redis"
start redis sh scripts/docker/redis-server.sh --port "$REDIS_PORT" --bind 127.0.0.1 \
  --dir "$(cd "$STATE/redis" && pwd)" --appendonly yes --maxmemory-policy volatile-lru --save ""
deadline=$((SECONDS + 20))
until REDIS_PORT=$REDIS_PORT sh scripts/docker/redis-server.sh --ping >/dev/null 2>&1; do
  [ $SECONDS -lt $deadline ] || { log "redis did not come up; see $STATE/logs/redis.log"; exit 1; }
  sleep 0.1
done

start api env NODE_ENV=development HOST=127.0.0.1 PORT="$API_PORT" \
  REDIS_URL="redis://127.0.0.1:$REDIS_PORT" FFE_API_KEY="$FFE_API_KEY" \
  TRADING_PLATFORM=paper MARKET_DATA_SOURCE=simulated node apps/api/dist/main.js
api_pid=${pids[-1]}
wait_http api "http://127.0.0.1:$API_PORT/ready" 60

if [ "$monitoring" = yes ]; then
  node scripts/local/render-monitoring.mjs "$STATE" "$(printf '{"app":%s,"prometheus":%s,"alertmanager":%s,"node":%s,"redisExporter":%s}' \
    "$API_PORT" "$PROM_PORT" "$AM_PORT" "$NODE_EXPORTER_PORT" "$REDIS_EXPORTER_PORT")"
  start node-exporter prometheus-node-exporter --web.listen-address="127.0.0.1:$NODE_EXPORTER_PORT"
  REDIS_USER=redis-exporter REDIS_PASSWORD=$REDIS_EXPORTER_PASSWORD \
    start redis-exporter prometheus-redis-exporter -redis.addr="redis://127.0.0.1:$REDIS_PORT" \
    -web.listen-address="127.0.0.1:$REDIS_EXPORTER_PORT"
  start alertmanager prometheus-alertmanager --config.file="$STATE/alertmanager/alertmanager.yml" \
    --storage.path="$STATE/alertmanager/data" --web.listen-address="127.0.0.1:$AM_PORT" \
    --cluster.listen-address=""
  start prometheus prometheus --config.file="$STATE/prometheus/prometheus.yml" \
    --storage.tsdb.path="$STATE/prometheus/data" --web.listen-address="127.0.0.1:$PROM_PORT"
  wait_http alertmanager "http://127.0.0.1:$AM_PORT/-/ready" 30
  wait_http prometheus "http://127.0.0.1:$PROM_PORT/-/ready" 30
fi

cat <<TXT

Finance Feedback Engine is running (paper trading on a simulated market).
  API          http://localhost:$API_PORT        (Swagger UI: http://localhost:$API_PORT/docs)
  Ready        http://localhost:$API_PORT/ready
  Metrics      http://localhost:$API_PORT/metrics
  API key      $FFE_API_KEY
               e.g. curl -H 'X-API-Key: $FFE_API_KEY' http://localhost:$API_PORT/api/v1/bot/status
  Redis        redis://127.0.0.1:$REDIS_PORT   (data in $STATE/redis; password in $STATE/redis-password)
TXT
if [ "$monitoring" = yes ]; then
  cat <<TXT
  Prometheus   http://localhost:$PROM_PORT
  Alertmanager http://localhost:$AM_PORT
TXT
fi
echo "Logs in $STATE/logs/. Press Ctrl-C to stop everything."
echo "ffe-local: ready"

# Stay in the foreground until Ctrl-C, or until any process we started exits.
wait -n "${pids[@]}" || true
log "a process exited; see $STATE/logs/"
