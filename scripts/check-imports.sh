#!/usr/bin/env bash
# Checks every module's imports against the table in shared/STYLE.md (section 2).
#
# SwiftPM's --explicit-target-dependency-import-check only sees imports between this
# package's own targets; this script also covers external modules (PostgresNIO may be
# imported by SigiloStore alone, Hummingbird by SigiloAPI, SigiloFakes and tests, …).
set -euo pipefail
cd "$(dirname "$0")/.."

# Allowed everywhere except SigiloCore: the toolchain's and the logging/metrics/lifecycle stack.
common="Foundation FoundationEssentials Glibc Synchronization Dispatch Logging Metrics ServiceLifecycle UnixSignals Configuration"
declare -A allowed=(
    [SigiloCore]="Foundation FoundationEssentials Glibc Synchronization"
    [SigiloCrypto]="$common SigiloCore CArgon2 Crypto CryptoExtras"
    [SigiloStore]="$common SigiloCore SigiloCrypto PostgresNIO Crypto"
    [SigiloWhatsApp]="$common SigiloCore SigiloCrypto SigiloStore AsyncHTTPClient NIOCore NIOHTTP1 Crypto"
    [SigiloAI]="$common SigiloCore SigiloStore AsyncHTTPClient NIOCore NIOHTTP1"
    [SigiloAPI]="$common SigiloCore SigiloCrypto SigiloStore SigiloWhatsApp SigiloAI AsyncHTTPClient NIOCore Hummingbird HummingbirdAuth HTTPTypes JWTKit Prometheus Crypto"
    [SigiloFakes]="Foundation FoundationEssentials Synchronization Dispatch Hummingbird HTTPTypes Logging Crypto AsyncHTTPClient NIOCore NIOHTTP1"
    [SigiloTesting]="$common SigiloCore SigiloCrypto SigiloStore SigiloFakes HummingbirdTesting InMemoryLogging"
    [sigilo]="$common SigiloCore SigiloCrypto SigiloStore SigiloWhatsApp SigiloAI SigiloAPI SigiloFakes ArgumentParser Crypto AsyncHTTPClient NIOCore NIOHTTP1"
)

status=0
for module in "${!allowed[@]}"; do
    [ -d "Sources/$module" ] || continue
    while IFS=: read -r file line text; do
        imported=$(sed -E 's/^(@[A-Za-z_]+(\([^)]*\))? +)*((public|package|internal) +)?import +((struct|class|enum|protocol|func|typealias|var|let) +)?([A-Za-z0-9_]+).*/\7/' <<<"$text")
        if [[ " ${allowed[$module]} " != *" $imported "* ]]; then
            echo "check-imports: $file:$line: $module may not import $imported (shared/STYLE.md, section 2)" >&2
            status=1
        fi
    done < <(grep -rnE '^(@[A-Za-z_]+(\([^)]*\))? +)*((public|package|internal) +)?import ' "Sources/$module" || true)
done
[ $status -eq 0 ] && echo "check-imports: every module imports only what STYLE.md allows"
exit $status
