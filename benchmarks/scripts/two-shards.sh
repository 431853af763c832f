#!/usr/bin/env bash
# Two shards, simulated: two all-in-one bench servers (gate + chat node), each on a MariaDB
# database of its own, and one latency generator per server, run at once. Users are partitioned
# so that every friend pair lives in one shard (each server seeds its own pairs), which is what
# routing by mailbox owner gives a pair whose two owners map to the same shard; pairs whose
# mailboxes live on two shards are NOT exercised (docs/architecture.md, "Scaling past one box").
#
#   benchmarks/scripts/two-shards.sh                    # both databases on the shared MariaDB (3306)
#   PRIMARIES=2 benchmarks/scripts/two-shards.sh        # shard B on a mariadbd of its own (port 3317)
#
# Settings (environment): RATE per shard (msg/s, default 1000), PAIRS per shard (500), DURATION
# (20s), WARMUP (5s), DRAIN (10s) - the three in seconds with an "s" -, LOGIN_RATE and
# LOGINS_IN_FLIGHT per generator (500/s, 100: two cold servers logging in at once must stay inside
# the node's 10 s login timeout), PRIMARIES (1 or 2), SECOND_PORT (3317, for PRIMARIES=2),
# SECOND_MARIADB_OPTS (extra mariadbd options for it), OUT_DIR (where the JSON results go; default
# a fresh directory under /tmp), TAG (result file prefix, default two-shards-<PRIMARIES>p).
# Reports per shard: delivered/s, delivery p50/p99, lost/duplicated, rows in the shard's database,
# its mariadbd's redo bytes, fsyncs, row writes and commits per stored message, and the CPU of its
# server and mariadbd; with PRIMARIES=1 one mariadbd serves both databases, so those figures are
# one process's, for both shards. Stops everything it started, also on Ctrl-C.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BENCH="$ROOT/bin/parley-bench"
RATE="${RATE:-1000}"
PAIRS="${PAIRS:-500}"
DURATION="${DURATION:-20s}"
WARMUP="${WARMUP:-5s}"
DRAIN="${DRAIN:-10s}"
LOGIN_RATE="${LOGIN_RATE:-500}"
LOGINS_IN_FLIGHT="${LOGINS_IN_FLIGHT:-100}"
PRIMARIES="${PRIMARIES:-1}"
SECOND_PORT="${SECOND_PORT:-3317}"
TAG="${TAG:-two-shards-${PRIMARIES}p}"
log() { printf '[two-shards] %s\n' "$*"; }

case "$PRIMARIES" in
  1|2) ;;
  *) log "PRIMARIES must be 1 or 2, was $PRIMARIES"; exit 2 ;;
esac
for d in "$DURATION" "$WARMUP" "$DRAIN"; do
  [[ "$d" =~ ^[0-9]+s$ ]] || { log "DURATION, WARMUP and DRAIN are whole seconds like 20s, was $d"; exit 2; }
done
case "$SECOND_PORT" in
  3306|5432|5672|6379|1883|4222) log "SECOND_PORT $SECOND_PORT is taken by a shared service"; exit 2 ;;
esac

RUN="$(mktemp -d /tmp/parley-two-shards.XXXXXX)"
OUT_DIR="${OUT_DIR:-$RUN}"
mkdir -p "$OUT_DIR"

SHARED_JDBC="${PARLEY_JDBC_URL:-jdbc:mysql://127.0.0.1:3306/test}"
LOADS=()         # load generators
PIDS=()          # bench servers, stopped next (they drop their databases)
MARIADB_PID=""   # our own mariadbd (PRIMARIES=2), stopped last

# Stops process $1 (started by this script): SIGTERM, up to 60 s to exit, then SIGKILL.
stop_pid() {
  local pid=$1 waited=0
  kill -TERM "$pid" 2>/dev/null || return 0
  while kill -0 "$pid" 2>/dev/null && (( waited < 600 )); do
    sleep 0.1
    waited=$((waited + 1))
  done
  kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
}

cleanup() {
  local rc=$?
  set +e
  for pid in "${LOADS[@]}" "${PIDS[@]}"; do # servers drop their databases as they stop
    stop_pid "$pid"
  done
  if [[ -n "$MARIADB_PID" ]]; then
    stop_pid "$MARIADB_PID"
    rm -rf "$RUN/mariadb-b"
  fi
  log "stopped everything; logs in $RUN"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# "host port" of a jdbc:mysql://host:port/... URL.
host_port() { sed -E 's#^jdbc:(mysql|mariadb)://([^:/?]+)(:([0-9]+))?.*#\2 \4#' <<<"$1"; }

sql() { # sql HOST PORT STATEMENT: one value per line, no headers
  mariadb -h "$1" -P "$2" -u "${PARLEY_DB_USER:-root}" ${PARLEY_DB_PASSWORD:+-p"$PARLEY_DB_PASSWORD"} -N -B -e "$3"
}

# Polls (at most $3 s) until file $1 holds text $2, failing early when process $4 has exited.
await_line() {
  local file=$1 text=$2 limit=$3 pid=$4 waited=0
  until grep -q "$text" "$file" 2>/dev/null; do
    if ! kill -0 "$pid" 2>/dev/null; then
      local status=0
      wait "$pid" || status=$?
      log "process $pid exited (status $status) before \"$text\"; its log:"; tail -n 30 "$file" >&2; return 1
    fi
    if (( waited >= limit * 10 )); then
      log "no \"$text\" in $file after $limit s"; tail -n 30 "$file" >&2; return 1
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
}

start_second_mariadb() {
  local dir="$RUN/mariadb-b"
  mkdir -p "$dir/data"
  log "shard B: initialising a mariadbd of its own in $dir (port $SECOND_PORT)"
  mariadb-install-db --no-defaults --user="$(id -un)" --datadir="$dir/data" \
    --auth-root-authentication-method=normal >"$dir/install.log" 2>&1
  # shellcheck disable=SC2086 # SECOND_MARIADB_OPTS is a list of options
  mariadbd --no-defaults --user="$(id -un)" --datadir="$dir/data" --port="$SECOND_PORT" \
    --socket="$dir/sock" --bind-address=127.0.0.1 --pid-file="$dir/pid" --log-error="$dir/error.log" \
    --innodb-flush-log-at-trx-commit=1 ${SECOND_MARIADB_OPTS:-} &
  MARIADB_PID=$!
  await_line "$dir/error.log" "ready for connections" 60 "$MARIADB_PID"
}

# start_server NAME JDBC_URL: a bench server on its own database parley_bench_<random>.
start_server() {
  local name=$1 jdbc=$2 users=$((2 * PAIRS))
  local life=$(( ${DURATION%s} + ${WARMUP%s} + ${DRAIN%s} + 600 ))
  PARLEY_JDBC_URL="$jdbc" "$BENCH" server --backend mysql-redis --users "$users" \
    --seed "$RUN/seed-$name.json" --lifetime "${life}s" >"$RUN/server-$name.log" 2>&1 &
  PIDS+=("$!")
  SERVER_PID[$name]=$!
}

declare -A SERVER_PID
read -r A_HOST A_PORT < <(host_port "$SHARED_JDBC")
A_PORT="${A_PORT:-3306}"
if [[ "$PRIMARIES" == 2 ]]; then
  start_second_mariadb
  B_JDBC="jdbc:mysql://127.0.0.1:$SECOND_PORT/mysql"
else
  B_JDBC="$SHARED_JDBC"
fi
read -r B_HOST B_PORT < <(host_port "$B_JDBC")
B_PORT="${B_PORT:-3306}"

if [[ ! -f "$ROOT/benchmarks/target/benchmarks.jar" ]]; then
  "$BENCH" --help >/dev/null # builds the jar once here, rather than in two processes at once
fi
log "starting shard A (database on $A_HOST:$A_PORT) and shard B (database on $B_HOST:$B_PORT), $PAIRS pairs each"
start_server a "$SHARED_JDBC"
start_server b "$B_JDBC"
await_line "$RUN/server-a.log" "server ready" 180 "${SERVER_PID[a]}"
await_line "$RUN/server-b.log" "server ready" 180 "${SERVER_PID[b]}"
DB_A="$(jq -r .database "$RUN/seed-a.json")"
DB_B="$(jq -r .database "$RUN/seed-b.json")"
log "shard A: pid ${SERVER_PID[a]}, database $DB_A; shard B: pid ${SERVER_PID[b]}, database $DB_B"

# The mariadbd serving each shard, for --cpu-pid. The load modes find the shared one on 3306 by
# themselves; shard B's own instance is named explicitly.
CPU_B=()
if [[ "$PRIMARIES" == 2 ]]; then
  CPU_B=(--cpu-pid "mariadb=$MARIADB_PID")
fi
# The write work of one mariadbd, as "redo-bytes fsyncs row-writes row-updates commits" (global
# counters: on the shared instance they include whatever else uses it meanwhile).
COUNTERS="'Innodb_os_log_written','Innodb_data_fsyncs','Handler_write','Handler_update','Com_commit'"
counters() {
  sql "$1" "$2" "SELECT GROUP_CONCAT(VARIABLE_VALUE ORDER BY FIELD(VARIABLE_NAME, $COUNTERS) SEPARATOR ' ')
    FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME IN ($COUNTERS)"
}
delta() { # delta "before" "after": the element-wise difference as JSON
  jq -n --arg b "$1" --arg a "$2" '[$b, $a] | map(split(" ") | map(tonumber)) as [$x, $y]
    | {redoBytes: ($y[0] - $x[0]), fsyncs: ($y[1] - $x[1]), rowWrites: ($y[2] - $x[2]),
       rowUpdates: ($y[3] - $x[3]), commits: ($y[4] - $x[4])}'
}
COUNTERS_A0="$(counters "$A_HOST" "$A_PORT")"
COUNTERS_B0="$(counters "$B_HOST" "$B_PORT")"

log "load: $RATE msg/s on each shard for $DURATION (after $WARMUP warm-up), both at once"
"$BENCH" latency --seed "$RUN/seed-a.json" --pairs "$PAIRS" --rate "$RATE" --duration "$DURATION" \
  --warmup "$WARMUP" --drain "$DRAIN" --login-rate "$LOGIN_RATE" --max-logins-in-flight "$LOGINS_IN_FLIGHT" \
  --progress 10s --out "$OUT_DIR/$TAG-a.json" >"$RUN/load-a.log" 2>&1 &
LOAD_A=$!
LOADS+=("$LOAD_A")
"$BENCH" latency --seed "$RUN/seed-b.json" --pairs "$PAIRS" --rate "$RATE" --duration "$DURATION" \
  --warmup "$WARMUP" --drain "$DRAIN" --login-rate "$LOGIN_RATE" --max-logins-in-flight "$LOGINS_IN_FLIGHT" \
  --progress 10s "${CPU_B[@]}" --out "$OUT_DIR/$TAG-b.json" \
  >"$RUN/load-b.log" 2>&1 &
LOAD_B=$!
LOADS+=("$LOAD_B")
RC_A=0; RC_B=0
wait "$LOAD_A" || RC_A=$?
wait "$LOAD_B" || RC_B=$?
for s in a b; do
  [[ -f "$OUT_DIR/$TAG-$s.json" ]] || { log "shard $s produced no result; its log:"; tail -n 30 "$RUN/load-$s.log" >&2; exit 1; }
done

rows() { sql "$1" "$2" "SELECT (SELECT COUNT(*) FROM \`$3\`.messages), (SELECT COUNT(*) FROM \`$3\`.mailbox_entries)"; }
read -r MSG_A ENT_A < <(rows "$A_HOST" "$A_PORT" "$DB_A")
read -r MSG_B ENT_B < <(rows "$B_HOST" "$B_PORT" "$DB_B")
WORK_A="$(delta "$COUNTERS_A0" "$(counters "$A_HOST" "$A_PORT")")"
WORK_B="$(delta "$COUNTERS_B0" "$(counters "$B_HOST" "$B_PORT")")"

# One line per shard from its result JSON and its database's rows and mariadbd's counters.
report() { # report SHARD MESSAGES ENTRIES WORK-JSON MESSAGES-OF-ITS-MARIADBD
  jq -r --arg s "$1" --argjson m "$2" --argjson e "$3" --argjson w "$4" --argjson n "$5" '.result as $r | $r.traffic as $t |
    def ms: . / 1000 * 100 | floor / 100; def per: if $n > 0 then . / $n * 10 | floor / 10 else 0 end;
    "shard \($s): delivered/s \($t.deliveredPerSecond | floor), delivery p50 \($t.delivery.p50Us | ms) ms,"
    + " p99 \($t.delivery.p99Us | ms) ms, refused \($t.counts.refused), lost \($r.lost), duplicated"
    + " \($r.duplicated), ok \($r.ok)\n    its database: \($m) messages, \($e) mailbox entries; its mariadbd"
    + " per message it stored: \($w.redoBytes | per) redo bytes, \($w.fsyncs | per) fsyncs, \($w.rowWrites | per)"
    + " row writes, \($w.rowUpdates | per) row updates, \($w.commits | per) commits\n"
    + ([$t.cpu[] | "    CPU \(.label) (pid \(.pid)): \(.cores * 100 | floor / 100) cores, \(.microsPerDelivered
      | floor) us per delivered message"] | join("\n"))' "$OUT_DIR/$TAG-$1.json"
}
echo
log "result ($PRIMARIES mariadbd process(es) for 2 databases; $PAIRS pairs and $RATE msg/s per shard)"
if [[ "$PRIMARIES" == 1 ]]; then
  report a "$MSG_A" "$ENT_A" "$WORK_A" "$((MSG_A + MSG_B))"
  report b "$MSG_B" "$ENT_B" "$WORK_B" "$((MSG_A + MSG_B))"
  echo "  (one mariadbd serves both databases: its CPU and counters above are one process's, for both shards;"
  echo "   its counters are per message of either database and include anything else that used it meanwhile)"
else
  report a "$MSG_A" "$ENT_A" "$WORK_A" "$MSG_A"
  report b "$MSG_B" "$ENT_B" "$WORK_B" "$MSG_B"
fi
jq -n --arg primaries "$PRIMARIES" --argjson rate "$RATE" --argjson pairs "$PAIRS" \
  --arg dbA "$DB_A" --arg dbB "$DB_B" --argjson msgA "$MSG_A" --argjson msgB "$MSG_B" \
  --argjson entA "$ENT_A" --argjson entB "$ENT_B" --argjson workA "$WORK_A" --argjson workB "$WORK_B" \
  --slurpfile a "$OUT_DIR/$TAG-a.json" --slurpfile b "$OUT_DIR/$TAG-b.json" '{
    mode: "two-shards", mariadbProcesses: ($primaries | tonumber), ratePerShard: $rate, pairsPerShard: $pairs,
    deliveredPerSecond: ($a[0].result.traffic.deliveredPerSecond + $b[0].result.traffic.deliveredPerSecond),
    ok: ($a[0].result.ok and $b[0].result.ok),
    shards: [
      {shard: "a", database: $dbA, messagesStored: $msgA, mailboxEntries: $entA, mariadbWork: $workA, result: $a[0]},
      {shard: "b", database: $dbB, messagesStored: $msgB, mailboxEntries: $entB, mariadbWork: $workB, result: $b[0]}]
  }' >"$OUT_DIR/$TAG.json"
log "combined result written to $OUT_DIR/$TAG.json"
[[ "$RC_A" == 0 && "$RC_B" == 0 ]]
