#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "territory/territory.h"

namespace tanzim::stats {

enum class Interval { kMonth, kYear };

// The member figures of one period (a calendar month or year).
struct PeriodFigures {
  std::string period;         // "2026-01" or "2026"
  int64_t new_approvals = 0;  // memberships approved in the period
  int64_t active = 0;         // active at the period's last day
  int64_t lapsed = 0;         // memberships that lapsed in the period
  int64_t women = 0;          // of `active`: gender 'f'
  int64_t youth = 0;          // of `active`: under 35 on the period's last day

  // Shares of `active`, 0 when nobody is active.
  double women_share() const { return active == 0 ? 0.0 : double(women) / double(active); }
  double youth_share() const { return active == 0 ? 0.0 : double(youth) / double(active); }
};

// The figures of one territory over the requested periods.
struct TerritoryFigures {
  std::optional<territory::Territory> territory;  // none: the whole country
  std::vector<PeriodFigures> periods;
};

struct MemberStats {
  Interval interval = Interval::kMonth;
  std::string from;  // YYYY-MM-DD, as asked
  std::string to;
  TerritoryFigures total;  // the territory asked for (or the actor's scope)
  // With by=child: one entry per child territory, in code order, each with
  // every period (zeros included). Members of bodies sitting on the territory
  // itself, not on a child, count in `total` only.
  std::optional<std::vector<TerritoryFigures>> children;
};

// What a client asks for: GET /api/v1/stats/members?territory=&from=&to=&interval=&by=
struct MemberStatsRequest {
  std::optional<std::string> territory;  // none: national for admins, the scope otherwise
  std::optional<std::string> from;       // YYYY-MM-DD, required
  std::optional<std::string> to;         // YYYY-MM-DD, required, not before `from`
  std::optional<std::string> interval;   // "month" (default) or "year"
  std::optional<std::string> by;         // "child" or absent
};

}  // namespace tanzim::stats
