#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace tanzim {

// Rows of CSV fields (RFC 4180 quoting, via libcsv), each with the line of the
// file it starts on: blank lines and line breaks inside quotes count, so a
// report points at the line a spreadsheet or editor shows.
struct CsvTable {
  std::vector<std::vector<std::string>> rows;
  std::vector<size_t> lines;
};

// Parses `text`, skipping a spreadsheet's leading byte-order mark. A
// malformed file is an error naming "line N", the line on which the bad row
// starts.
Result<CsvTable> ParseCsv(std::string_view text);

}  // namespace tanzim
