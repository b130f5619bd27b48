#!/usr/bin/env bash
# The member-figures benchmark (`make bench-stats`, also run by `make bench`):
#   1. tanzim-bench-stats generates a store with MEMBERS memberships and BODIES
#      bodies (kept in bench/out/stats.db and reused when present) and times
#      StatsService::Members, RUNS times per case, for a region and the country;
#   2. its Markdown goes to bench/stats_results.md, which bench/run.sh includes
#      when it regenerates BENCHMARKS.md, and replaces the section between the
#      stats markers of BENCHMARKS.md (appended when absent).
#
# Environment: MEMBERS (1000000), BODIES (20000), RUNS (15), BUILD (build-bench),
# REPORT (BENCHMARKS.md), FRESH=1 to rebuild the store.
set -euo pipefail

cd "$(dirname "$0")/.."
# shellcheck source=bench/report.sh
source bench/report.sh
BUILD=${BUILD:-build-bench}
MEMBERS=${MEMBERS:-1000000}
BODIES=${BODIES:-20000}
RUNS=${RUNS:-15}
REPORT=${REPORT:-BENCHMARKS.md}
OUT=bench/out
DB=$OUT/stats-$MEMBERS.db
TOOL=$BUILD/tanzim-bench-stats
SECTION=bench/stats_results.md

[[ -x $TOOL ]] || { echo "stats_run.sh: $TOOL is missing; run 'make bench-stats'" >&2; exit 1; }
mkdir -p "$OUT"
if [[ ${FRESH:-0} == 1 ]]; then rm -f "$DB" "$DB-wal" "$DB-shm" "$DB.load-seconds"; fi

LOAD_AT_START=$(load_avg)
STARTED=$(date -u '+%Y-%m-%d %H:%M UTC')
CMD="$TOOL --db $DB --members $MEMBERS --bodies $BODIES --runs $RUNS"
echo "== member figures: $CMD"
$CMD >"$OUT/stats.txt"
cat "$OUT/stats.txt"
metric() { metric_in "$OUT/stats.txt" "$1"; }
LOAD_AT_END=$(load_avg)
LOADED=$(metric load_seconds)
# The load is timed only when the store is generated; a reused store keeps that figure.
if [[ $LOADED != 0.0 ]]; then echo "$LOADED" >"$DB.load-seconds"; LOADED="$LOADED s"
elif [[ -f $DB.load-seconds ]]; then LOADED="$(cat "$DB.load-seconds") s (when the reused store was generated)"
else LOADED=; fi

{
  cat <<EOT
<!-- stats:begin (bench/stats_run.sh writes this section) -->
## Member figures (\`GET /api/v1/stats/members\`), run of $STARTED

\`StatsService::Members\` called in process (no HTTP) on a store of $(metric members)
memberships, one per person, in $(metric bodies) bodies over $(metric communes) generated
communes (\`bench/stats_bench.cc\`: approvals over ten years, leaning recent; a quarter
left, lapsed 60% of them; 38% women; ages 18–80 at approval). Median, min and max of
$(metric runs) runs after one untimed run. The figures come from \`member_stats_monthly\`
($(metric summary_rows) rows), which triggers on \`memberships\` keep per territory and
month (migration 0002; see bench/NOTES.md, "Member figures").

| machine | |
|---|---|
| CPU | $(nproc) × $(cpu_model) |
| SQLite | $(package_version libsqlite3-0) |
| code | $(code_version) |
| load average at start / end | $LOAD_AT_START / $LOAD_AT_END |

Command: \`$CMD\`${LOADED:+. Generating and loading the store, triggers included, took ${LOADED}.}

EOT
  sed -n '/^|/p' "$OUT/stats.txt"
  echo
  echo "Ratio: the median over the BASELINES.md figure for \"GROUP BY commune with a covering"
  echo "index\" over 1M rows (40 ms); the target is a median under 50 ms."
  echo "<!-- stats:end -->"
} >"$SECTION"

replace_section stats "$SECTION" "$REPORT"
echo "== wrote $SECTION and its section of $REPORT"
