#!/usr/bin/env bash
# `make bench`: serves the release build against a throwaway cluster (.pgbench, port 54331),
# loads it with wrk on loopback, and writes .bench/report.json. Later issues add benchmarks.
#
#   BENCH_DURATION  seconds per benchmark (default 10)
#   BENCH_PORT      the server's port (default 8089)
set -euo pipefail
cd "$(dirname "$0")/.."

duration=${BENCH_DURATION:-10}
port=${BENCH_PORT:-8089}
binary=$(swift build -c release --show-bin-path)/sigilo
mkdir -p .bench

export SIGILO_PG_DIR=.pgbench SIGILO_PG_PORT=54331 SIGILO_PG_DATABASE=sigilo SIGILO_PG_FAST=1
scripts/pg-local.sh start
eval "$(scripts/pg-local.sh env)"
export LOG_LEVEL=warning HTTP_PORT=$port
"$binary" migrate >/dev/null

"$binary" serve > .bench/server.log 2>&1 &
server=$!
trap 'kill -TERM $server 2>/dev/null; wait $server 2>/dev/null || true; scripts/pg-local.sh stop' EXIT
for _ in $(seq 1 100); do
    curl -fs "127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
    sleep 0.1
done
curl -fs "127.0.0.1:$port/readyz" >/dev/null || { echo "bench: server did not become ready" >&2; exit 1; }

# run_wrk NAME PATH CONNECTIONS: wrk's --latency output, saved for the report.
run_wrk() {
    wrk -t2 -c"$3" -d"${duration}s" --latency "http://127.0.0.1:$port$2" > ".bench/$1.wrk.txt"
}
run_wrk readyz_c64 /readyz 64

python3 - "$duration" <<'PY'
import json, re, subprocess, sys, time, os

def parse(path):
    text = open(path).read()
    def latency(label):
        match = re.search(r"^\s*%s\s+([\d.]+)(us|ms|s)\s*$" % label, text, re.M)
        value, unit = float(match.group(1)), match.group(2)
        return round(value * {"us": 0.001, "ms": 1, "s": 1000}[unit], 3)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    errors = re.search(r"Socket errors: (.*)", text)
    return {
        "requests_per_second": float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1)),
        "latency_ms": {"p50": latency("50%"), "p90": latency("90%"), "p99": latency("99%")},
        "requests": int(re.search(r"(\d+) requests in", text).group(1)),
        "non_2xx": int(non2xx.group(1)) if non2xx else 0,
        "socket_errors": errors.group(1) if errors else None,
    }

report = {
    "generated_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    "commit": subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip(),
    "machine": {"cores": os.cpu_count(), "build": "release"},
    "load_generator": "wrk -t2 --latency, loopback, same machine",
    "benchmarks": [
        dict(name="readyz", path="/readyz", connections=64, duration_s=int(sys.argv[1]), **parse(".bench/readyz_c64.wrk.txt")),
    ],
}
json.dump(report, open(".bench/report.json", "w"), indent=2)
print(json.dumps(report, indent=2))
PY
