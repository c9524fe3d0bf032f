#!/usr/bin/env bash
# Legacy REST API benchmark (issue: wardrobe and legacy API).
#
# Starts the stack (bench/lib.sh), creates one legacy user with 20 uploaded
# images (photos from ../shared/data), then measures, one after the other,
# at the same number of connections:
#   1. GET  /api/images/{user_id}  through the gateway (wrk; 20 rows)
#   2. POST /api/users/            through the gateway (wrk; a new username each time)
#   3. ListItems over gRPC         (stylist-grpc-load; a page of 20 items, each
#                                   with a photo and its analysis)
# and prints throughput and p50/p99 for each, with the machine's speed
# before and after (pgbench select-only on the same cluster). The bar: 10x the original
# FastAPI service (about 500 req/s for the 20-row list, p99 about 120 ms, on
# a 2-core machine), with p99 under 20 ms.
#
# Usage: bench/legacy.sh [connections (default 32)] [seconds per run (default 15)]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
conns="${1:-32}"
secs="${2:-15}"
export PATH="$root/.tools/go/bin:/usr/local/go/bin:$root/.tools/bin:$PATH"
photos="${STYLIST_TEST_DATA_DIR:-$root/../shared/data}/clothing/train"
[[ -d "$photos" ]] || { echo "bench: clothing photos not found under $photos" >&2; exit 1; }

source bench/lib.sh
base="http://127.0.0.1:$http_port"
key_header="X-API-Key: $bench_api_key"

user_id="$(curl -sf -X POST "$base/api/users/" -H "$key_header" -H 'Content-Type: application/json' \
  -d '{"username":"bench-legacy","style_preferences":"minimal"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')"
mapfile -t files < <(find "$photos" -name '*.jpg' | sort | head -20)
for f in "${files[@]}"; do
  curl -sf -X POST "$base/api/images/upload?user_id=$user_id" -H "$key_header" -F "file=@$f" >/dev/null
done
rows="$(curl -sf "$base/api/images/$user_id" -H "$key_header" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')"

# A v1 user with 20 items for the gRPC list, each with one of the photos
# (uploaded in one chunk) and, once the queue has run, its analysis.
token="$(grpcurl -plaintext -d '{"email":"bench-items@example.com","password":"Tweed-Coat-2026!","username":"benchitems"}' \
  "127.0.0.1:$grpc_port" stylist.v1.UserService/Register |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["tokens"]["access_token"])')"
for i in $(seq 1 20); do
  item_id="$(grpcurl -plaintext -H "authorization: Bearer $token" \
    -d "{\"item\":{\"name\":\"item $i\",\"category\":\"CLOTHING_CATEGORY_TOP\",\"primary_color\":\"navy\",\"tags\":[\"bench\"]}}" \
    "127.0.0.1:$grpc_port" stylist.v1.WardrobeService/CreateItem | python3 -c 'import json,sys; i=json.load(sys.stdin)["item"]; print(i.get("itemId") or i["item_id"])')"
  printf '{"metadata":{"item_id":"%s"}}{"chunk":{"data":"%s"}}' "$item_id" "$(base64 -w0 "${files[$((i - 1))]}")" |
    grpcurl -plaintext -H "authorization: Bearer $token" -d @ \
      "127.0.0.1:$grpc_port" stylist.v1.WardrobeService/UploadItemPhoto >/dev/null
done
analysed=0
for _ in $(seq 1 600); do
  analysed="$(psql "$db_url" -Atc "SELECT count(*) FROM clothing_items i JOIN users u ON u.id = i.user_id
                                   WHERE u.username = 'benchitems' AND i.analysis_pb IS NOT NULL")"
  [[ "$analysed" == 20 ]] && break
  sleep 0.2
done

cat >"$work/users.lua" <<'LUA'
-- A new username on every request; a per-thread prefix keeps them unique.
local counter = 0
local prefix = ""
function setup(thread)
  thread:set("tid", tostring(math.random(1, 1e9)))
end
function init(args)
  prefix = "u" .. tid .. "-"
end
request = function()
  counter = counter + 1
  return wrk.format("POST", "/api/users/", nil,
    '{"username":"' .. prefix .. counter .. '","style_preferences":"casual"}')
end
LUA

report_wrk() { # name file
  python3 - "$1" "$2" <<'PY'
import re, sys
name, text = sys.argv[1], open(sys.argv[2]).read()
def ms(v, unit):
    return float(v) * {"us": 1e-3, "ms": 1, "s": 1e3}[unit]
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
p50 = ms(*re.search(r"50%\s+([\d.]+)(us|ms|s)", text).groups())
p99 = ms(*re.search(r"99%\s+([\d.]+)(us|ms|s)", text).groups())
non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
errors = re.search(r"Socket errors: (.*)", text)
print(f"{name:<34} {rps:>9.0f} req/s   p50 {p50:7.2f} ms   p99 {p99:7.2f} ms   "
      f"non-2xx {non2xx.group(1) if non2xx else 0}{'   socket errors: ' + errors.group(1) if errors else ''}")
PY
}

# The VM's speed drifts by a third within minutes. pgbench's select-only
# run (8 clients on the same cluster: PostgreSQL, loopback TCP and thread
# switches, the costs our stack pays too) before and after the runs says how
# fast the machine was meanwhile, so runs at different times can be compared.
psql "$admin_url" -qc "CREATE DATABASE calibration"
calibration_url="$(tools/pg.sh url "$work/pg" "$pg_port" calibration)"
pgbench -q -i -s 1 "$calibration_url" >/dev/null 2>&1
calibrate() {
  pgbench -n -S -M prepared -c 8 -j 2 -T 5 "$calibration_url" 2>/dev/null |
    awk '/^tps/ {printf "%.0f", $3}'
}
# PostgreSQL's ceiling for the ratios (issue 18): select-only at as many
# clients as the runs have connections, one pgbench thread, as in bench/core.sh.
ceiling() {
  pgbench -n -S -M prepared -c "$conns" -j 1 -T 5 "$calibration_url" 2>/dev/null |
    awk '/^tps/ {printf "%.0f", $3}'
}

echo "Stylist legacy API benchmark: $conns connections, ${secs}s per run, $(nproc) CPUs, $(date -u +%FT%TZ)"
echo "list size: $rows images; ListItems: 20 items, $analysed of them analysed"
# Flush what the set-up wrote, so no checkpoint runs during the measurements.
psql "$admin_url" -qc "CHECKPOINT"
calibration_before="$(calibrate)"
ceiling_before="$(ceiling)"
wrk -t2 -c "$conns" -d 3s -H "$key_header" "$base/api/images/$user_id" >/dev/null  # warm-up
wrk -t2 -c "$conns" -d "${secs}s" --latency -H "$key_header" "$base/api/images/$user_id" >"$work/images.txt"
wrk -t2 -c "$conns" -d "${secs}s" --latency -H "$key_header" -H 'Content-Type: application/json' \
  -s "$work/users.lua" "$base" >"$work/users.txt"
build/bench/stylist-grpc-load --target "127.0.0.1:$grpc_port" --call stylist.v1.WardrobeService.ListItems \
  --metadata "authorization=Bearer $token" --data '{"page_size":20}' --concurrency "$conns" \
  --warmup 2 --duration "$secs" >"$work/items.json"

calibration_after="$(calibrate)"
ceiling_after="$(ceiling)"

echo
echo "machine speed: pgbench select-only (8 clients) ${calibration_before} tps before the runs, ${calibration_after} tps after"
echo "PostgreSQL ceiling: pgbench -S -M prepared ($conns clients, 1 thread) ${ceiling_before} tps before, ${ceiling_after} tps after"
report_wrk "REST GET /api/images/{user_id}" "$work/images.txt"
report_wrk "REST POST /api/users/" "$work/users.txt"
python3 - "$work/items.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
codes = {k: v for k, v in r["codes"].items() if k != "OK"}
print(f"{'gRPC ListItems (20 items)':<34} {r['rps']:>9.0f} req/s   p50 {r['p50_ms']:7.2f} ms   "
      f"p99 {r['p99_ms']:7.2f} ms   non-OK {sum(codes.values())} {codes if codes else ''}")
PY
python3 - "$work/images.txt" "$work/items.json" "$ceiling_before" "$ceiling_after" <<'PY'
import json, re, sys
images = float(re.search(r"Requests/sec:\s+([\d.]+)", open(sys.argv[1]).read()).group(1))
items = json.load(open(sys.argv[2]))["rps"]
ceiling = (float(sys.argv[3]) + float(sys.argv[4])) / 2
print()
print(f"GET /api/images / pgbench -S   {images / ceiling:5.3f}   (target >= 0.14)")
print(f"ListItems / pgbench -S         {items / ceiling:5.3f}   (target >= 0.1)")
PY
