#include "core/csv.h"

#include <csv.h>

namespace tanzim {
namespace {

struct CsvSink {
  CsvTable table;
  std::vector<std::string> current;
  size_t line = 1;           // the line being fed to the parser
  size_t breaks_in_row = 0;  // line breaks inside the quoted fields of `current`
  size_t last_row_end = 0;   // the line on which the last complete row ended
};

// How many line breaks `text` holds: "\n", "\r\n" or a lone "\r" (an old Mac
// file's, which editors show as a break too).
size_t LineBreaks(std::string_view text) {
  size_t breaks = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n' || (text[i] == '\r' && (i + 1 == text.size() || text[i + 1] != '\n'))) {
      ++breaks;
    }
  }
  return breaks;
}

// The length of the line `text` starts with, its break included.
size_t LineLength(std::string_view text) {
  const size_t end = text.find_first_of("\r\n");
  if (end == std::string_view::npos) return text.size();
  if (text[end] == '\r' && end + 1 < text.size() && text[end + 1] == '\n') return end + 2;
  return end + 1;
}

}  // namespace

Result<CsvTable> ParseCsv(std::string_view text) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // a spreadsheet's BOM
  csv_parser parser;
  if (csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI | CSV_EMPTY_IS_NULL) != 0) {
    return Error::Internal("csv_init failed");
  }
  CsvSink out;
  auto on_field = [](void* data, size_t length, void* sink) {
    auto* rows = static_cast<CsvSink*>(sink);
    std::string field = data == nullptr ? "" : std::string(static_cast<char*>(data), length);
    rows->breaks_in_row += LineBreaks(field);
    rows->current.push_back(std::move(field));
  };
  auto on_row = [](int, void* sink) {
    auto* rows = static_cast<CsvSink*>(sink);
    rows->table.rows.push_back(std::move(rows->current));
    rows->table.lines.push_back(rows->line - rows->breaks_in_row);
    rows->last_row_end = rows->line;
    rows->current.clear();
    rows->breaks_in_row = 0;
  };
  // Fed one line at a time, so that the callbacks know which line they are on.
  bool parsed = true;
  while (parsed && !text.empty()) {
    const size_t length = LineLength(text);
    parsed = csv_parse(&parser, text.data(), length, on_field, on_row, &out) == length;
    if (parsed && (text[length - 1] == '\n' || text[length - 1] == '\r')) ++out.line;
    text.remove_prefix(length);
  }
  // A quote left open runs to the end of the file; its row began after the last complete one.
  const size_t bad_line = parsed ? out.last_row_end + 1 : out.line;
  parsed = parsed && csv_fini(&parser, on_field, on_row, &out) == 0;
  csv_free(&parser);
  if (!parsed) {
    return Error::Malformed("line " + std::to_string(bad_line), "field.invalid_csv");
  }
  return std::move(out.table);
}

}  // namespace tanzim
