#include "territory/territory_service.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "core/base64.h"
#include "core/csv.h"
#include "i18n/text.h"

namespace tanzim::territory {

// Embedded from territory/data/names_ar.csv by CMake.
std::string_view ArabicNamesCsv();

namespace {

constexpr size_t kMaxNameLength = 200;
constexpr size_t kMaxCodeLength = 32;

// iso-codes 4.15 files two provinces under the wrong region; the regional
// division of 2015 places them as below.
const std::map<std::string, std::string, std::less<>> kParentCorrections{
    {"MA-CHT", "MA-09"},  // Chtouka-Aït Baha, Souss-Massa
    {"MA-NOU", "MA-06"},  // Nouaceur, Casablanca-Settat
};

// Checks a display name; returns the normalized text or adds an error.
std::string CheckName(const std::string& raw, const std::string& where,
                      std::vector<FieldError>& errors) {
  if (!i18n::CodePointCount(raw)) {
    errors.push_back({where, "field.invalid_utf8"});
    return {};
  }
  std::string name = i18n::NormalizeSpaces(raw);
  if (name.empty()) {
    errors.push_back({where, "field.required"});
  } else if (i18n::HasControlCharacters(name)) {
    errors.push_back({where, "field.text_invalid"});
  } else if (*i18n::CodePointCount(name) > kMaxNameLength) {
    errors.push_back({where, "field.too_long"});
  }
  return name;
}

bool IsValidCode(std::string_view code) {
  if (code.empty() || code.size() > kMaxCodeLength) return false;
  for (const char c : code) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_' || c == '.';
    if (!ok) return false;
  }
  return true;
}

// "Es-Semara (EH-partial)" → "Es-Semara": the package's annotations are not names.
std::string DropAnnotation(const std::string& name) {
  const auto paren = name.find(" (");
  return paren == std::string::npos ? name : name.substr(0, paren);
}

}  // namespace

Result<Territory> TerritoryService::Get(std::string_view code) {
  auto found = store_.Find(code);
  if (!found.ok()) return std::move(found).error();
  if (!found->has_value()) return Error::NotFound();
  return std::move(**found);
}

Result<Page<Territory>> TerritoryService::List(const ListRequest& request) {
  if (request.limit < 1 || request.limit > kMaxPageSize) {
    return Error::Invalid("limit", "field.limit_invalid");
  }
  ListQuery query;
  query.limit = request.limit + 1;  // one more tells whether a next page exists
  if (request.kind) {
    query.kind = ParseKind(*request.kind);
    if (!query.kind) return Error::Invalid("kind", "field.kind_invalid");
  }
  query.parent_code = request.parent;
  if (request.cursor) {
    auto after = Base64UrlDecode(*request.cursor);
    if (!after || !IsValidCode(*after)) return Error::Invalid("cursor", "field.cursor_invalid");
    query.after_code = std::move(after);
  }
  auto rows = store_.List(query);
  if (!rows.ok()) return std::move(rows).error();
  Page<Territory> page;
  page.items = std::move(rows).value();
  if (static_cast<int>(page.items.size()) > request.limit) {
    page.items.resize(request.limit);
    page.next_cursor = Base64UrlEncode(page.items.back().code);
  }
  return page;
}

Result<WriteCounts> TerritoryService::LoadMorocco(const std::string& iso_json_path) {
  std::ifstream in(iso_json_path);
  if (!in) return Error::Internal("cannot read " + iso_json_path);
  const auto doc = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.contains("3166-2")) {
    return Error::Internal("not an iso-codes 3166-2 file: " + iso_json_path);
  }
  auto names_ar = ParseCsv(ArabicNamesCsv());
  if (!names_ar.ok()) return Error::Internal("embedded names_ar.csv is not CSV");
  std::map<std::string, std::string, std::less<>> arabic;
  for (const auto& row : names_ar->rows) {
    if (row.size() == 2) arabic[row[0]] = row[1];
  }

  std::vector<Territory> regions;
  std::vector<Territory> provinces;
  for (const auto& entry : doc["3166-2"]) {
    const std::string code = entry.value("code", "");
    if (!code.starts_with("MA-")) continue;
    Territory t;
    t.code = code;
    t.name_fr = DropAnnotation(entry.value("name", ""));
    const auto ar = arabic.find(code);
    if (ar == arabic.end()) return Error::Internal("no Arabic name for " + code);
    t.name_ar = ar->second;
    const std::string type = entry.value("type", "");
    if (type == "Region") {
      t.kind = Kind::kRegion;
      t.path = ChildPath("", code);
      regions.push_back(std::move(t));
      continue;
    }
    t.kind = type == "Prefecture" ? Kind::kPrefecture : Kind::kProvince;
    const auto fix = kParentCorrections.find(code);
    t.parent_code =
        fix != kParentCorrections.end() ? fix->second : "MA-" + entry.value("parent", "");
    t.path = ChildPath(ChildPath("", *t.parent_code), code);
    provinces.push_back(std::move(t));
  }
  if (regions.size() != 12 || provinces.size() != 75) {
    return Error::Internal("expected 12 regions and 75 provinces in " + iso_json_path);
  }
  regions.insert(regions.end(), provinces.begin(), provinces.end());
  return store_.Write(regions);
}

Result<ImportReport> TerritoryService::ImportCommunes(std::string_view csv) {
  ImportReport report;
  auto rows = ParseCsv(csv);
  if (!rows.ok()) {
    report.rejected = rows.error().fields();
    return report;
  }
  if (rows->rows.empty() ||
      rows->rows[0] != std::vector<std::string>{"code", "name_ar", "name_fr", "parent_code"}) {
    report.rejected.push_back({"line 1", "field.columns_invalid"});
    return report;
  }

  std::vector<Territory> communes;
  std::set<std::string, std::less<>> seen;
  std::map<std::string, std::optional<Territory>, std::less<>> parents;
  for (size_t i = 1; i < rows->rows.size(); ++i) {
    const auto& row = rows->rows[i];
    const std::string line = "line " + std::to_string(rows->lines[i]);
    if (row.size() != 4) {
      report.rejected.push_back({line, "field.columns_invalid"});
      continue;
    }
    Territory t;
    t.kind = Kind::kCommune;
    t.code = row[0];
    if (!IsValidCode(t.code)) {
      report.rejected.push_back({line + ": code", "field.code_invalid"});
    } else if (!seen.insert(t.code).second) {
      report.rejected.push_back({line + ": code", "field.duplicate"});
    } else {
      auto existing = store_.Find(t.code);
      if (!existing.ok()) return std::move(existing).error();
      if (existing->has_value() && (*existing)->kind != Kind::kCommune) {
        report.rejected.push_back({line + ": code", "field.code_reserved"});
      }
    }
    t.name_ar = CheckName(row[1], line + ": name_ar", report.rejected);
    t.name_fr = CheckName(row[2], line + ": name_fr", report.rejected);

    const std::string& parent_code = row[3];
    auto cached = parents.find(parent_code);
    if (cached == parents.end()) {
      auto parent = store_.Find(parent_code);
      if (!parent.ok()) return std::move(parent).error();
      cached = parents.emplace(parent_code, std::move(parent).value()).first;
    }
    const std::optional<Territory>& parent = cached->second;
    if (!parent || !IsProvinceLevel(parent->kind)) {
      report.rejected.push_back({line + ": parent_code", "field.parent_invalid"});
    } else {
      t.parent_code = parent_code;
      t.path = ChildPath(parent->path, t.code);
    }
    communes.push_back(std::move(t));
  }
  if (!report.rejected.empty()) return report;
  auto counts = store_.Write(communes);
  if (!counts.ok()) return std::move(counts).error();
  report.counts = *counts;
  return report;
}

}  // namespace tanzim::territory
