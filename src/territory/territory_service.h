#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/page.h"
#include "core/result.h"
#include "territory/territory_store.h"

namespace tanzim::territory {

struct ListRequest {
  std::optional<std::string> kind;
  std::optional<std::string> parent;
  std::optional<std::string> cursor;
  int limit = kDefaultPageSize;
};

// What an import did; `rejected` lists every bad row when nothing was written.
struct ImportReport {
  WriteCounts counts;
  std::vector<FieldError> rejected;  // field is "line N: column"
};

// Use cases on the territory tree. Territories are reference data: any
// signed-in user may read them; only the operator (CLI) writes them.
class TerritoryService {
 public:
  explicit TerritoryService(TerritoryStore& store) : store_(store) {}

  Result<Territory> Get(std::string_view code);
  Result<Page<Territory>> List(const ListRequest& request);

  // Loads Morocco's regions and provinces/prefectures from Debian's iso-codes
  // JSON at `iso_json_path`, with the Arabic names shipped in the binary.
  Result<WriteCounts> LoadMorocco(const std::string& iso_json_path);

  // Imports communes from CSV text (`code,name_ar,name_fr,parent_code`). Every
  // row is checked first; if any is bad, nothing is written and all bad rows
  // come back in the report.
  Result<ImportReport> ImportCommunes(std::string_view csv);

 private:
  TerritoryStore& store_;
};

}  // namespace tanzim::territory
