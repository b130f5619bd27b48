#!/usr/bin/env bash
# The JSON body benchmark (`make bench-json`, also run by `make bench`):
# tanzim-bench-json-body times what a handler does with a request body
# (ParseJsonObject, then ObjectReader) beside nlohmann's plain parse, and this
# script replaces the section between the json markers of BENCHMARKS.md
# (appended when absent).
#
# Environment: RUNS (15), BUILD (build-bench), REPORT (BENCHMARKS.md).
set -euo pipefail

cd "$(dirname "$0")/.."
# shellcheck source=bench/report.sh
source bench/report.sh
BUILD=${BUILD:-build-bench}
RUNS=${RUNS:-15}
REPORT=${REPORT:-BENCHMARKS.md}
OUT=bench/out
TOOL=$BUILD/tanzim-bench-json-body
SECTION=bench/json_body_results.md

[[ -x $TOOL ]] || { echo "json_body_run.sh: $TOOL is missing; run 'make bench-json'" >&2; exit 1; }
mkdir -p "$OUT"
LOAD_AT_START=$(load_avg)
STARTED=$(date -u '+%Y-%m-%d %H:%M UTC')
CMD="$TOOL --runs $RUNS"
echo "== JSON bodies: $CMD"
$CMD >"$OUT/json_body.txt"
cat "$OUT/json_body.txt"
LOAD_AT_END=$(load_avg)

{
  cat <<EOT
<!-- json:begin (bench/json_body_run.sh writes this section) -->
## Reading JSON request bodies, run of $STARTED

\`ParseJsonObject\` then \`ObjectReader\` over a person's fields, as \`POST /api/v1/people\`
does, called in process (\`bench/json_body_bench.cc\`), beside nlohmann's plain
\`json::parse\` of the same bytes, which checks neither repeated keys nor depth
(the baseline). Median, min and max of the timed runs after one untimed run; a person's
body is timed 10,000 times a run. Sign-in reads its body the same way before any
credential, so the 1 MiB bodies are what anyone may make a server thread do.

| machine | |
|---|---|
| CPU | $(nproc) × $(cpu_model) |
| nlohmann-json | $(package_version nlohmann-json3-dev) |
| code | $(code_version) |
| load average at start / end | $LOAD_AT_START / $LOAD_AT_END |

Command: \`$CMD\`

EOT
  sed -n '/^|/p' "$OUT/json_body.txt"
  echo
  echo "No issue sets a target here; the ratio says what the checks add to the parse."
  echo "<!-- json:end -->"
} >"$SECTION"

replace_section json "$SECTION" "$REPORT"
echo "JSON body section written to $REPORT"
