#!/usr/bin/env bash
# A throw-away PostgreSQL server for the sessions tests (Debian's postgresql package).
#
#   eval "$(bash .ci/postgres-server.sh start)"   # prints: export SKILLGRAPH_TEST_POSTGRES_URL=…
#   bash .ci/postgres-server.sh stop              # stops it and removes its folder
#
# The cluster lives in a temporary folder ($PG_STATE_DIR, default
# ${TMPDIR:-/tmp}/skillgraph-postgres-$PG_PORT), listens on 127.0.0.1 only, on $PG_PORT
# (default 55432; never the standard 5432, which may be someone's real server), with
# password authentication for the user "skillgraph" and one database, skillgraph_test.
# Run as root, the server runs as the "postgres" user (PostgreSQL refuses to run as root);
# the package is installed with apt-get when missing. Logs go to stderr; stdout carries only
# the export line.
set -euo pipefail

PG_PORT="${PG_PORT:-55432}"
PG_USER=skillgraph
PG_PASSWORD="${PG_PASSWORD:-skillgraph-ci-pw}"
PG_DB=skillgraph_test
STATE="${PG_STATE_DIR:-${TMPDIR:-/tmp}/skillgraph-postgres-$PG_PORT}"

log() { echo "postgres-server: $*" >&2; }

bindir() {
    local dir
    dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)"
    [[ -n "$dir" && -x "$dir/initdb" ]] && echo "$dir"
}

as_server_user() {
    if [[ "$(id -u)" == 0 ]]; then
        # From /, which the server user can enter (a clone under /tmp may not be).
        (cd / && runuser -u postgres -- "$@")
    else
        "$@"
    fi
}

start() {
    if [[ -z "$(bindir)" ]]; then
        if [[ "$(id -u)" != 0 ]]; then
            log "PostgreSQL is not installed; run: apt-get install -y postgresql"
            exit 1
        fi
        log "installing postgresql from Debian"
        export DEBIAN_FRONTEND=noninteractive
        apt-get install -y -qq --no-install-recommends postgresql >/dev/null 2>&1 \
            || { apt-get update -qq && apt-get install -y -qq --no-install-recommends postgresql >/dev/null; }
    fi
    local bin
    bin="$(bindir)"
    if (echo >"/dev/tcp/127.0.0.1/$PG_PORT") 2>/dev/null; then
        log "port $PG_PORT on 127.0.0.1 is already in use; set PG_PORT to a free port"
        exit 1
    fi
    rm -rf "$STATE"
    mkdir -p "$STATE"
    chmod 700 "$STATE"
    printf '%s\n' "$PG_PASSWORD" >"$STATE/pwfile"
    if [[ "$(id -u)" == 0 ]]; then
        chown -R postgres: "$STATE"
    fi
    as_server_user "$bin/initdb" -D "$STATE/data" -U "$PG_USER" --pwfile="$STATE/pwfile" \
        --auth=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >"$STATE/initdb.log" 2>&1 \
        || { cat "$STATE/initdb.log" >&2; exit 1; }
    rm -f "$STATE/pwfile"
    as_server_user "$bin/pg_ctl" -D "$STATE/data" -l "$STATE/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $STATE -c fsync=off -c max_connections=60" start >&2 \
        || { cat "$STATE/server.log" >&2; exit 1; }
    PGPASSWORD="$PG_PASSWORD" "$bin/psql" -q -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -d postgres \
        -c "CREATE DATABASE $PG_DB" >&2
    log "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT (folder $STATE)"
    echo "export SKILLGRAPH_TEST_POSTGRES_URL=postgresql://$PG_USER:$PG_PASSWORD@127.0.0.1:$PG_PORT/$PG_DB"
}

stop() {
    local bin
    bin="$(bindir || true)"
    if [[ -n "$bin" && -d "$STATE/data" ]]; then
        as_server_user "$bin/pg_ctl" -D "$STATE/data" -m fast -w stop >&2 || true
    fi
    rm -rf "$STATE"
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
