#!/usr/bin/env bash
# Installs the Debian packages Sigilo needs, only those missing (fast when all are there).
#   libargon2-dev pkg-config   Argon2id through the CArgon2 system library
#   postgresql postgresql-client  the project-local cluster (scripts/pg-local.sh) and psql
#   wrk curl python3 (--bench)  the load generator of `make bench`, its readiness poll and report
# Runs apt-get directly as root, through sudo otherwise.
set -euo pipefail

packages=(libargon2-dev pkg-config postgresql postgresql-client)
[ "${1:-}" = "--bench" ] && packages+=(wrk curl python3)

missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "install-deps: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
    sudo="sudo"
fi
echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# The postgresql package would start Debian's own cluster on 5432; Sigilo runs its own.
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
