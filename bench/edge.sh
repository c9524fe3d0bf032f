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
#      of the direct throughput, the p99 it adds at saturation, and the CPU
#      the edge and the server spend a call; then the same alternation as
#      an open loop at half the edge's throughput: the latency the edge adds
#      below saturation;
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

load() { # target [more stylist-grpc-load flags]
  local target="$1"; shift
  build/bench/stylist-grpc-load --target "$target" --call stylist.v1.UserService.GetProfile --data '{}' \
    --metadata "authorization=Bearer $token" --concurrency "$concurrency" --duration "$seconds" "$@"
}
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; } # user + system, in clock ticks
ticks_per_second="$(getconf CLK_TCK)"
# load_with_cpu TARGET: a closed-loop run, with the CPU the edge and the
# server spent on it added to its JSON (microseconds a call, warm-up
# included in both the time and the calls).
load_with_cpu() {
  local e0 s0 out e1 s1
  e0="$(cpu_ticks "$edge_pid")"; s0="$(cpu_ticks "$chat_server_pid")"
  out="$(load "$1")"
  e1="$(cpu_ticks "$edge_pid")"; s1="$(cpu_ticks "$chat_server_pid")"
  python3 - "$out" "$((e1 - e0))" "$((s1 - s0))" "$ticks_per_second" "$seconds" <<'PY'
import json, sys
run = json.loads(sys.argv[1])
edge, server, hz, seconds = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5])
calls = run["rps"] * (seconds + 1)  # the loader's one-second warm-up runs at about the same rate
run["edge_cpu_us_per_call"] = round(edge / hz * 1e6 / calls, 1)
run["server_cpu_us_per_call"] = round(server / hz * 1e6 / calls, 1)
print(json.dumps(run))
PY
}
echo "GetProfile, native gRPC, closed loop, concurrency $concurrency, ${seconds}s each:"
results=()
for round in 1 2; do
  direct="$(load_with_cpu "127.0.0.1:$grpc_port")"; echo "  direct  $direct"
  edge="$(load_with_cpu "127.0.0.1:$http_port")"; echo "  edge    $edge"
  results+=("$direct" "$edge")
done
python3 - "${results[@]}" <<'PY'
import json, sys
runs = [json.loads(r) for r in sys.argv[1:]]
direct, edge = runs[0::2], runs[1::2]
for i, (d, e) in enumerate(zip(direct, edge), 1):
    print(f"  round {i}: edge/direct throughput {e['rps'] / d['rps']:.2f}, "
          f"p99 added {e['p99_ms'] - d['p99_ms']:+.2f} ms (direct {d['p99_ms']:.2f}, edge {e['p99_ms']:.2f}); "
          f"CPU a call: edge {e['edge_cpu_us_per_call']} us, server {d['server_cpu_us_per_call']} us direct, "
          f"{e['server_cpu_us_per_call']} us behind the edge")
PY
# The closed loop saturates both targets, so its latencies are mostly
# queueing (concurrency / throughput). The latency the edge adds is read at
# one offered load below both saturations: half the edge's throughput.
rate="$(python3 -c 'import json,sys; print(int(min(json.loads(r)["rps"] for r in sys.argv[1:]) / 2))' "${results[1]}" "${results[3]}")"
echo "GetProfile, native gRPC, open loop at $rate calls/s (latency from when each call was due), ${seconds}s each:"
open_results=()
for round in 1 2; do
  direct="$(load "127.0.0.1:$grpc_port" --rate "$rate")"; echo "  direct  $direct"
  edge="$(load "127.0.0.1:$http_port" --rate "$rate")"; echo "  edge    $edge"
  open_results+=("$direct" "$edge")
done
python3 - "${open_results[@]}" <<'PY'
import json, sys
runs = [json.loads(r) for r in sys.argv[1:]]
for i, (d, e) in enumerate(zip(runs[0::2], runs[1::2]), 1):
    print(f"  round {i}: added by the edge: p50 {e['p50_ms'] - d['p50_ms']:+.2f} ms, p99 {e['p99_ms'] - d['p99_ms']:+.2f} ms "
          f"(direct p50 {d['p50_ms']:.2f} p99 {d['p99_ms']:.2f}; edge p50 {e['p50_ms']:.2f} p99 {e['p99_ms']:.2f})")
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
