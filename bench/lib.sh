# Shared by the benchmark scripts: builds the tree and starts a throwaway
# PostgreSQL cluster (fsync on), stylist-server and stylist-gateway on free
# ports. Sets: work, db_url, grpc_port, http_port. Stops everything on exit.
# Source it from the repository root with PATH set (see bench/run.sh).
tools/install-deps.sh
tools/install-go-tools.sh --bench
command -v wrk >/dev/null || { echo "bench: installing wrk" >&2; apt-get install -y -qq wrk >/dev/null; }
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
ninja -C build stylist-server stylist-grpc-load >/dev/null
mkdir -p data/bin
(cd gateway && go build -trimpath -o ../data/bin/stylist-gateway ./cmd/stylist-gateway)

work="$(mktemp -d /tmp/stylist-bench.XXXXXX)"
chmod 755 "$work"  # the cluster may run as the postgres user
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  tools/pg.sh stop "$work/pg" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

bench_api_key="bench-api-key-0123456789abcdef0123456789"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
# start_echo_server: the transport's ceiling, stylist-echo-server (a grpc++
# callback-API server answering every call with its request bytes), on a
# free port. Sets echo_port.
start_echo_server() {
  ninja -C build stylist-echo-server >/dev/null
  echo_port="$(free_port)"
  build/bench/stylist-echo-server "127.0.0.1:$echo_port" >"$work/echo.log" 2>&1 &
  pids+=($!)
}
pg_port="$(free_port)"
grpc_port="$(free_port)"
http_port="$(free_port)"
# A production-like cluster: fsync stays on.
tools/pg.sh start "$work/pg" "$pg_port"
admin_url="$(tools/pg.sh url "$work/pg" "$pg_port" postgres)"
psql "$admin_url" -qc "CREATE DATABASE stylist_bench"
db_url="$(tools/pg.sh url "$work/pg" "$pg_port" stylist_bench)"

STYLIST_DATABASE_URL="$db_url" \
STYLIST_STORAGE_DIR="$work/blobs" \
STYLIST_BOOTSTRAP_API_KEY="$bench_api_key" \
STYLIST_JWT_SECRET="bench-secret-0123456789abcdef0123456789" \
STYLIST_LISTEN_ADDRESS="127.0.0.1:$grpc_port" STYLIST_METRICS_ADDRESS=127.0.0.1:0 \
STYLIST_LOG_LEVEL=warn \
STYLIST_RATE_LOGIN_PER_ADDRESS_PER_MINUTE=1000000 \
STYLIST_RATE_LOGIN_FAILURES_PER_ACCOUNT=1000000 \
STYLIST_RATE_REGISTER_PER_ADDRESS_PER_HOUR=1000000 \
STYLIST_CHAT_TURNS_PER_MINUTE=100000 STYLIST_AI_PHOTO_ANALYSES_PER_MINUTE=100000 \
STYLIST_AI_SUGGESTIONS_PER_MINUTE=100000 STYLIST_AI_PLANS_PER_MINUTE=100000 STYLIST_AI_PER_API_KEY_PER_MINUTE=1000000 \
  build/server/stylist-server >"$work/server.log" 2>&1 &
pids+=($!)
STYLIST_GATEWAY_LOG_LEVEL=warn data/bin/stylist-gateway \
  --listen "127.0.0.1:$http_port" --upstream "127.0.0.1:$grpc_port" --metrics-listen 127.0.0.1:0 \
  >"$work/gateway.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 300); do
  curl -sf "http://127.0.0.1:$http_port/healthz" >/dev/null && break
  sleep 0.1
done
curl -sf "http://127.0.0.1:$http_port/healthz" >/dev/null || { cat "$work/server.log" >&2; exit 1; }


# start_chat_server PORT LOG: the tests' fake OpenAI-compatible provider
# (stylist-fake-llm, streaming as fast as it can) and a stylist-server on
# 127.0.0.1:PORT pointed at it, with the limits a benchmark would exhaust
# lifted. Sets provider (its base URL) and chat_server_pid.
start_chat_server() {
  local port="$1" log="$2" llm_port
  cmake -S . -B build -G Ninja -DSTYLIST_BUILD_TESTS=ON >/dev/null
  ninja -C build stylist-fake-llm >/dev/null
  llm_port="$(free_port)"
  mkfifo "$work/llm.stdin"
  build/tests/stylist-fake-llm "$llm_port" <"$work/llm.stdin" >"$work/llm.out" 2>&1 &
  pids+=($!)
  exec 7>"$work/llm.stdin"  # keeps the fake serving until the script exits
  provider="http://127.0.0.1:$llm_port/v1"
  # Idle-stream runs need file descriptors and more connections than usual.
  ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
  STYLIST_DATABASE_URL="$db_url" STYLIST_STORAGE_DIR="$work/blobs" STYLIST_BOOTSTRAP_API_KEY="$bench_api_key" \
  STYLIST_JWT_SECRET="bench-secret-0123456789abcdef0123456789" STYLIST_LISTEN_ADDRESS="127.0.0.1:$port" \
  STYLIST_METRICS_ADDRESS=127.0.0.1:0 \
  STYLIST_LOG_LEVEL=warn STYLIST_LLM_BASE_URL="$provider" STYLIST_LLM_MODEL=fake \
  STYLIST_CHAT_TURNS_PER_MINUTE=100000 STYLIST_RATE_REGISTER_PER_ADDRESS_PER_HOUR=100000 \
  STYLIST_AI_PER_API_KEY_PER_MINUTE=1000000 \
    build/server/stylist-server >"$log" 2>&1 &
  chat_server_pid=$!
  pids+=("$chat_server_pid")
}
