#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "territory/territory.h"

namespace tanzim::territory {

struct ListQuery {
  std::optional<Kind> kind;
  std::optional<std::string> parent_code;  // direct children of this territory
  std::optional<std::string> after_code;   // keyset cursor: codes strictly greater
  int limit = 50;
};

struct WriteCounts {
  int inserted = 0;
  int updated = 0;
  int unchanged = 0;
};

// Where territories are kept. Implemented per backend (sqlite_territory_store.h).
class TerritoryStore {
 public:
  virtual ~TerritoryStore() = default;

  // The territory with `code`, or nullopt when there is none.
  virtual Result<std::optional<Territory>> Find(std::string_view code) = 0;

  // Up to `limit` territories matching the query, ordered by code.
  virtual Result<std::vector<Territory>> List(const ListQuery& query) = 0;

  // Inserts new codes and updates changed ones, all in one transaction; rows
  // equal to what is stored are left untouched. Parents must come before
  // their children. People living in a territory whose parent changed follow it.
  virtual Result<WriteCounts> Write(const std::vector<Territory>& territories) = 0;
};

}  // namespace tanzim::territory
