#!/usr/bin/env bash
# Backup and restore times for a wardrobe of 100,000 items (issue 21's
# figures): a production-like cluster (fsync on, bench/lib.sh) with the
# server's schema and one user's 100,000 items, a full backup with
# tools/backup.sh, 1,000 more items, an incremental one, a restore of the
# latest state with tools/restore.sh, and one to a point in time between
# two more batches of 500 (tools/restore.sh --time); each timed, with the database's
# size and what a plain pg_dump of it takes on the same machine as the
# ceiling to compare with.
#   bash bench/backup.sh [ITEMS]   (default 100000)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
items="${1:-100000}"
source bench/lib.sh
tools/install-deps.sh >/dev/null
export STYLIST_PG_DIR="$work/pg" STYLIST_PG_PORT="$pg_port" STYLIST_STORAGE_DIR="$work/blobs"
mkdir -p "$work/backup" "$work/blobs"
sql() { psql "$db_url" -qtAX -v ON_ERROR_STOP=1 -c "$1"; }
seconds() { python3 -c 'import sys, time; print("%.1f" % (time.time() - float(sys.argv[1])))' "$1"; }
now() { date +%s.%N; }

user_id="$(sql "INSERT INTO users (email, email_normalized, username, username_normalized, password_hash)
  VALUES ('bench@example.com', 'bench@example.com', 'bench', 'bench', '') RETURNING id" | head -1)"
add_items() { # FROM TO
  sql "INSERT INTO clothing_items (user_id, name, category, primary_color, seasons, occasions, tags, change_seq)
       SELECT '$user_id', 'Item ' || g, 'tops', 'navy', '{summer}', '{work}', '{bench}', g
       FROM generate_series($1, $2) g"
}
t=$(now); add_items 1 "$items"; echo "bench backup: $items items written in $(seconds "$t") s" >&2
size="$(sql "SELECT pg_size_pretty(pg_database_size(current_database()))")"

t=$(now); pg_dump "$db_url" -Fc -f "$work/dump.pgc"; dump_s="$(seconds "$t")"
t=$(now); tools/backup.sh full >/dev/null; full_s="$(seconds "$t")"
add_items "$((items + 1))" "$((items + 1000))"
t=$(now); tools/backup.sh incr >/dev/null; incr_s="$(seconds "$t")"
t=$(now); tools/restore.sh >/dev/null; restore_s="$(seconds "$t")"
# The server lost its database for the restore; it is back once a read works.
count="$(sql "SELECT count(*) FROM clothing_items")"
[[ "$count" == "$((items + 1000))" ]] || { echo "bench backup: restored $count items, want $((items + 1000))" >&2; exit 1; }

# A point in time: 500 items before it, 500 after (archived: check switches
# WAL and waits), restored to it from the incremental backup and the WAL.
sleep 1.2  # the target after the last backup's stop
add_items "$((items + 1001))" "$((items + 1500))"
target="$(sql "SELECT now()")"
sleep 1.2
add_items "$((items + 1501))" "$((items + 2000))"
pgbackrest_check=(pgbackrest --config="$work/backup/pgbackrest.conf" --stanza=stylist --log-level-console=warn check)
if [[ "$(id -u)" == 0 ]]; then runuser -u postgres -- "${pgbackrest_check[@]}"; else "${pgbackrest_check[@]}"; fi
t=$(now); tools/restore.sh --time "$target" >/dev/null; pitr_s="$(seconds "$t")"
count="$(sql "SELECT count(*) FROM clothing_items")"
[[ "$count" == "$((items + 1500))" ]] || { echo "bench backup: restored $count items to $target, want $((items + 1500))" >&2; exit 1; }
python3 - "$items" "$size" "$dump_s" "$full_s" "$incr_s" "$restore_s" "$pitr_s" <<'PY'
import sys
items, size, dump, full, incr, restore, pitr = sys.argv[1], sys.argv[2], *map(float, sys.argv[3:])
print(f"bench backup: {items} items, database {size}")
print(f"  pg_dump -Fc (ceiling)      {dump:6.1f} s")
print(f"  full backup                {full:6.1f} s  ({full / dump:.2f}x pg_dump)")
print(f"  incremental (+1000 items)  {incr:6.1f} s")
print(f"  restore to latest          {restore:6.1f} s  (stop, copy, WAL replay, start)")
print(f"  restore to a point in time {pitr:6.1f} s  (the same, WAL replayed to the target)")
PY
