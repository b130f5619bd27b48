#!/usr/bin/env bash
# The benchmark of BENCHMARKS.md, run by `make bench` after the bench build:
#   1. an idle server on an empty, initialized store: its RSS;
#   2. tanzim-bench-load: COUNT generated people through PeopleService::CreateMany
#      and the store, beside a plain SQLite baseline in the same run;
#   3. a server on that store under wrk (-t2 -c64, loopback): /healthz, people by
#      id, a province page and a commune page, RUNS times each, medians kept;
#      interleaved with the same wrk command against tanzim-bench-http-baseline,
#      the bare Boost.Beast server of BASELINES.md, so targets can be judged by ratio;
#   4. BENCHMARKS.md rewritten from the results.
#
# Environment: COUNT (people, default 1000000), BATCH (per transaction, 1000000:
# one file's import, and the one transaction of BASELINES.md's SQLite figure),
# RUNS (wrk runs per scenario, 3), DURATION (per wrk run, 10s), BUILD (build-bench),
# REPORT (output file, BENCHMARKS.md), OUT (work files, bench/out).
set -euo pipefail

cd "$(dirname "$0")/.."
# shellcheck source=bench/report.sh
source bench/report.sh
BUILD=${BUILD:-build-bench}
COUNT=${COUNT:-1000000}
BATCH=${BATCH:-1000000}
RUNS=${RUNS:-3}
DURATION=${DURATION:-10s}
REPORT=${REPORT:-BENCHMARKS.md}
CONNECTIONS=64
WRK_THREADS=2
OUT=${OUT:-bench/out}
TANZIM=$BUILD/tanzim
LOADER=$BUILD/tanzim-bench-load
BASELINE=$BUILD/tanzim-bench-http-baseline
# Generated communes are named <province>-C01…C20 (bench/load_people.cc).
PROVINCE=MA-CAS
COMMUNE=MA-CAS-C01

for tool in "$TANZIM" "$LOADER" "$BASELINE"; do
  [[ -x $tool ]] || { echo "run.sh: $tool is missing; run 'make bench'" >&2; exit 1; }
done
for tool in wrk curl; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool is missing; run 'make deps'" >&2; exit 1; }
done

# Only this script's files: bench/stats_run.sh keeps a store here that takes minutes to build.
mkdir -p "$OUT"
# REUSE_LOAD=1 keeps the store and load figures of the last run and redoes the rest.
[[ ${REUSE_LOAD:-0} == 1 && -s $OUT/load.txt && -f $OUT/people.db ]] || REUSE_LOAD=0
[[ $REUSE_LOAD == 1 ]] || rm -f "$OUT"/people.db* "$OUT"/load.txt "$OUT"/load.log "$OUT"/load.origin
rm -f "$OUT"/empty.db* "$OUT"/results.txt \
  "$OUT"/serve-*.log "$OUT"/wrk-*.txt "$OUT"/wrk-*.txt.time

SERVER_PID=
PORT=
BASELINE_PID=
BASELINE_PORT=
stop_server() {
  if [[ -n $SERVER_PID ]]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=
  fi
}
stop_baseline() {
  if [[ -n $BASELINE_PID ]]; then
    kill "$BASELINE_PID" 2>/dev/null || true
    wait "$BASELINE_PID" 2>/dev/null || true
    BASELINE_PID=
  fi
}
trap 'stop_server; stop_baseline' EXIT
trap 'exit 130' INT TERM

# await_port PID LOG: waits until the server PID logs "serving on http://127.0.0.1:PORT"
# and answers /healthz there; prints PORT. Ends the script if the server does not start.
await_port() {
  local pid=$1 log=$2 port
  for _ in $(seq 100); do
    port=$(sed -n 's|.*serving on http://127\.0\.0\.1:\([0-9]*\).*|\1|p' "$log" | head -1)
    if [[ -n $port ]] && curl -sf "http://127.0.0.1:$port/healthz" >/dev/null; then
      echo "$port"
      return 0
    fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "run.sh: the server did not start; its log:" >&2
  cat "$log" >&2
  exit 1
}

# start_server DB LOG: serves DB on a free loopback port; sets SERVER_PID and PORT.
start_server() {
  local db=$1 log=$2
  : >"$log"  # exists before the first sed in await_port (pipefail would end the script)
  "$TANZIM" serve --db "$db" --listen 127.0.0.1:0 2>"$log" &
  SERVER_PID=$!
  PORT=$(await_port "$SERVER_PID" "$log")
}

# start_baseline LOG: the bare Beast server on a free loopback port (as many threads
# as tanzim serve: one per core); sets BASELINE_PID and BASELINE_PORT.
start_baseline() {
  local log=$1
  : >"$log"
  "$BASELINE" --listen 127.0.0.1:0 2>"$log" &
  BASELINE_PID=$!
  BASELINE_PORT=$(await_port "$BASELINE_PID" "$log")
}

# proc_kib PID FIELD: a /proc/PID/status field (VmRSS, VmHWM) in KiB.
proc_kib() { awk -v f="$2:" '$1 == f { print $2 }' "/proc/$1/status"; }
# KiB → MB (10^6 bytes, as the targets are written)
mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k * 1024 / 1e6 }'; }
metric() { metric_in "$OUT/load.txt" "$1"; }

# wrk's latency ("812.00us", "2.10ms", "1.02s") in milliseconds.
to_ms() {
  awk -v v="$1" 'BEGIN {
    n = v + 0
    if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n *= 1; else if (v ~ /m$/) n *= 60000;
    else if (v ~ /s$/) n *= 1000
    printf "%.3f", n }'
}
median() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

# CPU time (user + system) the server has used so far, in clock ticks.
server_ticks() { awk '{ print $14 + $15 }' "/proc/$SERVER_PID/stat"; }
# bench_baseline: bench "baseline" against the bare Beast server; the locals
# shadow SERVER_PID and PORT for the bench call (bash scoping is dynamic).
bench_baseline() {
  local SERVER_PID=$BASELINE_PID PORT=$BASELINE_PORT
  bench baseline /healthz
}
TICKS_PER_S=$(getconf CLK_TCK)

# bench NAME PATH [wrk args…]: one wrk run; appends "NAME rps p50 p99 errors cpu_us
# wrk_us" to results.txt, cpu_us being the server's CPU time per request in
# microseconds (unlike req/s, it barely depends on what else the two cores are
# running) and wrk_us wrk's own, which the server's two cores pay too.
bench() {
  local name=$1 path=$2 file ticks TIMEFORMAT='%3U %3S'
  shift 2
  file="$OUT/wrk-$name-$(date +%s%N).txt"
  ticks=$(server_ticks)
  { time wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$@" \
    "http://127.0.0.1:$PORT$path" >"$file"; } 2>"$file.time"
  ticks=$(($(server_ticks) - ticks))
  local rps p50 p99 errors requests cpu_us wrk_us
  rps=$(awk '/^Requests\/sec:/ { print $2 }' "$file")
  p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$file")")
  p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$file")")
  # Non-2xx answers plus socket errors (connect, read, write, and timeouts: no answer in 2 s).
  errors=$(awk '/Non-2xx or 3xx responses:/ { n += $NF }
    /Socket errors:/ { gsub(",", ""); n += $4 + $6 + $8 + $10 } END { print n + 0 }' "$file")
  requests=$(awk '/ requests in / { print $1 }' "$file")
  cpu_us=$(awk -v t="$ticks" -v hz="$TICKS_PER_S" -v n="$requests" 'BEGIN { printf "%.1f", t / hz * 1e6 / n }')
  wrk_us=$(awk -v n="$requests" '{ printf "%.1f", ($1 + $2) * 1e6 / n }' "$file.time")
  echo "$name $rps $p50 $p99 $errors $cpu_us $wrk_us" >>"$OUT/results.txt"
  printf '  %-10s %10s req/s  p50 %7s ms  p99 %8s ms  errors %s  CPU us/req server %6s wrk %5s\n' \
    "$name" "$rps" "$p50" "$p99" "$errors" "$cpu_us" "$wrk_us"
}

LOAD_AT_START=$(load_avg)
STARTED=$(date -u '+%Y-%m-%d %H:%M UTC')

echo "== 1. idle server on an empty store"
"$TANZIM" init --db "$OUT/empty.db" 2>/dev/null
start_server "$OUT/empty.db" "$OUT/serve-empty.log"
sleep 1
IDLE_RSS_KIB=$(proc_kib "$SERVER_PID" VmRSS)
IDLE_HWM_KIB=$(proc_kib "$SERVER_PID" VmHWM)
echo "  idle RSS $(mb "$IDLE_RSS_KIB") MB (peak $(mb "$IDLE_HWM_KIB") MB)"
stop_server

echo "== 2. loading $COUNT people (batches of $BATCH)"
LOAD_CMD="$LOADER --db $OUT/people.db --count $COUNT --batch $BATCH"
if [[ $REUSE_LOAD == 0 ]]; then
  $LOAD_CMD >"$OUT/load.txt" 2>"$OUT/load.log"
  echo "$(date -u '+%Y-%m-%d %H:%M UTC'), code $(git rev-parse --short HEAD 2>/dev/null || echo unknown)" \
    >"$OUT/load.origin"
fi
# A reused store starts where a fresh load does: with an empty read log (each
# by-id run adds to it, and a larger by-person index costs every read more), and in
# the kernel's page cache (a build since may have pushed it out, and by-id reads
# would then wait on the disk).
if [[ $REUSE_LOAD == 1 ]]; then
  sqlite3 "$OUT/people.db" "DELETE FROM person_reads; PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
  cat "$OUT"/people.db* >/dev/null
fi
cat "$OUT/load.txt"
MAX_ID=$(metric people_max_id | cut -d. -f1)
export MAX_ID  # read by bench/by_id.lua
DB_MIB=$(du -m "$OUT/people.db" | cut -f1)

# A random password: the password policy refuses common ones ("password123").
BENCH_PASSWORD=$(head -c 24 /dev/urandom | base64 | tr -d '/+=')
printf '%s\n' "$BENCH_PASSWORD" | "$TANZIM" user add --db "$OUT/people.db" --login bench --role admin \
  2>/dev/null || [[ $REUSE_LOAD == 1 ]]  # the reused store has the user already
TOKEN=$("$TANZIM" token create --db "$OUT/people.db" --login bench 2>/dev/null | tail -1)
AUTH="Authorization: Bearer $TOKEN"

echo "== 3. server on $COUNT people: wrk -t$WRK_THREADS -c$CONNECTIONS -d$DURATION, $RUNS runs"
start_server "$OUT/people.db" "$OUT/serve-people.log"
start_baseline "$OUT/serve-baseline.log"
sleep 1
START_RSS_KIB=$(proc_kib "$SERVER_PID" VmRSS)
for check in "/api/v1/people/1" "/api/v1/people?territory=$PROVINCE&limit=50" \
  "/api/v1/people?territory=$COMMUNE&limit=50"; do
  curl -sf -H "$AUTH" "http://127.0.0.1:$PORT$check" >/dev/null ||
    { echo "run.sh: GET $check failed" >&2; exit 1; }
done
# A short untimed pass, so every scenario starts with the same warm caches.
DURATION=3s bench warmup "/api/v1/people/1" -H "$AUTH" -s bench/by_id.lua >/dev/null
DURATION=3s bench_baseline >/dev/null
: >"$OUT/results.txt"
for run in $(seq "$RUNS"); do
  echo "  run $run"
  bench_baseline
  bench healthz /healthz
  bench by_id /api/v1/people/1 -H "$AUTH" -s bench/by_id.lua
  bench province "/api/v1/people?territory=$PROVINCE&limit=50" -H "$AUTH"
  bench commune "/api/v1/people?territory=$COMMUNE&limit=50" -H "$AUTH"
done
PEAK_RSS_KIB=$(proc_kib "$SERVER_PID" VmHWM)
END_RSS_KIB=$(proc_kib "$SERVER_PID" VmRSS)
stop_server
stop_baseline
LOAD_AT_END=$(load_avg)

# --- medians and verdicts ---------------------------------------------------
col() { awk -v n="$1" -v c="$2" '$1 == n { print $c }' "$OUT/results.txt"; }
med() {
  local values
  mapfile -t values < <(col "$1" "$2")
  median "${values[@]}"
}
errors() { col "$1" 5 | awk '{ n += $1 } END { print n + 0 }'; }
pct() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f", 100 * a / b }'; }
# 1234567.8 → 1,234,568
fmt() {
  awk -v v="$1" 'BEGIN {
    s = sprintf("%.0f", v); out = ""
    while (length(s) > 3) { out = "," substr(s, length(s) - 2) out; s = substr(s, 1, length(s) - 3) }
    print s out }'
}
# verdict VALUE OP LIMIT (OP: ge or le)
verdict() {
  if awk -v v="$1" -v op="$2" -v l="$3" 'BEGIN { exit !(op == "ge" ? v + 0 >= l + 0 : v + 0 <= l + 0) }'; then
    echo pass
  else
    echo "**miss**"
  fi
}

# stats NAME: "req/s p50 p99 errors cpu_us wrk_us" of a scenario, medians (errors summed) over the runs.
stats() { echo "$(med "$1" 2) $(med "$1" 3) $(med "$1" 4) $(errors "$1") $(med "$1" 6) $(med "$1" 7)"; }
read -r RPS_baseline P50_baseline P99_baseline ERR_baseline CPU_baseline WRK_baseline < <(stats baseline)
read -r RPS_healthz P50_healthz P99_healthz ERR_healthz CPU_healthz WRK_healthz < <(stats healthz)
read -r RPS_by_id P50_by_id P99_by_id ERR_by_id CPU_by_id WRK_by_id < <(stats by_id)
read -r RPS_province P50_province P99_province ERR_province CPU_province WRK_province < <(stats province)
read -r RPS_commune P50_commune P99_commune ERR_commune CPU_commune WRK_commune < <(stats commune)
E2E=$(metric load_end_to_end_rows_per_s)
STORE=$(metric load_store_rows_per_s)
BASE=$(metric baseline_rows_per_s)
E2E_CPU=$(metric load_end_to_end_rows_per_cpu_s)
STORE_CPU=$(metric load_store_rows_per_cpu_s)
BASE_CPU=$(metric baseline_rows_per_cpu_s)
BYID_SHARE=$(pct "$RPS_by_id" "$RPS_healthz")
# The same share run by run (each by-id run follows its /healthz run within seconds),
# to show how much of the verdict is the machine's drift between runs.
BYID_SHARE_RUNS=$(paste -d' ' <(col healthz 2) <(col by_id 2) |
  awk '{ printf "%s%.1f%%", (NR > 1 ? ", " : ""), 100 * $2 / $1 }')
# Shares of the in-run baseline, one decimal (the by-id target is 24.5%).
pct1() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", 100 * a / b }'; }
# The issue's 40,000 req/s against BASELINES.md's 163,000 for the same Beast server.
BASELINE_TARGET_PCT=$(pct1 40000 163000)
SHARE_baseline=$(pct1 "$RPS_baseline" "$RPS_baseline")
SHARE_healthz=$(pct1 "$RPS_healthz" "$RPS_baseline")
SHARE_by_id=$(pct1 "$RPS_by_id" "$RPS_baseline")
SHARE_province=$(pct1 "$RPS_province" "$RPS_baseline")
SHARE_commune=$(pct1 "$RPS_commune" "$RPS_baseline")
IDLE_MB=$(mb "$IDLE_RSS_KIB")
PEAK_MB=$(mb "$PEAK_RSS_KIB")

MEM_GIB=$(awk '/^MemTotal:/ { printf "%.1f", $2 / 1048576 }' /proc/meminfo)
KERNEL=$(uname -sr)
OS=$(awk -F= '$1 == "PRETTY_NAME" { gsub("\"", "", $2); print $2 }' /etc/os-release)
LOAD_NOTE=""
if [[ $REUSE_LOAD == 1 ]]; then
  # Stores loaded before load.origin existed: the loader log's first time stamp.
  ORIGIN=$(cat "$OUT/load.origin" 2>/dev/null ||
    echo "$(grep -m1 -o '^\[[0-9-]* [0-9:]*' "$OUT/load.txt" | tr -d '[' | cut -c1-16) UTC, code not recorded")
  LOAD_NOTE="
Reused (\`REUSE_LOAD=1\`): the load figures are those of the load of $ORIGIN;
the HTTP and memory figures below are this run's."
fi

{
  cat <<EOF
# Benchmarks

Generated by \`make bench\` (\`bench/run.sh\`); do not edit by hand, rerun it.
\`COUNT=20000 RUNS=1 DURATION=3s bench/run.sh\` is a quick try that rewrites this
file too.

What is measured:
- **Load**: \`tanzim-bench-load\` (\`bench/load_people.cc\`) generates $(fmt "$COUNT") people
  (fixed seed; common Moroccan names, 75% in both scripts, 15% Arabic only, 10% Latin only;
  unique CINs, 06/07 mobiles in three spellings, e-mails, birth dates; 90% in one of
  1,500 generated communes, 10% in one of the 75 provinces) and loads them in
  transactions of $(fmt "$BATCH") through \`PeopleService::CreateMany\` (validation,
  normalization, sort and search keys) into \`SqlitePeopleStore::InsertMany\`, with the
  three people indexes in place and one \`people.import\` audit entry per transaction (the
  path of \`tanzim import people\`). A transaction of 10,000 people or more, at least
  half the table's size, drops the indexes and builds them again by sorting before it
  commits (\`bench/NOTES.md\`, twelfth session): the times include that build. *End to
  end* times \`CreateMany\`; *store only* times the \`InsertMany\` calls inside it, less
  the time they spend getting the next part of checked drafts (\`CreateMany\` checks
  drafts on the other cores while the store inserts the parts already checked; the
  store's thread checks a part itself rather than wait for one). Generating
  the drafts is not timed.
- **Baseline**: the same people inserted in the same run with the bare SQLite C API
  (prepared statement, same batches and pragmas) into a plain table with two indexes
  (unique CIN; territory + Latin name), the reference figure of \`BASELINES.md\`. Each
  batch goes to the baseline right after the store, so a drift in the machine's speed
  during the run weighs on both alike.
- **HTTP**: \`tanzim serve\` (default threads: one per core) on the loaded store, driven
  by wrk on loopback, $RUNS runs of $DURATION per scenario, interleaved; the table shows
  medians. By-id requests draw ids uniformly from 1..$(fmt "$MAX_ID") (\`bench/by_id.lua\`).
- **Memory**: VmRSS of a server on an empty initialized store one second after start
  (idle), and VmHWM (peak) of the server on the loaded store after all wrk runs.

## Run of $STARTED

| machine | |
|---|---|
| CPU | $(nproc) × $(cpu_model) |
| memory | $MEM_GIB GiB |
| system | $OS, $KERNEL |
| SQLite | $(package_version libsqlite3-0) |
| code | $(code_version) |
| load average at start / end | $LOAD_AT_START / $LOAD_AT_END |

wrk shares the two cores with the server, so HTTP figures are lower bounds. A load
average well above 2 at the start means other work was running on the machine and all
wall-clock figures are pessimistic; the per-CPU-second load rates are less affected.

Commands:
\`\`\`
$LOAD_CMD
tanzim serve --db $OUT/people.db --listen 127.0.0.1:0
$BASELINE --listen 127.0.0.1:0
wrk -t$WRK_THREADS -c$CONNECTIONS -d$DURATION --latency http://127.0.0.1:BASELINE_PORT/healthz
wrk -t$WRK_THREADS -c$CONNECTIONS -d$DURATION --latency http://127.0.0.1:PORT/healthz
MAX_ID=$MAX_ID wrk -t$WRK_THREADS -c$CONNECTIONS -d$DURATION --latency -H 'Authorization: Bearer \$TOKEN' -s bench/by_id.lua http://127.0.0.1:PORT/api/v1/people/1
wrk -t$WRK_THREADS -c$CONNECTIONS -d$DURATION --latency -H 'Authorization: Bearer \$TOKEN' 'http://127.0.0.1:PORT/api/v1/people?territory=$PROVINCE&limit=50'
wrk -t$WRK_THREADS -c$CONNECTIONS -d$DURATION --latency -H 'Authorization: Bearer \$TOKEN' 'http://127.0.0.1:PORT/api/v1/people?territory=$COMMUNE&limit=50'
\`\`\`

### Load of $(fmt "$COUNT") people (store file: $DB_MIB MiB)
$LOAD_NOTE

| path | rows/s (wall clock) | rows per CPU second | vs. baseline (wall) |
|---|---|---|---|
| end to end: \`PeopleService::CreateMany\` | $(fmt "$E2E") | $(fmt "$E2E_CPU") | $(pct "$E2E" "$BASE")% |
| store only: \`SqlitePeopleStore::InsertMany\` | $(fmt "$STORE") | $(fmt "$STORE_CPU") | $(pct "$STORE" "$BASE")% |
| baseline: bare SQLite, two indexes | $(fmt "$BASE") | $(fmt "$BASE_CPU") | 100% |

Seconds: generating $(metric generate_seconds) (not counted), \`CreateMany\`
$(metric create_many_seconds) of which \`InsertMany\` $(metric store_insert_seconds) and
$(metric not_overlapped_seconds) not overlapped with it (territory look-ups, and the store's
thread checking parts or waiting for them); baseline $(metric baseline_seconds).
Loader peak RSS $(metric loader_peak_rss_mib) MiB.

### HTTP, $(fmt "$COUNT") people on file (medians of $RUNS)

| request | req/s | % of baseline req/s | p50 ms | p99 ms | non-2xx or socket errors¹ | server CPU µs/request | wrk CPU µs/request |
|---|---|---|---|---|---|---|---|
| baseline: bare Beast server (BASELINES.md reference), 62-byte JSON | $(fmt "$RPS_baseline") | $SHARE_baseline% | $P50_baseline | $P99_baseline | $ERR_baseline | $CPU_baseline | $WRK_baseline |
| \`GET /healthz\` | $(fmt "$RPS_healthz") | $SHARE_healthz% | $P50_healthz | $P99_healthz | $ERR_healthz | $CPU_healthz | $WRK_healthz |
| \`GET /api/v1/people/{id}\` | $(fmt "$RPS_by_id") | $SHARE_by_id% | $P50_by_id | $P99_by_id | $ERR_by_id | $CPU_by_id | $WRK_by_id |
| \`GET /api/v1/people?territory=$PROVINCE&limit=50\` (province) | $(fmt "$RPS_province") | $SHARE_province% | $P50_province | $P99_province | $ERR_province | $CPU_province | $WRK_province |
| \`GET /api/v1/people?territory=$COMMUNE&limit=50\` (commune) | $(fmt "$RPS_commune") | $SHARE_commune% | $P50_commune | $P99_commune | $ERR_commune | $CPU_commune | $WRK_commune |

¹ Summed over the runs; socket errors include wrk's timeouts (no answer within 2 s).

The baseline is \`tanzim-bench-http-baseline\` (\`bench/baseline_server.cc\`), the
server BASELINES.md measured at 163,000 req/s "on this kind of machine": Boost.Beast,
one io_context and one SO_REUSEPORT acceptor per thread, TCP_NODELAY, keep-alive, a
62-byte JSON answer, no routing, headers or timeouts. It runs in the same run, on the
same cores, with the same wrk command, so its rate here says what this machine's
loopback TCP allows; our rows are judged against it by ratio.

By id is $BYID_SHARE% of the \`/healthz\` rate (medians); run by run, $BYID_SHARE_RUNS. Server CPU per request is user + system
time of the server process (from /proc) over the requests wrk completed, kernel TCP work
included; it is the figure least disturbed by other load on the machine.

### Memory

| server | RSS |
|---|---|
| idle, empty initialized store | $IDLE_MB MB |
| $(fmt "$COUNT") people, after start | $(mb "$START_RSS_KIB") MB |
| $(fmt "$COUNT") people, after the wrk runs (VmRSS) | $(mb "$END_RSS_KIB") MB |
| $(fmt "$COUNT") people, peak (VmHWM) | $PEAK_MB MB |

### Targets

| target | measured | verdict |
|---|---|---|
| load ≥ 150,000 people/s, end to end | $(fmt "$E2E") | $(verdict "$E2E" ge 150000) |
| load ≥ 150,000 people/s, store only | $(fmt "$STORE") | $(verdict "$STORE" ge 150000) |
| load end to end ≥ 65% of the in-run SQLite baseline³ | $(pct "$E2E" "$BASE")% | $(verdict "$(pct "$E2E" "$BASE")" ge 65) |
| by id ≥ 40,000 req/s | $(fmt "$RPS_by_id") | $(verdict "$RPS_by_id" ge 40000) |
| by id ≥ $BASELINE_TARGET_PCT% of the in-run Beast baseline² | $SHARE_by_id% | $(verdict "$SHARE_by_id" ge "$BASELINE_TARGET_PCT") |
| by id p99 ≤ 10 ms | $P99_by_id ms | $(verdict "$P99_by_id" le 10) |
| by id ≥ 40% of \`/healthz\` | $BYID_SHARE% | $(verdict "$BYID_SHARE" ge 40) |
| idle server ≤ 50 MB RSS | $IDLE_MB MB | $(verdict "$IDLE_MB" le 50) |
| ≤ 300 MB RSS with $(fmt "$COUNT") people | $PEAK_MB MB | $(verdict "$PEAK_MB" le 300) |

² The issue's 40,000 req/s is $BASELINE_TARGET_PCT% of the 163,000 req/s BASELINES.md
gives for the bare Beast server; judged against that server measured in this run
($(fmt "$RPS_baseline") req/s here), the target does not depend on how fast this
machine's loopback TCP is. The absolute line above is kept as the issue states it.

³ Likewise, 150,000 people/s is 65% of the 230,000 indexed rows/s BASELINES.md gives
for bare SQLite with two indexes. The in-run baseline inserts the same people with two
random-keyed indexes (the reference's keys were presumably in order); ours keeps three,
checks each person's territory reference, and writes one hash-chained audit entry per
transaction, as \`tanzim import people\` does per file (bench/NOTES.md).
EOF
  # The member-figures section that bench/stats_run.sh wrote last (make bench reruns it after).
  if [[ -f bench/stats_results.md ]]; then
    echo
    cat bench/stats_results.md
  fi
  # The sign-in section that bench/signin_run.sh wrote last, with its markers.
  if [[ -f bench/signin_results.md ]]; then
    echo
    cat bench/signin_results.md
  fi
  # The JSON body section that bench/json_body_run.sh wrote last, with its markers
  # (without this, each rerun of this script dropped it).
  if [[ -f bench/json_body_results.md ]]; then
    echo
    cat bench/json_body_results.md
  fi
  # The fuzzing section that `make fuzz` (fuzz/run.sh) wrote last, with its markers.
  if [[ -f fuzz/results.md ]]; then
    echo
    cat fuzz/results.md
  fi
  if [[ -f bench/NOTES.md ]]; then
    echo
    cat bench/NOTES.md
  fi
  echo
  echo "Raw wrk runs (name, req/s, p50 ms, p99 ms, non-2xx/errors, server CPU µs/request, wrk CPU µs/request):"
  echo '```'
  cat "$OUT/results.txt"
  echo '```'
} >"$REPORT"
echo "== wrote $REPORT"
