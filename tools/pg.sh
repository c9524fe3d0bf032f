#!/usr/bin/env bash
# A private PostgreSQL cluster in a folder, for development and tests.
#   tools/pg.sh start DIR PORT   initialise (first time) and start; prints nothing else
#   tools/pg.sh stop DIR         fast shutdown
#   tools/pg.sh url DIR PORT [DB] the connection URL
# Listens on 127.0.0.1:PORT only and on a socket inside DIR. PORT "socket"
# is the socket alone, no TCP port: tests use it, as there is no port to
# race another process for. Local connections are trusted: this cluster is
# for one developer's machine or one test run.
# PostgreSQL refuses to run as root; as root, the cluster runs as the
# `postgres` system user (created by Debian's package).
# WAL archiving is always on and goes to pgBackRest once tools/backup.sh has
# written DIR/../backup/pgbackrest.conf (before that, finished WAL files are
# let go as without archiving), so the first backup needs no restart.
set -euo pipefail

bindir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
[[ -x "$bindir/pg_ctl" ]] || { echo "pg.sh: PostgreSQL server binaries not found; run tools/install-deps.sh" >&2; exit 1; }

as_owner() {
  if [[ "$(id -u)" == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

cmd="${1:-}"; dir="${2:-}"
[[ -n "$cmd" && -n "$dir" ]] || { echo "usage: pg.sh start|stop|url DIR [PORT] [DB]" >&2; exit 2; }
mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"

case "$cmd" in
  start)
    port="${3:?port required}"
    listen=127.0.0.1
    if [[ "$port" == socket ]]; then port=5432 listen=""; fi
    if [[ "$(id -u)" == 0 ]]; then
      chown postgres: "$dir"
      # The postgres user must be able to reach DIR.
      if ! runuser -u postgres -- test -x "$dir"; then
        echo "pg.sh: user postgres cannot reach $dir (check the permissions of its parent folders)" >&2
        exit 1
      fi
    fi
    if [[ ! -f "$dir/PG_VERSION" ]]; then
      as_owner "$bindir/initdb" -D "$dir" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir.initdb.log" 2>&1 \
        || { cat "$dir.initdb.log" >&2; exit 1; }
      rm -f "$dir.initdb.log"
    fi
    # Archiving settings in a file of their own, included from
    # postgresql.conf (clusters made before it get the include too).
    grep -q "^include_if_exists = 'stylist-archive.conf'" "$dir/postgresql.conf" \
      || echo "include_if_exists = 'stylist-archive.conf'" >>"$dir/postgresql.conf"
    conf="$(dirname "$dir")/backup/pgbackrest.conf"
    cat >"$dir/stylist-archive.conf" <<EOF
# Written by tools/pg.sh at each start; see tools/backup.sh.
wal_level = replica
archive_mode = on
archive_timeout = 60
archive_command = 'test ! -f $conf || pgbackrest --config=$conf --stanza=stylist archive-push %p'
EOF
    if [[ "$(id -u)" == 0 ]]; then chown postgres: "$dir/stylist-archive.conf" "$dir/postgresql.conf"; fi
    as_owner "$bindir/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -k $dir -c listen_addresses='$listen' -c max_connections=300 -c fsync=${STYLIST_PG_FSYNC:-on}" \
      start >/dev/null
    ;;
  stop)
    if [[ -f "$dir/postmaster.pid" ]]; then as_owner "$bindir/pg_ctl" -D "$dir" -m fast -w stop >/dev/null; fi
    ;;
  url)
    port="${3:?port required}"; db="${4:-postgres}"
    if [[ "$port" == socket ]]; then
      echo "postgresql://postgres@/$db?host=$dir"
    else
      echo "postgresql://postgres@127.0.0.1:$port/$db"
    fi
    ;;
  *) echo "usage: pg.sh start|stop|url DIR [PORT] [DB]" >&2; exit 2 ;;
esac
