#!/usr/bin/env bash
# Aura's recommendations (issue 20) for a wardrobe of 300 items: Recommend
# (combinations: every top x bottom and dress scored, shoes and outer layers
# matched; items: the wardrobe's gaps) against what it must at least do,
# measured in the same run: ListItems of 200 of the same items (its largest
# page; Recommend reads all 300 in one query) and the transport's ceiling
# (stylist-echo-server). The ratios say what the styling rules add.
#
# Usage: bench/recommendations.sh [concurrency (default 8)] [seconds per run (default 10)]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
conc="${1:-8}"
secs="${2:-10}"
export PATH="$root/.tools/go/bin:/usr/local/go/bin:$root/.tools/bin:$PATH"

source bench/lib.sh
start_echo_server

token="$(grpcurl -plaintext -d '{"email":"bench-rec@example.com","password":"Tweed-Coat-2026!","username":"benchrec"}' \
  "127.0.0.1:$grpc_port" stylist.v1.UserService/Register |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["tokens"]["access_token"])')"
# 300 items of mixed categories, colours, patterns and formality; a third
# worn lately (so the recency rule has work to do).
python3 - "$token" "$grpc_port" <<'PY'
import json, subprocess, sys, datetime
token, port = sys.argv[1], sys.argv[2]
cats = ["TOP"] * 100 + ["BOTTOM"] * 80 + ["SHOES"] * 40 + ["OUTERWEAR"] * 30 + ["DRESS"] * 30 + ["ACCESSORY"] * 20
colors = ["white", "navy", "black", "grey", "red", "blue", "green", "beige", "burgundy", "mustard", "pink", "denim"]
patterns = ["SOLID", "SOLID", "SOLID", "STRIPED", "FLORAL", "CHECKED"]
formal = ["CASUAL", "SMART_CASUAL", "BUSINESS", "CASUAL"]
calls = []
for i, c in enumerate(cats):
    item = {"name": f"{c.lower()} {i}", "category": f"CLOTHING_CATEGORY_{c}", "primary_color": colors[i % len(colors)],
            "pattern": f"CLOTHING_PATTERN_{patterns[i % len(patterns)]}", "formality": f"FORMALITY_{formal[i % len(formal)]}"}
    calls.append(json.dumps({"item": item}))
ids = []
for body in calls:
    out = subprocess.run(["grpcurl", "-plaintext", "-H", f"authorization: Bearer {token}", "-d", body,
                          f"127.0.0.1:{port}", "stylist.v1.WardrobeService/CreateItem"],
                         check=True, capture_output=True, text=True).stdout
    item = json.loads(out)["item"]
    ids.append(item.get("itemId") or item["item_id"])
today = datetime.date.today()
for n, item_id in enumerate(ids[::3]):
    d = today - datetime.timedelta(days=n % 20)
    subprocess.run(["grpcurl", "-plaintext", "-H", f"authorization: Bearer {token}", "-d",
                    json.dumps({"item_id": item_id, "worn_date": {"year": d.year, "month": d.month, "day": d.day}}),
                    f"127.0.0.1:{port}", "stylist.v1.WardrobeService/LogItemWorn"], check=True, capture_output=True)
PY

load() { # name target call data -> $work/name.json
  build/bench/stylist-grpc-load --target "127.0.0.1:$2" --call "$3" --data "$4" \
    --metadata "authorization=Bearer $token" --concurrency "$conc" --warmup 2 --duration "$secs" >"$work/$1.json"
}
echo "Recommendations for 300 items vs ceilings: concurrency $conc, ${secs}s per run, $(nproc) CPUs, $(date -u +%FT%TZ)"
load echo_before "$echo_port" stylist.v1.WardrobeService.Recommend '{"limit":10}'
load list "$grpc_port" stylist.v1.WardrobeService.ListItems '{"page_size":200}'
load combinations "$grpc_port" stylist.v1.WardrobeService.Recommend '{"limit":10}'
load combinations50 "$grpc_port" stylist.v1.WardrobeService.Recommend '{"limit":50}'
load items "$grpc_port" stylist.v1.WardrobeService.Recommend '{"type":"RECOMMENDATION_TYPE_ITEMS","limit":10}'
load echo_after "$echo_port" stylist.v1.WardrobeService.Recommend '{"limit":10}'

python3 - "$work" <<'PY'
import json, sys
work = sys.argv[1]
def grpc(name):
    r = json.load(open(f"{work}/{name}.json"))
    bad = {k: v for k, v in r["codes"].items() if k != "OK"}
    return r["rps"], r["p50_ms"], r["p99_ms"], bad
runs = {n: grpc(n) for n in ("echo_before", "echo_after", "list", "combinations", "combinations50", "items")}
for label, name in (("echo ceiling (before)", "echo_before"), ("echo ceiling (after)", "echo_after"),
                    ("ListItems (200 items)", "list"), ("Recommend combinations 10", "combinations"),
                    ("Recommend combinations 50", "combinations50"), ("Recommend items 10", "items")):
    rps, p50, p99, bad = runs[name]
    print(f"{label:<28} {rps:>8.0f} calls/s   p50 {p50:6.2f} ms   p99 {p99:6.2f} ms" + (f"   non-OK {bad}" if bad else ""))
echo = (runs["echo_before"][0] + runs["echo_after"][0]) / 2
print()
for name in ("combinations", "combinations50", "items"):
    print(f"Recommend {name:<15} / ListItems(200) {runs[name][0] / runs['list'][0]:5.3f}   / echo {runs[name][0] / echo:5.3f}")
PY
