# shellcheck shell=bash
# Sourced by the bench scripts that write BENCHMARKS.md or a section of it:
# what every such report states the same way.

# load_avg: the 1, 5 and 15 minute load averages (a busy machine slows every figure).
load_avg() { cut -d' ' -f1-3 /proc/loadavg; }

# cpu_model: the processor's model name, for the machine table.
cpu_model() { awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo; }

# package_version PACKAGE: the installed version of a Debian package, or "unknown".
package_version() { dpkg-query -W -f='${Version}' "$1" 2>/dev/null || echo unknown; }

# code_version: the commit measured, flagged when src/ had uncommitted changes.
code_version() {
  local commit dirty
  commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
  dirty=$(git status --porcelain -- src 2>/dev/null | head -1)
  echo "$commit${dirty:+ (with uncommitted changes in src/)}"
}

# metric_in FILE NAME: the value of FILE's "metric NAME VALUE" line (a bench tool's output).
metric_in() { awk -v m="$2" '$1 == "metric" && $2 == m { print $3 }' "$1"; }

# replace_section NAME SECTION REPORT: puts the file SECTION, which begins with
# `<!-- NAME:begin` and ends with `<!-- NAME:end -->`, in place of REPORT's
# section of that name, or at REPORT's end when it has none.
replace_section() {
  local name=$1 section=$2 report=$3
  if [[ -f $report ]] && grep -q "<!-- $name:begin" "$report"; then
    awk -v section="$section" -v begin="<!-- $name:begin" -v end="<!-- $name:end -->" '
      index($0, begin) == 1 { while ((getline line < section) > 0) print line; skip = 1; next }
      index($0, end) == 1 { skip = 0; next }
      !skip { print }
    ' "$report" >"$report.tmp"
    mv "$report.tmp" "$report"
  else
    { echo; cat "$section"; } >>"$report"
  fi
}
