#!/usr/bin/env bash
# The measurement sets quoted in README "Performance", each as it was run: a fresh bench server
# per set (its own JVM, stopped at the end), then RUNS runs of the load mode, JSON to OUT.
#   benchmarks/scripts/runs.sh SET [OUT_DIR] [RUNS]
# SET: memory-latency | memory-throughput | mysql-latency | mysql-throughput | idle | gate-login
# Every run is bounded in time; the script stops its server on exit. Needs a quiet machine.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SET="${1:?usage: runs.sh SET [OUT_DIR] [RUNS]}"
OUT="${2:-$ROOT/benchmarks/results/$(date -u +%F)}"
RUNS="${3:-3}"
BENCH="$ROOT/bin/parley-bench"
WORK="$(mktemp -d /tmp/parley-runs.XXXXXX)"
mkdir -p "$OUT"
SERVER_PID=""
cleanup() {
  if [[ -n "$SERVER_PID" ]]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

# start_server ARGS...: a bench server in the background; waits for its seed file.
start_server() {
  "$BENCH" server --seed "$WORK/seed.json" "$@" > "$WORK/server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 600); do
    if grep -q 'parley-bench server ready' "$WORK/server.log" 2>/dev/null; then
      grep 'ready' "$WORK/server.log"; return 0
    fi
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then cat "$WORK/server.log"; exit 1; fi
    sleep 0.5
  done
  echo "server did not start" >&2; exit 1
}

run() { # run LABEL MODE ARGS...: one run, JSON to $OUT/LABEL.json, console to $OUT/LABEL.log
  local label="$1"; shift
  echo "== $label: load $(cut -d' ' -f1-3 /proc/loadavg) at $(date -u +%T)"
  # a failed run (exit 1: something lost, duplicated or unsettled) is reported; the set goes on
  "$BENCH" "$@" --seed "$WORK/seed.json" --out "$OUT/$label.json" 2>&1 | tee "$OUT/$label.log" | tail -12 || true
}

case "$SET" in
  memory-latency)
    start_server --users 20000 --io-threads 2
    run "mem-latency-10k-warmup" latency --pairs 1000 --rate 10k/s --warmup 5s --duration 20s
    for i in $(seq 1 "$RUNS"); do run "mem-latency-10k-$i" latency --pairs 1000 --rate 10k/s --warmup 5s --duration 20s; done ;;
  memory-throughput)
    start_server --users 20000 --io-threads 2
    for i in $(seq 1 "$RUNS"); do
      run "mem-throughput-$i" throughput --pairs 1000 --start-rate 10k --step 5000 --warmup 3s --duration 10s
    done ;;
  mysql-latency)
    start_server --backend mysql-redis --users 2000 --io-threads 2
    run "mysql-latency-5k-gate-warmup" latency --gate --pairs 1000 --rate 5000/s --warmup 5s --duration 20s
    for i in $(seq 1 "$RUNS"); do run "mysql-latency-5k-$i" latency --pairs 1000 --rate 5000/s --warmup 5s --duration 20s; done ;;
  mysql-throughput)
    start_server --backend mysql-redis --users 2000 --io-threads 2
    for i in $(seq 1 "$RUNS"); do
      run "mysql-throughput-$i" throughput --pairs 1000 --start-rate 5000 --step 2500 --warmup 3s --duration 10s
    done ;;
  idle)
    start_server --users 20000 --io-threads 2
    for i in $(seq 1 "$RUNS"); do run "idle-19000-$i" connections --count 19000 --ramp 2000/s --hold 30s; done ;;
  gate-login)
    for i in $(seq 1 "$RUNS"); do
      start_server --users 2000 --io-threads 2
      run "gate-login-2000-$i" connections --gate-login --count 2000 --ramp 20/s --max-logins-in-flight 10 --hold 45s
      kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""
    done ;;
  *) echo "unknown set $SET" >&2; exit 2 ;;
esac
