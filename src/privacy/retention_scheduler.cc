#include "privacy/retention_scheduler.h"

#include <spdlog/spdlog.h>

namespace tanzim::privacy {

void RunRetentionOnce(PrivacyService& privacy) {
  auto report = privacy.RunRetention(auth::SystemActor());
  if (!report.ok()) {
    spdlog::error("retention: run failed: {} {}", report.error().message_key(),
                  report.error().log_detail());
  } else if (report->years == 0) {
    spdlog::info("retention: off (retention.former_member_years is 0)");
  } else {
    spdlog::info("retention: {} former member(s) anonymized after {} years", report->erased,
                 report->years);
  }
}

}  // namespace tanzim::privacy
