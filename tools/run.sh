#!/usr/bin/env bash
# Starts the whole system in the foreground: a local PostgreSQL (data under
# ./data/postgres), stylist-server (private gRPC on a Unix socket under
# ./data/run) and stylist-gateway (the edge, the one public port
# :8080). Installs what is missing and builds first. Ctrl-C stops all three.
#
# Settings come from the environment and from ./.env when it exists (see
# .env.example). Generated on first start and kept under ./data/secrets:
# the JWT signing key, the key that encrypts kept face photos and a
# bootstrap admin API key (printed below).
# STYLIST_PG_PORT picks the PostgreSQL port (default 54320).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export PATH="$root/.tools/go/bin:/usr/local/go/bin:$root/.tools/bin:$PATH"

if [[ -f .env ]]; then
  set -a
  # shellcheck disable=SC1091
  source .env
  set +a
fi

tools/install-deps.sh
echo "run: building" >&2
# The same build folder and type as tools/test.sh, so neither rebuilds the
# other's work.
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
ninja -C build stylist-server
mkdir -p data/bin
gateway/docsui/build.sh  # the API reference UI the edge embeds
(cd gateway && go build -trimpath -o ../data/bin/stylist-gateway ./cmd/stylist-gateway)

# Secrets, created once. Never printed except the bootstrap key, which is
# meant to be used by the person starting the system.
mkdir -p data/secrets
chmod 700 data/secrets
[[ -s data/secrets/jwt_secret ]] || (umask 077 && head -c 48 /dev/urandom | base64 -w0 >data/secrets/jwt_secret)
# The key that encrypts kept face photos ("<id> <32 bytes base64>"; add a
# new first line to rotate, keeping the old one below it).
[[ -s data/secrets/face_photo_keys ]] || (umask 077 && echo "k$(date +%Y%m%d) $(head -c 32 /dev/urandom | base64 -w0)" >data/secrets/face_photo_keys)
[[ -s data/secrets/bootstrap_api_key ]] || (umask 077 && echo "bk_$(head -c 32 /dev/urandom | base64 -w0 | tr '+/' '-_' | tr -d '=')" >data/secrets/bootstrap_api_key)

pg_port="${STYLIST_PG_PORT:-54320}"
unset STYLIST_PG_PORT
tools/pg.sh start data/postgres "$pg_port"
pids=()
stop_all() {
  trap - INT TERM EXIT
  echo "run: stopping" >&2
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  tools/pg.sh stop data/postgres
  echo "run: stopped" >&2
}
trap stop_all INT TERM EXIT

admin_url="$(tools/pg.sh url data/postgres "$pg_port" postgres)"
if [[ "$(psql "$admin_url" -tAc "SELECT 1 FROM pg_database WHERE datname = 'stylist'")" != 1 ]]; then
  psql "$admin_url" -qc "CREATE DATABASE stylist"
fi

export STYLIST_DATABASE_URL="${STYLIST_DATABASE_URL:-$(tools/pg.sh url data/postgres "$pg_port" stylist)}"
export STYLIST_JWT_SECRET_FILE="${STYLIST_JWT_SECRET_FILE:-$root/data/secrets/jwt_secret}"
export STYLIST_BOOTSTRAP_API_KEY_FILE="${STYLIST_BOOTSTRAP_API_KEY_FILE:-$root/data/secrets/bootstrap_api_key}"
export STYLIST_FACE_PHOTO_KEYS_FILE="${STYLIST_FACE_PHOTO_KEYS_FILE:-$root/data/secrets/face_photo_keys}"
[[ -n "${STYLIST_JWT_SECRET:-}" ]] && unset STYLIST_JWT_SECRET_FILE
[[ -n "${STYLIST_BOOTSTRAP_API_KEY:-}" ]] && unset STYLIST_BOOTSTRAP_API_KEY_FILE

# The server on a Unix socket in a folder only this user can enter: no other
# process or user on the machine can reach it (or pose as the edge); the
# edge is the one public port.
mkdir -p data/run
chmod 700 data/run
export STYLIST_LISTEN_ADDRESS="${STYLIST_LISTEN_ADDRESS:-unix:$root/data/run/server.sock}"
build/server/stylist-server &
pids+=($!)
data/bin/stylist-gateway --upstream "${STYLIST_GATEWAY_UPSTREAM:-$STYLIST_LISTEN_ADDRESS}" &
pids+=($!)

cat >&2 <<MSG
run: Stylist is starting
  edge     ${STYLIST_GATEWAY_LISTEN:-0.0.0.0:8080}   the one public port: gRPC (grpcurl -plaintext localhost:8080 list),
                     gRPC-Web, Connect, REST (curl localhost:8080/healthz, docs at /docs), WebSocket
  server   $STYLIST_LISTEN_ADDRESS  private: only the edge may reach it
  database $STYLIST_DATABASE_URL
  admin API key (bootstrap): data/secrets/bootstrap_api_key
  Ctrl-C stops everything.
MSG
# Whichever stops first stops the rest.
wait -n "${pids[@]}" || true
