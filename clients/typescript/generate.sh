#!/usr/bin/env bash
# Regenerates clients/typescript/src/gen from protos/ with protoc-gen-es, the
# version pinned in package-lock.json. The output is committed; CI checks
# that it is up to date by running this and diffing.
#
#   clients/typescript/generate.sh
#
# Needs node + npm and the repository's buf (.tools/bin/buf, or BUF=...).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
buf="${BUF:-$root/.tools/bin/buf}"
[[ -x "$buf" ]] || buf="$(command -v buf)" || { echo "generate.sh: buf not found (.tools/bin/buf or BUF=...)" >&2; exit 1; }

# The plugin comes from this package's lock file.
if [[ ! -x "$here/node_modules/.bin/protoc-gen-es" ]]; then
  (cd "$here" && npm ci --no-audit --no-fund)
fi

rm -rf "$here/src/gen"
# From the repository root, so that the workspace buf.yaml resolves the
# google/* imports from third_party/googleapis.
cd "$root"
"$buf" generate --template clients/typescript/buf.gen.yaml
