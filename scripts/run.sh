#!/usr/bin/env bash
# `make run`: start the development database (unless DATABASE_URL points elsewhere), migrate,
# and serve the debug build on 127.0.0.1:8080 until Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${DATABASE_URL:-}" ]; then
    export SIGILO_PG_DIR=.pgdata SIGILO_PG_PORT=${SIGILO_DEV_PG_PORT:-54329} SIGILO_PG_DATABASE=sigilo
    scripts/pg-local.sh start
    eval "$(scripts/pg-local.sh env)"
    database="the project-local cluster on 127.0.0.1:$SIGILO_PG_PORT (data in .pgdata, passwords in .pgdata/secrets, 0600)"
else
    database="DATABASE_URL (migrated through DATABASE_OWNER_URL when set)"
fi
export LOG_FORMAT=${LOG_FORMAT:-text}

.build/debug/sigilo migrate
port=${HTTP_PORT:-8080}
host=${HTTP_HOST:-127.0.0.1}
cat <<MSG

  Sigilo is starting on http://$host:$port   (Ctrl-C stops it; the database keeps running: make db-down)

    curl -s $host:$port/readyz      # {"status":"ready","checks":{"database":"ok","migrations":"current"}}
    curl -s $host:$port/healthz     # {"status":"ok"}
    curl -s $host:$port/metrics     # Prometheus metrics

  Database: $database
  Logging in comes with the identity issue; until then the API serves health and metrics only.

MSG
exec .build/debug/sigilo serve
