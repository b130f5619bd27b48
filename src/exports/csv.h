#pragma once

#include <string>
#include <string_view>
#include <vector>

// CSV as spreadsheets read it (RFC 4180), made safe to open: a cell that a
// spreadsheet would take for a formula (=, +, -, @, tab, carriage return at
// its start) is prefixed with an apostrophe, as OWASP's "CSV Injection" page
// advises, so a name typed as =HYPERLINK(…) stays text.
namespace tanzim::exports {

// One cell, neutralized and quoted when it holds a comma, quote or line break.
std::string CsvCell(std::string_view value);

// Appends `cells` as one CRLF-terminated row.
void AppendCsvRow(std::string& out, const std::vector<std::string_view>& cells);

// The UTF-8 byte order mark: without it, spreadsheets guess a legacy encoding
// and Arabic names come out garbled.
inline constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

}  // namespace tanzim::exports
