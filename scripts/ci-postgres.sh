#!/usr/bin/env bash
# Start a throw-away PostgreSQL + PostGIS for the store tests and print the variable to use:
#
#   eval "$(bash scripts/ci-postgres.sh)"     # sets MARSAD_TEST_PG
#
# Installs the Debian packages when missing (postgresql, postgresql-<major>-postgis-3),
# creates a cluster in $MARSAD_PG_DIR (default /tmp/marsad-pg) listening only on
# 127.0.0.1:$MARSAD_PG_PORT (default 54329), a role and a database with the postgis
# extension. Safe to run again: an existing cluster is reused. Logs go to stderr; stdout
# holds only the export line. Stop it with: scripts/ci-postgres.sh stop
set -euo pipefail

PG_DIR="${MARSAD_PG_DIR:-/tmp/marsad-pg}"
PG_PORT="${MARSAD_PG_PORT:-54329}"
PG_DB="${MARSAD_PG_DB:-marsad_test}"
PG_ROLE="marsad"
PG_PASSWORD="marsad"

log() { echo "ci-postgres: $*" >&2; }

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
        log "need root to run: $*"; exit 1; fi
}

pg_bindir() {
    ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

install_if_missing() {
    local bindir major
    bindir="$(pg_bindir)"
    if [ -z "$bindir" ]; then
        log "installing postgresql"
        as_root apt-get update -qq >&2
        DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq postgresql >&2
        bindir="$(pg_bindir)"
    fi
    major="$(basename "$(dirname "$bindir")")"
    if [ ! -f "/usr/share/postgresql/$major/extension/postgis.control" ]; then
        log "installing postgresql-$major-postgis-3"
        as_root apt-get update -qq >&2
        DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends \
            "postgresql-$major-postgis-3" >&2
    fi
}

# Run a command as the owner of the cluster (PostgreSQL refuses to run as root).
as_owner() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

install_if_missing
BIN="$(pg_bindir)"

if [ "${1:-start}" = stop ]; then
    as_owner "$BIN/pg_ctl" -D "$PG_DIR" -m fast stop >&2 || true
    exit 0
fi

if [ ! -f "$PG_DIR/PG_VERSION" ]; then
    log "creating cluster in $PG_DIR"
    mkdir -p "$PG_DIR"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$PG_DIR"
    as_owner "$BIN/initdb" -D "$PG_DIR" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >&2
fi

if ! as_owner "$BIN/pg_ctl" -D "$PG_DIR" status >/dev/null 2>&1; then
    log "starting on 127.0.0.1:$PG_PORT"
    as_owner "$BIN/pg_ctl" -D "$PG_DIR" -l "$PG_DIR/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_DIR -c fsync=off" start >&2
fi

psql_admin() {
    as_owner "$BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -v ON_ERROR_STOP=1 -qAt "$@"
}

if [ -z "$(psql_admin -d postgres -c "SELECT 1 FROM pg_roles WHERE rolname = '$PG_ROLE'")" ]; then
    psql_admin -d postgres -c "CREATE ROLE $PG_ROLE LOGIN PASSWORD '$PG_PASSWORD'" >&2
fi
if [ -z "$(psql_admin -d postgres -c "SELECT 1 FROM pg_database WHERE datname = '$PG_DB'")" ]; then
    psql_admin -d postgres -c "CREATE DATABASE $PG_DB OWNER $PG_ROLE" >&2
fi
psql_admin -d "$PG_DB" -c "CREATE EXTENSION IF NOT EXISTS postgis" >&2
log "ready: database $PG_DB with PostGIS $(psql_admin -d "$PG_DB" -c 'SELECT postgis_lib_version()')"

echo "export MARSAD_TEST_PG=postgresql://$PG_ROLE:$PG_PASSWORD@127.0.0.1:$PG_PORT/$PG_DB"
