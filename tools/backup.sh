#!/usr/bin/env bash
# Backs up Stylist's PostgreSQL cluster with pgBackRest, and the local blob
# store beside it.
#   tools/backup.sh [full|diff|incr]   (default incr: full when there is none)
# WAL is archived continuously (tools/pg.sh), so tools/restore.sh can go
# back to any moment after the first backup. Settings: tools/backup-env.sh.
# Prints progress; at the end, the repository's backups.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/backup-env.sh"
type="${1:-incr}"
[[ "$type" == full || "$type" == diff || "$type" == incr ]] || { echo "usage: tools/backup.sh [full|diff|incr]" >&2; exit 2; }
[[ -f "$pg_dir/postmaster.pid" ]] || { echo "backup: the cluster in $pg_dir is not running (tools/run.sh or tools/pg.sh start)" >&2; exit 1; }

started=$(date +%s)
echo "backup: configuration $conf" >&2
write_conf
echo "backup: stanza (first time: creates it) and archiving check" >&2
as_owner pgbackrest --config="$conf" --stanza="$stanza" --log-level-console=warn stanza-create
as_owner pgbackrest --config="$conf" --stanza="$stanza" --log-level-console=warn check

echo "backup: $type backup of $pg_dir" >&2
as_owner pgbackrest --config="$conf" --stanza="$stanza" --type="$type" --log-level-console=detail backup 2>&1 | progress
label="$(as_owner pgbackrest --config="$conf" --stanza="$stanza" --output=json info \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["backup"][-1]["label"])')"

# Blobs are written once under random names and never changed, so a copy
# taken after the database's backup holds every blob its rows name.
if [[ "${STYLIST_STORAGE_BACKEND:-local}" != s3 && -d "$blobs_dir" ]]; then
  snapshot="$blob_snapshots/$(date -u +%Y%m%dT%H%M%SZ)-$label.tar"
  echo "backup: blobs of $blobs_dir -> $snapshot" >&2
  tar -C "$blobs_dir" -cf "$snapshot.tmp" . && mv "$snapshot.tmp" "$snapshot"
  echo "  $(find "$blobs_dir" -type f | wc -l) files, $(du -sh "$snapshot" | cut -f1)" >&2
  # Kept as long as the backups are: snapshots taken before the oldest
  # backup left in the repository go.
  as_owner pgbackrest --config="$conf" --stanza="$stanza" --output=json info | python3 -c '
import json, os, sys, datetime
oldest = json.load(sys.stdin)[0]["backup"][0]["timestamp"]["start"]
folder = sys.argv[1]
for name in sorted(os.listdir(folder)):
    if not name.endswith(".tar"):
        continue
    taken = datetime.datetime.strptime(name[:16], "%Y%m%dT%H%M%SZ").replace(tzinfo=datetime.timezone.utc)
    if taken.timestamp() < oldest:
        os.remove(os.path.join(folder, name))
        print("  dropped blob snapshot", name, file=sys.stderr)
' "$blob_snapshots"
fi
echo "backup: done in $(( $(date +%s) - started )) s, set $label" >&2
as_owner pgbackrest --config="$conf" --stanza="$stanza" info
