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

# Development keys and the demo tenant, created once and kept in .dev/ (git-ignored, 0600).
# Production keys come from your secret store: docs/auth.md and docs/runbook.md.
mkdir -p .dev && chmod 700 .dev
export KEYS_MASTER_KEY_FILE=${KEYS_MASTER_KEY_FILE:-.dev/master.key}
export AUTH_SIGNING_KEYS_FILE=${AUTH_SIGNING_KEYS_FILE:-.dev/signing-keys.json}
[ -f "$KEYS_MASTER_KEY_FILE" ] || .build/debug/sigilo keys generate-master --out "$KEYS_MASTER_KEY_FILE"
[ -f "$AUTH_SIGNING_KEYS_FILE" ] || .build/debug/sigilo keys signing-key --file "$AUTH_SIGNING_KEYS_FILE"
if [ ! -f .dev/admin-password ]; then
    if ! out=$(.build/debug/sigilo tenant create --slug demo --name "Demo Comércio Ltda" 2>&1); then
        case "$out" in *"already exists"*) ;; *) echo "$out" >&2; exit 1 ;; esac
    fi
    password=$(head -c 18 /dev/urandom | base64 | tr '+/' '-_')
    (umask 077; printf '%s\n' "$password" > .dev/admin-password)
    printf '%s\n' "$password" | .build/debug/sigilo user create --tenant demo --email admin@demo.example --role admin \
        || { rm -f .dev/admin-password; exit 1; }
fi
port=${HTTP_PORT:-8080}
host=${HTTP_HOST:-127.0.0.1}
cat <<MSG

  Sigilo is starting on http://$host:$port   (Ctrl-C stops it; the database keeps running: make db-down)

    curl -s $host:$port/readyz      # {"status":"ready","checks":{"database":"ok","migrations":"current"}}
    curl -s $host:$port/healthz     # {"status":"ok"}
    curl -s $host:$port/metrics     # Prometheus metrics

  Log in as the demo tenant's admin (password in .dev/admin-password):

    curl -s $host:$port/auth/login -H 'Content-Type: application/json' \\
      -d "{\\"tenant\\":\\"demo\\",\\"email\\":\\"admin@demo.example\\",\\"password\\":\\"\$(cat .dev/admin-password)\\"}"
    curl -s $host:$port/me -H "Authorization: Bearer <access_token>"

  Database: $database
  Keys: .dev/master.key and .dev/signing-keys.json (development only)

MSG
exec .build/debug/sigilo serve
