#!/usr/bin/env bash
# Starts a private PostgreSQL 15 for the store tests (run as root): own data folder, loopback only,
# role and database `swoop`. Idempotent: a server already running on PG_DIR is left alone.
# Prints the URL to export as SWOOP_TEST_POSTGRES_URL.
# fsync is off: these servers hold throw-away test data, and the tests check Swoop's logic, not disks.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
D=${PG_DIR:-/tmp/swoop-pg}
PORT=${PGPORT:-5433}
PGBIN=/usr/lib/postgresql/15/bin
URL="postgres://swoop:swoop@127.0.0.1:$PORT/swoop"

if [ ! -x "$PGBIN/initdb" ]; then
  apt-get update -qq
  apt-get install -y -qq postgresql >/dev/null
fi

if [ -f "$D/data/postmaster.pid" ] && runuser -u postgres -- "$PGBIN/pg_ctl" -D "$D/data" status >/dev/null 2>&1; then
  echo "PostgreSQL already running in $D/data" >&2
  echo "$URL"
  exit 0
fi

mkdir -p "$D"
chown postgres:postgres "$D"
if [ ! -f "$D/data/PG_VERSION" ]; then
  echo pgadmin > "$D/pw"
  chown postgres "$D/pw"
  chmod 600 "$D/pw"
  runuser -u postgres -- "$PGBIN/initdb" -D "$D/data" -U postgres -A scram-sha-256 --pwfile="$D/pw" --no-sync >"$D/initdb.log"
  FRESH=1
else
  FRESH=0
fi

runuser -u postgres -- "$PGBIN/pg_ctl" -D "$D/data" -l "$D/server.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -p $PORT -k $D -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
  start >/dev/null

if [ "$FRESH" = 1 ]; then
  PGPASSWORD=pgadmin psql -h 127.0.0.1 -p "$PORT" -U postgres -v ON_ERROR_STOP=1 -q \
    -c "CREATE ROLE swoop LOGIN PASSWORD 'swoop'" -c "CREATE DATABASE swoop OWNER swoop"
fi
PGPASSWORD=swoop psql -h 127.0.0.1 -p "$PORT" -U swoop -d swoop -Atc 'select version()' >&2
echo "$URL"
