#!/usr/bin/env bash
# Stops the PostgreSQL started by pg-up.sh on PG_DIR (data is kept; remove PG_DIR to start fresh).
set -euo pipefail
D=${PG_DIR:-/tmp/swoop-pg}
PGBIN=/usr/lib/postgresql/15/bin
if [ -f "$D/data/postmaster.pid" ]; then
  runuser -u postgres -- "$PGBIN/pg_ctl" -D "$D/data" -m fast -w stop >/dev/null
  echo "stopped PostgreSQL in $D/data" >&2
else
  echo "no PostgreSQL running in $D/data" >&2
fi
