// libFuzzer target: `tanzim import communes` (TerritoryService::ImportCommunes)
// over arbitrary CSV text. Whatever the input, the import writes everything or
// nothing: a report with rejected rows leaves the store as it was.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "territory/territory_service.h"

namespace {

using tanzim::Result;
using tanzim::territory::Territory;

// The store kept in memory, so that each input runs in microseconds; the
// SQLite store has its own tests. It keeps what the service writes and answers
// what a real store would.
class MemoryTerritoryStore final : public tanzim::territory::TerritoryStore {
 public:
  MemoryTerritoryStore() {
    Put({"MA-03", tanzim::territory::Kind::kRegion, "فاس مكناس", "Fès-Meknès", std::nullopt,
         "/MA-03/"});
    Put({"MA-MOU", tanzim::territory::Kind::kProvince, "مولاي يعقوب", "Moulay Yacoub", "MA-03",
         "/MA-03/MA-MOU/"});
    Put({"MA-FES", tanzim::territory::Kind::kPrefecture, "فاس", "Fès", "MA-03", "/MA-03/MA-FES/"});
  }

  Result<std::optional<Territory>> Find(std::string_view code) override {
    const auto it = rows_.find(std::string(code));
    if (it == rows_.end()) return std::optional<Territory>();
    return std::optional<Territory>(it->second);
  }

  Result<std::vector<Territory>> List(const tanzim::territory::ListQuery&) override {
    std::vector<Territory> all;
    for (const auto& [code, t] : rows_) all.push_back(t);
    return all;
  }

  Result<tanzim::territory::WriteCounts> Write(const std::vector<Territory>& rows) override {
    tanzim::territory::WriteCounts counts;
    for (const Territory& t : rows) {
      auto [it, fresh] = rows_.try_emplace(t.code, t);
      if (fresh) {
        ++counts.inserted;
      } else if (it->second == t) {
        ++counts.unchanged;
      } else {
        it->second = t;
        ++counts.updated;
      }
    }
    return counts;
  }

  size_t size() const { return rows_.size(); }

 private:
  void Put(Territory t) { rows_.emplace(t.code, std::move(t)); }
  std::map<std::string, Territory> rows_;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  MemoryTerritoryStore store;
  tanzim::territory::TerritoryService service(store);
  const size_t before = store.size();
  auto report = service.ImportCommunes(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!report.ok()) return 0;
  if (!report->rejected.empty() && store.size() != before) std::abort();
  if (report->rejected.empty() &&
      store.size() != before + static_cast<size_t>(report->counts.inserted)) {
    std::abort();
  }
  return 0;
}
