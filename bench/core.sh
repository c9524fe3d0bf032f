#!/usr/bin/env bash
# The unary request path against its two ceilings (issue 18), in one run:
#   1. the transport's ceiling: stylist-echo-server (a grpc++ callback-API
#      server answering every call with its request bytes) driven by
#      stylist-grpc-load with exactly the GetProfile call below;
#   2. PostgreSQL's ceiling: pgbench -S -M prepared (one indexed SELECT per
#      transaction) at the same number of clients, on the same cluster;
#   3. GetProfile on stylist-server (token check, one indexed SELECT, the
#      profile as proto), same client, same concurrency, the calls spread
#      over 64 users (and, for comparison, all by one user);
#   4. ListItems (a page of 20 items) over gRPC, for its ratio to pgbench.
# Each ceiling is measured before and after the server runs, and the ratios
# use the mean of the two (the machine's speed drifts). Targets: GetProfile
# >= 0.5 x min(echo, pgbench) with p99 < 5 ms; ListItems >= 0.1 x pgbench.
#
# Usage: bench/core.sh [concurrency (default 32)] [seconds per run (default 10)]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
conc="${1:-32}"
secs="${2:-10}"
export PATH="$root/.tools/go/bin:/usr/local/go/bin:$root/.tools/bin:$PATH"

source bench/lib.sh
start_echo_server

# 64 users: the calls in flight are many callers' (each call takes the next
# token), as in production, not one user's over and over.
: >"$work/tokens"
for i in $(seq 1 64); do
  grpcurl -plaintext -d "{\"email\":\"bench-core-$i@example.com\",\"password\":\"Tweed-Coat-2026!\",\"username\":\"benchcore$i\"}" \
    "127.0.0.1:$grpc_port" stylist.v1.UserService/Register |
    python3 -c 'import json,sys; print("authorization=Bearer " + json.load(sys.stdin)["tokens"]["access_token"])' >>"$work/tokens"
done
token="$(head -1 "$work/tokens" | sed 's/^authorization=Bearer //')"
for i in $(seq 1 20); do
  grpcurl -plaintext -H "authorization: Bearer $token" \
    -d "{\"item\":{\"name\":\"item $i\",\"category\":\"CLOTHING_CATEGORY_TOP\",\"primary_color\":\"navy\",\"tags\":[\"bench\"]}}" \
    "127.0.0.1:$grpc_port" stylist.v1.WardrobeService/CreateItem >/dev/null
done

psql "$admin_url" -qc "CREATE DATABASE calibration"
calibration_url="$(tools/pg.sh url "$work/pg" "$pg_port" calibration)"
pgbench -q -i -s 1 "$calibration_url" >/dev/null 2>&1
psql "$admin_url" -qc "CHECKPOINT"

load() { # name target call data [metadata flags] -> $work/name.json
  local name="$1" port="$2" call="$3" data="$4"
  shift 4
  build/bench/stylist-grpc-load --target "127.0.0.1:$port" --call "$call" --data "$data" "$@" \
    --concurrency "$conc" --warmup 2 --duration "$secs" >"$work/$name.json"
}
pgbench_run() { # name
  pgbench -n -S -M prepared -c "$conc" -j 1 -T "$secs" "$calibration_url" >"$work/$1.txt" 2>&1
}

echo "Stylist unary path vs ceilings: concurrency $conc, ${secs}s per run, $(nproc) CPUs, $(date -u +%FT%TZ)"
many=(--metadata-file "$work/tokens")
load echo_before "$echo_port" stylist.v1.UserService.GetProfile '{}' "${many[@]}"
pgbench_run pgbench_before
load profile "$grpc_port" stylist.v1.UserService.GetProfile '{}' "${many[@]}"
load profile_one_user "$grpc_port" stylist.v1.UserService.GetProfile '{}' --metadata "authorization=Bearer $token"
load items "$grpc_port" stylist.v1.WardrobeService.ListItems '{"page_size":20}' --metadata "authorization=Bearer $token"
pgbench_run pgbench_after
load echo_after "$echo_port" stylist.v1.UserService.GetProfile '{}' "${many[@]}"

python3 - "$work" <<'PY'
import json, re, sys
work = sys.argv[1]
def grpc(name):
    r = json.load(open(f"{work}/{name}.json"))
    bad = {k: v for k, v in r["codes"].items() if k != "OK"}
    return r["rps"], r["p50_ms"], r["p99_ms"], bad
def pgbench(name):
    t = open(f"{work}/{name}.txt").read()
    tps = float(re.search(r"tps = ([\d.]+)", t).group(1))
    lat = float(re.search(r"latency average = ([\d.]+) ms", t).group(1))
    return tps, lat
rows = []
echo = [grpc("echo_before"), grpc("echo_after")]
pg = [pgbench("pgbench_before"), pgbench("pgbench_after")]
profile, one_user, items = grpc("profile"), grpc("profile_one_user"), grpc("items")
for label, r in (("echo ceiling (before)", echo[0]), ("echo ceiling (after)", echo[1]),
                 ("GetProfile (64 users)", profile), ("GetProfile (one user)", one_user),
                 ("ListItems (20 items)", items)):
    rps, p50, p99, bad = r
    print(f"{label:<28} {rps:>9.0f} calls/s   p50 {p50:6.2f} ms   p99 {p99:6.2f} ms"
          + (f"   non-OK {bad}" if bad else ""))
for label, (tps, lat) in (("pgbench -S (before)", pg[0]), ("pgbench -S (after)", pg[1])):
    print(f"{label:<28} {tps:>9.0f} tps       avg {lat:6.2f} ms")
echo_mean = sum(e[0] for e in echo) / 2
pg_mean = sum(p[0] for p in pg) / 2
ceiling = min(echo_mean, pg_mean)
print()
print(f"GetProfile / echo ceiling      {profile[0] / echo_mean:5.3f}")
print(f"GetProfile / pgbench -S        {profile[0] / pg_mean:5.3f}")
print(f"GetProfile / min(both)         {profile[0] / ceiling:5.3f}   (target >= 0.5, p99 {profile[2]:.2f} ms, target < 5 ms)")
print(f"ListItems / pgbench -S         {items[0] / pg_mean:5.3f}   (target >= 0.1)")
PY
