# Sourced by the bench scripts that own a section of BENCHMARKS.md.
#
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
