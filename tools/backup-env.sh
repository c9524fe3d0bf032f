# Sourced by tools/backup.sh and tools/restore.sh: where the cluster, the
# backup repository and the blobs are, and the pgBackRest configuration
# for them. Settings (environment):
#   STYLIST_PG_DIR        the cluster's folder (default data/postgres, tools/run.sh's)
#   STYLIST_PG_PORT       its port (default 54320; "socket": its socket only,
#                         as tools/pg.sh takes it)
#   STYLIST_STORAGE_DIR   the local blob store (default data/blobs); with
#                         STYLIST_STORAGE_BACKEND=s3 the blobs are the bucket's,
#                         kept by its versioning (README), and not copied here
#   STYLIST_BACKUP_S3_BUCKET, _ENDPOINT, _REGION, _KEY, _SECRET
#                         keep the repository in an S3 bucket instead of
#                         STYLIST_PG_DIR/../backup/repo (the key and secret go
#                         in the configuration, which only the cluster's owner
#                         may read: PostgreSQL's archive_command needs them too)
#   STYLIST_BACKUP_RETAIN_FULL  full backups kept (default 2; older ones and
#                         their WAL are expired after each backup)
# The pgBackRest configuration is written to STYLIST_PG_DIR/../backup/
# pgbackrest.conf, where tools/pg.sh's archive_command looks for it.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
pg_dir="$(mkdir -p "${STYLIST_PG_DIR:-data/postgres}" && cd "${STYLIST_PG_DIR:-data/postgres}" && pwd)"
pg_port="${STYLIST_PG_PORT:-54320}"
socket_port="$pg_port"  # the number in the socket's name
if [[ "$pg_port" == socket ]]; then socket_port=5432; fi
backup_dir="$(dirname "$pg_dir")/backup"
conf="$backup_dir/pgbackrest.conf"
blobs_dir="${STYLIST_STORAGE_DIR:-data/blobs}"
blob_snapshots="$backup_dir/blobs"
stanza=stylist

command -v pgbackrest >/dev/null || { echo "backup: pgbackrest missing; run tools/install-deps.sh" >&2; exit 1; }

as_owner() {
  if [[ "$(id -u)" == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# progress: pgBackRest's detail log, shortened to a line per tenth of the
# backup or restore copied, and its info lines.
progress() {
  awk '
    / INFO: .*command (begin|end)/ { next }
    / INFO: / { sub(/^.* INFO: /, "  "); print; fflush(); next }
    /(backup|restore) file / && match($0, /[0-9.]+%\)/) {
      pct = substr($0, RSTART, RLENGTH - 2) + 0
      if (int(pct / 10) > last) { last = int(pct / 10); printf "  %d%% copied\n", last * 10; fflush() }
      next
    }
    / (WARN|ERROR): / { print; fflush() }
  '
}

write_conf() {
  mkdir -p "$backup_dir/repo" "$backup_dir/log" "$backup_dir/lock" "$backup_dir/spool" "$blob_snapshots"
  local repo
  if [[ -n "${STYLIST_BACKUP_S3_BUCKET:-}" ]]; then
    repo="repo1-type=s3
repo1-path=/stylist
repo1-s3-bucket=$STYLIST_BACKUP_S3_BUCKET
repo1-s3-endpoint=${STYLIST_BACKUP_S3_ENDPOINT:?set STYLIST_BACKUP_S3_ENDPOINT with the bucket}
repo1-s3-region=${STYLIST_BACKUP_S3_REGION:-us-east-1}
repo1-s3-uri-style=path
repo1-s3-key=${STYLIST_BACKUP_S3_KEY:?set STYLIST_BACKUP_S3_KEY}
repo1-s3-key-secret=${STYLIST_BACKUP_S3_SECRET:?set STYLIST_BACKUP_S3_SECRET}"
  else
    repo="repo1-path=$backup_dir/repo"
  fi
  # Written readable by its owner only (it may hold the bucket's keys).
  (umask 077 && : >"$conf.tmp")
  cat >"$conf.tmp" <<CONF
# Written by tools/backup.sh; tools/pg.sh's archive_command reads it.
[global]
$repo
repo1-retention-full=${STYLIST_BACKUP_RETAIN_FULL:-2}
compress-type=lz4
process-max=2
start-fast=y
archive-async=n
log-path=$backup_dir/log
lock-path=$backup_dir/lock
spool-path=$backup_dir/spool

[$stanza]
pg1-path=$pg_dir
pg1-port=$socket_port
pg1-socket-path=$pg_dir
pg1-user=postgres
CONF
  if [[ "$(id -u)" == 0 ]]; then chown postgres: "$conf.tmp"; fi
  mv "$conf.tmp" "$conf"
  if [[ "$(id -u)" == 0 ]]; then chown -R postgres: "$backup_dir"; fi
  chmod 700 "$backup_dir"
}
