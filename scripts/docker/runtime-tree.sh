#!/bin/sh
# runtime-tree.sh OUT — copies what the API needs at run time into OUT: the root manifests and,
# for every workspace, its package.json and compiled dist/, and the monitoring files it serves. The app resolves `@ffe/*` through
# npm's workspace links (node_modules/@ffe/x -> libs/x), so the layout must stay the repo's;
# `npm ci --omit=dev` in OUT then recreates those links with production dependencies only.
# The Dockerfile and the runtime-layout test both use this script, so they cannot drift.
set -eu
out=${1:?usage: runtime-tree.sh OUT}
mkdir -p "$out"
cp package.json package-lock.json "$out/"
for ws in apps/* libs/*; do
  [ -f "$ws/package.json" ] || continue
  mkdir -p "$out/$ws"
  cp "$ws/package.json" "$out/$ws/"
  if [ -d "$ws/dist" ]; then cp -R "$ws/dist" "$out/$ws/"; fi
done
# The API serves the rule files and dashboards the stack is provisioned from (it finds
# monitoring/ above its own folder); Alertmanager's secrets are never part of the image.
mkdir -p "$out/monitoring"
cp -R monitoring/prometheus monitoring/grafana "$out/monitoring/"
# Build bookkeeping, not code.
find "$out" -name '*.tsbuildinfo' -type f -exec rm -f {} +
