#pragma once

#include <chrono>

#include "core/periodic_job.h"
#include "memberships/membership_service.h"

namespace tanzim::memberships {

// One lapse check as auth::SystemActor(), logging what it did or why it failed.
void CheckLapses(MembershipService& memberships);

// The daily lapse check of `tanzim serve`: once at Start(), then every `interval`.
inline PeriodicJob LapseJob(MembershipService& memberships,
                            std::chrono::milliseconds interval = std::chrono::hours(24)) {
  return {[&memberships] { CheckLapses(memberships); }, interval};
}

}  // namespace tanzim::memberships
