#!/usr/bin/env bash
# Runs every test: installs what is missing, builds with the tests, starts a
# throwaway PostgreSQL cluster, then runs
#   1. the C++ unit and integration tests (ctest; the integration tests start
#      real stylist-server processes on scratch databases),
#   2. the edge's Go tests (stylist-gateway): unit, HTTP/2 attacks on
#      loopback, REST tests through the real edge in front of a real server,
#   3. the generated clients (Go, Python, TypeScript in Node and a headless
#      Chromium) through the built edge binary, each against a scratch stack
#      (tools/test-stack.sh),
#   4. every fuzz target for a few seconds (tools/fuzz.sh; clang, libFuzzer),
#   5. the contract checks: buf lint, generated code up to date, buf breaking.
# Usage: tools/test.sh            (from anywhere; run as root or with sudo rights)
# Environment: STYLIST_BUILD_DIR (default build), STYLIST_TEST_JOBS (ctest -j, default 2),
# STYLIST_FUZZ_SECONDS (per fuzz target, default 10).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
build="${STYLIST_BUILD_DIR:-build}"
export PATH="$root/.tools/go/bin:/usr/local/go/bin:$root/.tools/bin:$PATH"

step() { printf '\n=== %s\n' "$*" >&2; }

step "installing what is missing"
tools/install-deps.sh

step "building (tests included)"
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSTYLIST_BUILD_TESTS=ON >/dev/null
ninja -C "$build"

step "starting a throwaway PostgreSQL"
pgdir="$(mktemp -d /tmp/stylist-test-pg.XXXXXX)"
chmod 755 "$pgdir"  # the cluster may run as the postgres user
cleanup() {
  tools/pg.sh stop "$pgdir/data" >/dev/null 2>&1 || true
  rm -rf "$pgdir"
}
trap cleanup EXIT
# fsync off: the cluster is thrown away, and it makes the tests faster. On
# a socket in its own folder, no TCP port: nothing to race another process for.
STYLIST_PG_FSYNC=off tools/pg.sh start "$pgdir/data" socket
export STYLIST_TEST_DATABASE_URL="$(tools/pg.sh url "$pgdir/data" socket postgres)"

step "C++ unit and integration tests"
ctest --test-dir "$build" --output-on-failure -j "${STYLIST_TEST_JOBS:-2}"

step "edge tests (unit, attacks on loopback, and REST through the built edge binary)"
export STYLIST_SERVER_BINARY="$root/$build/server/stylist-server"
mkdir -p "$build/gateway"
gateway/docsui/build.sh  # the API reference UI the edge embeds
(cd gateway && go build -trimpath -o "$root/$build/gateway/stylist-gateway" ./cmd/stylist-gateway)
export STYLIST_EDGE_BINARY="$root/$build/gateway/stylist-gateway"
export STYLIST_E2E_REQUIRED=1  # the REST tests fail, not skip, without a server or database
# One package at a time (-p 1): the HTTP/2 attack tests time a health probe
# during the flood, which a REST suite starting servers beside them would
# slow down.
# Shuffled (the seed is printed): no test may depend on another's order.
(cd gateway && go vet ./... && go test -count=1 -p 1 -shuffle=on ./...)

step "clients through the built edge binary (Go, Python, TypeScript in Node and Chromium)"
tools/test-stack.sh bash -c 'cd clients/go && go vet ./... && go test -count=1 ./...'
tools/test-stack.sh clients/python/test.sh
tools/test-stack.sh clients/typescript/test.sh

step "the API reference page (/docs) in Chromium, through the built edge binary"
tools/test-stack.sh gateway/docsui/test.sh

step "fuzz targets, a few seconds each (tools/fuzz.sh TARGET 1h for a real run)"
tools/fuzz.sh all "${STYLIST_FUZZ_SECONDS:-10}s"

step "backups: full, incremental and a point-in-time restore (pgBackRest)"
tests/backup/drill.sh

step "Kubernetes manifests: rendered with kustomize, decoded strictly, rules checked"
(cd deploy/kubernetes/validate && go vet ./... && go test -count=1 ./...)

step "monitoring: alert rules (promtool rule tests) and the Grafana dashboard's queries"
deploy/monitoring/check.sh

step "contracts: lint, generated code, breaking changes"
tools/check-generated.sh

step "all tests passed"
