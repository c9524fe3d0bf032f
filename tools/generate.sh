#!/usr/bin/env bash
# Regenerates everything derived from protos/: the Go client (clients/go,
# which the edge imports), the edge's REST handlers (gateway/gen/), the
# merged OpenAPI document (gateway/openapi/stylist.swagger.json), and the
# TypeScript and Python clients (clients/typescript/src/gen,
# clients/python/stylist). Both are committed; CI checks them
# with tools/check-generated.sh.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
buf="$root/.tools/bin/buf"

tools/install-go-tools.sh
tools/fetch-googleapis-protos.sh

"$buf" format --diff --exit-code protos
"$buf" lint
# Remove the previous output so files of deleted protos do not linger.
rm -rf gateway/gen clients/go/stylist
rm -f gateway/openapi/*.swagger.json
"$buf" generate
# Finish the OpenAPI document: the hand-served routes, each operation's
# error statuses, examples (gateway/cmd/openapi-complete).
(cd gateway && go run ./cmd/openapi-complete)
# The TypeScript client (protoc-gen-es from its npm lock file) and the
# Python client (grpcio-tools from its pinned venv).
clients/typescript/generate.sh
clients/python/generate.sh
