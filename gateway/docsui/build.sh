#!/usr/bin/env bash
# Bundles the API reference UI into the edge: installs Swagger UI from npm
# (the version package-lock.json pins; install scripts off, which also keeps
# its dependency's install-time analytics from running) and copies the
# files the page needs into internal/gateway/static/ui/, which the gateway
# embeds (go:embed) when it is built next. Run it before `go build` of the
# gateway; tools/test.sh, tools/run.sh and the Dockerfile do.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
if [[ ! -d node_modules || package-lock.json -nt node_modules/.package-lock.json ]]; then
  SCARF_ANALYTICS=false npm ci --no-audit --no-fund --ignore-scripts
fi
out=../internal/gateway/static/ui
mkdir -p "$out"
dist=node_modules/swagger-ui-dist
# The bundle, its stylesheet, and its licence notices (served beside them).
for f in swagger-ui-bundle.js swagger-ui.css favicon-32x32.png LICENSE NOTICE swagger-ui-bundle.js.LICENSE.txt; do
  cp "$dist/$f" "$out/$f.tmp"
  mv "$out/$f.tmp" "$out/$f"
done
