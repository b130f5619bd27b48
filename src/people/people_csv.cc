#include "people/people_csv.h"

#include <sodium.h>

#include <algorithm>
#include <array>

#include "core/csv.h"

namespace tanzim::people {
namespace {

using Column = Patch<std::string> PersonDraft::*;

constexpr std::array<std::pair<std::string_view, Column>, 8> kColumns{{
    {"name_ar", &PersonDraft::name_ar},
    {"name_latin", &PersonDraft::name_latin},
    {"gender", &PersonDraft::gender},
    {"birth_date", &PersonDraft::birth_date},
    {"cin", &PersonDraft::cin},
    {"phone", &PersonDraft::phone},
    {"email", &PersonDraft::email},
    {"territory_code", &PersonDraft::territory_code},
}};

// The draft field each header cell fills, or nothing if the header is not one
// ReadPeopleCsv accepts.
std::optional<std::vector<Column>> HeaderColumns(const std::vector<std::string>& header) {
  std::vector<Column> columns;
  bool named = false;
  bool placed = false;
  for (const std::string& cell : header) {
    const auto* known = std::find_if(kColumns.begin(), kColumns.end(),
                                     [&](const auto& column) { return column.first == cell; });
    if (known == kColumns.end()) return std::nullopt;
    if (std::find(columns.begin(), columns.end(), known->second) != columns.end()) {
      return std::nullopt;
    }
    columns.push_back(known->second);
    named = named || cell == "name_ar" || cell == "name_latin";
    placed = placed || cell == "territory_code";
  }
  if (!named || !placed) return std::nullopt;
  return columns;
}

std::string Sha256Hex(std::string_view bytes) {
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(bytes.data()),
                     bytes.size());
  std::string hex(digest.size() * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
  hex.pop_back();  // the terminating NUL
  return hex;
}

}  // namespace

Result<PeopleFile> ReadPeopleCsv(std::string_view csv, std::string file_name) {
  auto table = ParseCsv(csv);
  if (!table.ok()) return std::move(table).error();
  if (table->rows.empty()) return Error::Invalid("line 1", "field.people_columns_invalid");
  const auto columns = HeaderColumns(table->rows[0]);
  if (!columns) return Error::Invalid("line 1", "field.people_columns_invalid");

  PeopleFile file;
  file.source.file = std::move(file_name);
  file.source.sha256 = Sha256Hex(csv);
  file.drafts.reserve(table->rows.size() - 1);
  file.source.lines.reserve(table->rows.size() - 1);
  std::vector<FieldError> errors;
  for (size_t i = 1; i < table->rows.size(); ++i) {
    std::vector<std::string>& row = table->rows[i];
    if (row.size() != columns->size()) {
      errors.push_back({"line " + std::to_string(table->lines[i]), "field.row_length"});
      continue;
    }
    PersonDraft draft;
    for (size_t c = 0; c < row.size(); ++c) {
      if (!row[c].empty()) draft.*(*columns)[c] = std::move(row[c]);
    }
    file.drafts.push_back(std::move(draft));
    file.source.lines.push_back(table->lines[i]);
  }
  if (!errors.empty())
    return Error(ErrorCode::kInvalidArgument, "error.invalid", std::move(errors));
  return file;
}

}  // namespace tanzim::people
