#!/usr/bin/env bash
# Checks the monitoring files: the Prometheus config and alert rules with
# promtool (syntax, then the rules' unit tests in alerts_test.yml), and the
# Grafana dashboard: valid JSON, every query valid PromQL (promtool checks
# them as recording rules), and every metric the rules and the dashboard
# use one that the server or the edge exports (named in their sources), so
# a misspelt or renamed metric fails here instead of drawing nothing.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
command -v promtool >/dev/null || { echo "monitoring: promtool missing (Debian package prometheus; tools/install-deps.sh)" >&2; exit 1; }
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

echo "monitoring: promtool check config, rules and rule tests" >&2
promtool check config --syntax-only "$here/prometheus.yml" >/dev/null
promtool check rules "$here/alerts.yml" >/dev/null
promtool test rules "$here/alerts_test.yml"

echo "monitoring: the dashboard's queries and every metric name" >&2
python3 - "$here" "$root" "$tmp/dashboard-rules.yml" <<'PY'
import json, re, sys, pathlib
here, root, rules_out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), sys.argv[3]
dash = json.loads((here / "grafana-dashboard.json").read_text())
exprs, ids = [], set()
for panel in dash["panels"]:
    assert panel["id"] not in ids, f"panel id {panel['id']} twice"
    ids.add(panel["id"])
    assert {"h", "w", "x", "y"} <= panel["gridPos"].keys(), panel["title"]
    if panel["type"] == "row":
        continue
    assert panel["targets"], f"panel {panel['title']!r} has no query"
    for target in panel["targets"]:
        exprs.append((panel["title"], target["expr"]))
# The dashboard's variables, as Grafana fills them in.
values = {"$server_job": "stylist-server", "$edge_job": "stylist-edge", "$__rate_interval": "5m"}
with open(rules_out, "w") as f:
    f.write("groups:\n  - name: dashboard\n    rules:\n")
    for i, (_, expr) in enumerate(exprs):
        for k, v in values.items():
            expr = expr.replace(k, v)
        f.write(f"      - record: dashboard:query{i}\n        expr: {json.dumps(expr)}\n")

# Metric names the code exports: string literals in the metrics sources.
sources = [root / "server/src/metrics/metrics.cc", root / "server/src/main.cc",
           root / "gateway/internal/gateway/metrics.go"]
exported = set()
for src in sources:
    exported |= set(re.findall(r'"((?:stylist|process|go)_[a-z0-9_]+)"', src.read_text()))
exported.add("up")  # Prometheus' own, per target
# kube-state-metrics' (Kubernetes), named in the alert rules only.
exported.add("kube_deployment_status_replicas_unavailable")
go_runtime = {"go_goroutines"}  # client_golang's Go collector
used = []
alerts = (here / "alerts.yml").read_text()
for text, where in [(alerts, "alerts.yml")] + [(e, f"dashboard panel {t!r}") for t, e in exprs]:
    text = re.sub(r'\{[^{}]*\}', '', text)  # label matchers hold no metric names
    for name in re.findall(r'\b((?:stylist|process|go|kube)_[a-z0-9_]+|up)\b', text):
        used.append((name, where))
missing = []
for name, where in used:
    base = re.sub(r'_(bucket|sum|count)$', '', name)
    if name not in exported and base not in exported and name not in go_runtime:
        missing.append(f"{name} ({where})")
if missing:
    sys.exit("monitoring: metrics no source exports: " + ", ".join(sorted(set(missing))))
print(f"monitoring: {len(exprs)} dashboard queries, {len(set(n for n, _ in used))} metric names, all exported")
PY
promtool check rules "$tmp/dashboard-rules.yml" >/dev/null
echo "monitoring: ok" >&2
