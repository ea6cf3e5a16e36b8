#!/usr/bin/env bash
# `npm run bench [-- NAME...]`: runs bench/<NAME>/main.ts (every benchmark when no name is given)
# from the TypeScript sources, each in its own process. Each one starts its own redis-server,
# runs its baseline in the same process, prints a table and writes JSON under bench/results/.
# BENCH_QUICK=1 runs a tenth of the iterations (a smoke run, not figures to quote).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/bootstrap.sh
ensure_npm_deps
ensure_debian_packages redis-server:redis-server

names=("$@")
if [ ${#names[@]} -eq 0 ]; then
  for dir in bench/*/; do [ -f "$dir/main.ts" ] && names+=("$(basename "$dir")"); done
fi
for name in "${names[@]}"; do
  [ -f "bench/$name/main.ts" ] || { log "no benchmark bench/$name/main.ts"; exit 1; }
  log "bench: $name"
  node --expose-gc -r ./libs/testing/register-ts.js "bench/$name/main.ts"
done
