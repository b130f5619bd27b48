#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"

namespace tanzim::stats {

// The member figures of one calendar month, as the store aggregates them.
struct MonthCounts {
  std::string month;      // "YYYY-MM"
  int64_t approvals = 0;  // approved_on in the month
  int64_t lapsed = 0;     // status 'lapsed' with left_on in the month
  int64_t active = 0;     // active at the month's last day
  int64_t women = 0;      // of those, gender 'f'
  int64_t youth = 0;      // of those, under 35 on the month's last day

  bool operator==(const MonthCounts&) const = default;
};

// Where the member figures come from. Implementations aggregate in the
// database and never hand membership rows to the caller.
class StatsStore {
 public:
  virtual ~StatsStore() = default;

  // One entry per month from `first_month` to `last_month` ("YYYY-MM", at most
  // a few thousand months) for the memberships of bodies on `territory_code`
  // or below it; "" means the whole country, national bodies included.
  virtual Result<std::vector<MonthCounts>> Monthly(const std::string& territory_code,
                                                   const std::string& first_month,
                                                   const std::string& last_month) = 0;

  // The same for each child territory of `parent_code` (the regions when it is
  // nullopt) that ever had a member, keyed by the child's code.
  virtual Result<std::map<std::string, std::vector<MonthCounts>>> MonthlyByChild(
      const std::optional<std::string>& parent_code, const std::string& first_month,
      const std::string& last_month) = 0;
};

}  // namespace tanzim::stats
