#!/usr/bin/env bash
# Builds @stylist/client and runs its tests against a live stack:
#   - test/node.test.ts: Node over Connect, gRPC (h2c) and gRPC-Web;
#   - test/browser.test.ts: headless Chromium over gRPC-Web, cross-origin.
#
#   tools/test-stack.sh clients/typescript/test.sh
#
# Reads STYLIST_EDGE_URL and STYLIST_EDGE_ADDR (test-stack.sh exports them);
# CHROMIUM may name the browser (default /usr/bin/chromium). Exits non-zero
# on any failure; the test runner's summary ("ℹ tests N", "ℹ pass N",
# "ℹ fail N") is printed last.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
: "${STYLIST_EDGE_URL:?set STYLIST_EDGE_URL (run under tools/test-stack.sh)}"
: "${STYLIST_EDGE_ADDR:?set STYLIST_EDGE_ADDR (run under tools/test-stack.sh)}"

# (Re)install when node_modules is missing or older than the lock file.
if [[ ! -d node_modules || package-lock.json -nt node_modules/.package-lock.json ]]; then
  npm ci --no-audit --no-fund
fi

rm -rf dist test-dist
npm run --silent build
npm run --silent build:test

# One run for both files, so that there is one summary. --test-reporter=spec
# gives the same output on a terminal and in CI.
node --test --test-reporter=spec test-dist/node.test.js test-dist/browser.test.js
