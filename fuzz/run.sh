#!/usr/bin/env bash
# Runs every libFuzzer target of fuzz/ for a bounded time (`make fuzz`, and a
# shorter run inside `make test`). Each starts from its seed corpus in
# fuzz/corpus/<target>/ plus what earlier runs found (fuzz/out/, not committed).
# A crash, leak, timeout or sanitizer report is a finding: the input is kept in
# fuzz/out/<target>/ and the script exits non-zero.
#
# Environment: FUZZ_SECONDS (per target, default 60), BUILD (build-fuzz),
# REPORT (a file whose fuzzing section is rewritten with the results; empty: none).
set -euo pipefail

cd "$(dirname "$0")/.."
# shellcheck source=bench/report.sh
source bench/report.sh
BUILD=${BUILD:-build-fuzz}
FUZZ_SECONDS=${FUZZ_SECONDS:-60}
REPORT=${REPORT-}
TARGETS=(json_request request_target validators communes_csv people_csv)
OUT=fuzz/out
# A recorded run (`make fuzz`, REPORT set) goes to fuzz/results.md, which is
# committed so that bench/run.sh can include it when it rewrites BENCHMARKS.md;
# the short runs of `make test` leave the tree as it was.
RESULTS=$OUT/results.md
if [[ -n $REPORT ]]; then RESULTS=fuzz/results.md; fi

mkdir -p "$OUT"
findings_total=0
rows=()
for target in "${TARGETS[@]}"; do
  binary=$BUILD/fuzz/${target}_fuzz
  [[ -x $binary ]] || { echo "fuzz/run.sh: $binary is missing; run 'make fuzz'" >&2; exit 1; }
  corpus=$OUT/$target/corpus
  mkdir -p "$corpus"
  cp -n fuzz/corpus/"$target"/* "$corpus"/ 2>/dev/null || true
  log=$OUT/$target/log.txt
  echo "== fuzzing $target for ${FUZZ_SECONDS}s"
  status=0
  # One worker per core would starve the machine's other jobs; one is enough
  # for a bounded smoke run and keeps the numbers comparable between runs.
  "$binary" "$corpus" -max_total_time="$FUZZ_SECONDS" -max_len=4096 -timeout=10 \
    -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$OUT/$target/" \
    >"$log" 2>&1 || status=$?
  execs=$(grep -oP 'stat::number_of_executed_units:\s*\K[0-9]+' "$log" || echo 0)
  per_second=$(grep -oP 'stat::average_exec_per_sec:\s*\K[0-9]+' "$log" || echo 0)
  coverage=$(grep -oP '#[0-9]+\s+DONE\s+cov: \K[0-9]+' "$log" || grep -oP 'cov: \K[0-9]+' "$log" | tail -1 || echo 0)
  units=$(find "$corpus" -type f | wc -l)
  findings=$(find "$OUT/$target" -maxdepth 1 -type f \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' -o -name 'oom-*' \) | wc -l)
  if [[ $status -ne 0 && $findings -eq 0 ]]; then findings=1; fi
  findings_total=$((findings_total + findings))
  echo "   $execs runs, $per_second/s, coverage $coverage, corpus $units, findings $findings"
  if [[ $findings -ne 0 ]]; then tail -40 "$log" >&2; fi
  rows+=("| \`${target}_fuzz\` | ${FUZZ_SECONDS} s | $execs | $per_second | $coverage | $units | $findings |")
done

{
  echo "<!-- fuzz:begin (fuzz/run.sh writes this section) -->"
  echo "## Fuzzing"
  echo
  echo "libFuzzer (clang $(clang --version | grep -oP 'version \K[0-9.]+' | head -1), AddressSanitizer and UndefinedBehaviorSanitizer), one process per target, on $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), $(date -u +%Y-%m-%d)."
  echo "Command: \`make fuzz\` (\`FUZZ_SECONDS=$FUZZ_SECONDS\`). Targets are in \`fuzz/\`; seeds in \`fuzz/corpus/\`."
  echo
  echo "| target | time | runs | runs/s | coverage (edges) | corpus | findings |"
  echo "| --- | --- | --- | --- | --- | --- | --- |"
  printf '%s\n' "${rows[@]}"
  echo
  echo "What each checks beyond \"no crash\": \`json_request\` that an accepted body prints and parses back equal; \`request_target\` that a target is read into a path and parameters of valid UTF-8 without a NUL, or refused naming a field; \`validators\` that every normal form (CIN, phone, e-mail) is a fixed point and that only real \`YYYY-MM-DD\` dates parse; \`communes_csv\` that an import with rejected rows writes nothing; \`people_csv\` that a people file reads whole (every draft with its line, lines rising, no field given empty, the file's digest) or fails naming a line."
  echo "<!-- fuzz:end -->"
} >"$RESULTS"

if [[ -n $REPORT ]]; then
  replace_section fuzz "$RESULTS" "$REPORT"
  echo "== wrote the fuzzing section of $REPORT"
fi

if [[ $findings_total -ne 0 ]]; then
  echo "fuzz/run.sh: $findings_total finding(s); inputs kept in $OUT/" >&2
  exit 1
fi
