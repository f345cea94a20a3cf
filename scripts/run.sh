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
[ -f "$KEYS_MASTER_KEY_FILE" ] || .build/debug/sigilo keys generate --out "$KEYS_MASTER_KEY_FILE"
[ -f "$AUTH_SIGNING_KEYS_FILE" ] || .build/debug/sigilo keys signing-key --file "$AUTH_SIGNING_KEYS_FILE"
# Audit checkpoints: signed with a key outside the database, copied to a folder outside it.
export AUDIT_CHECKPOINT_KEY_FILE=${AUDIT_CHECKPOINT_KEY_FILE:-.dev/audit-checkpoint.key}
export AUDIT_CHECKPOINT_DIRECTORY=${AUDIT_CHECKPOINT_DIRECTORY:-.dev/audit-checkpoints}
[ -f "$AUDIT_CHECKPOINT_KEY_FILE" ] || .build/debug/sigilo keys audit-key --out "$AUDIT_CHECKPOINT_KEY_FILE" --name sigilo.dev/audit > .dev/audit-public-key
if [ ! -f .dev/admin-password ]; then
    if ! out=$(.build/debug/sigilo tenant create --slug demo --name "Demo Comércio Ltda" 2>&1); then
        case "$out" in *"already exists"*) ;; *) echo "$out" >&2; exit 1 ;; esac
    fi
    password=$(head -c 18 /dev/urandom | base64 | tr '+/' '-_')
    (umask 077; printf '%s\n' "$password" > .dev/admin-password)
    printf '%s\n' "$password" | .build/debug/sigilo user create --tenant demo --email admin@demo.example --role admin \
        || { rm -f .dev/admin-password; exit 1; }
fi
if [ ! -f .dev/compliance-password ]; then
    password=$(head -c 18 /dev/urandom | base64 | tr '+/' '-_')
    (umask 077; printf '%s\n' "$password" > .dev/compliance-password)
    printf '%s\n' "$password" | .build/debug/sigilo user create --tenant demo --email dpo@demo.example --role compliance \
        || { rm -f .dev/compliance-password; exit 1; }
fi
port=${HTTP_PORT:-8080}
host=${HTTP_HOST:-127.0.0.1}

# The sandbox WhatsApp channel: a fake Graph API on loopback (`sigilo dev fake-meta`) that the
# demo tenant's number points at, so messages flow both ways with no Meta credentials. Its
# secrets are generated once into .dev/. A real number is configuration only (docs/whatsapp.md).
fake_port=${FAKE_META_PORT:-8090}
# Channels may point only at hosts the operator allows; here Meta's and the fake's.
export WHATSAPP_GRAPH_HOSTS=${WHATSAPP_GRAPH_HOSTS:-graph.facebook.com,127.0.0.1}
sandbox_number=100000000000001 sandbox_waba=100000000000002 sandbox_display=15550000001
for secret in fake-meta-token fake-meta-app-secret fake-meta-verify-token; do
    [ -f ".dev/$secret" ] || (umask 077; head -c 24 /dev/urandom | base64 | tr '+/' '-_' > ".dev/$secret")
done
FAKE_META_ACCESS_TOKEN=$(cat .dev/fake-meta-token) FAKE_META_APP_SECRET=$(cat .dev/fake-meta-app-secret) \
    .build/debug/sigilo dev fake-meta --host 127.0.0.1 --port "$fake_port" \
    --webhook-url "http://$host:$port/webhooks/whatsapp" --phone-number-id $sandbox_number \
    --display-number $sandbox_display --waba-id $sandbox_waba > .dev/fake-meta.log 2>&1 &
fake_pid=$!
trap 'kill $fake_pid 2>/dev/null || true' EXIT
WHATSAPP_CHANNEL_ACCESS_TOKEN=$(cat .dev/fake-meta-token) WHATSAPP_CHANNEL_APP_SECRET=$(cat .dev/fake-meta-app-secret) \
WHATSAPP_CHANNEL_VERIFY_TOKEN=$(cat .dev/fake-meta-verify-token) \
    .build/debug/sigilo whatsapp add-channel --tenant demo --phone-number-id $sandbox_number --waba-id $sandbox_waba \
    --display-number $sandbox_display --graph-base-url "http://127.0.0.1:$fake_port/v24.0" \
    --label "Sandbox (fake Graph API)" --if-absent > /dev/null
# The AI copilot's sandbox: a fake OpenAI-compatible server on loopback (`sigilo dev fake-openai`,
# deterministic answers, no key leaves the machine); a real backend is configuration (docs/ai.md).
ai_port=${FAKE_OPENAI_PORT:-8091}
[ -f .dev/fake-openai-key ] || (umask 077; head -c 24 /dev/urandom | base64 | tr '+/' '-_' > .dev/fake-openai-key)
FAKE_OPENAI_API_KEY=$(cat .dev/fake-openai-key) .build/debug/sigilo dev fake-openai --host 127.0.0.1 --port "$ai_port" \
    > .dev/fake-openai.log 2>&1 &
ai_pid=$!
trap 'kill $fake_pid $ai_pid 2>/dev/null || true' EXIT
export AI_BACKEND=${AI_BACKEND:-custom} AI_BASE_URL=${AI_BASE_URL:-http://127.0.0.1:$ai_port/v1} AI_MODEL=${AI_MODEL:-demo-model}
export AI_API_KEY=${AI_API_KEY:-$(cat .dev/fake-openai-key)} AI_FINE_TUNING=${AI_FINE_TUNING:-true}
export AI_PROVIDER=${AI_PROVIDER:-"Fake OpenAI (local demo)"} AI_INTERNATIONAL=${AI_INTERNATIONAL:-false}
# The demo's attendance: a default queue (Mon–Fri 09:00–18:00, São Paulo) with the admin available,
# answered automatically by the copilot.
.build/debug/sigilo dev seed-relationship --tenant demo --ai
cat <<MSG

  Sigilo is starting on http://$host:$port   (Ctrl-C stops it; the database keeps running: make db-down)

    curl -s $host:$port/readyz      # {"status":"ready","checks":{"database":"ok","migrations":"current"}}
    curl -s $host:$port/healthz     # {"status":"ok"}
    curl -s $host:$port/metrics     # Prometheus metrics

  Log in as the demo tenant's admin (password in .dev/admin-password):

    curl -s $host:$port/auth/login -H 'Content-Type: application/json' \\
      -d "{\\"tenant\\":\\"demo\\",\\"email\\":\\"admin@demo.example\\",\\"password\\":\\"\$(cat .dev/admin-password)\\"}"
    curl -s $host:$port/me -H "Authorization: Bearer <access_token>"

  The compliance officer (dpo@demo.example, password in .dev/compliance-password) reads,
  exports and verifies the audit trail; the export verifies offline with the public key:

    curl -s "$host:$port/audit/events?limit=10" -H "Authorization: Bearer <access_token>"
    curl -s $host:$port/audit/export -H "Authorization: Bearer <access_token>" > trail.ndjson
    .build/debug/sigilo audit verify --file trail.ndjson --public-key "\$(cat .dev/audit-public-key)"

  WhatsApp sandbox: the demo tenant's number talks to a fake Graph API on 127.0.0.1:$fake_port.
  Be the customer, then answer as the admin (docs/whatsapp.md has the whole tour):

    curl -s $host:$fake_port/_fake/inbound -H 'Content-Type: application/json' \\
      -d '{"from":"5511987654321","name":"Maria","text":"Olá! Vocês abrem sábado?"}'
    curl -s $host:$port/conversations -H "Authorization: Bearer <access_token>"
    curl -s $host:$port/conversations/<id>/messages -H "Authorization: Bearer <access_token>" \\
      -H 'Content-Type: application/json' -d '{"type":"text","text":"Abrimos sim, das 9h às 13h."}'
    curl -s $host:$fake_port/_fake/sent     # what "Meta" received

  Every new conversation becomes a ticket in the queue "Atendimento" (Mon–Fri 09:00–18:00),
  given to the admin; out of hours the customer gets the queue's reply (docs/relationship.md):

    curl -s $host:$port/tickets -H "Authorization: Bearer <access_token>"

  The AI copilot answers the demo queue's customers through a fake OpenAI-compatible server on
  127.0.0.1:$ai_port (what it received: curl -s $host:$ai_port/_fake/requests); docs/ai.md.

  Database: $database
  Keys: .dev/master.key, .dev/signing-keys.json, .dev/audit-checkpoint.key (development only)
  Audit checkpoints are copied to $AUDIT_CHECKPOINT_DIRECTORY

MSG
.build/debug/sigilo serve
