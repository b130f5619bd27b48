#!/usr/bin/env bash
# The sign-in benchmark (`make bench-signin`, also run by `make bench`):
# tanzim-bench-signin times SessionService::SignIn (argon2id verification at
# the parameters of src/auth/password_policy.h plus the session's write
# transaction) on a fresh store, and this script replaces the section between
# the signin markers of BENCHMARKS.md (appended when absent).
#
# Environment: RUNS (25), BUILD (build-bench), REPORT (BENCHMARKS.md).
set -euo pipefail

cd "$(dirname "$0")/.."
# shellcheck source=bench/report.sh
source bench/report.sh
BUILD=${BUILD:-build-bench}
RUNS=${RUNS:-25}
REPORT=${REPORT:-BENCHMARKS.md}
OUT=bench/out
TOOL=$BUILD/tanzim-bench-signin
SECTION=bench/signin_results.md

[[ -x $TOOL ]] || { echo "signin_run.sh: $TOOL is missing; run 'make bench-signin'" >&2; exit 1; }
mkdir -p "$OUT"
LOAD_AT_START=$(load_avg)
STARTED=$(date -u '+%Y-%m-%d %H:%M UTC')
CMD="$TOOL --db $OUT/signin.db --runs $RUNS"
echo "== sign-in: $CMD"
$CMD >"$OUT/signin.txt"
cat "$OUT/signin.txt"
metric() { metric_in "$OUT/signin.txt" "$1"; }
LOAD_AT_END=$(load_avg)

{
  cat <<EOT
<!-- signin:begin (bench/signin_run.sh writes this section) -->
## Sign-in (\`POST /api/v1/session\`), run of $STARTED

\`SessionService::SignIn\` called in process (no HTTP) on a fresh SQLite store
(\`bench/signin_bench.cc\`): argon2id at t = $(metric opslimit), m = $(metric memlimit_mib) MiB,
p = 1 (libsodium's interactive limits; OWASP's floor is m = 19 MiB, t = 2, p = 1), then the
session's write transaction. Median, min and max of $(metric runs) runs per case after
one untimed run; each attempt from its own address, so the throttle never answers instead.

| machine | |
|---|---|
| CPU | $(nproc) × $(cpu_model) |
| libsodium | $(package_version libsodium23) |
| code | $(code_version) |
| load average at start / end | $LOAD_AT_START / $LOAD_AT_END |

Command: \`$CMD\`

EOT
  sed -n '/^|/p' "$OUT/signin.txt"
  echo
  echo "Target (issue #4): a median sign-in of at most 300 ms with hash parameters at or above"
  echo "OWASP's floor. Ratio of the median to the target: **$(metric ratio)**."
  echo "<!-- signin:end -->"
} >"$SECTION"

replace_section signin "$SECTION" "$REPORT"
echo "sign-in section written to $REPORT"
