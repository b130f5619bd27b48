#pragma once

#include "auth/actor.h"
#include "core/result.h"
#include "stats/member_stats.h"
#include "stats/stats_store.h"
#include "territory/territory_store.h"

namespace tanzim::stats {

// Longest series one request may ask for.
inline constexpr int kMaxPeriods = 120;

// The figures' use cases. Each takes the acting user and asks
// auth/authorization.h; the store only ever aggregates the territory allowed.
class StatsService {
 public:
  StatsService(StatsStore& stats, territory::TerritoryStore& territories)
      : stats_(stats), territories_(territories) {}

  // Member figures per calendar month or year overlapping [from, to], for the
  // territory asked (national for admins, the actor's scope for others when
  // none is asked). A territory outside the actor's scope is kNotFound; every
  // parameter problem is kInvalidArgument naming the parameter.
  Result<MemberStats> Members(const auth::Actor& actor, const MemberStatsRequest& request);

 private:
  StatsStore& stats_;
  territory::TerritoryStore& territories_;
};

}  // namespace tanzim::stats
