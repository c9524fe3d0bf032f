#!/usr/bin/env bash
# Runs one command against a scratch Stylist stack, as the clients' end-to-end
# tests need it: a fresh database on the test cluster, a stylist-server on a
# private Unix socket (no port to race for), and the built edge binary
# (stylist-gateway) with its real flags on a loopback port the kernel picks,
# read back from the edge's own "serving" log line.
#
#   tools/test-stack.sh CMD [ARGS...]
#
# Needs STYLIST_SERVER_BINARY, STYLIST_EDGE_BINARY and
# STYLIST_TEST_DATABASE_URL (tools/test.sh sets all three). The command runs
# with:
#   STYLIST_EDGE_ADDR          host:port of the edge (native gRPC, h2c)
#   STYLIST_EDGE_URL           http://host:port (gRPC-Web, Connect, REST)
#   STYLIST_BOOTSTRAP_API_KEY  the stack's admin API key
# The edge allows CORS from http://127.0.0.1:* (pages a test serves on
# loopback). The stack is stopped and its database dropped afterwards; its
# logs are printed when the command fails.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
: "${STYLIST_SERVER_BINARY:?set STYLIST_SERVER_BINARY (the built stylist-server)}"
: "${STYLIST_EDGE_BINARY:?set STYLIST_EDGE_BINARY (the built stylist-gateway)}"
: "${STYLIST_TEST_DATABASE_URL:?set STYLIST_TEST_DATABASE_URL (a cluster where databases may be created)}"
(($# > 0)) || { echo "usage: tools/test-stack.sh CMD [ARGS...]" >&2; exit 2; }

work="$(mktemp -d /tmp/stylist-stack.XXXXXX)"
db="stylist_stack_$$_$RANDOM"
server_pid=""
edge_pid=""
stop() {
  local rc=$?
  [[ -n "$edge_pid" ]] && kill -TERM "$edge_pid" 2>/dev/null && wait "$edge_pid" 2>/dev/null
  [[ -n "$server_pid" ]] && kill -TERM "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  if ((rc != 0)); then
    echo "--- test-stack: server log (tail)" >&2; tail -n 60 "$work/server.log" >&2 2>/dev/null || true
    echo "--- test-stack: edge log (tail)" >&2; tail -n 30 "$work/edge.log" >&2 2>/dev/null || true
  fi
  psql "$STYLIST_TEST_DATABASE_URL" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$work"
  exit "$rc"
}
trap stop EXIT
trap 'exit 130' INT TERM

psql "$STYLIST_TEST_DATABASE_URL" -v ON_ERROR_STOP=1 -qc "CREATE DATABASE $db" >/dev/null
db_url="$(python3 -c 'import sys, urllib.parse as u; p = u.urlsplit(sys.argv[1]); print(u.urlunsplit(p._replace(path="/" + sys.argv[2])))' \
  "$STYLIST_TEST_DATABASE_URL" "$db")"
bootstrap_key="stack-$(head -c 24 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')"
mkdir -p "$work/blobs"

# Limits the suites cannot exhaust: every client test registers from the
# same loopback address. The rate-limit tests of the server own their own
# budgets elsewhere.
env -i PATH="$PATH" \
  STYLIST_DATABASE_URL="$db_url" \
  STYLIST_JWT_SECRET="$(head -c 48 /dev/urandom | base64 -w0)" \
  STYLIST_LISTEN_ADDRESS="unix:$work/server.sock" STYLIST_METRICS_ADDRESS=127.0.0.1:0 \
  STYLIST_BOOTSTRAP_API_KEY="$bootstrap_key" \
  STYLIST_STORAGE_DIR="$work/blobs" \
  STYLIST_CLOTHING_MODEL_DIR="$root/ml/models/clothing" \
  STYLIST_WORKER_THREADS=4 STYLIST_DB_POOL_SIZE=4 STYLIST_SHUTDOWN_GRACE=2s \
  STYLIST_RATE_REGISTER_PER_ADDRESS_PER_HOUR=100000 \
  STYLIST_RATE_REGISTER_TAKEN_PER_ADDRESS_PER_HOUR=100000 \
  STYLIST_RATE_LOGIN_PER_ADDRESS_PER_MINUTE=100000 \
  STYLIST_CHAT_TURNS_PER_MINUTE=10000 STYLIST_AI_PHOTO_ANALYSES_PER_MINUTE=10000 \
  STYLIST_AI_SUGGESTIONS_PER_MINUTE=10000 STYLIST_AI_PLANS_PER_MINUTE=10000 STYLIST_AI_PER_API_KEY_PER_MINUTE=100000 \
  "$STYLIST_SERVER_BINARY" >"$work/server.log" 2>&1 &
server_pid=$!

env -i PATH="$PATH" "$STYLIST_EDGE_BINARY" \
  -listen 127.0.0.1:0 -upstream "unix:$work/server.sock" -metrics-listen 127.0.0.1:0 \
  -cors-origins 'http://127.0.0.1:*' -request-timeout 30s -shutdown-timeout 2s \
  >"$work/edge.log" 2>&1 &
edge_pid=$!

# The edge's address, then a serving server behind it.
addr=""
for _ in $(seq 1 600); do
  addr="$(python3 -c 'import json, sys
for line in open(sys.argv[1]):
    try: entry = json.loads(line)
    except ValueError: continue
    if entry.get("msg") == "serving": print(entry["listen"]); break' "$work/edge.log" 2>/dev/null || true)"
  [[ -n "$addr" ]] && break
  kill -0 "$edge_pid" 2>/dev/null || { echo "test-stack: the edge exited" >&2; exit 1; }
  sleep 0.1
done
[[ -n "$addr" ]] || { echo "test-stack: the edge did not say where it serves" >&2; exit 1; }
for i in $(seq 1 600); do
  if [[ "$(curl -s -o /dev/null -w '%{http_code}' "http://$addr/healthz")" == 200 ]]; then break; fi
  kill -0 "$server_pid" 2>/dev/null || { echo "test-stack: the server exited" >&2; exit 1; }
  ((i < 600)) || { echo "test-stack: the server was not serving within 60 s" >&2; exit 1; }
  sleep 0.1
done

export STYLIST_EDGE_ADDR="$addr"
export STYLIST_EDGE_URL="http://$addr"
export STYLIST_BOOTSTRAP_API_KEY="$bootstrap_key"
"$@"
