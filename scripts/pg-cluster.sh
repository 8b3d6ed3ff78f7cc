#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests: `pg-cluster.sh start DIR` creates one in DIR
# (owned by the unprivileged account `postgres`: the server refuses to run as root), listening
# on a Unix socket in DIR only, with a superuser role for the account that runs the tests; it
# prints the libpq connection string to export as CSDESK_TEST_PG. `pg-cluster.sh stop DIR`
# stops it and removes DIR.
set -euo pipefail
action=${1:?usage: pg-cluster.sh start|stop DIR}
dir=${2:?usage: pg-cluster.sh start|stop DIR}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$bin/initdb" ] || { echo "pg-cluster.sh: PostgreSQL's server is not installed (apt-get install postgresql)" >&2; exit 1; }
server_account=postgres
as_server() { if [ "$(id -un)" = "$server_account" ]; then "$@"; else runuser -u "$server_account" -- "$@"; fi; }
case "$action" in
  start)
    mkdir -p "$dir"
    chown "$server_account" "$dir"
    chmod 700 "$dir"
    as_server "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log"
    # Tests only: no durability needed, no TCP port to collide with another run.
    as_server "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
      -o "-k $dir -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100" \
      start >/dev/null
    me=$(id -un)
    if [ "$me" != postgres ]; then
      psql -h "$dir" -U postgres -d postgres -qAt -c "CREATE ROLE \"$me\" SUPERUSER LOGIN" >/dev/null
    fi
    echo "host=$dir dbname=postgres"
    ;;
  stop)
    [ -d "$dir/data" ] && as_server "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null || true
    rm -rf "$dir"
    ;;
  *) echo "usage: pg-cluster.sh start|stop DIR" >&2; exit 2 ;;
esac
