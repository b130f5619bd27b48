#pragma once

#include "store/sqlite.h"
#include "territory/territory_store.h"

namespace tanzim::territory {

class SqliteTerritoryStore final : public TerritoryStore {
 public:
  explicit SqliteTerritoryStore(store::Pool& pool) : pool_(pool) {}

  Result<std::optional<Territory>> Find(std::string_view code) override;
  Result<std::vector<Territory>> List(const ListQuery& query) override;
  Result<WriteCounts> Write(const std::vector<Territory>& territories) override;

 private:
  store::Pool& pool_;
};

}  // namespace tanzim::territory
