#!/usr/bin/env bash
# The edge's cost (issue: edge and clients).
#
# Starts a throwaway PostgreSQL (fsync on), the tests' fake OpenAI-compatible
# provider (stylist-fake-llm), stylist-server pointed at it on a private
# port, and the edge (stylist-gateway) in front, then measures, in one run so
# that the ratios compare like with like on this noisy machine:
#   1. GetProfile over native gRPC, straight to the server and through the
#      edge, alternating (direct, edge, direct, edge), the same C++ closed-loop
#      client (bench/grpc_load.cc) at the same concurrency: the edge's share
#      of the direct throughput and the p99 it adds;
#   2. GetProfile over gRPC-Web (binary, HTTP/1.1 as browsers) and Connect
#      (JSON) through the edge (gateway/cmd/stylist-edgebench);
#   3. chat time to first token over Converse, straight and through the
#      edge (gateway/cmd/stylist-chatbench -mode ttft): what the edge adds;
#   4. the edge's memory holding idle Converse streams (default 5,000).
# Everything runs on the same 2-core machine: the load generators and the
# edge take CPU from the server, so read the figures as lower bounds.
#
# Usage: sudo bench/edge.sh [concurrency (default 32)] [seconds (default 15)] [idle streams (default 5000)]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
concurrency="${1:-32}"
seconds="${2:-15}"
streams="${3:-5000}"
export PATH="$root/.tools/go/bin:/usr/local/go/bin:$root/.tools/bin:$PATH"

source bench/lib.sh
# lib.sh's server has no model; this benchmark starts its own on the same
# port (the edge, started by lib.sh, reconnects to it by itself).
kill -TERM "${pids[0]}" && wait "${pids[0]}" 2>/dev/null || true
edge_pid="${pids[1]}"

(cd gateway && go build -trimpath -o ../data/bin/stylist-chatbench ./cmd/stylist-chatbench \
  && go build -trimpath -o ../data/bin/stylist-edgebench ./cmd/stylist-edgebench)
start_chat_server "$grpc_port" "$work/edge-server.log"
for _ in $(seq 1 300); do
  curl -sf "http://127.0.0.1:$http_port/healthz" >/dev/null && break
  sleep 0.1
done
curl -sf "http://127.0.0.1:$http_port/healthz" >/dev/null || { cat "$work/edge-server.log" >&2; exit 1; }

token="$(grpcurl -plaintext -d '{"email":"bench-edge@example.com","password":"Tweed-Coat-2026!","username":"benchedge"}' \
  "127.0.0.1:$http_port" stylist.v1.UserService/Register | python3 -c 'import json,sys; print(json.load(sys.stdin)["tokens"]["access_token"])')"

load() { # target
  build/bench/stylist-grpc-load --target "$1" --call stylist.v1.UserService.GetProfile --data '{}' \
    --metadata "authorization=Bearer $token" --concurrency "$concurrency" --duration "$seconds"
}
echo "GetProfile, native gRPC, concurrency $concurrency, ${seconds}s each:"
results=()
for round in 1 2; do
  direct="$(load "127.0.0.1:$grpc_port")"; echo "  direct  $direct"
  edge="$(load "127.0.0.1:$http_port")"; echo "  edge    $edge"
  results+=("$direct" "$edge")
done
python3 - "${results[@]}" <<'PY'
import json, sys
runs = [json.loads(r) for r in sys.argv[1:]]
direct, edge = runs[0::2], runs[1::2]
for i, (d, e) in enumerate(zip(direct, edge), 1):
    print(f"  round {i}: edge/direct throughput {e['rps'] / d['rps']:.2f}, "
          f"p99 added {e['p99_ms'] - d['p99_ms']:+.2f} ms (direct {d['p99_ms']:.2f}, edge {e['p99_ms']:.2f})")
PY

echo "GetProfile through the edge, browser protocols, concurrency $concurrency, ${seconds}s each:"
for protocol in grpc-web connect; do
  echo "  $protocol  $(data/bin/stylist-edgebench -url "http://127.0.0.1:$http_port" -protocol "$protocol" \
    -token "$token" -concurrency "$concurrency" -duration "${seconds}s")"
done

echo "chat, time to first token (Converse), straight to the server:"
data/bin/stylist-chatbench -server "127.0.0.1:$grpc_port" -mode ttft -provider "$provider" -n 300 | grep -v "provider alone"
echo "chat, time to first token (Converse), through the edge:"
data/bin/stylist-chatbench -server "127.0.0.1:$http_port" -mode ttft -provider "$provider" -n 300 | grep -v "provider alone"

echo "idle Converse streams held through the edge (the edge's memory):"
data/bin/stylist-chatbench -server "127.0.0.1:$http_port" -mode idle -streams "$streams" -server-pid "$edge_pid"
