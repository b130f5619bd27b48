#include "memberships/lapse_scheduler.h"

#include <spdlog/spdlog.h>

namespace tanzim::memberships {

void CheckLapses(MembershipService& memberships) {
  auto lapsed = memberships.LapseOverdue(auth::SystemActor());
  if (lapsed.ok()) {
    spdlog::info("memberships: {} lapsed for unpaid dues", *lapsed);
  } else {
    spdlog::error("memberships: lapse check failed: {} {}", lapsed.error().message_key(),
                  lapsed.error().log_detail());
  }
}

}  // namespace tanzim::memberships
