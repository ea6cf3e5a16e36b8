#!/usr/bin/env bash
# `npm test`: lint, typecheck, build and every test suite, on a fresh clone as on a used one.
# Ends with one line, "N passed, N failed", totalled over every step and every test.
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/bootstrap.sh
export NX_DAEMON=false NX_NO_CLOUD=true NX_SKIP_NX_CACHE=true

mkdir -p .local
summary=.local/test-summary
passed=0 failed=0
step() { # step NAME COMMAND... — a step counts as one check
  local name=$1; shift
  log "$name"
  if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); log "FAILED: $name"; fi
}

ensure_npm_deps || { echo "0 passed, 1 failed" | tee "$summary"; exit 1; }
# redis-server for the harness; Prometheus, Alertmanager (amtool) and the exporters for the
# monitoring checks and the live alerting test; chromium for the docs page; shellcheck for the
# deployment scripts. (The k8s/ checks use kubectl's built-in kustomize v5, which the machine
# image ships; Debian's kubernetes-client is too old to render components.)
ensure_debian_packages redis-server:redis-server promtool:prometheus prometheus:prometheus \
  prometheus-alertmanager:prometheus-alertmanager amtool:prometheus-alertmanager \
  prometheus-node-exporter:prometheus-node-exporter \
  prometheus-redis-exporter:prometheus-redis-exporter chromium:chromium shellcheck:shellcheck ||
  { echo "0 passed, 1 failed" | tee "$summary"; exit 1; }

npx nx show projects >/dev/null # caches the project graph the boundary lint rule reads
step "lint" npx eslint --max-warnings=0 .
step "format" npx prettier --check . --log-level warn
step "typecheck" npx tsc -p tsconfig.json
step "build" npm run -s build

log "jest"
report=.local/jest-report.json
rm -f "$report"
npx jest --maxWorkers=2 --json --outputFile="$report" "$@"
if [ -f "$report" ]; then
  read -r jp jf < <(node -e 'const r=require(require("path").resolve(process.argv[1]));console.log(r.numPassedTests, r.numFailedTests + r.numRuntimeErrorTestSuites)' "$report")
  passed=$((passed + jp)); failed=$((failed + jf))
else
  failed=$((failed + 1))
fi

echo "$passed passed, $failed failed" | tee "$summary"
[ "$failed" -eq 0 ]
