#!/usr/bin/env bash
# Restores Stylist's PostgreSQL cluster from the pgBackRest repository
# (tools/backup.sh), to the latest moment archived or to a point in time,
# and the local blobs with it.
#   tools/restore.sh                        the latest archived state
#   tools/restore.sh --time "2026-12-05 18:00:00+00"
# Stops the cluster (a running server answers UNAVAILABLE meanwhile and
# recovers), moves its folder aside to STYLIST_PG_DIR.before-restore-<time>
# (delete it once satisfied), restores, replays WAL to the target, starts
# the cluster and waits until it accepts writes. Settings: tools/backup-env.sh.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/backup-env.sh"
target=""
while (($#)); do
  case "$1" in
    --time) target="${2:?--time needs a timestamp, e.g. \"2026-12-05 18:00:00+00\"}"; shift 2 ;;
    *) echo "usage: tools/restore.sh [--time TIMESTAMP]" >&2; exit 2 ;;
  esac
done
[[ -f "$conf" ]] || { echo "restore: no backup configuration at $conf (run tools/backup.sh first)" >&2; exit 1; }
started=$(date +%s)

echo "restore: stopping the cluster in $pg_dir" >&2
tools/pg.sh stop "$pg_dir"
aside="$pg_dir.before-restore-$(date -u +%Y%m%dT%H%M%SZ)"
mv "$pg_dir" "$aside"
mkdir -p "$pg_dir"
chmod 700 "$pg_dir"
if [[ "$(id -u)" == 0 ]]; then chown postgres: "$pg_dir"; fi
echo "restore: the cluster as it was is in $aside" >&2

args=(--config="$conf" --stanza="$stanza" --log-level-console=detail)
if [[ -n "$target" ]]; then
  echo "restore: to $target" >&2
  args+=(--type=time "--target=$target" --target-action=promote)
else
  echo "restore: to the end of the archived WAL" >&2
fi
as_owner pgbackrest "${args[@]}" restore 2>&1 | progress
# tools/pg.sh keeps the cluster's socket in its folder: the backup holds
# the socket's lock file of the cluster it copied, which would stop this
# one from starting.
rm -f "$pg_dir"/.s.PGSQL.*

echo "restore: starting the cluster and replaying WAL" >&2
tools/pg.sh start "$pg_dir" "$pg_port"
url="$(tools/pg.sh url "$pg_dir" "$pg_port" postgres)"
for _ in $(seq 1 600); do
  [[ "$(psql "$url" -tAc 'SELECT pg_is_in_recovery()' 2>/dev/null)" == f ]] && break
  sleep 0.5
done
[[ "$(psql "$url" -tAc 'SELECT pg_is_in_recovery()')" == f ]] || { echo "restore: still recovering after 5 minutes" >&2; exit 1; }

# Blobs never change once written: the snapshot taken with the backup
# holds every blob of the rows restored (with a point in time, also the
# first snapshot after it, for the blobs written in between). They are
# added to what the folder holds; files the restored rows do not name are
# left as orphans, never served.
if [[ "${STYLIST_STORAGE_BACKEND:-local}" != s3 ]] && compgen -G "$blob_snapshots/*.tar" >/dev/null; then
  mkdir -p "$blobs_dir"
  python3 - "$blob_snapshots" "$target" <<'PY' | while read -r snapshot; do
import datetime, os, subprocess, sys
folder, target = sys.argv[1], sys.argv[2]
names = sorted(n for n in os.listdir(folder) if n.endswith(".tar"))
def taken(name):
    return datetime.datetime.strptime(name[:16], "%Y%m%dT%H%M%SZ").replace(tzinfo=datetime.timezone.utc)
if not target:
    chosen = names[-1:]
else:
    # PostgreSQL's own reading of the timestamp, so both sides agree.
    when = datetime.datetime.fromisoformat(target.replace(" ", "T", 1))
    if when.tzinfo is None:
        when = when.astimezone()
    before = [n for n in names if taken(n) <= when]
    after = [n for n in names if taken(n) > when]
    chosen = before[-1:] + after[:1]
for n in chosen:
    print(os.path.join(folder, n))
PY
    echo "restore: blobs from $(basename "$snapshot")" >&2
    tar -C "$blobs_dir" --skip-old-files -xf "$snapshot"
  done
fi
echo "restore: done in $(( $(date +%s) - started )) s; the cluster is up ($url)" >&2
