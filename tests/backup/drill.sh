#!/usr/bin/env bash
# The backup drill (run by tools/test.sh): on a throwaway cluster, writes
# rows, takes a full backup, writes more, takes an incremental one, writes
# more, notes the time, then writes and deletes after it; restores to that
# time and checks exactly the rows written before it are there (and the
# deleted ones are back), then restores to the latest archived state and
# checks the rows after it too. Blobs come back with the database.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
work="$(mktemp -d /tmp/stylist-backup-drill.XXXXXX)"
chmod 755 "$work"  # the cluster runs as the postgres user under root
port=socket  # the cluster on a socket in its folder: no TCP port to race for
export STYLIST_PG_DIR="$work/postgres" STYLIST_PG_PORT="$port" STYLIST_STORAGE_DIR="$work/blobs"
cleanup() {
  tools/pg.sh stop "$STYLIST_PG_DIR" >/dev/null 2>&1 || true
  rm -rf "$work"
}
[[ -n "${STYLIST_DRILL_KEEP:-}" ]] || trap cleanup EXIT
fail() { echo "backup drill: FAILED: $*" >&2; exit 1; }

mkdir -p "$work/backup"  # tools/pg.sh's archive_command looks here
tools/pg.sh start "$STYLIST_PG_DIR" "$port"
url="$(tools/pg.sh url "$STYLIST_PG_DIR" "$port" postgres)"
sql() { psql "$url" -qtAX -v ON_ERROR_STOP=1 -c "$1"; }
rows() { sql "INSERT INTO drill SELECT g, '$3' FROM generate_series($1, $2) g"; }

sql "CREATE TABLE drill (id int PRIMARY KEY, phase text NOT NULL)"
rows 1 1000 before-full
mkdir -p "$work/blobs/a"
echo one >"$work/blobs/a/one"
tools/backup.sh full

rows 1001 2000 after-full
mkdir -p "$work/blobs/b"
echo two >"$work/blobs/b/two"
tools/backup.sh incr
sleep 1.2  # the target after the incremental backup's stop, so the restore starts from it

rows 2001 3000 before-target
target="$(sql "SELECT now()")"
sleep 1.2
rows 3001 4000 after-target
sql "DELETE FROM drill WHERE id <= 500"
rm "$work/blobs/a/one"
# Every WAL file up to here archived (check switches WAL and waits).
if [[ "$(id -u)" == 0 ]]; then runuser -u postgres -- pgbackrest --config="$work/backup/pgbackrest.conf" --stanza=stylist --log-level-console=warn check
else pgbackrest --config="$work/backup/pgbackrest.conf" --stanza=stylist --log-level-console=warn check; fi

echo "backup drill: restoring to $target" >&2
t0=$(date +%s.%N)
tools/restore.sh --time "$target"
t1=$(date +%s.%N)
got="$(sql "SELECT count(*), min(id), max(id), count(*) FILTER (WHERE phase = 'after-target') FROM drill")"
[[ "$got" == "3000|1|3000|0" ]] || fail "after the point-in-time restore: count|min|max|after-target = $got, want 3000|1|3000|0"
[[ "$(cat "$work/blobs/a/one" 2>/dev/null)" == one ]] || fail "the blob deleted after the target did not come back"
[[ "$(cat "$work/blobs/b/two" 2>/dev/null)" == two ]] || fail "the blob of the incremental backup is missing"
# The restore promoted a new timeline: the cluster takes writes again.
sql "INSERT INTO drill VALUES (100000, 'after-restore')"

echo "backup drill: restoring to the latest archived state" >&2
# The rows of the new timeline are archived too; latest follows it.
sql "SELECT pg_switch_wal()" >/dev/null
tools/restore.sh
got="$(sql "SELECT count(*), min(id), max(id) FROM drill")"
[[ "$got" == "3001|1|100000" ]] || fail "after the latest restore: count|min|max = $got, want 3001|1|100000"
python3 -c 'import sys; print("backup drill: passed (point-in-time restore %.1f s)" % (float(sys.argv[2]) - float(sys.argv[1])))' "$t0" "$t1" >&2
