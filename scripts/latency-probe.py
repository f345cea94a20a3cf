#!/usr/bin/env python3
"""Open-loop latency probe: GET a URL at a fixed rate and report percentiles as JSON.

Unlike wrk's closed loop (each connection sends its next request when the last one returns,
so the load generator saturates the CPU and slow answers hide behind fewer requests), every
request here has a scheduled start, and latency counts from that moment: a stall shows up in
full for every request it delays (no coordinated omission).

usage: latency-probe.py URL RATE_PER_SECOND DURATION_SECONDS [CONNECTIONS]
"""
import http.client
import json
import queue
import sys
import threading
import time
import urllib.parse

url, rate, duration = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
connections = int(sys.argv[4]) if len(sys.argv) > 4 else 8
parts = urllib.parse.urlsplit(url)
jobs: "queue.Queue[float | None]" = queue.Queue()
latencies: list[float] = []
errors = 0
lock = threading.Lock()


def worker() -> None:
    global errors
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    while (scheduled := jobs.get()) is not None:
        delay = scheduled - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        try:
            connection.request("GET", parts.path)
            response = connection.getresponse()
            response.read()
            ok = response.status == 200
        except OSError:
            ok = False
            connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        elapsed = (time.monotonic() - scheduled) * 1000
        with lock:
            if ok:
                latencies.append(elapsed)
            else:
                errors += 1


threads = [threading.Thread(target=worker) for _ in range(connections)]
for thread in threads:
    thread.start()
start = time.monotonic() + 0.2
count = int(rate * duration)
for index in range(count):
    jobs.put(start + index / rate)
for _ in threads:
    jobs.put(None)
for thread in threads:
    thread.join()

latencies.sort()


def percentile(p: float) -> float:
    return round(latencies[min(len(latencies) - 1, int(len(latencies) * p))], 3) if latencies else 0.0


print(json.dumps({
    "rate_per_second": rate,
    "requests": len(latencies),
    "errors": errors,
    "latency_ms": {"p50": percentile(0.50), "p90": percentile(0.90), "p99": percentile(0.99), "max": percentile(1.0)},
}))
