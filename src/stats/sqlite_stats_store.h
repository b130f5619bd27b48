#pragma once

#include "stats/stats_store.h"
#include "store/sqlite.h"

namespace tanzim::stats {

// Reads member_stats_monthly (migration 0002), which triggers on memberships
// keep per territory subtree and month: a region's year is a dozen rows.
class SqliteStatsStore final : public StatsStore {
 public:
  explicit SqliteStatsStore(store::Pool& pool) : pool_(pool) {}

  Result<std::vector<MonthCounts>> Monthly(const std::string& territory_code,
                                           const std::string& first_month,
                                           const std::string& last_month) override;
  Result<std::map<std::string, std::vector<MonthCounts>>> MonthlyByChild(
      const std::optional<std::string>& parent_code, const std::string& first_month,
      const std::string& last_month) override;

 private:
  store::Pool& pool_;
};

// "2026-01" → "2026-02"; "2026-12" → "2027-01". `month` must be well formed.
std::string NextMonth(const std::string& month);

}  // namespace tanzim::stats
