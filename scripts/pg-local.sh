#!/usr/bin/env bash
# A project-local PostgreSQL cluster: scripts/pg-local.sh start|stop|restart|status|env|destroy
#
# Environment:
#   SIGILO_PG_DIR       folder holding the cluster (default .pgdata; git-ignored)
#   SIGILO_PG_PORT      TCP port on 127.0.0.1 (default 54329)
#   SIGILO_PG_DATABASE  database created for the app, owned by sigilo_owner (default sigilo; empty: none)
#   SIGILO_PG_FAST=1    fsync off: for throwaway test clusters only
#
# PostgreSQL refuses to run as root, so as root the cluster runs as the system user
# sigilo-pg (created here, no login shell) through runuser; as a normal user it runs as you.
# Roles: postgres (superuser), sigilo_owner (owns the database, runs migrations, may create
# test databases) and sigilo_app (serves; owns nothing, so REVOKE and row-level security
# apply to it). Passwords are random, kept in $SIGILO_PG_DIR/secrets (0600), and
# `env` prints the DATABASE_URL / DATABASE_OWNER_URL that use them.
set -euo pipefail

cmd=${1:-}
dir=${SIGILO_PG_DIR:-.pgdata}
port=${SIGILO_PG_PORT:-54329}
database=${SIGILO_PG_DATABASE-sigilo}
fast=${SIGILO_PG_FAST:-0}
os_user=sigilo-pg

say() { printf 'pg-local: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

mkdir -p "$dir"
link=""
if [ "$(id -u)" -eq 0 ] && [ ! -L "$dir" ]; then
    id -u "$os_user" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$os_user"
    real=$(cd "$dir" && pwd -P)
    # The cluster's user must reach the folder; a clone under a private (0700) folder, such
    # as one made by mktemp -d, is out of its reach. Then the cluster lives under /var/tmp
    # and the project folder becomes a link to it.
    if ! (cd / && runuser -u "$os_user" -- test -x "$real"); then
        store=/var/tmp/sigilo-pg/$(printf '%s' "$real" | sha256sum | cut -c1-16)
        mkdir -p "$store"
        chmod 755 /var/tmp/sigilo-pg "$store"
        cp -a "$real/." "$store/" && rm -rf "$real" && ln -s "$store" "$real"
        say "$real is private to root; the cluster lives in $store (linked)"
    fi
fi
[ -L "$dir" ] && link=$(cd "$(dirname "$dir")" && pwd -P)/$(basename "$dir")
dir=$(cd "$dir" && pwd -P)
data="$dir/data"; run="$dir/run"; logs="$dir/log"; secrets="$dir/secrets"

pg_bin() {
    local bin
    bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    [ -n "$bin" ] && [ -x "$bin/initdb" ] || die "PostgreSQL server binaries not found; run scripts/install-deps.sh"
    local major=${bin#/usr/lib/postgresql/}; major=${major%%/*}
    [ "$major" -ge 15 ] || die "PostgreSQL $major found; 15 or newer is required"
    printf '%s' "$bin"
}

as_pg() {
    if [ "$(id -u)" -eq 0 ]; then (cd / && runuser -u "$os_user" -- "$@"); else "$@"; fi
}

ensure_os_user() {
    [ "$(id -u)" -eq 0 ] || return 0
    id -u "$os_user" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$os_user"
    chown "$os_user" "$dir"
    # The cluster user must be able to reach the folder; a clone under a 0700 home may not.
    as_pg test -x "$dir" || die "user $os_user cannot reach $dir (a parent folder is private); clone elsewhere or set SIGILO_PG_DIR"
}

secret() {  # secret NAME: the password in secrets/NAME, created once
    local file="$secrets/$1"
    if [ ! -s "$file" ]; then
        (umask 077; mkdir -p "$secrets"; head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$file")
    fi
    cat "$file"
}

superuser_psql() {
    PGPASSWORD=$(secret superuser) PGCONNECT_TIMEOUT=5 psql -X -q -h 127.0.0.1 -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 "$@"
}

is_running() {
    [ -f "$data/PG_VERSION" ] && as_pg "$(pg_bin)/pg_ctl" -D "$data" status >/dev/null 2>&1
}

init_cluster() {
    local bin; bin=$(pg_bin)
    [ -f "$data/PG_VERSION" ] && return 0
    ensure_os_user
    mkdir -p "$data" "$run" "$logs"
    chmod 700 "$data" "$run"
    local pwfile="$dir/.initdb-pw"
    (umask 077; secret superuser > "$pwfile")
    if [ "$(id -u)" -eq 0 ]; then chown "$os_user" "$data" "$run" "$logs" "$pwfile"; fi
    say "creating cluster in $data"
    as_pg "$bin/initdb" -D "$data" -U postgres --pwfile="$pwfile" --auth-local=scram-sha-256 \
        --auth-host=scram-sha-256 -E UTF8 --no-locale --no-sync >/dev/null
    rm -f "$pwfile"
}

start() {
    local bin; bin=$(pg_bin)
    init_cluster
    if ! is_running; then
        ensure_os_user
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            die "port $port is taken by another server (another checkout's cluster?); stop it or set SIGILO_PG_PORT"
        fi
        local options="-c listen_addresses=127.0.0.1 -p $port -k $run -c unix_socket_permissions=0700 -c max_connections=300"
        [ "$fast" = 1 ] && options="$options -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        as_pg "$bin/pg_ctl" -D "$data" -l "$logs/postgres.log" -w -t 60 -o "$options" start >/dev/null \
            || die "PostgreSQL did not start; see $logs/postgres.log"
        say "PostgreSQL running on 127.0.0.1:$port"
    fi
    provision
}

provision() {
    # Passwords go through stdin, not argv, so they never show in the process list.
    {
        printf '\\set owner_pw %s\n\\set app_pw %s\n\\set db %s\n' "$(secret owner)" "$(secret app)" "$database"
        cat <<'SQL'
SELECT 'CREATE ROLE sigilo_owner LOGIN CREATEDB' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'sigilo_owner') \gexec
SELECT 'CREATE ROLE sigilo_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'sigilo_app') \gexec
ALTER ROLE sigilo_owner PASSWORD :'owner_pw';
ALTER ROLE sigilo_app PASSWORD :'app_pw';
-- A test cluster (no database of its own): dropping a test database WITH (FORCE) must end
-- the application role's leftover sessions and autovacuum workers, which takes pg_signal_backend.
SELECT 'GRANT pg_signal_backend TO sigilo_owner' WHERE :'db' = '' AND NOT pg_has_role('sigilo_owner', 'pg_signal_backend', 'MEMBER') \gexec
SELECT format('CREATE DATABASE %I OWNER sigilo_owner', :'db') WHERE :'db' <> '' AND NOT EXISTS (SELECT FROM pg_database WHERE datname = :'db') \gexec
SELECT format('REVOKE ALL ON DATABASE %I FROM PUBLIC', :'db') WHERE :'db' <> '' \gexec
SELECT format('GRANT CONNECT ON DATABASE %I TO sigilo_app', :'db') WHERE :'db' <> '' \gexec
SQL
    } | superuser_psql
}

print_env() {
    local db=${database:-postgres}
    local base="127.0.0.1:$port"
    echo "export DATABASE_URL='postgres://sigilo_app:$(secret app)@$base/$db?sslmode=disable'"
    echo "export DATABASE_OWNER_URL='postgres://sigilo_owner:$(secret owner)@$base/$db?sslmode=disable'"
    echo "export SIGILO_TEST_OWNER_URL='postgres://sigilo_owner:$(secret owner)@$base/postgres?sslmode=disable'"
    echo "export SIGILO_TEST_APP_URL='postgres://sigilo_app:$(secret app)@$base/postgres?sslmode=disable'"
}

case "$cmd" in
    start) start ;;
    stop) if is_running; then as_pg "$(pg_bin)/pg_ctl" -D "$data" -m fast -w stop >/dev/null; say "stopped"; fi ;;
    restart) "$0" stop; "$0" start ;;
    status) if is_running; then echo "running on 127.0.0.1:$port ($data)"; else echo "stopped ($data)"; exit 3; fi ;;
    env) print_env ;;
    destroy)
        if is_running; then as_pg "$(pg_bin)/pg_ctl" -D "$data" -m immediate -w stop >/dev/null || true; fi
        rm -rf "$dir"
        [ -n "$link" ] && rm -f "$link"
        ;;
    *) echo "usage: $0 start|stop|restart|status|env|destroy" >&2; exit 2 ;;
esac
