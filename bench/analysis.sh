#!/usr/bin/env bash
# Image analysis benchmark (issue: analysis).
#
# Starts a throwaway PostgreSQL cluster and stylist-server (bench/lib.sh),
# then drives AnalyzeClothing and AnalyzeSkin over gRPC with ghz, one after
# the other, in these set-ups:
#   1 core : the server pinned to one CPU (taskset), one inference thread,
#            one request at a time            -> per-image latency
#   2 cores: both CPUs, two inference threads, 8 requests in flight,
#            batching off (max batch 1) and on (max batch 8) -> images/s
# Images: a 400x534 JPEG clothing photo from ../shared/data, and for skin
# the portrait from tools/fetch-test-images.sh (the one face photo we may
# use) made a 400x534 JPEG too. Also prints the server's resident memory with the models
# loaded, before and after the load. The load generator runs on the same
# machine and competes for the CPUs: the 2-core figures are a lower bound.
#
# Usage: bench/analysis.sh [seconds per run (default 15)]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
secs="${1:-15}"
export PATH="$root/.tools/go/bin:/usr/local/go/bin:$root/.tools/bin:$PATH"
clothing="${STYLIST_TEST_DATA_DIR:-$root/../shared/data}/clothing/validation/t-shirt/734353cb-1cef-4292-bf7f-06c4583216b7.jpg"
[[ -f "$clothing" ]] || { echo "bench: $clothing not found (the shared data set must be beside the repository)" >&2; exit 1; }
tools/fetch-test-images.sh
face="$root/.tools/testdata/faces/astronaut.png"

source bench/lib.sh
# lib.sh's server is not used here: each set-up below starts its own.
kill -TERM "${pids[0]}" && wait "${pids[0]}" 2>/dev/null || true

# The portrait as a 400x534 JPEG, the size of the clothing photos (a 3:4
# centre crop, scaled).
/usr/bin/python3 -c 'import PIL' 2>/dev/null || apt-get install -y -qq python3-pil >/dev/null
/usr/bin/python3 - "$face" "$work/face.jpg" <<'PY'
import sys
from PIL import Image
im = Image.open(sys.argv[1]).convert("RGB")
w, h = im.size
cw = h * 3 // 4
im.crop(((w - cw) // 2, 0, (w - cw) // 2 + cw, h)).resize((400, 534), Image.LANCZOS).save(sys.argv[2], quality=90)
PY
face="$work/face.jpg"
python3 - "$clothing" "$work/clothing.json" "$face" "$work/skin.json" <<'PY'
import base64, json, sys
for src, dst in ((sys.argv[1], sys.argv[2]), (sys.argv[3], sys.argv[4])):
    json.dump({"image": base64.b64encode(open(src, "rb").read()).decode()}, open(dst, "w"))
PY

server_pid=""
start_server() { # cpus threads max_batch
  local port
  port="$(free_port)"
  STYLIST_DATABASE_URL="$db_url" STYLIST_STORAGE_DIR="$work/blobs" STYLIST_BOOTSTRAP_API_KEY="$bench_api_key" \
  STYLIST_JWT_SECRET="bench-secret-0123456789abcdef0123456789" STYLIST_LISTEN_ADDRESS="127.0.0.1:$port" \
  STYLIST_METRICS_ADDRESS=127.0.0.1:0 \
  STYLIST_LOG_LEVEL=warn STYLIST_ANALYSIS_WORKERS=0 \
  STYLIST_AI_PHOTO_ANALYSES_PER_MINUTE=100000 STYLIST_AI_PER_API_KEY_PER_MINUTE=1000000 \
  STYLIST_INFERENCE_THREADS="$2" STYLIST_INFERENCE_MAX_BATCH="$3" \
    taskset -c "$1" build/server/stylist-server >>"$work/server.log" 2>&1 &
  server_pid=$!
  pids+=("$server_pid")
  grpc_port="$port"
  for _ in $(seq 1 300); do
    grpcurl -plaintext "127.0.0.1:$grpc_port" grpc.health.v1.Health/Check >/dev/null 2>&1 && return
    sleep 0.1
  done
  cat "$work/server.log" >&2
  exit 1
}
stop_server() { kill -TERM "$server_pid"; wait "$server_pid" 2>/dev/null || true; }
rss() { awk '/^(VmRSS|VmHWM)/ {printf "%s %.0f MB  ", $1, $2/1024}' "/proc/$server_pid/status"; }

run() { # name method data concurrency
  ghz --insecure -c "$4" -z "${secs}s" --call "stylist.v1.AnalysisService.$2" \
    -m "{\"x-api-key\":\"$bench_api_key\"}" -D "$3" -O json "127.0.0.1:$grpc_port" >"$work/run.json"
  python3 - "$1" "$work/run.json" <<'PY'
import json, sys
name, r = sys.argv[1], json.load(open(sys.argv[2]))
lat = {d["percentage"]: d["latency"] / 1e6 for d in r.get("latencyDistribution") or []}
codes = {k: v for k, v in (r.get("statusCodeDistribution") or {}).items() if k != "OK"}
print(f"{name:<44} {r['rps']:>7.1f} images/s   p50 {lat.get(50, 0):7.1f} ms   p99 {lat.get(99, 0):7.1f} ms"
      f"   non-OK {sum(codes.values())} {codes if codes else ''}")
PY
}

echo "Stylist analysis benchmark: ${secs}s per run, $(nproc) CPUs, $(date -u +%FT%TZ)"
echo "clothing: $(basename "$clothing") ($(stat -c %s "$clothing") bytes), skin: astronaut.png as a 400x534 JPEG ($(stat -c %s "$face") bytes)"
echo

start_server 0 1 1
echo "server with models loaded, idle: $(rss)"
run "AnalyzeClothing, 1 core, 1 in flight" AnalyzeClothing "$work/clothing.json" 1 >/dev/null  # warm-up
run "AnalyzeClothing, 1 core, 1 in flight" AnalyzeClothing "$work/clothing.json" 1
run "AnalyzeSkin, 1 core, 1 in flight" AnalyzeSkin "$work/skin.json" 1
stop_server

start_server 0,1 2 1
run "AnalyzeClothing, 2 cores, 8 in flight, no batching" AnalyzeClothing "$work/clothing.json" 8
run "AnalyzeSkin, 2 cores, 8 in flight" AnalyzeSkin "$work/skin.json" 8
stop_server

start_server 0,1 2 8
run "AnalyzeClothing, 2 cores, 8 in flight, batch <= 8" AnalyzeClothing "$work/clothing.json" 8
echo "server after the runs: $(rss)"
stop_server
