#!/usr/bin/env bash
# Foundation benchmark: how much the server adds on top of PostgreSQL.
#
# Starts a throwaway PostgreSQL cluster, stylist-server and stylist-gateway
# (built from this tree), signs up one user, then, one after the other, at
# the same concurrency:
#   1. GetProfile over gRPC            (ghz; JWT check + one indexed SELECT)
#   2. Login over gRPC                 (ghz; dominated by Argon2id, m=19 MiB t=2)
#   3. GetProfile over REST via gateway (hey)
#   4. a raw single-row SELECT of the same user row (pgbench, prepared)
# and prints throughput and p50/p99 for each. The ratio of (1) to (4) is the
# server's overhead per call.
#
# Usage: bench/run.sh [concurrency (default 16)] [seconds per run (default 15)]
# Load generators run on the same machine as the server: on a 2-core machine
# they compete with it for CPU, so read the figures as a lower bound.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
conc="${1:-16}"
secs="${2:-15}"
export PATH="$root/.tools/go/bin:/usr/local/go/bin:$root/.tools/bin:$PATH"

source bench/lib.sh

login='{"login":"bench@example.com","password":"Tweed-Coat-2026!"}'
grpcurl -plaintext -d '{"email":"bench@example.com","password":"Tweed-Coat-2026!","username":"bench"}' \
  "127.0.0.1:$grpc_port" stylist.v1.UserService/Register >/dev/null
token="$(grpcurl -plaintext -d "$login" "127.0.0.1:$grpc_port" stylist.v1.UserService/Login |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["tokens"]["access_token"])')"
user_id="$(psql "$db_url" -tAc "SELECT id FROM users WHERE email_normalized = 'bench@example.com'")"

report() { # name json-file (ghz) ; prints one line
  python3 - "$1" "$2" <<'PY'
import json, sys
name, path = sys.argv[1], sys.argv[2]
r = json.load(open(path))
lat = {d["percentage"]: d["latency"] / 1e6 for d in r.get("latencyDistribution") or []}
codes = {k: v for k, v in (r.get("statusCodeDistribution") or {}).items() if k != "OK"}
# ghz stops at the end of the duration with calls in flight; it counts them
# as Unavailable/Canceled ("transport is closing"). Anything else is real.
print(f"{name:<34} {r['rps']:>10.0f} req/s   p50 {lat.get(50, 0):7.2f} ms   p99 {lat.get(99, 0):7.2f} ms   "
      f"non-OK {sum(codes.values())} {codes if codes else ''}")
PY
}

echo "Stylist foundation benchmark: concurrency $conc, ${secs}s per run, $(nproc) CPUs, $(date -u +%FT%TZ)"
echo "warming up"
ghz --insecure -c "$conc" -z 3s --call stylist.v1.UserService.GetProfile \
  -m "{\"authorization\":\"Bearer $token\"}" -d '{}' "127.0.0.1:$grpc_port" >/dev/null

ghz --insecure -c "$conc" -z "${secs}s" --call stylist.v1.UserService.GetProfile \
  -m "{\"authorization\":\"Bearer $token\"}" -d '{}' -O json "127.0.0.1:$grpc_port" >"$work/get.json"
ghz --insecure -c "$conc" -z "${secs}s" --call stylist.v1.UserService.Login \
  -d "$login" -O json "127.0.0.1:$grpc_port" >"$work/login.json"

hey -z "${secs}s" -c "$conc" -H "Authorization: Bearer $token" \
  "http://127.0.0.1:$http_port/v1/users/me/profile" >"$work/rest.txt"

cat >"$work/select.sql" <<SQL
SELECT id, email, username, display_name, role, style, body, privacy FROM users WHERE id = '$user_id';
SQL
pgbench -n -M prepared -c "$conc" -j 2 -T "$secs" -f "$work/select.sql" "$db_url" >"$work/pgbench.txt" 2>&1

echo
report "gRPC GetProfile" "$work/get.json"
report "gRPC Login (Argon2id)" "$work/login.json"
python3 - "$work/rest.txt" <<'PY'
import re, sys
t = open(sys.argv[1]).read()
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", t).group(1))
p50 = float(re.search(r"50%+ in ([\d.]+) secs", t).group(1)) * 1e3
p99 = float(re.search(r"99%+ in ([\d.]+) secs", t).group(1)) * 1e3
codes = dict(re.findall(r"\[(\d+)\]\s+(\d+) responses", t))
errors = sum(int(v) for k, v in codes.items() if k != "200")
print(f"{'REST GetProfile via gateway':<34} {rps:>10.0f} req/s   p50 {p50:7.2f} ms   p99 {p99:7.2f} ms   errors {errors}")
PY
python3 - "$work/pgbench.txt" <<'PY'
import re, sys
t = open(sys.argv[1]).read()
tps = float(re.search(r"tps = ([\d.]+)", t).group(1))
lat = float(re.search(r"latency average = ([\d.]+) ms", t).group(1))
print(f"{'PostgreSQL single-row SELECT':<34} {tps:>10.0f} req/s   avg {lat:7.2f} ms")
PY
python3 - "$work/get.json" "$work/pgbench.txt" <<'PY'
import json, re, sys
rps = json.load(open(sys.argv[1]))["rps"]
tps = float(re.search(r"tps = ([\d.]+)", open(sys.argv[2]).read()).group(1))
print(f"\ngRPC GetProfile reaches {rps / tps:.0%} of the raw SELECT throughput")
PY
