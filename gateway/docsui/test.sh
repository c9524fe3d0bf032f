#!/usr/bin/env bash
# The API reference page in headless Chromium, against the stack
# tools/test-stack.sh starts (run it under that). The edge binary must have
# been built after build.sh, so that it embeds the UI.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
: "${STYLIST_EDGE_URL:?set STYLIST_EDGE_URL (run under tools/test-stack.sh)}"
./build.sh
node --test --test-reporter=spec test.mjs
