#!/usr/bin/env bash
# Plan generation benchmark (issue: plans).
#
# Starts a throwaway PostgreSQL cluster (fsync on) and stylist-server
# (bench/lib.sh), signs up one user with a complete fitness profile
# (vegetarian, peanut allergy, losing weight), then drives GeneratePlan over
# gRPC with ghz, one request at a time, for a one-week and a four-week plan
# (4 training days, dumbbells and a bench). Every call replaces the
# previous plan's days (replace_existing), so each one is the full path: the
# profile and weigh-ins read, the targets, the meals and workouts composed,
# the old days deleted and the new plan written in one transaction, and the
# whole plan answered. Prints plans/s and p50/p99 latency.
#
# Usage: bench/plans.sh [seconds per run (default 15)]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
secs="${1:-15}"
export PATH="$root/.tools/go/bin:/usr/local/go/bin:$root/.tools/bin:$PATH"

source bench/lib.sh

grpcurl -plaintext -d '{"email":"plans@example.com","password":"Tweed-Coat-2026!","username":"plans"}' \
  "127.0.0.1:$grpc_port" stylist.v1.UserService/Register >"$work/register.json"
token="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["tokens"]["access_token"])' "$work/register.json")"
grpcurl -plaintext -H "authorization: Bearer $token" -d '{
  "profile": {"fitness": {"age": 35, "sex": "SEX_FEMALE", "height_cm": 170, "weight_kg": 74,
    "fitness_goal": "FITNESS_GOAL_LOSE_WEIGHT", "activity_level": "ACTIVITY_LEVEL_MODERATE",
    "dietary_preferences": ["DIETARY_PREFERENCE_VEGETARIAN"], "allergies": ["peanuts"]}},
  "update_mask": {"paths": ["fitness"]}}' "127.0.0.1:$grpc_port" stylist.v1.UserService/UpdateProfile >/dev/null

request() { # days
  python3 - "$1" <<'PY'
import datetime, json, sys
start = datetime.date.today()
end = start + datetime.timedelta(days=int(sys.argv[1]) - 1)
d = lambda x: {"year": x.year, "month": x.month, "day": x.day}
print(json.dumps({"start_date": d(start), "end_date": d(end), "options": {
    "training_days_per_week": 4, "minutes_per_session": 45,
    "available_equipment": ["EQUIPMENT_DUMBBELLS", "EQUIPMENT_BENCH"], "replace_existing": True}}))
PY
}

run() { # name days
  ghz --insecure -c 1 -z "${secs}s" --call stylist.v1.PlanService.GeneratePlan \
    -m "{\"authorization\":\"Bearer $token\"}" -d "$(request "$2")" -O json "127.0.0.1:$grpc_port" >"$work/run.json"
  python3 - "$1" "$work/run.json" <<'PY'
import json, sys
name, r = sys.argv[1], json.load(open(sys.argv[2]))
lat = {d["percentage"]: d["latency"] / 1e6 for d in r.get("latencyDistribution") or []}
codes = {k: v for k, v in (r.get("statusCodeDistribution") or {}).items() if k != "OK"}
print(f"{name:<36} {r['rps']:>7.1f} plans/s   p50 {lat.get(50, 0):6.1f} ms   p99 {lat.get(99, 0):6.1f} ms"
      + (f"   errors {codes} {r.get('errorDistribution')}" if codes else ""))
PY
}

echo "GeneratePlan, one request at a time, ${secs}s each (load generator on the same machine)"
run "one-week plan (7 days)" 7
run "four-week plan (28 days)" 28
